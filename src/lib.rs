#![no_std]
#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![cfg_attr(not(feature = "ffi"), forbid(unsafe_code))]
#![cfg_attr(feature = "ffi", deny(unsafe_code))]

#[cfg(feature = "std")]
extern crate std;

mod capacity;
mod error;
#[cfg(feature = "ffi")]
#[allow(unsafe_code)] // the C boundary is the one place `unsafe` is allowed
pub mod ffi;
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
