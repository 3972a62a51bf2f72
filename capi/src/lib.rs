//! The C ABI of [osimages](https://docs.rs/osimages): every public item is what `osimages.h`
//! declares, spelled here exactly as in C.
//!
//! - **C and C++ programs** link `libosimages.a` or `libosimages.so`, which the osimages
//!   repository builds from this crate (`make`; `make install` adds the header, `osimages.pc`
//!   and a CMake package). The C API's conventions — names, results and `osimages_error`, what
//!   NULL means, strings, the buffer contract, storage, status codes — are written once, in the
//!   repository's README (section "C API"), which `make install` puts in
//!   `share/doc/osimages/`; each function's own contract is documented here and in the header.
//! - **Rust programs** may depend on this crate to call the `osimages_*` functions, or to link
//!   them for C code in the same firmware (name the crate with `extern crate osimages_capi;`
//!   when nothing else uses it). It defines no panic handler: the program's own applies. Only
//!   the C library's build (`--cfg osimages_archive`) adds one, which proves at link time that
//!   no panic path is left.
//!
//! One file per C "class": [`osimages_status`] and [`osimages_error`] (`status.rs`, from the one
//! table of codes), borrowed strings [`osimages_str`] (`str.rs`), the image description both
//! paths read [`osimages_image`] (`image.rs`), the owned list in caller storage
//! [`osimages_list`] (`list.rs`), changed in place (`update.rs`) and read from JSON
//! (`parse.rs`), the zero-copy view over the caller's table [`osimages_view`]
//! (`view.rs`) and its check kept for many renders [`osimages_checked_image`] (`checked.rs`),
//! the chunked cursor [`osimages_cursor`] (`cursor.rs`), each style's own entry
//! points for the one-shot and push calls of both paths (`own.rs`). The plumbing is private:
//! the boundary every exported function runs in (`panic.rs`), the code table's machinery
//! (`codes.rs`), checked pointers and caller storage (`ptr.rs`), the buffer contract
//! (`render.rs`), the push sink's contract and its callback type [`osimages_write_fn`]
//! (`write.rs`), and the one place where a call comes to its style, from a C style code or
//! from a per-style entry point's name (`styles.rs`: cargo features `json-compact`,
//! `json-pretty`, `json-nova`, `xml-wire`, `xml-pretty`, all by default; a style left out is
//! not linked, and is refused with `OSIMAGES_STATUS_STYLE_NOT_BUILT`).
#![no_std]
#![allow(non_camel_case_types)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(unsafe_op_in_unsafe_fn)]

#[cfg(feature = "std")]
extern crate std;

// The boundary every exported function runs its body in (a macro: first, so all modules see it).
#[macro_use]
mod panic;
// The machinery of the code table in status.rs (macros too).
#[macro_use]
mod codes;

// The public "classes", in the order the header presents them (cbindgen keeps source order).
mod version;

mod status;

mod str;

mod image;

mod render;

mod write;

mod list;

mod update;

mod parse;

mod view;

mod checked;

mod cursor;

mod own;

// Private plumbing.
mod ptr;
mod styles;

pub use checked::*;
pub use cursor::*;
pub use image::*;
pub use list::*;
pub use own::*;
pub use parse::*;
pub use render::*;
pub use status::*;
pub use str::*;
pub use update::*;
pub use version::*;
pub use view::*;
pub use write::*;
