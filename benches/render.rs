//! Rendering throughput against what a user would use instead, on the same data and output.
//!
//! Every benchmark is named `<view>-<format>-<style>/<dataset>/<contender>`, throughput in bytes
//! of the output, so `scripts/bench-table.py` can compute the ratios from criterion's files.
//! Before a group is measured, every contender's output is checked once against osimages'.

mod cview;
mod data;
mod peers;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};
use osimages::{Document, ImageList, ImagesView, Source, Style};
use peers::{JsonStyle, Mirror};

/// Large enough for `n1024`.
type BenchList = ImageList<1024, 4096, 0, { 1 << 18 }>;

/// One data set in every form a contender reads.
struct Fixture {
    name: &'static str,
    images: Vec<osimages::ImageRef<'static>>,
    list: Box<BenchList>,
    mirror: Mirror,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    Detail,
    Summary,
}

fn group_name(view: View, style: Style) -> String {
    let view = match view {
        View::Detail => "detail",
        View::Summary => "summary",
    };
    let style = match style {
        Style::JsonCompact => "json-compact",
        Style::JsonPretty => "json-pretty",
        Style::JsonNova => "json-nova",
        Style::XmlWire => "xml-wire",
        Style::XmlPretty => "xml-pretty",
    };
    format!("{view}-{style}")
}

fn document<S: HasDocuments>(src: &S, view: View) -> Document<'_, S> {
    match view {
        View::Detail => src.detail_doc(),
        View::Summary => src.summary_doc(),
    }
}

/// The two sources, seen alike.
trait HasDocuments: Source + Sized {
    fn detail_doc(&self) -> Document<'_, Self>;
    fn summary_doc(&self) -> Document<'_, Self>;
}
impl HasDocuments for BenchList {
    fn detail_doc(&self) -> Document<'_, Self> {
        self.detail()
    }
    fn summary_doc(&self) -> Document<'_, Self> {
        self.summary()
    }
}
impl HasDocuments for ImagesView<'_> {
    fn detail_doc(&self) -> Document<'_, Self> {
        self.detail()
    }
    fn summary_doc(&self) -> Document<'_, Self> {
        self.summary()
    }
}

fn render_vec<S: Source>(doc: &Document<'_, S>, style: Style) -> Vec<u8> {
    let mut buf = vec![0u8; doc.rendered_len(style)];
    let n = doc.render(&mut buf, style).expect("sized by rendered_len");
    assert_eq!(n, buf.len());
    buf
}

fn chunked<S: Source>(doc: &Document<'_, S>, style: Style, chunk: &mut [u8], out: &mut Vec<u8>) {
    let mut c = doc.chunks(style);
    while !c.is_finished() {
        let n = c.fill(chunk);
        out.extend_from_slice(&chunk[..n]);
    }
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fixtures() -> Vec<Fixture> {
    data::all()
        .into_iter()
        .map(|ds| {
            let mut list = Box::new(BenchList::new());
            list.set_endpoints(data::ENDPOINTS).unwrap();
            for img in &ds.images {
                list.push(img).unwrap();
            }
            let share = data::special_share(&ds.images);
            if ds.name != "seed" {
                assert!(
                    (0.15..0.25).contains(&share),
                    "{}: {share} of strings special",
                    ds.name
                );
            }
            Fixture {
                name: ds.name,
                mirror: Mirror::new(&data::ENDPOINTS, &ds.images),
                images: ds.images,
                list,
            }
        })
        .collect()
}

/// The osimages contenders: owned list, borrowed view, the C view path, length query, chunked,
/// pushed.
fn osimages_contenders(
    g: &mut BenchmarkGroup<'_, WallTime>,
    fx: &Fixture,
    view: View,
    style: Style,
    expected: &[u8],
) {
    let borrowed = ImagesView::new(data::ENDPOINTS, &fx.images).unwrap();
    let doc = document(&*fx.list, view);
    let vdoc = document(&borrowed, view);
    assert_eq!(show(&render_vec(&vdoc, style)), show(expected), "view");

    let mut buf = vec![0u8; expected.len()];
    g.bench_function(BenchmarkId::new(fx.name, "osimages"), |b| {
        b.iter(|| doc.render(black_box(&mut buf), style).unwrap())
    });
    g.bench_function(BenchmarkId::new(fx.name, "osimages_view"), |b| {
        b.iter(|| vdoc.render(black_box(&mut buf), style).unwrap())
    });
    let c_table = cview::CTable::new(&data::ENDPOINTS, &fx.images);
    let detail = view == View::Detail;
    let n = c_table.render(detail, style, &mut buf);
    assert_eq!(show(&buf[..n]), show(expected), "C view");
    g.bench_function(BenchmarkId::new(fx.name, "osimages_ffi"), |b| {
        b.iter(|| c_table.render(detail, style, black_box(&mut buf)))
    });
    let n = c_table.render_checked(detail, style, &mut buf);
    assert_eq!(show(&buf[..n]), show(expected), "C view, checked once");
    g.bench_function(BenchmarkId::new(fx.name, "osimages_ffi_checked"), |b| {
        b.iter(|| c_table.render_checked(detail, style, black_box(&mut buf)))
    });
    g.bench_function(BenchmarkId::new(fx.name, "osimages_len"), |b| {
        b.iter(|| black_box(&doc).rendered_len(style))
    });
    for size in [64usize, 1024] {
        let mut chunk = vec![0u8; size];
        let mut out = Vec::new();
        chunked(&doc, style, &mut chunk, &mut out);
        assert_eq!(show(&out), show(expected), "chunks of {size}");
        g.bench_function(
            BenchmarkId::new(fx.name, format!("osimages_chunk{size}")),
            |b| {
                b.iter(|| {
                    let mut c = doc.chunks(style);
                    let mut total = 0;
                    while !c.is_finished() {
                        let n = c.fill(black_box(&mut chunk));
                        black_box(&chunk[..n]);
                        total += n;
                    }
                    total
                })
            },
        );
    }
    for size in [64usize, 1024] {
        let mut chunk = vec![0u8; size];
        let mut out = Vec::new();
        doc.write_with(&mut chunk, style, |b: &[u8]| {
            out.extend_from_slice(b);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(show(&out), show(expected), "pushed through {size}");
        g.bench_function(
            BenchmarkId::new(fx.name, format!("osimages_push{size}")),
            |b| {
                b.iter(|| {
                    doc.write_with(black_box(&mut chunk), style, |b: &[u8]| {
                        black_box(b);
                        Ok::<(), ()>(())
                    })
                    .unwrap()
                })
            },
        );
    }
    let mut dst = vec![0u8; expected.len()];
    g.bench_function(BenchmarkId::new(fx.name, "memcpy"), |b| {
        b.iter(|| black_box(&mut dst[..]).copy_from_slice(black_box(expected)))
    });
}

/// serde_json into a reused Vec and into a slice; serde-json-core's `to_slice` (compact only).
fn serde_contenders<T: serde::Serialize>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    fx: &Fixture,
    doc: &T,
    style: JsonStyle,
    expected: &[u8],
) {
    let mut vec = Vec::with_capacity(expected.len());
    peers::serde_json_write(&mut vec, doc, style);
    assert_eq!(show(&vec), show(expected), "serde_json");
    g.bench_function(BenchmarkId::new(fx.name, "serde_json"), |b| {
        b.iter(|| {
            vec.clear();
            peers::serde_json_write(&mut vec, black_box(doc), style);
            vec.len()
        })
    });

    let mut buf = vec![0u8; expected.len()];
    let mut cursor: &mut [u8] = &mut buf;
    peers::serde_json_write(&mut cursor, doc, style);
    assert!(cursor.is_empty(), "serde_json slice: same length");
    assert_eq!(show(&buf), show(expected), "serde_json into a slice");
    g.bench_function(BenchmarkId::new(fx.name, "serde_json_slice"), |b| {
        b.iter(|| {
            let cursor: &mut [u8] = black_box(&mut buf);
            peers::serde_json_write(cursor, black_box(doc), style);
        })
    });

    if let JsonStyle::Compact = style {
        let n = serde_json_core::to_slice(doc, &mut buf).expect("room");
        assert_eq!(show(&buf[..n]), show(expected), "serde-json-core");
        g.bench_function(BenchmarkId::new(fx.name, "serde_json_core"), |b| {
            b.iter(|| serde_json_core::to_slice(black_box(doc), black_box(&mut buf)).unwrap())
        });
    }
}

fn peer_contenders(
    g: &mut BenchmarkGroup<'_, WallTime>,
    fx: &Fixture,
    view: View,
    style: Style,
    expected: &[u8],
) {
    let m = &fx.mirror;
    match (view, style) {
        (View::Detail, Style::JsonCompact) => {
            serde_contenders(g, fx, &m.detail, JsonStyle::Compact, expected)
        }
        (View::Detail, Style::JsonPretty) => {
            serde_contenders(g, fx, &m.detail_sorted, JsonStyle::Pretty, expected)
        }
        (View::Detail, Style::JsonNova) => {
            serde_contenders(g, fx, &m.detail_nova, JsonStyle::Nova, expected)
        }
        (View::Summary, Style::JsonCompact) => {
            serde_contenders(g, fx, &m.summary, JsonStyle::Compact, expected)
        }
        (View::Summary, Style::JsonPretty) => {
            serde_contenders(g, fx, &m.summary, JsonStyle::Pretty, expected)
        }
        (View::Summary, Style::JsonNova) => {
            serde_contenders(g, fx, &m.summary_nova, JsonStyle::Nova, expected)
        }
        (_, Style::XmlWire | Style::XmlPretty) => {
            let pretty = style == Style::XmlPretty;
            let write = |out: &mut Vec<u8>| match view {
                View::Detail => peers::quick_xml_detail(out, &m.detail, pretty),
                View::Summary => peers::quick_xml_summary(out, &m.summary, pretty),
            };
            let mut out = Vec::with_capacity(expected.len());
            write(&mut out).unwrap();
            assert_eq!(show(&out), show(expected), "quick-xml");
            g.bench_function(BenchmarkId::new(fx.name, "quick_xml"), |b| {
                b.iter(|| write(black_box(&mut out)).unwrap())
            });
        }
    }
}

fn render(c: &mut Criterion) {
    let fixtures = fixtures();
    let seed = &fixtures[0];
    for (style, file) in [
        (Style::JsonCompact, "images-details.compact.json"),
        (Style::JsonPretty, "images-details.pretty.json"),
        (Style::JsonNova, "images-details.nova-wire.json"),
        (Style::XmlWire, "images-details.nova-wire.xml"),
        (Style::XmlPretty, "images-details.pretty.xml"),
    ] {
        let out = render_vec(&seed.list.detail(), style);
        assert_eq!(
            show(&out),
            show(&data::golden(file)),
            "seed is the golden model"
        );
    }
    for view in [View::Detail, View::Summary] {
        for style in Style::ALL {
            let mut g = c.benchmark_group(group_name(view, style));
            for fx in &fixtures {
                let expected = render_vec(&document(&*fx.list, view), style);
                g.throughput(Throughput::Bytes(expected.len() as u64));
                osimages_contenders(&mut g, fx, view, style, &expected);
                peer_contenders(&mut g, fx, view, style, &expected);
            }
            g.finish();
        }
    }
}

fn config() -> Criterion {
    // Short runs: about 230 benchmarks must finish in minutes on a shared 2-core machine.
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(900))
        .sample_size(20)
        .nresamples(10_000)
}

criterion::criterion_group! {
    name = benches;
    config = config();
    targets = render
}
criterion::criterion_main!(benches);
