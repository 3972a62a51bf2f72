//! What to render, checked from C integers, and the `snprintf`-like buffer contract every
//! one-shot render follows.

use core::ffi::c_char;

use super::ptr::{self, Out, Region};
use super::status::Fault;
use super::status::osimages_status::*;
use super::styles::{self, Job};
use osimages::__capi::Target;
use osimages::Source;
use osimages::{BufferTooSmall, ErrorKind, Field};
use osimages::{Document, Format, IntoFormat, Style};

/// The detail list, `GET /v2/{tenant}/images/detail`.
pub const OSIMAGES_DOCUMENT_DETAIL: u32 = 0;
/// The summary list, `GET /v2/{tenant}/images`: id, name and links of each image.
pub const OSIMAGES_DOCUMENT_SUMMARY: u32 = 1;
/// One image, `GET /v2/{tenant}/images/{id}`: the image at the index given with it.
pub const OSIMAGES_DOCUMENT_SHOW: u32 = 2;

/// JSON without whitespace, keys in code-point order (the default).
pub const OSIMAGES_STYLE_JSON_COMPACT: u32 = 0;
/// JSON as Python's `json.dumps(doc, indent=4, sort_keys=True)` writes it.
pub const OSIMAGES_STYLE_JSON_PRETTY: u32 = 1;
/// JSON as nova put it on the wire: `", "` and `": "`, nova's key order.
pub const OSIMAGES_STYLE_JSON_NOVA: u32 = 2;
/// XML as nova put it on the wire: no whitespace between elements.
pub const OSIMAGES_STYLE_XML_WIRE: u32 = 3;
/// XML indented by two spaces, one element per line.
pub const OSIMAGES_STYLE_XML_PRETTY: u32 = 4;
/// Or-ed into a JSON style: every non-ASCII character as `\uXXXX` (XML ignores it).
pub const OSIMAGES_OPTION_ASCII_ONLY: u32 = 0x100;

/// A checked request: which document, in which format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) target: Target,
    pub(crate) format: Format,
}

impl Request {
    /// Checks `document` and `format` (an `OSIMAGES_STYLE_*` code with `OSIMAGES_OPTION_*`
    /// bits), the arguments at positions `argument` and `argument + 2` (`image` sits between
    /// them).
    pub(crate) fn new(
        document: u32,
        image: usize,
        format: u32,
        argument: u32,
    ) -> Result<Self, Fault> {
        let style = Style::ALL.get((format & 0xFF) as usize).copied();
        let request = Self::styled(document, image, style, format & !0xFF, argument)?;
        styles::check(request.format, argument + 2)?;
        Ok(request)
    }

    /// Checks `document` and `options` (`OSIMAGES_OPTION_*` bits), the arguments at positions
    /// `argument` and `argument + 2`, for `style` (`None`: the call named no style).
    pub(crate) fn styled(
        document: u32,
        image: usize,
        style: Option<Style>,
        options: u32,
        argument: u32,
    ) -> Result<Self, Fault> {
        let target = match document {
            OSIMAGES_DOCUMENT_DETAIL => Target::Detail,
            OSIMAGES_DOCUMENT_SUMMARY => Target::Summary,
            OSIMAGES_DOCUMENT_SHOW => Target::Show(image),
            _ => {
                return Err(Fault::arg(OSIMAGES_STATUS_INVALID_DOCUMENT, argument));
            }
        };
        let invalid = Fault::arg(OSIMAGES_STATUS_INVALID_FORMAT, argument + 2);
        let style = match style {
            Some(style) if options & !OSIMAGES_OPTION_ASCII_ONLY == 0 => style,
            _ => return Err(invalid),
        };
        let format = Format {
            style,
            ascii_only: options & OSIMAGES_OPTION_ASCII_ONLY != 0,
        };
        Ok(Request { target, format })
    }

    /// The document of `src`; a show index past the end is refused.
    ///
    /// The source is a trait object: the renderer is then compiled once for both paths (list
    /// and view) instead of once per path, which keeps the C library small.
    pub(crate) fn document<'a>(
        &self,
        src: &'a (dyn Source + 'a),
    ) -> Result<Document<'a, dyn Source + 'a>, Fault> {
        self.document_of(src)
    }

    /// [`Request::document`] of a source of any type (the checked view's, rendered as itself).
    #[inline(always)]
    pub(crate) fn document_of<'a, S: Source + ?Sized>(
        &self,
        src: &'a S,
    ) -> Result<Document<'a, S>, Fault> {
        match self.target {
            Target::Detail => Ok(Document::detail(src)),
            Target::Summary => Ok(Document::summary(src)),
            Target::Show(i) => Document::show(src, i)
                .ok_or_else(|| Fault::refused(ErrorKind::NoSuchImage, Field::Image).at_image(i)),
        }
    }
}

/// One one-shot render of a document into `buf` (a [`Job`]: its style is chosen by the caller).
/// Its source is `dyn Source` but for the checked view's render in the fast build.
pub(crate) struct Render<'d, 'a, 'b, S: Source + ?Sized + 'a> {
    pub(crate) doc: &'d Document<'a, S>,
    pub(crate) buf: &'b mut [u8],
}

impl<S: Source + ?Sized> Job for Render<'_, '_, '_, S> {
    type Output = Result<usize, BufferTooSmall>;
    fn run<F: IntoFormat>(self, format: F) -> Self::Output {
        self.doc.render(self.buf, format)
    }
}

/// How a call fills the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contract {
    /// A whole document, as `snprintf`: `*out_len` receives the full length (also when the
    /// buffer is too small, which is refused); a length of 0 is a size query (`buf` may then be
    /// NULL); the document is NUL-terminated when there is room for the NUL.
    Whole,
    /// The next chunk of a document: at least one byte of room (0 is refused); every byte
    /// written is document, no NUL.
    Chunk,
}

/// The caller's buffer, its length and the length out-parameter, as one call received them;
/// `argument` is the position of `buf` (its length and `out_len` follow it).
pub(crate) struct Output {
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
    argument: u32,
}

impl Output {
    pub(crate) fn new(buf: *mut c_char, len: usize, out_len: *mut usize, argument: u32) -> Self {
        Output {
            buf,
            len,
            out_len,
            argument,
        }
    }
}

/// Applies the buffer contract around `body`, the one place that writes to a caller's buffer.
///
/// In this order: `out_len` must not be NULL (it is then set to 0); `ready` (what the call
/// checked before it can know what the buffer must not overlap) is reported; then the buffer is
/// checked ([`ptr::buffer`]: NULL, length, overlap with storage in `apart`) and handed to
/// `body` with what `ready` held. `body` writes the document (or chunk) and says its length, or
/// that the document does not fit.
///
/// After any error, `*out_len` is 0 (the full length for a too-small [`Contract::Whole`]
/// buffer) and the buffer holds no part of a document: `buf[0] = 0` when there is a first
/// byte, unless the buffer overlaps storage in `apart`, which is never written.
///
/// # Safety
/// `buf`, when not NULL, must be writable for `len` bytes; `out_len`, when not NULL, writable
/// for a `size_t`; both unshared during the call except for what `apart` lists.
pub(crate) unsafe fn with_output<T>(
    output: Output,
    contract: Contract,
    apart: &[Region],
    ready: Result<T, Fault>,
    body: impl FnOnce(T, &mut [u8]) -> Result<Result<usize, BufferTooSmall>, Fault>,
) -> Result<(), Fault> {
    let Output {
        buf,
        len,
        out_len,
        argument,
    } = output;
    // A buffer over storage the call reads is never written, not even `buf[0] = 0`.
    let overlapping = ptr::overlaps_any(buf.cast_const().cast(), len, apart);
    let clear_first = || {
        if len > 0 && !buf.is_null() && !overlapping {
            // SAFETY: not NULL and `len > 0`: the first byte is the caller's, writable, and
            // not part of the storage in `apart`.
            unsafe { buf.write(0) }
        }
    };
    let out = Out::new(out_len, argument + 2).inspect_err(|_| clear_first())?;
    // The length reported after an error.
    let mut full = 0;
    let written = (|| {
        let ready = ready?;
        if contract == Contract::Chunk && len == 0 {
            return Err(Fault::arg(OSIMAGES_STATUS_BUFFER_TOO_SMALL, argument + 1));
        }
        // SAFETY: the caller's promise; a buffer over what the body reads is refused.
        let slice = unsafe { ptr::buffer(buf, len, argument, apart) }?;
        match body(ready, slice)? {
            Ok(n) => {
                if contract == Contract::Whole
                    && let Some(nul) = slice.get_mut(n)
                {
                    *nul = 0;
                }
                Ok(n)
            }
            Err(BufferTooSmall { needed }) if slice.is_empty() => Ok(needed),
            Err(BufferTooSmall { needed }) => {
                full = needed;
                Err(Fault::arg(OSIMAGES_STATUS_BUFFER_TOO_SMALL, argument + 1))
            }
        }
    })();
    let (reported, result) = match written {
        Ok(n) => (n, Ok(())),
        Err(e) => {
            clear_first();
            (full, Err(e))
        }
    };
    // SAFETY: `out_len` was checked; writable is the caller's promise.
    unsafe { out.set(reported) };
    result
}
