//! Renders one benchmark's work many times, for `valgrind --tool=callgrind` (instruction counts
//! are stable on a shared machine where wall time is not).
//!
//!     cargo bench --bench profile --no-run
//!     valgrind --tool=callgrind target/release/deps/profile-* detail-json-compact n1024 osimages 20
//!
//! Arguments: group (`<view>-<format>-<style>`), data set, contender (`osimages`,
//! `osimages_view`, `osimages_ffi` (the view through the C ABI), `osimages_ffi_checked` (the
//! same, checked once beforehand), `osimages_len`, `osimages_typed` (the style as a type),
//! `osimages_chunk64`, `osimages_chunk1024`, `osimages_push64`, `osimages_push1024`, and for
//! the detail view `serde_json`, `serde_json_core` (compact JSON), `quick_xml` (wire XML)),
//! repetitions.

mod cview;
mod data;
#[allow(dead_code)] // the profile uses the detail-view writers only
mod peers;

use std::hint::black_box;

use osimages::{Document, ImageList, ImagesView, Source, Style, style};

type BenchList = ImageList<1024, 4096, 0, { 1 << 18 }>;

fn run<S: Source>(doc: Document<'_, S>, style: Style, contender: &str, reps: usize) -> usize {
    let len = doc.rendered_len(style);
    let mut buf = vec![0u8; len];
    let mut total = 0;
    for _ in 0..reps {
        total += match contender {
            "osimages" | "osimages_view" => doc.render(black_box(&mut buf), style).unwrap(),
            "osimages_len" => black_box(&doc).rendered_len(style),
            "osimages_typed" => typed(&doc, style, black_box(&mut buf)),
            c if c.starts_with("osimages_push") => {
                let size: usize = c["osimages_push".len()..].parse().expect("contender");
                let mut chunk = vec![0u8; size];
                doc.write_with(black_box(&mut chunk), style, |b: &[u8]| {
                    black_box(b);
                    Ok::<(), ()>(())
                })
                .unwrap()
            }
            c => {
                let size: usize = c
                    .trim_start_matches("osimages_chunk")
                    .parse()
                    .expect("contender");
                let mut chunk = vec![0u8; size];
                let mut c = doc.chunks(style);
                let mut n = 0;
                while !c.is_finished() {
                    n += c.fill(black_box(&mut chunk));
                }
                n
            }
        };
    }
    total
}

/// A render with the style fixed at compile time (a `style` type), as a firmware writes it.
fn typed<S: Source>(doc: &Document<'_, S>, style: Style, buf: &mut [u8]) -> usize {
    match style {
        Style::JsonCompact => doc.render(buf, style::JsonCompact),
        Style::JsonPretty => doc.render(buf, style::JsonPretty),
        Style::JsonNova => doc.render(buf, style::JsonNova),
        Style::XmlWire => doc.render(buf, style::XmlWire),
        Style::XmlPretty => doc.render(buf, style::XmlPretty),
    }
    .unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [group, dataset, contender, reps] = &args[..] else {
        eprintln!("usage: profile GROUP DATASET CONTENDER REPS");
        std::process::exit(2);
    };
    let style = match group.split_once('-').map(|(_, s)| s) {
        Some("json-compact") => Style::JsonCompact,
        Some("json-pretty") => Style::JsonPretty,
        Some("json-nova") => Style::JsonNova,
        Some("xml-wire") => Style::XmlWire,
        Some("xml-pretty") => Style::XmlPretty,
        _ => panic!("group {group}"),
    };
    let detail = group.starts_with("detail");
    let reps: usize = reps.parse().expect("repetitions");
    let ds = data::all()
        .into_iter()
        .find(|d| d.name == dataset)
        .expect("data set");
    let total = if let "serde_json" | "serde_json_core" | "quick_xml" = contender.as_str() {
        let m = peers::Mirror::new(&data::ENDPOINTS, &ds.images);
        let mut out = Vec::with_capacity(1 << 21);
        let mut buf = vec![0u8; 1 << 21];
        let mut total = 0;
        for _ in 0..reps {
            total += match contender.as_str() {
                "serde_json" => {
                    out.clear();
                    peers::serde_json_write(
                        &mut out,
                        black_box(&m.detail),
                        peers::JsonStyle::Compact,
                    );
                    out.len()
                }
                "serde_json_core" => {
                    serde_json_core::to_slice(black_box(&m.detail), &mut buf).unwrap()
                }
                _ => {
                    peers::quick_xml_detail(&mut out, black_box(&m.detail), false).unwrap();
                    out.len()
                }
            };
        }
        total
    } else if contender.starts_with("osimages_ffi") {
        let table = cview::CTable::new(&data::ENDPOINTS, &ds.images);
        let mut buf = vec![0u8; 1 << 21];
        let checked = contender == "osimages_ffi_checked";
        (0..reps)
            .map(|_| match checked {
                true => table.render_checked(detail, style, black_box(&mut buf)),
                false => table.render(detail, style, black_box(&mut buf)),
            })
            .sum()
    } else if contender == "osimages_view" {
        let view = ImagesView::new(data::ENDPOINTS, &ds.images).unwrap();
        run(
            if detail {
                view.detail()
            } else {
                view.summary()
            },
            style,
            contender,
            reps,
        )
    } else {
        let mut list = Box::new(BenchList::new());
        list.set_endpoints(data::ENDPOINTS).unwrap();
        for img in &ds.images {
            list.push(img).unwrap();
        }
        run(
            if detail {
                list.detail()
            } else {
                list.summary()
            },
            style,
            contender,
            reps,
        )
    };
    println!("{total} bytes");
}
