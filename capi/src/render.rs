//! What to render, checked from C integers, and the `snprintf`-like buffer contract every
//! one-shot render follows.

use core::ffi::c_char;

use super::ptr::{self, Out};
use super::status::osimages_error;
use super::status::osimages_status::*;
use osimages::__capi::Target;
use osimages::Source;
use osimages::{BufferTooSmall, Error, ErrorKind, Field};
use osimages::{Document, Format, Style};

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
    /// Checks `document` and `format`, the arguments at positions `argument` and `argument + 2`
    /// (`image` sits between them).
    pub(crate) fn new(
        document: u32,
        image: usize,
        format: u32,
        argument: u32,
    ) -> Result<Self, osimages_error> {
        let target = match document {
            OSIMAGES_DOCUMENT_DETAIL => Target::Detail,
            OSIMAGES_DOCUMENT_SUMMARY => Target::Summary,
            OSIMAGES_DOCUMENT_SHOW => Target::Show(image),
            _ => {
                return Err(osimages_error::arg(
                    OSIMAGES_STATUS_INVALID_DOCUMENT,
                    argument,
                ));
            }
        };
        let invalid = osimages_error::arg(OSIMAGES_STATUS_INVALID_FORMAT, argument + 2);
        if format & !(0xFF | OSIMAGES_OPTION_ASCII_ONLY) != 0 {
            return Err(invalid);
        }
        let style = *Style::ALL.get((format & 0xFF) as usize).ok_or(invalid)?;
        Ok(Request {
            target,
            format: Format {
                style,
                ascii_only: format & OSIMAGES_OPTION_ASCII_ONLY != 0,
            },
        })
    }

    /// The document of `src`; a show index past the end is refused.
    ///
    /// The source is a trait object: the renderer is then compiled once for both paths (list
    /// and view) instead of once per path, which keeps the C library small.
    pub(crate) fn document<'a>(
        &self,
        src: &'a (dyn Source + 'a),
    ) -> Result<Document<'a, dyn Source + 'a>, osimages_error> {
        match self.target {
            Target::Detail => Ok(Document::detail(src)),
            Target::Summary => Ok(Document::summary(src)),
            Target::Show(i) => Document::show(src, i).ok_or_else(|| {
                osimages_error::from(Error::new(ErrorKind::NoSuchImage, Field::Image)).at_image(i)
            }),
        }
    }
}

/// Storage the output buffer must not overlap: its start and length in bytes.
pub(crate) type Region = (*const u8, usize);

/// Applies the buffer contract around `body`, which renders into the checked buffer (empty for
/// a size query) and says how long the document is.
///
/// - `*out_len` always receives the full length (0 on an error other than a small buffer);
/// - `len == 0` is a size query (`buf` may then be NULL);
/// - the document is NUL-terminated when there is room for the NUL;
/// - on any error no part of a document is left: `buf[0] = 0` when `len > 0`.
///
/// `argument` is the position of `buf`; `len` and `out_len` follow it.
///
/// # Safety
/// `buf`, when not NULL, must be writable for `len` bytes; `out_len`, when not NULL, writable
/// for a `size_t`; both unshared during the call except for what `apart` lists.
pub(crate) unsafe fn with_output(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
    argument: u32,
    apart: &[Region],
    body: impl FnOnce(&mut [u8]) -> Result<Result<usize, BufferTooSmall>, osimages_error>,
) -> Result<(), osimages_error> {
    // A buffer over storage the call reads is never written, not even `buf[0] = 0`.
    let overlapping = apart
        .iter()
        .any(|&(at, size)| ptr::overlaps(buf.cast::<u8>(), len, at, size));
    let clear_first = || {
        if len > 0 && !buf.is_null() && !overlapping {
            // SAFETY: not NULL and `len > 0`: the first byte is the caller's, writable, and
            // not part of the storage in `apart`.
            unsafe { buf.write(0) }
        }
    };
    let out = match Out::new(out_len, argument + 2) {
        Ok(out) => out,
        Err(e) => {
            clear_first();
            return Err(e);
        }
    };
    let fail = |e: osimages_error| {
        // SAFETY: `out_len` was checked; writable is the caller's promise.
        unsafe { out.set(0) };
        clear_first();
        Err(e)
    };
    if overlapping {
        // The buffer overlaps storage that is read during the call: nothing may be written.
        // SAFETY: `out_len` was checked; writable is the caller's promise.
        unsafe { out.set(0) };
        return Err(osimages_error::arg(OSIMAGES_STATUS_OVERLAP, argument));
    }
    // SAFETY: the caller's promise, and the buffer does not overlap what the body reads.
    let slice = match unsafe { ptr::buffer(buf, len, argument) } {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let size_query = slice.is_empty();
    match body(slice) {
        Err(e) => {
            if let Some(first) = slice.first_mut() {
                *first = 0;
            }
            // SAFETY: `out_len` was checked; writable is the caller's promise.
            unsafe { out.set(0) };
            Err(e)
        }
        Ok(Ok(n)) => {
            if let Some(nul) = slice.get_mut(n) {
                *nul = 0;
            }
            // SAFETY: `out_len` was checked; writable is the caller's promise.
            unsafe { out.set(n) };
            Ok(())
        }
        Ok(Err(BufferTooSmall { needed })) => {
            // SAFETY: `out_len` was checked; writable is the caller's promise.
            unsafe { out.set(needed) };
            if size_query {
                return Ok(());
            }
            if let Some(first) = slice.first_mut() {
                *first = 0;
            }
            Err(osimages_error::arg(
                OSIMAGES_STATUS_BUFFER_TOO_SMALL,
                argument + 1,
            ))
        }
    }
}
