//! What the renderer reads: one trait over the owned list and the borrowed view, so that both go
//! through the same renderer.

use crate::model::{DiskConfig, Status};
use crate::{Timestamp, Uuid};

#[doc(hidden)]
/// A string to write, with its class bits (see `text`). Held as bytes: every string was valid
/// UTF-8 when it was stored, and the renderer only copies and escapes bytes.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub(crate) s: &'a [u8],
    pub(crate) class: u8,
}

impl<'a> Text<'a> {
    pub(crate) const fn new(s: &'a str, class: u8) -> Self {
        Text {
            s: s.as_bytes(),
            class,
        }
    }

    /// The bytes of a string that was valid UTF-8 when it was stored.
    pub(crate) const fn from_stored(s: &'a [u8], class: u8) -> Self {
        Text { s, class }
    }

    /// The string's bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.s
    }

    /// The string itself (checked again here, off the render path; it was valid UTF-8 when
    /// it was stored, so this is never the empty fallback).
    pub fn as_str(&self) -> &'a str {
        core::str::from_utf8(self.s).unwrap_or("")
    }
}

#[doc(hidden)]
/// The scalar fields of one image, and how many metadata entries and explicit links it has.
#[derive(Debug, Clone, Copy)]
pub struct Img<'a> {
    pub(crate) id: Uuid,
    pub(crate) name: Option<Text<'a>>,
    pub(crate) status: Status,
    pub(crate) progress: u8,
    pub(crate) min_disk: u64,
    pub(crate) min_ram: u64,
    pub(crate) created: Option<Timestamp>,
    pub(crate) updated: Option<Timestamp>,
    pub(crate) server: Option<Uuid>,
    pub(crate) disk_config: Option<DiskConfig>,
    pub(crate) size: Option<u64>,
    pub(crate) metadata: usize,
    /// How many explicit links (possibly none); `None`: the three derived ones.
    pub(crate) links: Option<usize>,
}

impl Img<'_> {
    /// Stands in for an image where none is being written.
    pub(crate) const NONE: Img<'static> = Img {
        id: Uuid([0; 16]),
        name: None,
        status: Status::Active,
        progress: 0,
        min_disk: 0,
        min_ram: 0,
        created: None,
        updated: None,
        server: None,
        disk_config: None,
        size: None,
        metadata: 0,
        links: None,
    };
}

/// An explicit link as the renderer reads it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct LinkText<'a> {
    pub(crate) href: Text<'a>,
    pub(crate) rel: Text<'a>,
    pub(crate) media_type: Option<Text<'a>>,
}

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// Something the renderer can read an image list from: [`crate::ImageList`] or
/// [`crate::ImagesView`]. Sealed: every implementation has been validated when it was built.
pub trait Source: Sealed {
    #[doc(hidden)]
    fn compute(&self) -> Text<'_>;
    #[doc(hidden)]
    fn image_service(&self) -> Text<'_>;
    #[doc(hidden)]
    fn tenant(&self) -> Text<'_>;
    #[doc(hidden)]
    fn next_link(&self) -> Option<Text<'_>>;
    #[doc(hidden)]
    fn size_extension(&self) -> bool;
    #[doc(hidden)]
    fn count(&self) -> usize;
    /// `None` only for an index past the end.
    #[doc(hidden)]
    fn image(&self, i: usize) -> Option<Img<'_>>;
    #[doc(hidden)]
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)>;
    #[doc(hidden)]
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>>;
}
