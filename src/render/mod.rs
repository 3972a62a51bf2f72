//! Rendering: one walk over the document's units, written in any style, into a slice, as a
//! length, or chunk by chunk.

mod chunks;
mod json;
mod program;
mod values;
mod walk;
mod writer;
mod xml;

pub use chunks::ChunkState;
pub use chunks::Chunks;

use crate::error::BufferTooSmall;
use crate::source::Source;
use walk::{Pos, Walk};
use writer::Out;

/// How a document is written.
///
/// The numeric values are part of the C ABI: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(u8)]
pub enum Style {
    /// JSON without whitespace, keys in code-point order (osimages' default).
    #[default]
    JsonCompact = 0,
    /// JSON as Python's `json.dumps(doc, indent=4, sort_keys=True)` writes it (metadata sorted too).
    JsonPretty = 1,
    /// JSON as nova put it on the wire: `", "` and `": "`, nova's key order.
    JsonNova = 2,
    /// XML as nova put it on the wire: no whitespace between elements. A null (a name, a date,
    /// a metadata value, a size) is written as the text `None`, as nova wrote it
    /// (`name="None"`, `<meta key="k">None</meta>`).
    XmlWire = 3,
    /// XML indented by two spaces, one element per line; a null is `None`, as in
    /// [`Style::XmlWire`].
    XmlPretty = 4,
}

impl Style {
    /// Every style, in numeric order.
    pub const ALL: [Style; 5] = [
        Style::JsonCompact,
        Style::JsonPretty,
        Style::JsonNova,
        Style::XmlWire,
        Style::XmlPretty,
    ];

    /// Whether this is one of the XML styles.
    pub const fn is_xml(self) -> bool {
        matches!(self, Style::XmlWire | Style::XmlPretty)
    }
}

/// A style and its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Format {
    /// The style.
    pub style: Style,
    /// JSON only: write every non-ASCII character (and U+007F) as `\uXXXX`, as Python's
    /// `ensure_ascii` does. XML carries non-ASCII as raw UTF-8 whatever this says.
    pub ascii_only: bool,
}

impl From<Style> for Format {
    fn from(style: Style) -> Self {
        Format {
            style,
            ascii_only: false,
        }
    }
}

/// Which document of the list.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Detail,
    Summary,
    Show(usize),
}

/// One document of an image list (detail, summary or show), ready to render in any style.
///
/// Rendering cannot fail except for lack of room: every value was checked when it was stored.
#[derive(Debug)]
pub struct Document<'a, S: Source + ?Sized> {
    src: &'a S,
    target: Target,
}

impl<S: Source + ?Sized> Clone for Document<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: Source + ?Sized> Copy for Document<'_, S> {}

impl<'a, S: Source + ?Sized> Document<'a, S> {
    #[doc(hidden)]
    pub fn detail(src: &'a S) -> Self {
        Document {
            src,
            target: Target::Detail,
        }
    }

    #[doc(hidden)]
    pub fn summary(src: &'a S) -> Self {
        Document {
            src,
            target: Target::Summary,
        }
    }

    #[doc(hidden)]
    pub fn show(src: &'a S, i: usize) -> Option<Self> {
        (i < src.count()).then_some(Document {
            src,
            target: Target::Show(i),
        })
    }

    /// What the document reads from and which document it is (for `serialize`).
    pub(crate) fn parts(&self) -> (&'a S, Target) {
        (self.src, self.target)
    }

    fn walk(&self, format: Format) -> Walk<'a, S> {
        Walk::new(self.src, self.target, format)
    }

    /// Writes the document into `buf`, returning the bytes written.
    ///
    /// If `buf` is too small, the error carries the exact length needed and `buf` holds no part
    /// of the document (what was written is zeroed).
    ///
    /// ```
    /// # use osimages::{ImageList, Style};
    /// let list: ImageList<1, 0, 0, 0> = ImageList::new();
    /// let mut buf = [0u8; 64];
    /// let n = list.detail().render(&mut buf, Style::JsonCompact).unwrap();
    /// assert_eq!(&buf[..n], br#"{"images":[]}"#);
    /// let too_small = list.detail().render(&mut buf[..5], Style::JsonCompact).unwrap_err();
    /// assert_eq!(too_small.needed, 13);
    /// ```
    pub fn render(
        &self,
        buf: &mut [u8],
        format: impl Into<Format>,
    ) -> Result<usize, BufferTooSmall> {
        let mut out = Out::one_shot(buf);
        // A one-shot `Out` counts past its end rather than stopping, so this runs to the end.
        let _ = self.walk(format.into()).run(&mut Pos::default(), &mut out);
        if !out.fits() {
            out.clear();
            return Err(BufferTooSmall { needed: out.pos });
        }
        Ok(out.pos)
    }

    /// The exact length [`Document::render`] writes, computed without writing anything.
    pub fn rendered_len(&self, format: impl Into<Format>) -> usize {
        let mut out = Out::one_shot(&mut []);
        let _ = self.walk(format.into()).run(&mut Pos::default(), &mut out);
        out.pos
    }

    /// A cursor that writes the document into successive buffers of any size.
    ///
    /// ```
    /// # use osimages::{ImageList, Style};
    /// let list: ImageList<1, 0, 0, 0> = ImageList::new();
    /// let mut chunks = list.detail().chunks(Style::XmlWire);
    /// let mut out = [0u8; 256];
    /// let mut n = 0;
    /// let mut small = [0u8; 7];
    /// while !chunks.is_finished() {
    ///     let k = chunks.fill(&mut small);
    ///     out[n..n + k].copy_from_slice(&small[..k]);
    ///     n += k;
    /// }
    /// assert!(out[..n].ends_with(br#"xmlns="http://docs.openstack.org/compute/api/v1.1"/>"#));
    /// ```
    pub fn chunks(&self, format: impl Into<Format>) -> Chunks<'a, S> {
        Chunks::new(*self, format.into())
    }

    /// Writes the document through `write`, handing it `buf` each time `buf` is full and at the
    /// end (every write but the last is `buf.len()` bytes, none is empty; an empty `buf` stands
    /// for 64 bytes of stack). Returns the bytes written; an error from `write` stops the render
    /// and is returned.
    ///
    /// ```
    /// # use osimages::{ImageList, Style};
    /// let list: ImageList<1, 0, 0, 0> = ImageList::new();
    /// let mut sent = Vec::new();
    /// let mut buf = [0u8; 8];
    /// let n = list.detail().write_with(&mut buf, Style::JsonCompact, |bytes: &[u8]| {
    ///     sent.extend_from_slice(bytes); // a UART, a socket...
    ///     Ok::<(), ()>(())
    /// })?;
    /// assert_eq!((n, &sent[..]), (13, &br#"{"images":[]}"#[..]));
    /// # Ok::<(), ()>(())
    /// ```
    pub fn write_with<E>(
        &self,
        buf: &mut [u8],
        format: impl Into<Format>,
        mut write: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut stack = [0u8; 64];
        let buf = if buf.is_empty() { &mut stack[..] } else { buf };
        let mut chunks = self.chunks(format);
        let mut written = 0;
        while !chunks.is_finished() {
            let n = chunks.fill(buf);
            match buf.get(..n) {
                Some(bytes) if n > 0 => write(bytes)?,
                _ => break,
            }
            written += n;
        }
        Ok(written)
    }

    /// Writes the document to an [`embedded_io::Write`] (a UART, a socket), `buf.len()` bytes at
    /// a time, as [`Document::write_with`] does. Feature `embedded-io`.
    #[cfg(feature = "embedded-io")]
    pub fn write_io<W: embedded_io::Write>(
        &self,
        writer: &mut W,
        buf: &mut [u8],
        format: impl Into<Format>,
    ) -> Result<usize, W::Error> {
        self.write_with(buf, format, |b| writer.write_all(b))
    }
}
