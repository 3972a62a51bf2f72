//! Parsing throughput: a JSON detail list (osimages' own compact and pretty renderings of the
//! benchmark data sets) read into an owned list, against what a user would write instead:
//! serde_json into `#[derive(Deserialize)]` structs borrowing from the document, and into a
//! `serde_json::Value`. Named `parse-<style>/<dataset>/<contender>`, throughput in bytes of the
//! document. Before a group is measured, each contender's reading is checked once against
//! osimages' (images, metadata entries, the bytes of their names).

mod data;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use osimages::{ImageList, Style};
use serde::Deserialize;

/// Large enough for `n1024`, and for the endpoints it reads from the first image.
type BenchList = ImageList<1024, 4096, 0, { 1 << 18 }>;

/// A detail list as a serde user would model it: every key the documents have, strings
/// borrowed where they hold no escape.
#[derive(Deserialize)]
struct Images<'a> {
    #[serde(borrow)]
    images: Vec<Image<'a>>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // read, and only the name and metadata looked at again
struct Image<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    progress: u8,
    #[serde(rename = "minDisk")]
    min_disk: u64,
    #[serde(rename = "minRam")]
    min_ram: u64,
    #[serde(borrow)]
    created: Option<Cow<'a, str>>,
    #[serde(borrow)]
    updated: Option<Cow<'a, str>>,
    #[serde(borrow)]
    metadata: BTreeMap<Cow<'a, str>, Option<Cow<'a, str>>>,
    #[serde(borrow)]
    links: Vec<Link<'a>>,
    #[serde(rename = "OS-DCF:diskConfig", borrow, default)]
    disk_config: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Link<'a> {
    #[serde(borrow)]
    href: Cow<'a, str>,
    #[serde(borrow)]
    rel: Cow<'a, str>,
    #[serde(rename = "type", borrow, default)]
    media_type: Option<Cow<'a, str>>,
}

/// What each contender is checked on: images, metadata entries, bytes of the names.
fn tally_list(list: &BenchList) -> (usize, usize, usize) {
    let (mut meta, mut names) = (0, 0);
    for i in 0..list.len() {
        let img = list.get(i).expect("in the list");
        meta += img.metadata().count();
        names += img.name().map_or(0, str::len);
    }
    (list.len(), meta, names)
}

fn tally_typed(doc: &Images<'_>) -> (usize, usize, usize) {
    let meta = doc.images.iter().map(|i| i.metadata.len()).sum();
    let names = doc
        .images
        .iter()
        .map(|i| i.name.as_ref().map_or(0, |n| n.len()))
        .sum();
    (doc.images.len(), meta, names)
}

fn tally_value(doc: &serde_json::Value) -> (usize, usize, usize) {
    let images = doc["images"].as_array().expect("images");
    let meta = images
        .iter()
        .map(|i| i["metadata"].as_object().map_or(0, |m| m.len()))
        .sum();
    let names = images
        .iter()
        .map(|i| i["name"].as_str().map_or(0, str::len))
        .sum();
    (images.len(), meta, names)
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let sets = data::all();
    for (style, style_name) in [
        (Style::JsonCompact, "json-compact"),
        (Style::JsonPretty, "json-pretty"),
    ] {
        let mut group = c.benchmark_group(format!("parse-{style_name}"));
        for ds in &sets {
            let mut source = Box::new(BenchList::new());
            source.set_endpoints(data::ENDPOINTS).unwrap();
            for img in &ds.images {
                source.push(img).unwrap();
            }
            let doc = source.detail();
            let mut json = vec![0u8; doc.rendered_len(style)];
            doc.render(&mut json, style).unwrap();

            let mut list = Box::new(BenchList::new());
            list.parse_detail(&json).unwrap();
            let want = tally_list(&list);
            assert_eq!(want, tally_list(&source), "{}", ds.name);
            let typed: Images<'_> = serde_json::from_slice(&json).unwrap();
            assert_eq!(tally_typed(&typed), want, "{}", ds.name);
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(tally_value(&value), want, "{}", ds.name);

            group.throughput(Throughput::Bytes(json.len() as u64));
            group.bench_function(BenchmarkId::new(ds.name, "osimages"), |b| {
                b.iter(|| {
                    list.clear();
                    list.parse_detail(black_box(&json)).unwrap()
                })
            });
            group.bench_function(BenchmarkId::new(ds.name, "serde_json_typed"), |b| {
                b.iter(|| serde_json::from_slice::<Images<'_>>(black_box(&json)).unwrap())
            });
            group.bench_function(BenchmarkId::new(ds.name, "serde_json_value"), |b| {
                b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&json)).unwrap())
            });
        }
        group.finish();
    }
    c.final_summary();
}
