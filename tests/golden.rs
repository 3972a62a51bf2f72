//! The seed model renders every golden file byte for byte, through every output path.

mod common;
use common::*;
use osimages::{Format, ImageList, ImagesView, Style};

const GOLDEN: [(Style, &str); 5] = [
    (Style::JsonCompact, "images-details.compact.json"),
    (Style::JsonPretty, "images-details.pretty.json"),
    (Style::JsonNova, "images-details.nova-wire.json"),
    (Style::XmlWire, "images-details.nova-wire.xml"),
    (Style::XmlPretty, "images-details.pretty.xml"),
];

fn show_text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn owned_list_renders_every_golden_file() {
    let list = seed_list();
    for (style, file) in GOLDEN {
        let want = golden(file);
        let mut buf = vec![0u8; 16384];
        let n = list.detail().render(&mut buf, style).unwrap();
        assert_eq!(show_text(&buf[..n]), show_text(&want), "{file}");
        assert_eq!(list.detail().rendered_len(style), want.len(), "{file}");
    }
}

#[test]
fn borrowed_view_renders_every_golden_file() {
    let mut images = Vec::new();
    seed_images(&mut images);
    let view = ImagesView::new(ENDPOINTS, &images).unwrap();
    for (style, file) in GOLDEN {
        let want = golden(file);
        let mut buf = vec![0u8; 16384];
        let n = view.detail().render(&mut buf, style).unwrap();
        assert_eq!(show_text(&buf[..n]), show_text(&want), "{file}");
    }
}

/// A view keeps what its check found of its strings (the bytes any of them needs escaped);
/// with one string of one image holding such a byte, every document renders in every style as
/// a list of the same images does: escaped where it must be, the other strings untouched.
#[test]
fn a_view_renders_as_the_list_whichever_string_needs_escaping() {
    for special in [""].into_iter().chain(ESCAPED) {
        with_one_escaped_string(special, |at, images| {
            let view = ImagesView::new(ENDPOINTS, images).unwrap();
            let mut list: ImageList<8, 24, 2, 1024> = ImageList::new();
            list.set_endpoints(ENDPOINTS).unwrap();
            for img in images {
                list.push(img).unwrap();
            }
            for style in Style::ALL {
                for ascii_only in [false, true] {
                    let f = Format { style, ascii_only };
                    let pairs = (0..images.len())
                        .map(|i| (view.show(i).unwrap(), list.show(i).unwrap()))
                        .chain([
                            (view.detail(), list.detail()),
                            (view.summary(), list.summary()),
                        ]);
                    for (v, l) in pairs {
                        let (mut a, mut b) = (vec![0u8; 8192], vec![0u8; 8192]);
                        let (n, m) = (v.render(&mut a, f).unwrap(), l.render(&mut b, f).unwrap());
                        assert_eq!(
                            show_text(&a[..n]),
                            show_text(&b[..m]),
                            "{special:?} {at} {f:?}"
                        );
                    }
                }
            }
        });
    }
}

#[test]
fn chunks_of_every_size_concatenate_to_the_golden_file() {
    let list = seed_list();
    for (style, file) in GOLDEN {
        let want = golden(file);
        // Miri is ~1000x slower; two sizes still cross every unit boundary kind.
        let sizes: &[usize] = if cfg!(miri) {
            &[7, 4096]
        } else {
            &[1, 2, 3, 7, 64, 1024, 4096]
        };
        for &size in sizes {
            let mut out = Vec::new();
            let mut chunks = list.detail().chunks(style);
            let mut buf = vec![0u8; size];
            while !chunks.is_finished() {
                let n = chunks.fill(&mut buf);
                assert!(
                    n > 0 || chunks.is_finished(),
                    "{file}: empty chunk before the end"
                );
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(
                show_text(&out),
                show_text(&want),
                "{file} in chunks of {size}"
            );
        }
    }
}

#[test]
fn seed_list_is_small() {
    assert!(
        std::mem::size_of::<SeedList>() <= 1536,
        "{}",
        std::mem::size_of::<SeedList>()
    );
    assert_eq!(seed_list().bytes_used(), 527);
}

/// The `embedded-io` adapter writes the golden file into a writer (here a slice, as a UART
/// driver's buffer would be), and a writer that runs out of room stops the render with its error.
#[cfg(feature = "embedded-io")]
#[test]
fn embedded_io_writer_receives_every_golden_file() {
    let list = seed_list();
    for (style, file) in GOLDEN {
        let want = golden(file);
        let mut sink = vec![0u8; want.len()];
        let mut writer: &mut [u8] = &mut sink;
        let mut buf = [0u8; 64];
        let n = list
            .detail()
            .write_io(&mut writer, &mut buf, style)
            .unwrap();
        assert_eq!(n, want.len(), "{file}");
        assert_eq!(show_text(&sink), show_text(&want), "{file}");
        let mut short = vec![0u8; want.len() / 2];
        let mut writer: &mut [u8] = &mut short;
        assert!(
            list.detail()
                .write_io(&mut writer, &mut buf, style)
                .is_err(),
            "{file}"
        );
    }
}
