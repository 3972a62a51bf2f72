//! `include/osimages.h` is exactly what the pinned cbindgen generates from `capi/src/` today, and
//! its version macros are the crate's version.
//!
//! `OSIMAGES_BLESS=1 cargo test -p osimages-capi --test ffi_header` rewrites the header instead of comparing.

use std::fs;
use std::path::{Path, PathBuf};

/// This crate's directory (`capi/`).
fn capi() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's root, where `include/` and `ffi-examples/` are.
fn root() -> &'static Path {
    capi().parent().expect("capi/ is inside the repository")
}

fn header_path() -> PathBuf {
    root().join("include/osimages.h")
}

fn generate() -> String {
    let config = cbindgen::Config::from_file(capi().join("cbindgen.toml")).expect("cbindgen.toml");
    // The code table's C items (capi/src/status.rs) and the per-style entry points
    // (capi/src/view.rs) are made by macros, which cbindgen does not expand: the crate keeps
    // them as source text too, handed to cbindgen beside the crate (the code table before it,
    // the entry points after it, where the header lists them).
    let source = |name: &str, items: &str| {
        let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        fs::write(&file, items).expect("write a macro's C items");
        file
    };
    let bindings = cbindgen::Builder::new()
        .with_src(source("osimages_codes.rs", osimages_capi::__CBINDGEN_ITEMS))
        .with_crate(capi())
        .with_src(source(
            "osimages_styles.rs",
            osimages_capi::__CBINDGEN_STYLE_ITEMS,
        ))
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

fn blessing() -> bool {
    std::env::var("OSIMAGES_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn header_is_what_cbindgen_generates() {
    let fresh = generate();
    if blessing() {
        fs::write(header_path(), &fresh).expect("write include/osimages.h");
        return;
    }
    let committed = fs::read_to_string(header_path()).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map_or(committed.lines().count().min(fresh.lines().count()), |n| n)
            + 1;
        panic!(
            "include/osimages.h differs from what cbindgen generates (first at line {line}); \
             regenerate it with `OSIMAGES_BLESS=1 cargo test -p osimages-capi --test ffi_header`"
        );
    }
}

/// The value of `#define NAME VALUE` in the committed header.
fn define(header: &str, name: &str) -> String {
    header
        .lines()
        .find_map(|l| {
            l.strip_prefix("#define ")?
                .strip_prefix(name)?
                .strip_prefix(' ')
        })
        .unwrap_or_else(|| panic!("no #define {name} in include/osimages.h"))
        .trim()
        .to_string()
}

#[test]
fn version_macros_are_the_crate_version() {
    let header = fs::read_to_string(header_path()).expect("include/osimages.h");
    assert_eq!(
        define(&header, "OSIMAGES_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MAJOR")
    );
    assert_eq!(
        define(&header, "OSIMAGES_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_MINOR")
    );
    assert_eq!(
        define(&header, "OSIMAGES_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION_PATCH")
    );
}

/// `NAME = VALUE` of every status in the committed header's enum.
fn header_statuses() -> Vec<(String, u32)> {
    let header = fs::read_to_string(header_path()).expect("include/osimages.h");
    header
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().trim_end_matches(',').split_once(" = ")?;
            if !name.starts_with("OSIMAGES_STATUS_") {
                return None;
            }
            Some((name.to_string(), value.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_readme_status_table_is_the_header_s() {
    let statuses = header_statuses();
    assert!(statuses.len() > 20, "{statuses:?}");
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let table = readme
        .split("### Status codes")
        .nth(1)
        .expect("README.md has a Status codes section");
    // Rows: `| 101 | `NAME` | meaning |` or `| 110–113 | `NAME`, `_SUFFIX`, ... | meaning |`.
    let mut covered = Vec::new();
    for row in table.lines().take_while(|l| !l.starts_with('#')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Some(numbers), Some(names)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let (first, last) = numbers.split_once('–').unwrap_or((numbers, numbers));
        let (Ok(first), Ok(last)) = (first.parse::<u32>(), last.parse::<u32>()) else {
            continue;
        };
        let first_name = names.split('`').nth(1).unwrap_or_default();
        let in_header = statuses.iter().find(|(n, _)| n == first_name);
        assert_eq!(
            in_header.map(|(_, v)| *v),
            Some(first),
            "README.md: {first_name} is {first}"
        );
        covered.extend(first..=last);
    }
    for (name, value) in &statuses {
        assert!(
            covered.contains(value),
            "README.md's status table has no row for {name} = {value}"
        );
    }
}
