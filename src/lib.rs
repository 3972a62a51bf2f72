#![no_std]
// The README links to files of the repository; in the generated documentation the same links
// go to the crate's own pages (the first definition of a link wins).
#![doc = "[spec]: crate::docs::spec"]
#![doc = "[performance]: crate::docs::performance"]
#![doc = "[header]: crate::docs::c_header"]
#![doc = "[ex-agent.c]: crate::docs::c_examples"]
#![doc = "[ex-zero_copy.c]: crate::docs::c_examples"]
#![doc = "[ex-seed.h]: crate::docs::c_examples"]
#![doc = "[ex-osimages.hpp]: crate::docs::c_examples"]
#![doc = "[ex-cpp_example.cpp]: crate::docs::c_examples"]
#![doc = "[ex-header_only.c]: crate::docs::c_examples"]
#![doc = "[ex-header_only.cpp]: crate::docs::c_examples"]
#![doc = "[ex-Makefile]: crate::docs::c_examples"]
#![doc = "[ex-CMakeLists.txt]: crate::docs::c_examples"]
#![doc = "[ex-osimages.pc]: crate::docs::c_examples"]
#![doc = "[ex-expected]: crate::docs::c_examples"]
#![doc = ""]
#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

mod capacity;
pub mod docs;
mod error;
mod list;
mod model;
mod parse;
mod record;
mod render;
mod serialize;
mod source;
mod text;
mod timestamp;
mod uuid;
mod validate;
mod view;

pub use capacity::Capacity;
pub use error::{BufferTooSmall, Error, ErrorKind, Field};
pub use list::{ImageList, StoredImage};
pub use model::{DiskConfig, Endpoints, ImageRef, LinkRef, Links, MetaEntry, Status};
pub use render::{Chunks, Document, Format, Style};
pub use source::Source;
pub use timestamp::Timestamp;
pub use uuid::Uuid;
pub use view::ImagesView;

/// What the C ABI crate (`capi/`, `osimages-capi`) builds on: the renderer's source trait, the
/// checks and the chunk state. Not part of the Rust API: no semver promise; `osimages-capi`
/// pins this crate's exact version.
#[doc(hidden)]
pub mod __capi {
    pub use crate::list::Mark;
    pub use crate::record::Counts;
    pub use crate::render::{ChunkState, Target};
    pub use crate::source::{Img, LinkText, Sealed, Text};
    pub use crate::text::UNKNOWN;

    /// The checks every value passes before it is stored or rendered.
    pub mod validate {
        pub use crate::validate::{endpoints, image, link, metadata_entry, progress, text, utf8};
    }
}
