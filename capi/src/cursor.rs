//! Chunked streaming for both paths: a cursor in storage the caller provides fills successive
//! buffers of any size; the chunks, concatenated, are exactly the one-shot document.

use core::ffi::c_char;
use core::mem::MaybeUninit;
use core::ptr::null;

use super::list::{OSIMAGES_LIST_SIZE, osimages_list, stored};
use super::ptr::{self, Region, overlaps};
use super::render::{Contract, Output, Request, with_output};
use super::status::osimages_status::*;
use super::status::{Fault, Report, osimages_error, osimages_status};
use super::styles::{self, Job};
use super::view::{CView, osimages_view};
use osimages::__capi::ChunkState;
use osimages::{Document, IntoFormat, Source};

/// Bytes of storage an `osimages_cursor` takes, on every target.
pub const OSIMAGES_CURSOR_SIZE: usize = 96;
/// The alignment `osimages_cursor` storage needs (checked at run time).
pub const OSIMAGES_CURSOR_ALIGN: usize = 8;

/// What a cursor renders from.
#[derive(Debug, Clone, Copy)]
enum Over {
    /// An owned list, as it was at `generation`.
    List {
        list: *const osimages_list,
        generation: u64,
    },
    /// A view, checked again at every fill; `digest` is what the document depended on where
    /// the cursor stands ([`ChunkState::digest`]), compared at the next fill.
    View {
        view: *const osimages_view,
        digest: Option<u64>,
    },
}

/// What the storage holds once started.
#[repr(C)]
struct Cursor {
    magic: u64,
    over: Over,
    request: Request,
    state: ChunkState,
}

// SAFETY: `#[repr(C)]`, starts with the `u64` magic, fits in OSIMAGES_CURSOR_SIZE (asserted
// below).
unsafe impl ptr::Storage for Cursor {
    /// "osimcurs".
    const MAGIC: u64 = u64::from_le_bytes(*b"osimcurs");
    const SIZE: usize = OSIMAGES_CURSOR_SIZE;
}

const _: () = assert!(size_of::<Cursor>() <= OSIMAGES_CURSOR_SIZE);
const _: () = assert!(align_of::<Cursor>() <= OSIMAGES_CURSOR_ALIGN);
const _: () = assert!(size_of::<osimages_cursor>() == OSIMAGES_CURSOR_SIZE);

/// Storage for one chunked render: declare one, start it with `osimages_cursor_start_list` or
/// `osimages_cursor_start_view`, then call `osimages_cursor_fill` until it writes 0 bytes.
///
/// A cursor keeps a pointer to its list or view: that must stay where it is until the cursor
/// is no longer used. A cursor holds no other resource; drop it by forgetting it. Storage carved
/// out by other means must be `OSIMAGES_CURSOR_SIZE` bytes aligned to `OSIMAGES_CURSOR_ALIGN`.
#[repr(C)]
pub struct osimages_cursor {
    /// Private (`OSIMAGES_CURSOR_SIZE` bytes).
    pub opaque: [u64; 12],
}

/// Checks `cursor` and `cursor_size` (arguments 1 and 2) and writes a started cursor into it.
///
/// # Safety
/// `cursor`, when not NULL and aligned, must be writable for `cursor_size` bytes.
unsafe fn start(
    cursor: *mut osimages_cursor,
    cursor_size: usize,
    over: Over,
    request: Request,
) -> Result<(), Report> {
    let p = ptr::claim(cursor.cast::<Cursor>(), cursor_size, 1)?;
    // SAFETY: claimed (not NULL, aligned, big enough), writable (the caller's promise); nothing
    // is read or dropped.
    unsafe {
        p.write(Cursor {
            magic: <Cursor as ptr::Storage>::MAGIC,
            over,
            request,
            state: ChunkState::default(),
        })
    };
    Ok(())
}

/// Starts a chunked render of one document of an owned list (see `osimages_list_render` for
/// `document`, `image` and `format`).
///
/// The cursor keeps a pointer to `list`, which must stay where it is while the cursor is used.
/// If the list changes before the document is finished, the next fill reports
/// `OSIMAGES_STATUS_LIST_CHANGED`.
///
/// - `cursor`, `cursor_size`: storage of at least `OSIMAGES_CURSOR_SIZE` bytes aligned to
///   `OSIMAGES_CURSOR_ALIGN` (an `osimages_cursor` variable and `sizeof` it); it must not
///   overlap the list.
///
/// # Safety
/// `cursor` NULL or writable for `cursor_size` bytes; `list` NULL or initialised list storage;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_cursor_start_list(
    cursor: *mut osimages_cursor,
    cursor_size: usize,
    list: *const osimages_list,
    document: u32,
    image: usize,
    format: u32,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let request = Request::new(document, image, format, 4)?;
        // SAFETY: the caller's promise for `list`.
        let s = unsafe { stored(list, 3) }?;
        request.document(&s.list).map_err(|e| e.through(3))?;
        if overlaps(
            cursor.cast::<u8>(),
            cursor_size.min(OSIMAGES_CURSOR_SIZE),
            list.cast::<u8>(),
            OSIMAGES_LIST_SIZE,
        ) {
            return Err(Fault::arg(OSIMAGES_STATUS_OVERLAP, 1).into());
        }
        let over = Over::List {
            list,
            generation: s.generation.get(),
        };
        // SAFETY: the caller's promise for `cursor`.
        unsafe { start(cursor, cursor_size, over, request) }
    })
}

/// Starts a chunked render of one document of a view (see `osimages_view_render` for
/// `document`, `image` and `format`). The whole view is checked now; each fill checks again the
/// list-level values and the images it writes, and reads again the image it stands in, so a
/// fill costs what it writes and one image, not the view.
///
/// The cursor keeps a pointer to `view`: the view, and everything it points to, must stay where
/// it is while the cursor is used. Its contents may change between fills where the cursor has
/// not got to yet: later chunks render them as they are then (or report what is wrong with
/// them). A change to the number of images, to the list-level values (endpoints, tenant, next
/// link, size extension) or to the image being written (its values, how many metadata entries
/// and links it has, the entry or link being written) is reported by the next fill,
/// `OSIMAGES_STATUS_VIEW_CHANGED`, with the cursor where it was: put the view back as it was,
/// or start again. The cursor storage must not overlap the
/// `osimages_view` struct (refused with `OSIMAGES_STATUS_OVERLAP`) nor anything it points to.
///
/// # Safety
/// `cursor` NULL or writable for `cursor_size` bytes; `view` NULL or valid with everything it
/// points to; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_cursor_start_view(
    cursor: *mut osimages_cursor,
    cursor_size: usize,
    view: *const osimages_view,
    document: u32,
    image: usize,
    format: u32,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let request = Request::new(document, image, format, 4)?;
        let mut slot = MaybeUninit::uninit();
        // SAFETY: the caller's promise for `view` and what it points to.
        let checked = unsafe { CView::check_as_read(view, 3, &mut slot) }?;
        checked.check_images(3)?;
        let doc = request.document(checked).map_err(|e| e.through(3))?;
        let over = Over::View {
            view,
            digest: ChunkState::default().digest(&doc),
        };
        let (at, size) = over.region();
        if overlaps(
            cursor.cast::<u8>(),
            cursor_size.min(OSIMAGES_CURSOR_SIZE),
            at,
            size,
        ) {
            return Err(Fault::arg(OSIMAGES_STATUS_OVERLAP, 1).into());
        }
        // SAFETY: the caller's promise for `cursor`.
        unsafe { start(cursor, cursor_size, over, request) }
    })
}

/// Writes the next bytes of the document into `buf`, as many as fit, and their number to
/// `*out_written`. `*out_written` is 0 only once the document is finished: loop until then.
///
/// The chunks, concatenated, are exactly what the one-shot render writes. They are not
/// NUL-terminated: every byte written is document.
///
/// - `buf`, `buf_len`: at least 1 byte (0 is refused with `OSIMAGES_STATUS_BUFFER_TOO_SMALL`);
///   `buf` must not overlap the cursor, the list or the view.
/// - On any error `buf` holds no document bytes (`buf[0] = 0` when `buf_len > 0`; bytes of a
///   chunk that had to be dropped are zeroed), `*out_written` is 0, and the cursor stays where
///   it was. A view that no longer passes its checks reports what is wrong with it; one that
///   changed where the cursor stands, `OSIMAGES_STATUS_VIEW_CHANGED`.
///
/// # Safety
/// `cursor` NULL or started cursor storage whose list or view is still valid; `buf` NULL or
/// writable for `buf_len` bytes; `out_written` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_cursor_fill(
    cursor: *mut osimages_cursor,
    buf: *mut c_char,
    buf_len: usize,
    out_written: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `cursor`.
        let loaded = unsafe { load(cursor) };
        // The cursor's own storage and what it renders from: never written, not even the
        // `buf[0] = 0` of an error, when the buffer overlaps them.
        let source = loaded.as_ref().map_or((null(), 0), |c| c.over.region());
        let apart = [
            (cursor.cast_const().cast::<u8>(), OSIMAGES_CURSOR_SIZE),
            source,
        ];
        // SAFETY: the caller's promise for `cursor`, `buf`, `out_written` and what the cursor
        // renders from; the buffer is checked not to overlap the cursor or its source.
        unsafe {
            with_output(
                Output::new(buf, buf_len, out_written, 2),
                Contract::Chunk,
                &apart,
                loaded,
                |state, slice| fill(cursor, state, slice).map(Ok),
            )
        }
        .map_err(Into::into)
    })
}

/// A copy of the started cursor in `cursor` (argument 1).
///
/// # Safety
/// `cursor`, when not NULL and aligned, must be readable for `OSIMAGES_CURSOR_SIZE` bytes and,
/// if it starts with the magic, hold a cursor that `start` wrote.
unsafe fn load(cursor: *mut osimages_cursor) -> Result<Cursor, Fault> {
    // SAFETY: passed on from the caller.
    let p = unsafe { ptr::initialised(cursor.cast_const().cast::<Cursor>(), 1) }?;
    // SAFETY: started by `start` (the magic says so); copied out, so no reference into the
    // caller's storage is held while the buffer is written.
    Ok(unsafe { p.read() })
}

impl Over {
    /// The storage the cursor renders from, which no buffer may overlap.
    fn region(&self) -> Region {
        match *self {
            Over::List { list, .. } => (list.cast::<u8>(), OSIMAGES_LIST_SIZE),
            Over::View { view, .. } => (view.cast::<u8>(), size_of::<osimages_view>()),
        }
    }
}

/// The work of [`osimages_cursor_fill`] once the cursor is loaded and the buffer is checked (at
/// least one byte, not overlapping the cursor or its source): fills `slice` with the next
/// chunk and moves the cursor on. On error the cursor stays where it was and the bytes of a
/// dropped chunk are zeroed.
///
/// # Safety
/// As [`osimages_cursor_fill`]; `loaded` was read from `cursor`.
unsafe fn fill(
    cursor: *mut osimages_cursor,
    loaded: Cursor,
    slice: &mut [u8],
) -> Result<usize, Fault> {
    let p = cursor.cast::<Cursor>();
    let Cursor {
        mut over,
        request,
        mut state,
        ..
    } = loaded;
    let written = match over {
        Over::List { list, generation } => {
            // SAFETY: the caller's promise that the list is still where it was.
            let s = unsafe { stored(list, 1) }?;
            if s.generation.get() != generation {
                return Err(Fault::arg(OSIMAGES_STATUS_LIST_CHANGED, 1));
            }
            let doc = request.document(&s.list).map_err(|e| e.through(1))?;
            next_chunk(&mut state, &doc, request, slice)?
        }
        Over::View { view, digest } => {
            let mut slot = MaybeUninit::uninit();
            // SAFETY: the caller's promise that the view and what it points to are still valid.
            let checked = unsafe { CView::check_as_read(view, 1, &mut slot) }?;
            let doc = request.document(checked).map_err(|e| e.through(1))?;
            // An image that no longer passes its checks (`None`) is reported by the render.
            let now = state.digest(&doc);
            if let (Some(now), Some(then)) = (now, digest)
                && now != then
            {
                return Err(Fault::arg(OSIMAGES_STATUS_VIEW_CHANGED, 1));
            }
            let was = state;
            let written = next_chunk(&mut state, &doc, request, slice)?;
            if let Some(e) = checked.failure() {
                // An image this chunk reached no longer passes its checks: drop the chunk.
                if let Some(dropped) = slice.get_mut(..written) {
                    dropped.fill(0);
                }
                return Err(e.through(1));
            }
            // Still in the same image and entry (or the same end of the document): the same
            // digest.
            let digest = match now {
                Some(now) if state.same_place(&was) => Some(now),
                _ => state.digest(&doc),
            };
            over = Over::View { view, digest };
            written
        }
    };
    // SAFETY: the same storage as read above, still aligned and writable; only the place (and
    // a view's digest) moves.
    unsafe {
        (&raw mut (*p).over).write(over);
        (&raw mut (*p).state).write(state);
    }
    Ok(written)
}

/// Fills `slice` with the next bytes of `doc` in the style the cursor was started with (a
/// style not built was refused then; refused again here, as the cursor's fault, argument 1).
fn next_chunk(
    state: &mut ChunkState,
    doc: &Document<'_, dyn Source + '_>,
    request: Request,
    slice: &mut [u8],
) -> Result<usize, Fault> {
    struct Fill<'s, 'd, 'a, 'b> {
        state: &'s mut ChunkState,
        doc: &'d Document<'a, dyn Source + 'a>,
        buf: &'b mut [u8],
    }
    impl Job for Fill<'_, '_, '_, '_> {
        type Output = usize;
        fn run<F: IntoFormat>(self, format: F) -> usize {
            self.state.fill(self.doc, format, self.buf)
        }
    }
    let job = Fill {
        state,
        doc,
        buf: slice,
    };
    styles::dispatch(request.format, 1, job)
}
