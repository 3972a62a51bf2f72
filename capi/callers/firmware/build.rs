//! Links with cortex-m-rt's `link.x` (and this crate's `memory.x`), and keeps every function
//! that `include/osimages.h` declares in the image: `keep.rs` lists them all, from the header,
//! so the firmware proves that each one links (the suite then finds each one with nm).

use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("memory.x is next to Cargo.toml");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");

    let header = "../../../include/osimages.h";
    let text = fs::read_to_string(header).expect("include/osimages.h");
    // A declaration starts at the beginning of a line and names `osimages_x(`.
    let functions: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| {
            let end = l.find('(')?;
            let start = l[..end].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))? + 1;
            l[start..end]
                .starts_with("osimages_")
                .then(|| &l[start..end])
        })
        .collect();
    assert!(functions.len() > 10, "found only {functions:?} in {header}");
    let entries: String = functions
        .iter()
        .map(|f| format!("    osimages_capi::{f} as *const (),\n"))
        .collect();
    let keep = format!(
        "/// Every function of include/osimages.h.\n\
         #[used]\n\
         static KEEP: Keep<{n}> = Keep([\n{entries}]);\n",
        n = functions.len()
    );
    fs::write(out.join("keep.rs"), keep).expect("write keep.rs");
    println!("cargo:rerun-if-changed={header}");
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
