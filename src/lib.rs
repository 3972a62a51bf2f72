//! Renders OpenStack Compute API v2 image documents — `GET /v2/{tenant}/images/detail`,
//! `/images` and `/images/{id}` — to JSON and to nova's XML, byte for byte as the reference
//! server wrote them, into buffers the caller owns. `no_std`, no heap, no panics.
//!
//! Made for firmware agents and appliances that report the images they hold to an
//! OpenStack-style control plane: a list of a few images fits in about 1.5 KiB, a render needs
//! no allocator and about 1 KiB of stack, and a document can be streamed through a transmit
//! buffer of any size.
//!
//! # Example
//!
//! ```
//! use osimages::{Endpoints, Field, Format, ImageList, ImageRef, Status, Style, Timestamp, Uuid};
//!
//! // 8 images, 32 metadata entries, no explicit links, 2 KiB of text.
//! let mut list: ImageList<8, 32, 0, 2048> = ImageList::new();
//! list.set_endpoints(Endpoints {
//!     compute: "http://openstack.example.com",
//!     image_service: "http://glance.openstack.example.com",
//!     tenant: "openstack",
//! })?;
//! // A date that is not one is refused, naming the field; `None` is null only when you say so.
//! let at = Timestamp::parse("2011-01-01T01:02:03Z", Field::Created)?;
//! let i = list.push(&ImageRef {
//!     name: Some("cirros <0.6>"),
//!     status: Status::Saving,
//!     progress: 40,
//!     created: Some(at),
//!     updated: Some(at),
//!     metadata: &[("architecture", Some("x86_64")), ("kernel_id", None)],
//!     ..ImageRef::new(Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b").unwrap())
//! })?;
//!
//! // Updated in place for as long as the agent runs: replaced values give their room back.
//! list.set_status(i, Status::Active)?;
//! list.set_progress(i, 100)?;
//!
//! // One-shot into a caller's buffer.
//! let mut buf = [0u8; 4096];
//! let n = list.summary().render(&mut buf, Style::JsonCompact).unwrap();
//! assert!(buf[..n].ends_with(br#""name":"cirros <0.6>"}]}"#));
//!
//! // Too small: the exact length needed, and nothing that could pass for a document.
//! let needed = list.detail().rendered_len(Style::XmlWire);
//! let err = list.detail().render(&mut buf[..100], Style::XmlWire).unwrap_err();
//! assert_eq!(err.needed, needed);
//! assert!(buf[..100].iter().all(|&b| b == 0));
//!
//! // Streamed through a 64-byte buffer.
//! let mut chunks = list.detail().chunks(Format { style: Style::XmlWire, ascii_only: false });
//! let mut tx = [0u8; 64];
//! let mut sent = 0;
//! while !chunks.is_finished() {
//!     sent += chunks.fill(&mut tx); // hand tx[..n] to the radio here
//! }
//! assert_eq!(sent, needed);
//!
//! // Refused values name the field and leave the list as it was.
//! let bad = ImageRef { progress: 101, ..ImageRef::new(Uuid::default()) };
//! let err = list.push(&bad).unwrap_err();
//! assert_eq!(err.to_string(), "images[1].progress: progress above 100");
//! assert_eq!(list.len(), 1);
//! # Ok::<(), osimages::Error>(())
//! ```
//!
//! # The pieces
//!
//! - **Two sources, one renderer.** An [`ImageList`] owns its images in fixed-capacity storage
//!   (capacities are const generics; strings share one byte pool); an [`ImagesView`] borrows a
//!   slice of [`ImageRef`] in place. Both give a [`Document`]: the detail list, the summary list
//!   or one image (show).
//! - **Five styles** ([`Style`]): compact JSON, pretty JSON (Python's `indent=4,
//!   sort_keys=True`), nova's wire JSON, nova's wire XML and pretty XML; JSON optionally
//!   `ascii_only` ([`Format`]).
//! - **Caller-owned output.** [`Document::render`] writes into a `&mut [u8]`; a buffer that is too
//!   small gives [`BufferTooSmall`] with the exact length needed and holds no part of the
//!   document. [`Document::rendered_len`] is the length query; [`Document::chunks`] streams
//!   through buffers of any size (a few words of state with feature `small`; otherwise 4 KiB
//!   rendered ahead, so that small chunks cost little more than one render);
//!   [`Document::write_with`] pushes the document into a callback a buffer at a time.
//! - **Checked once, when stored.** Every value is validated when it enters a list or view; a
//!   refusal is an [`Error`] naming the field, image and entry ([`ErrorKind`], [`Field`]) and
//!   leaves the list as it was. A stored list renders in every style: rendering can fail only for
//!   lack of room.
//! - **Kept up to date in place.** A long-running agent changes an image's status, progress,
//!   dates, name, size, disk config, metadata and links, and removes images, entries and links
//!   ([`ImageList::set_status`], [`ImageList::set_metadata`], [`ImageList::remove`], ...), each
//!   checked as a push is. A replaced or removed value gives its room back at once, so a list
//!   updated for weeks holds exactly its live values ([`ImageList::bytes_used`]).
//! - **Parsing.** [`ImageList::parse_detail`] and [`ImageList::parse_show`] read JSON documents
//!   into a list, any whitespace and key order, every escape. Errors name the place in the
//!   document (`images[0].id: not a UUID`, `document: unknown key "imagez"`); exceeding a
//!   capacity is an error, never a truncation, that says how much the list would need
//!   ([`Error::needed`]), and [`Capacity::detail`] sizes a list for a document up front.
//!
//! # Features
//!
//! - `std`: links `std`; it adds nothing yet (the error types implement
//!   `core::error::Error`, which is `std::error::Error`), and is kept for hosted crates that
//!   name it.
//! - `defmt`: `defmt::Format` for the error types, for embedded logging.
//! - `embedded-io`: `Document::write_io` renders into an `embedded_io::Write` (a UART, a
//!   socket), a buffer at a time.
//! - `small`: the small build, for flash: the same bytes from one renderer that reads every
//!   style's plans as data, several times slower (what the C library's bare-metal archives
//!   use).
//!
//! The crate builds for bare-metal targets (`thumbv7em-none-eabihf` and `thumbv6m-none-eabi` are
//! checked) and needs Rust 1.88 or later. It defines no panic handler and no global state.
//!
//! # From C
//!
//! The C ABI (`osimages_*` functions, `osimages.h`, `libosimages.a` / `libosimages.so`) is the
//! separate crate `osimages-capi`, which Rust firmware may also depend on to call the C
//! functions; its documentation and the repository's README describe the C API. The byte-level
//! format every style follows is [`SPEC.md`](spec), included in this package.
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(any(test, feature = "std"))]
extern crate std;

mod bytes;
mod capacity;
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
pub use render::{Chunks, Document, Format, IntoFormat, Style, style};
pub use source::Source;
pub use timestamp::Timestamp;
pub use uuid::Uuid;
pub use view::ImagesView;

/// The wire format, byte by byte: what every style writes, what is refused (`SPEC.md`).
#[doc = include_str!("../SPEC.md")]
pub mod spec {}

/// What the C ABI crate (`osimages-capi`) builds on: the renderer's source trait, the
/// checks and the chunk state. Not part of the Rust API: no semver promise; `osimages-capi`
/// pins this crate's exact version.
#[doc(hidden)]
pub mod __capi {
    pub use crate::record::Counts;
    pub use crate::render::{ChunkState, Target};
    pub use crate::source::{Img, LinkText, Reads, Sealed, Text, reads};
    pub use crate::text::{UNCLASSIFIED, UNKNOWN};
    pub use crate::timestamp::{packed, unpacked};

    /// The checks every value passes before it is stored or rendered.
    pub mod validate {
        pub use crate::validate::{
            NON_ASCII, Refusal, date, decode, endpoints, is_utf8, link, media_type, metadata_entry,
            new_key, progress, scalars, text, text_bytes, utf8,
        };
    }
}
