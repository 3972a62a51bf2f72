//! Rendering: each document described once (`describe`), compiled for each style at build time
//! (`plan`, `json`, `xml`, `style`), written by one renderer (`run`) into a sink (`sink`): a
//! slice, a length, successive chunks, or the caller's writer.

mod chunks;
mod describe;
mod json;
mod plan;
mod run;
mod shared;
mod sink;
pub mod style;
mod values;
mod xml;

pub use chunks::ChunkState;
pub use chunks::Chunks;

use crate::error::BufferTooSmall;
use crate::source::Source;
use run::{Pos, Run};
use sink::{COUNT, FLUSH, Full, Out, Sink, Stop, kind};
use style::{Kind, Tables};

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

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// What a render takes as its format: a [`Style`] or a [`Format`] (chosen at run time: every
/// style is compiled in), or a type of [`style`] (chosen at compile time: only that style is).
pub trait IntoFormat: Copy + Sealed {
    /// The style, when it is fixed at compile time.
    #[doc(hidden)]
    const FIXED: Option<Style>;
    /// The escapes a render in this format can need (`text::escapes`): the small build links
    /// only those.
    #[doc(hidden)]
    const ESCAPES: u8 = crate::text::escapes::ANY;
    /// The format.
    #[doc(hidden)]
    fn format(self) -> Format;
}

impl Sealed for Style {}
impl IntoFormat for Style {
    const FIXED: Option<Style> = None;
    fn format(self) -> Format {
        self.into()
    }
}

impl Sealed for Format {}
impl IntoFormat for Format {
    const FIXED: Option<Style> = None;
    fn format(self) -> Format {
        self
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
/// Rendering cannot fail except for lack of room (or, through [`Document::write_with`], an
/// error of the caller's writer): every value was checked when it was stored.
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

/// Writes a document in a style chosen at compile time (`K`): the one generic step between a
/// format, fixed or not, and the renderer.
struct Write<'w, 'a, S: ?Sized, W> {
    src: &'a S,
    target: Target,
    out: &'w mut W,
    /// A pull render's place: where it resumes, then where it stopped.
    pos: Option<&'w mut Pos>,
}

impl<S: Source + ?Sized, W: Sink> Write<'_, '_, S, W> {
    /// Inlined up to the caller, like the rest of the way from [`Document::render`] here: where
    /// the document is a constant (`list.detail()`), only its tables are named.
    #[inline(always)]
    fn run<K: Kind>(
        self,
        format: Format,
        #[cfg(feature = "small")] escape: crate::text::EscapeFn,
    ) -> Result<(), Stop> {
        let tables = match self.target {
            Target::Detail => &K::DETAIL_TABLES,
            Target::Summary => &K::SUMMARY_TABLES,
            Target::Show(_) => &K::SHOW_TABLES,
        };
        // A renderer that walks the plans is one for every style: the style is data.
        let Write {
            src,
            target,
            out,
            pos,
        } = self;
        #[cfg(feature = "small")]
        return Self::run_as::<style::Any>(src, target, out, pos, format, tables, escape);
        #[cfg(not(feature = "small"))]
        if run::walks::<W>() {
            Self::run_as::<style::Any>(src, target, out, pos, format, tables)
        } else {
            Self::run_as::<K>(src, target, out, pos, format, tables)
        }
    }

    /// Its arguments apart and its result a `Result` alone, not a struct and a `Pos` in the
    /// caller's frame: 56 bytes less stack for every render.
    fn run_as<R: Kind>(
        src: &S,
        target: Target,
        out: &mut W,
        pos: Option<&mut Pos>,
        format: Format,
        tables: &'static Tables,
        #[cfg(feature = "small")] escape: crate::text::EscapeFn,
    ) -> Result<(), Stop> {
        let mut run = Run::<R, S, W>::new(
            src,
            target,
            format,
            out,
            tables,
            #[cfg(feature = "small")]
            escape,
        );
        let from = pos.as_deref().copied().unwrap_or_default();
        let done = run.run(from);
        if let (Err(_), Some(p)) = (done, pos) {
            *p = run.pos;
        }
        done
    }

    /// Runs the style `f` names: the one style when it is fixed at compile time, else
    /// whichever it is now.
    #[inline(always)]
    fn dispatch<F: IntoFormat>(self, f: F) -> Result<(), Stop> {
        let format = f.format();
        let style = match F::FIXED {
            Some(s) => s,
            None => format.style,
        };
        // The small build links only the escapes the format can need.
        #[cfg(feature = "small")]
        let escape = const { crate::text::escape_fn(F::ESCAPES) };
        macro_rules! run {
            ($k:ty) => {
                self.run::<$k>(
                    format,
                    #[cfg(feature = "small")]
                    escape,
                )
            };
        }
        match style {
            Style::JsonCompact => run!(style::JsonCompact),
            Style::JsonPretty => run!(style::JsonPretty),
            Style::JsonNova => run!(style::JsonNova),
            Style::XmlWire => run!(style::XmlWire),
            Style::XmlPretty => run!(style::XmlPretty),
        }
    }
}

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

    /// Writes the document into `out`; a pull render from `pos`, which it leaves where it
    /// stopped.
    #[inline(always)]
    fn write<W: Sink, F: IntoFormat>(
        &self,
        out: &mut W,
        format: F,
        pos: Option<&mut Pos>,
    ) -> Result<(), Stop> {
        Write {
            src: self.src,
            target: self.target,
            out,
            pos,
        }
        .dispatch(format)
    }

    /// Writes the document into `buf`, returning the bytes written.
    ///
    /// If `buf` is too small, the error carries the exact length needed and `buf` holds no part
    /// of the document (what was written is zeroed). `format` is a [`Style`], a [`Format`], or
    /// a [`style`] type: with a type, only that style is compiled into the program.
    ///
    /// ```
    /// # use osimages::{ImageList, Style, style};
    /// let list: ImageList<1, 0, 0, 0> = ImageList::new();
    /// let mut buf = [0u8; 64];
    /// let n = list.detail().render(&mut buf, Style::JsonCompact).unwrap();
    /// assert_eq!(&buf[..n], br#"{"images":[]}"#);
    /// let n = list.detail().render(&mut buf, style::JsonCompact).unwrap();
    /// assert_eq!(&buf[..n], br#"{"images":[]}"#);
    /// let too_small = list.detail().render(&mut buf[..5], Style::JsonCompact).unwrap_err();
    /// assert_eq!(too_small.needed, 13);
    /// ```
    // Inlined, so that the document (a constant where the caller names it) chooses its tables
    // at compile time: see `Write::run`.
    #[inline(always)]
    pub fn render(&self, buf: &mut [u8], format: impl IntoFormat) -> Result<usize, BufferTooSmall> {
        let mut out = Out::<{ kind(COUNT) }>::new(buf, Full::Count);
        // A one-shot render counts past its end rather than stopping, so this runs to the end.
        let _ = self.write(&mut out, format, None);
        out.finish()
    }

    /// The exact length [`Document::render`] writes, computed without writing anything.
    pub fn rendered_len(&self, format: impl IntoFormat) -> usize {
        let mut out = Out::<{ kind(COUNT) }>::new(&mut [], Full::Count);
        let _ = self.write(&mut out, format, None);
        out.pos
    }

    /// A cursor that writes the document into successive buffers of any size. With feature
    /// `small` it is a few words and resumes the render on every fill; otherwise it also holds
    /// 4 KiB rendered ahead, from which it serves smaller buffers.
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
    pub fn chunks<F: IntoFormat>(&self, format: F) -> Chunks<'a, S, F> {
        Chunks::new(*self, format)
    }

    /// Writes the document through `write`, handing it `buf` each time `buf` is full and at the
    /// end (so every write but the last is `buf.len()` bytes; with an empty `buf`, each piece as
    /// it is made). Returns the bytes written; an error from `write` stops the render and is
    /// returned.
    ///
    /// On a hosted target (not bare metal) and outside the small build, a `buf` smaller than
    /// 4 KiB is filled from 4 KiB rendered at a time on the stack: a render straight into a small
    /// buffer writes every piece that crosses its end part by part, at a cost.
    ///
    /// ```
    /// # use osimages::{ImageList, style};
    /// let list: ImageList<1, 0, 0, 0> = ImageList::new();
    /// let mut sent = Vec::new();
    /// let mut buf = [0u8; 8];
    /// let n = list.detail().write_with(&mut buf, style::JsonCompact, |bytes: &[u8]| {
    ///     sent.extend_from_slice(bytes); // a UART, a socket...
    ///     Ok::<(), ()>(())
    /// })?;
    /// assert_eq!((n, &sent[..]), (13, &br#"{"images":[]}"#[..]));
    /// # Ok::<(), ()>(())
    /// ```
    pub fn write_with<E>(
        &self,
        buf: &mut [u8],
        format: impl IntoFormat,
        mut write: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut error = None;
        // The writer behind a `dyn`: one renderer for every writer a program has.
        let mut hand = |b: &[u8]| match write(b) {
            Ok(()) => true,
            Err(e) => {
                error = Some(e);
                false
            }
        };
        // Staged on hosted targets outside the small build: firmware stacks are too small for
        // a hidden window.
        #[cfg(not(any(feature = "small", target_os = "none")))]
        if (1..chunks::WINDOW).contains(&buf.len()) {
            let written = self.push_staged(buf, format, &mut hand);
            return error.map_or(Ok(written), Err);
        }
        let mut out = Out::<{ kind(FLUSH) }>::new(buf, Full::Flush(&mut hand));
        // The result bound, not tested in place: 16 bytes less stack on a Cortex-M4.
        let done = self.write(&mut out, format, None);
        if done.is_ok() {
            out.flush();
        }
        let written = out.written;
        match error {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }

    /// Renders into a window on the stack, a whole number of `buf`s long, and hands each full
    /// window on a `buf` at a time: a piece then crosses a buffer's end once per window, not once
    /// per `buf`. The bytes the writer took. Generic over the writer, which each buffer is then
    /// handed to without a `dyn` call (the render itself is one for every writer).
    #[cfg(not(any(feature = "small", target_os = "none")))]
    fn push_staged(
        &self,
        buf: &mut [u8],
        format: impl IntoFormat,
        write: &mut impl FnMut(&[u8]) -> bool,
    ) -> usize {
        // Never 0 here; were it, each split would still move on a byte.
        let size = buf.len().max(1);
        let mut window = [0u8; chunks::WINDOW];
        let whole = chunks::WINDOW - chunks::WINDOW.checked_rem(size).unwrap_or(0);
        let mut written = 0;
        let mut hand_on = |mut w: &[u8]| {
            // Whole buffers (every window but the last is made of them), by splits that cannot
            // panic (`chunks` asserts), then the document's last bytes.
            while let Some((c, rest)) = w.split_at_checked(size) {
                crate::bytes::copy(buf, c);
                if !write(buf) {
                    return false;
                }
                written += c.len();
                w = rest;
            }
            if w.is_empty() {
                return true;
            }
            crate::bytes::copy(buf, w);
            let took = write(buf.get(..w.len()).unwrap_or(&[]));
            if took {
                written += w.len();
            }
            took
        };
        let window = window.get_mut(..whole).unwrap_or(&mut []);
        let mut out = Out::<{ kind(FLUSH) }>::new(window, Full::Flush(&mut hand_on));
        if self.write(&mut out, format, None).is_ok() {
            out.flush();
        }
        written
    }

    /// Writes the document to an [`embedded_io::Write`] (a UART, a socket), `buf.len()` bytes at
    /// a time, as [`Document::write_with`] does. Feature `embedded-io`.
    #[cfg(feature = "embedded-io")]
    pub fn write_io<W: embedded_io::Write>(
        &self,
        writer: &mut W,
        buf: &mut [u8],
        format: impl IntoFormat,
    ) -> Result<usize, W::Error> {
        self.write_with(buf, format, |b| writer.write_all(b))
    }
}
