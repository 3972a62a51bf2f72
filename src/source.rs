//! What the renderer reads: one trait over the owned list and the borrowed view, so that both go
//! through the same renderer.

use crate::Uuid;
use crate::record::{Counts, Record};

#[doc(hidden)]
/// A string to write, with its class bits (see `text`). Held as bytes: every string was valid
/// UTF-8 when it was stored, and the renderer only copies and escapes bytes.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Text<'a> {
    pub s: &'a [u8],
    pub class: u8,
}

impl<'a> Text<'a> {
    pub const fn new(s: &'a str, class: u8) -> Self {
        Text {
            s: s.as_bytes(),
            class,
        }
    }

    /// The bytes of a string that was valid UTF-8 when it was stored.
    pub const fn from_stored(s: &'a [u8], class: u8) -> Self {
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

/// One image as the renderer reads it: the one record (`record`), with its strings as
/// [`Text`] and the number of its metadata entries and explicit links. Whether its links are
/// derived or explicit (possibly none) is `derived_links()`.
#[doc(hidden)]
pub type Img<'a> = Record<Text<'a>, Uuid, Counts>;

/// What of an image a render writes beyond its id, name and links (which every document
/// writes): one bit for each [`reads`] group. A source whose reads cost (the checked C view
/// reads the caller's memory and checks it again) reads only these, and gives the record's
/// other values as a new record has them. Derived from the documents' description
/// (`render::describe`), not chosen per document.
#[doc(hidden)]
pub type Reads = u8;

/// The groups of [`Reads`].
#[doc(hidden)]
pub mod reads {
    use super::Reads;
    /// Status, progress, minDisk, minRam, size, disk config.
    pub const SCALARS: Reads = 1 << 0;
    /// Created and updated.
    pub const DATES: Reads = 1 << 1;
    /// The server's id.
    pub const SERVER: Reads = 1 << 2;
    /// The metadata entries.
    pub const METADATA: Reads = 1 << 3;
    /// Everything (what a caller that keeps the record reads).
    pub const ALL: Reads = SCALARS | DATES | SERVER | METADATA;
}

/// An explicit link as the renderer reads it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Hash)]
pub struct LinkText<'a> {
    pub href: Text<'a>,
    pub rel: Text<'a>,
    pub media_type: Option<Text<'a>>,
}

mod sealed {
    /// Implemented only by sources whose every value is checked before it is rendered.
    pub trait Sealed {}
}
pub use sealed::Sealed;

/// Something the renderer can read an image list from: [`crate::ImageList`] or
/// [`crate::ImagesView`]. Sealed: every implementation has been validated when it was built.
pub trait Source: Sealed {
    /// 0 for a source that classified every string when it stored it (the list): a render of
    /// it has no code to look at strings. Else its strings are the caller's, checked but not
    /// classified (a borrowed view), and this is `UNCLASSIFIED` with the class bits they may
    /// have: all of theirs or-ed where its check kept them, every bit where it did not. The
    /// renderer looks at an unclassified string it writes for bytes to escape only in a style
    /// that escapes one of those. (A method, not an associated constant, so that `dyn Source`
    /// stays usable.)
    #[doc(hidden)]
    fn may_escape(&self) -> u8 {
        0
    }
    /// The endpoints and the next link are classified (they are written in every image's
    /// links, and classified when they were checked, as a list's strings are when stored).
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
    /// Image `i`; `None` for an index past the end (or an image the source refuses as it
    /// reads it).
    #[doc(hidden)]
    fn image(&self, i: usize) -> Option<Img<'_>> {
        let mut img = Img::new(Uuid([0; 16]), Counts::default());
        self.read_image(i, &mut img, reads::ALL).then_some(img)
    }
    /// Writes image `i` into `into`, at least what `reads` says besides its id, name and links;
    /// `false` (and `into` untouched) where [`Source::image`] is `None`. In place: the renderer
    /// keeps one record for a whole render, and a record returned by value would be a
    /// temporary of its frame (104 bytes on a 32-bit MCU).
    #[doc(hidden)]
    fn read_image<'s>(&'s self, i: usize, into: &mut Img<'s>, reads: Reads) -> bool;
    #[doc(hidden)]
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)>;
    #[doc(hidden)]
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>>;
}
