//! The C ABI of osimages: what `include/osimages.h` declares, spelled here exactly as in C.
//!
//! C programs link the archive or shared library built from this crate (`libosimages.a`,
//! `libosimages.so`; see `ffi-examples/`). Rust firmware that wants the `osimages_*` functions
//! depends on this crate and names it (`extern crate osimages_capi;`) so that they are linked;
//! the panic handler (and its link-time no-panic proof) exists only in the C archive's build.
//!
//! One file per C "class": [`osimages_status`] and [`osimages_error`] (`status.rs`), borrowed
//! strings [`osimages_str`] (`str.rs`), the image description both paths read
//! [`osimages_image`] (`image.rs`), the owned list in caller storage [`osimages_list`]
//! (`list.rs`), changed in place (`update.rs`) and read from JSON (`parse.rs`, with
//! [`osimages_capacity`]), the zero-copy view over the caller's table [`osimages_view`]
//! (`view.rs`), the chunked cursor [`osimages_cursor`] (`cursor.rs`). The plumbing is private: checked pointer
//! conversions (`ptr.rs`), the buffer contract (`render.rs`), the panic boundary (`panic.rs`).
//!
//! Conventions, the same for every function:
//! - Every name starts with `osimages_` (constants `OSIMAGES_`); methods are
//!   `osimages_<type>_<verb>` and take the object first; inputs come before outputs; a buffer
//!   pointer is always followed by its length.
//! - Every function returns an [`osimages_status`] and, when `err` is not NULL, fills `*err` with
//!   the status and, for a refused value, the field, image and entry it was in. No global state:
//!   every call is reentrant and thread-safe as long as no two threads use the same list or
//!   cursor storage at once.
//! - Every pointer is checked: NULL (where a length says there is data), misalignment and lengths
//!   above `PTRDIFF_MAX` are refused with a status, never dereferenced. Integers that stand for
//!   enums (style, document, image status, disk config) are checked before use. Strings must be
//!   UTF-8 and are refused otherwise.
//! - Output buffers follow the `snprintf` contract documented on [`osimages_list_render`].
//! - No panic reaches C: the no_std archive's panic handler calls a symbol that is defined
//!   nowhere, so the archive links only if the optimiser removed every panic path.
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

mod list;

mod update;

mod parse;

mod view;

mod cursor;

// Private plumbing.
mod ptr;

pub use cursor::*;
pub use image::*;
pub use list::*;
pub use parse::*;
pub use render::*;
pub use status::*;
pub use str::*;
pub use update::*;
pub use version::*;
pub use view::*;
