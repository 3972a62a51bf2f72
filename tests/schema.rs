//! Our XML validates against nova's own RelaxNG schemas (reference/nova-schemas, laid out as in
//! nova because they refer to each other by relative path), checked by `xmllint --relaxng`
//! (Debian package libxml2-utils, which the repository's test suite installs): detail with `images.rng`,
//! summary with `images_index.rng`, show with `image.rng`, wire and pretty, for the seed and
//! for generated models. The schemas know neither `OS-DCF:diskConfig` nor
//! `OS-EXT-IMG-SIZE:size`, so those models leave both out (and a control shows the schemas do
//! refuse them).

mod common;
mod model;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use model::{Model, config, schema_model};
use osimages::{Document, Source, Style, Uuid};
use proptest::prelude::*;

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("reference/nova-schemas/v1.1")
        .join(name)
}

/// A fresh directory for one batch of documents.
fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "schema-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `xmllint --relaxng` on `files`: Ok, or xmllint's complaint.
fn xmllint(schema_file: &str, files: &[PathBuf]) -> Result<(), String> {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--relaxng")
        .arg(schema(schema_file))
        .args(files)
        .output()
        .expect("xmllint runs (Debian package libxml2-utils)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn write<S: Source>(dir: &Path, name: &str, d: &Document<'_, S>, style: Style) -> PathBuf {
    let mut buf = vec![0u8; d.rendered_len(style)];
    d.render(&mut buf, style).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, buf).unwrap();
    path
}

/// Every XML document of `list`, wire and pretty, each checked against its schema.
fn validate<S: Source>(
    detail: Document<'_, S>,
    summary: Document<'_, S>,
    shows: &[Document<'_, S>],
) -> Result<(), String> {
    let dir = scratch();
    let mut batches: [(&str, Vec<PathBuf>); 3] = [
        ("images.rng", vec![]),
        ("images_index.rng", vec![]),
        ("image.rng", vec![]),
    ];
    for (style, tag) in [(Style::XmlWire, "wire"), (Style::XmlPretty, "pretty")] {
        batches[0]
            .1
            .push(write(&dir, &format!("detail.{tag}.xml"), &detail, style));
        batches[1]
            .1
            .push(write(&dir, &format!("summary.{tag}.xml"), &summary, style));
        for (i, d) in shows.iter().enumerate() {
            batches[2]
                .1
                .push(write(&dir, &format!("show{i}.{tag}.xml"), d, style));
        }
    }
    let result = batches
        .iter()
        .filter(|(_, files)| !files.is_empty())
        .try_for_each(|(schema_file, files)| xmllint(schema_file, files));
    if result.is_ok() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    result
}

fn validate_model(m: &Model) -> Result<(), String> {
    assert!(m.schema_compatible());
    let list = m.big_list();
    let shows: Vec<_> = (0..list.len()).map(|i| list.show(i).unwrap()).collect();
    validate(list.detail(), list.summary(), &shows)
}

/// The seed without diskConfig (which the schemas do not know).
fn plain_seed() -> common::SeedList {
    let mut images = Vec::new();
    common::seed_images(&mut images);
    let mut list = common::SeedList::new();
    list.set_endpoints(common::ENDPOINTS).unwrap();
    for img in &images {
        list.push(&osimages::ImageRef {
            disk_config: None,
            ..*img
        })
        .unwrap();
    }
    list
}

#[test]
fn the_seed_validates_in_every_view_and_style() {
    let list = plain_seed();
    let shows: Vec<_> = (0..list.len()).map(|i| list.show(i).unwrap()).collect();
    validate(list.detail(), list.summary(), &shows).unwrap();
}

#[test]
fn snapshots_next_links_and_nulls_validate() {
    let images = [
        osimages::ImageRef {
            name: None,
            server: Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6"),
            metadata: &[("k", None), ("empty", Some("")), ("x", Some("<&>\"\t\r\n"))],
            ..osimages::ImageRef::new(Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b").unwrap())
        },
        osimages::ImageRef::new(Uuid([0; 16])),
    ];
    let view = osimages::ImagesView::new(common::ENDPOINTS, &images)
        .and_then(|v| v.with_next_link(Some("http://n/?marker=1&limit=2")))
        .unwrap();
    let shows = [view.show(0).unwrap(), view.show(1).unwrap()];
    validate(view.detail(), view.summary(), &shows).unwrap();
}

#[test]
fn the_schemas_refuse_what_they_do_not_know() {
    // Controls: the validator really checks. The seed carries OS-DCF:diskConfig on two images.
    let dir = scratch();
    let list = common::seed_list();
    for style in [Style::XmlWire, Style::XmlPretty] {
        let file = write(&dir, "detail.xml", &list.detail(), style);
        let err = xmllint("images.rng", &[file]).unwrap_err();
        assert!(err.contains("diskConfig"), "{err}");
    }
    // The size extension's attribute, on a show document.
    let mut sized = plain_seed();
    sized.set_size_extension(true);
    let file = write(&dir, "show.xml", &sized.show(0).unwrap(), Style::XmlWire);
    let err = xmllint("image.rng", &[file]).unwrap_err();
    assert!(err.contains("size"), "{err}");
    // A show document is not a list, and a list is not a show document.
    let show = write(
        &dir,
        "show-plain.xml",
        &plain_seed().show(0).unwrap(),
        Style::XmlWire,
    );
    assert!(xmllint("images.rng", &[show]).is_err());
    let detail = write(
        &dir,
        "detail-plain.xml",
        &plain_seed().detail(),
        Style::XmlWire,
    );
    assert!(xmllint("image.rng", std::slice::from_ref(&detail)).is_err());
    assert_eq!(xmllint("images.rng", &[detail]), Ok(()));
    std::fs::remove_dir_all(&dir).unwrap();
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn generated_models_validate(m in schema_model()) {
        if let Err(e) = validate_model(&m) {
            prop_assert!(false, "{e}");
        }
    }
}
