//! The push sink: a document handed to the caller's write callback a bufferful at a time (a
//! UART, a socket, a file), and the contract every `osimages_*_write` follows.

use core::ffi::{c_int, c_void};

use super::ptr::{self, Out, Region};
use super::status::osimages_status::*;
use super::status::{Fault, Report};
use super::styles::Job;
use osimages::{Document, IntoFormat, Source};

/// Receives the document: `len` bytes at `bytes` (never 0 bytes), valid only during the call.
/// Returns 0 to go on; any other value stops the render, and the call that rendered returns
/// `OSIMAGES_STATUS_WRITE_FAILED` with this value in `err->write_result`. `ctx` is the
/// caller's own pointer, passed through untouched.
///
/// It must not change the list or view being rendered (nor the buffer it was given). A list
/// changed during the call stops the render there: the call returns
/// `OSIMAGES_STATUS_LIST_CHANGED` (a view's change is not detected).
pub type osimages_write_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, bytes: *const u8, len: usize) -> c_int>;

/// What a sink returns in place of a callback's refusal when the list being written changed
/// during the callback: 0, which is no callback's refusal (0 means go on).
pub(crate) const LIST_CHANGED_UNDER_CALLBACK: c_int = 0;

/// What the document is written through: a function the renderer calls with each full buffer,
/// and at the end; `Err` is the callback's nonzero result.
pub(crate) type WriteFn<'w> = &'w mut dyn FnMut(&[u8]) -> Result<(), c_int>;

/// The caller's scratch buffer, callback, context and `out_written`, as one call received them;
/// `argument` is the position of `buf` (`buf_len`, `write`, `ctx` and `out_written` follow it).
pub(crate) struct Writer {
    buf: *mut u8,
    len: usize,
    write: osimages_write_fn,
    ctx: *mut c_void,
    out_written: *mut usize,
    argument: u32,
}

impl Writer {
    pub(crate) fn new(
        buf: *mut u8,
        len: usize,
        write: osimages_write_fn,
        ctx: *mut c_void,
        out_written: *mut usize,
        argument: u32,
    ) -> Self {
        Writer {
            buf,
            len,
            write,
            ctx,
            out_written,
            argument,
        }
    }
}

/// Applies the push contract around `body`, the one place that calls a write callback.
///
/// In this order: `out_written` must not be NULL (it is then set to 0); `write` must not be
/// NULL; the buffer is checked ([`ptr::buffer`]: `len` 0 is no buffer, each piece is then
/// handed over as it is made and `buf` may be NULL; NULL, length, overlap with storage in
/// `apart`). `body` renders
/// into the buffer through the callback it is given. `*out_written` receives the bytes the
/// callback accepted: the whole document, or after `OSIMAGES_STATUS_WRITE_FAILED` what came
/// before the refused call. The buffer is scratch: what it holds afterwards is unspecified.
///
/// # Safety
/// `buf`, when not NULL, must be writable for `len` bytes and unshared during the call except
/// for what `apart` lists; `out_written`, when not NULL, writable for a `size_t`; `write`, when
/// not NULL, callable with `ctx` as its contract says.
pub(crate) unsafe fn with_writer(
    writer: Writer,
    apart: &[Region],
    body: impl FnOnce(&mut [u8], WriteFn<'_>) -> Result<Result<usize, c_int>, Fault>,
) -> Result<(), Report> {
    let Writer {
        buf,
        len,
        write,
        ctx,
        out_written,
        argument,
    } = writer;
    let out = Out::new(out_written, argument + 4)?;
    // SAFETY: checked not NULL; writable is the caller's promise.
    unsafe { out.set(0) };
    let write = write.ok_or(Fault::arg(OSIMAGES_STATUS_NULL_POINTER, argument + 2))?;
    // SAFETY: the caller's promise; a buffer over what the body reads is refused.
    let scratch = unsafe { ptr::buffer(buf.cast(), len, argument, apart) }?;
    let mut accepted = 0usize;
    let mut sink = |bytes: &[u8]| {
        // SAFETY: the caller's promise for `write` and `ctx`; `bytes` is readable for its length
        // during the call.
        match unsafe { write(ctx, bytes.as_ptr(), bytes.len()) } {
            0 => {
                accepted = accepted.saturating_add(bytes.len());
                Ok(())
            }
            refused => Err(refused),
        }
    };
    let result = body(scratch, &mut sink);
    // SAFETY: as above.
    unsafe { out.set(accepted) };
    match result? {
        Ok(_) => Ok(()),
        // The list is each list function's first argument.
        Err(LIST_CHANGED_UNDER_CALLBACK) => Err(Fault::arg(OSIMAGES_STATUS_LIST_CHANGED, 1).into()),
        Err(code) => Err(Report::write_failed(code, argument + 2)),
    }
}

/// One push render of a document through `write`, `buf` at a time (a [`Job`]: its style is
/// chosen by the caller).
pub(crate) struct Push<'d, 'a, 'b, 'w> {
    pub(crate) doc: &'d Document<'a, dyn Source + 'a>,
    pub(crate) buf: &'b mut [u8],
    pub(crate) write: WriteFn<'w>,
}

impl Job for Push<'_, '_, '_, '_> {
    type Output = Result<usize, c_int>;
    fn run<F: IntoFormat>(self, format: F) -> Self::Output {
        self.doc.write_with(self.buf, format, self.write)
    }
}
