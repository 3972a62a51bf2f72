//! The owned path: an image list kept in storage the caller provides (a static array will do),
//! filled value by value, each checked exactly as the Rust `ImageList` checks it.

use core::cell::Cell;
use core::ffi::{c_char, c_void};
use core::sync::atomic::{AtomicU32, Ordering};

use super::image::{CheckedImage, osimages_image, osimages_link, osimages_meta_entry};
use super::ptr::{self, Out};
use super::render::{Contract, Output, with_output};
use super::status::{Fault, Report, osimages_error, osimages_status};
use super::str::osimages_str;
use super::styles::{AnyBuilt, Renders, Writes};
use super::write::{LIST_CHANGED_UNDER_CALLBACK, Writer, osimages_write_fn, with_writer};
use osimages::{Capacity, ImageList};
use osimages::{Endpoints, Links};
use osimages::{Error, ErrorKind, Field};

/// Images an `osimages_list` holds.
pub const OSIMAGES_LIST_MAX_IMAGES: usize = 16;
/// Metadata entries an `osimages_list` holds, all images together.
pub const OSIMAGES_LIST_MAX_METADATA: usize = 128;
/// Explicit links an `osimages_list` holds, all images together (derived links take none).
pub const OSIMAGES_LIST_MAX_LINKS: usize = 16;
/// Bytes of text an `osimages_list` holds, all strings together (names, metadata, endpoints,
/// the next link, explicit links, and 16 bytes per snapshot's server id).
pub const OSIMAGES_LIST_MAX_TEXT: usize = 4096;
/// Bytes of storage an `osimages_list` takes, on every target.
pub const OSIMAGES_LIST_SIZE: usize = 7880;
/// The alignment `osimages_list` storage needs (checked at run time).
pub const OSIMAGES_LIST_ALIGN: usize = 8;

/// The capacities above, as a Rust type.
pub(crate) type Inner = ImageList<
    OSIMAGES_LIST_MAX_IMAGES,
    OSIMAGES_LIST_MAX_METADATA,
    OSIMAGES_LIST_MAX_LINKS,
    OSIMAGES_LIST_MAX_TEXT,
>;

/// What the storage holds once initialised.
#[repr(C)]
pub(crate) struct Stored {
    magic: u64,
    /// Changes with every change of the list, so that a cursor (and a push render, across its
    /// callback) can tell. A `Cell`: a render that holds the list shared reads it again after
    /// calling out to the caller, who may have broken the contract and changed the list.
    pub(crate) generation: Cell<u64>,
    pub(crate) list: Inner,
}

/// How many lists were initialised, to start each one's generations in a range of its own (the
/// count in the high 32 bits): a cursor over what the storage held before is told from one over
/// what it holds now, without reading storage that may never have been written. Racing
/// initialisations may share a count; only one storage's two lists need differ. A load and a
/// store, which every target has (a Cortex-M0 has no atomic add).
static INITIALISED: AtomicU32 = AtomicU32::new(0);

// SAFETY: `#[repr(C)]`, starts with the `u64` magic, fits in OSIMAGES_LIST_SIZE (asserted below).
unsafe impl ptr::Storage for Stored {
    /// "osimlist".
    const MAGIC: u64 = u64::from_le_bytes(*b"osimlist");
    const SIZE: usize = OSIMAGES_LIST_SIZE;
}

const _: () = assert!(size_of::<Stored>() <= OSIMAGES_LIST_SIZE);
const _: () = assert!(align_of::<Stored>() <= OSIMAGES_LIST_ALIGN);
const _: () = assert!(size_of::<osimages_list>() == OSIMAGES_LIST_SIZE);

/// What a document needs from a list, or what a list holds: images, metadata entries (all
/// images together), explicit links (all together) and bytes of text (all strings together).
/// Compare with `OSIMAGES_LIST_MAX_*`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct osimages_capacity {
    /// Images.
    pub images: usize,
    /// Metadata entries.
    pub metadata: usize,
    /// Explicit links.
    pub links: usize,
    /// Bytes of text.
    pub bytes: usize,
}

impl From<Capacity> for osimages_capacity {
    fn from(c: Capacity) -> Self {
        osimages_capacity {
            images: c.images,
            metadata: c.metadata,
            links: c.links,
            bytes: c.bytes,
        }
    }
}

/// Storage for one image list: declare one (static, global or on the stack), pass it to
/// `osimages_list_init`, then to every `osimages_list_*` call.
///
/// The capacities are `OSIMAGES_LIST_MAX_*`, chosen for firmware: 16 images with 8 metadata
/// entries each and 4 KiB of text take `OSIMAGES_LIST_SIZE` (7880 bytes). Storage carved out
/// by other means must be `OSIMAGES_LIST_SIZE` bytes aligned to `OSIMAGES_LIST_ALIGN`. For more
/// images than that, use the zero-copy `osimages_view`, which has no limit.
///
/// The contents are private: change them only through `osimages_list_*` calls.
#[repr(C)]
pub struct osimages_list {
    /// Private (`OSIMAGES_LIST_SIZE` bytes).
    pub opaque: [u64; 985],
}

/// The initialised list in `list`.
///
/// # Safety
/// `list`, when not NULL and aligned, must be readable for `OSIMAGES_LIST_SIZE` bytes and, if it
/// starts with the magic, hold a list that `osimages_list_init` set up and nothing writes during
/// the call.
pub(crate) unsafe fn stored<'a>(
    list: *const osimages_list,
    argument: u32,
) -> Result<&'a Stored, Fault> {
    // SAFETY: passed on from the caller.
    let p = unsafe { ptr::initialised(list.cast::<Stored>(), argument) }?;
    // SAFETY: initialised by `osimages_list_init` (the magic says so), aligned, not NULL.
    Ok(unsafe { &*p })
}

/// Runs `change` on the initialised list in `list`; a successful change moves the generation on.
///
/// # Safety
/// As [`stored`], and writable, with no other reference to it during the call.
pub(crate) unsafe fn change(
    list: *mut osimages_list,
    change: impl FnOnce(&mut Inner) -> Result<(), Report>,
) -> Result<(), Report> {
    // SAFETY: passed on from the caller.
    unsafe { stored(list, 1) }?;
    // SAFETY: checked just above; writable and unshared is the caller's promise.
    let s = unsafe { &mut *list.cast::<Stored>() };
    change(&mut s.list)?;
    s.generation.set(s.generation.get().wrapping_add(1));
    Ok(())
}

/// Sets up `list` as an empty list: no images, empty endpoints, no next link, size extension
/// off. Call it once before any other `osimages_list_*` call; calling it again empties the list
/// (and stops every cursor over it: their next fill reports `OSIMAGES_STATUS_LIST_CHANGED`).
///
/// - `list`: storage of at least `OSIMAGES_LIST_SIZE` bytes aligned to `OSIMAGES_LIST_ALIGN`
///   (an `osimages_list` variable is both); the caller owns it, osimages keeps no pointer to it.
/// - `list_size`: the size of that storage, `sizeof` it; smaller than `OSIMAGES_LIST_SIZE` is
///   refused with `OSIMAGES_STATUS_STORAGE_TOO_SMALL`.
/// - `err`: NULL, or where to report what went wrong.
///
/// # Safety
/// `list`, when not NULL, must be writable for `list_size` bytes; `err`, when not NULL, for an
/// `osimages_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_init(
    list: *mut osimages_list,
    list_size: usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let p = ptr::claim(list.cast::<Stored>(), list_size, 1)?;
        let count = INITIALISED.load(Ordering::Relaxed).wrapping_add(1);
        INITIALISED.store(count, Ordering::Relaxed);
        // SAFETY: claimed above; writable is the caller's promise. Nothing is read or dropped.
        unsafe {
            p.write(Stored {
                magic: <Stored as ptr::Storage>::MAGIC,
                generation: Cell::new(u64::from(count) << 32),
                list: Inner::new(),
            })
        };
        Ok(())
    })
}

/// Sets the endpoints every derived link is built from:
/// `{compute}/v2/{tenant}/images/{id}`, `{compute}/{tenant}/images/{id}` and
/// `{image_service}/{tenant}/images/{id}`. The strings are copied into the list; the ones they
/// replace give their room back. An image with derived links (or a server) can be pushed only
/// once the list has endpoints (`OSIMAGES_STATUS_NO_ENDPOINTS`).
///
/// Refused, with the list unchanged: a string that is not UTF-8 or holds a character XML cannot
/// carry (`err->field` says which), or more text than the list holds.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; each string must be valid for
/// what it says; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_endpoints(
    list: *mut osimages_list,
    compute: osimages_str,
    image_service: osimages_str,
    tenant: osimages_str,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and the three strings.
        unsafe {
            change(list, |l| {
                let endpoints = Endpoints {
                    compute: compute
                        .text(Field::ComputeEndpoint)
                        .map_err(|e| e.through(2))?,
                    image_service: image_service
                        .text(Field::ImageEndpoint)
                        .map_err(|e| e.through(3))?,
                    tenant: tenant.text(Field::Tenant).map_err(|e| e.through(4))?,
                };
                Ok(l.set_endpoints(endpoints)?)
            })
        }
    })
}

/// Sets the `images_links` next link (pagination) to `href`, copied into the list (the one it
/// replaces gives its room back). JSON writes it for the detail and summary lists, XML for the
/// summary list only.
///
/// Refused, with the list unchanged: `href` not UTF-8, a character XML cannot carry, or more text
/// than the list holds.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `href` valid for what it says;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_next_link(
    list: *mut osimages_list,
    href: osimages_str,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and `href`.
        unsafe {
            change(list, |l| {
                let href = href.text(Field::NextLink).map_err(|e| e.through(2))?;
                Ok(l.set_next_link(Some(href))?)
            })
        }
    })
}

/// Removes the `images_links` next link, if one was set.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_remove_next_link(
    list: *mut osimages_list,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe { change(list, |l| Ok(l.set_next_link(None)?)) }
    })
}

/// Turns the image-size extension on (`on` nonzero) or off: when on, every image carries
/// `OS-EXT-IMG-SIZE:size` (null where its `has_size` was 0). Storing a size turns it on, and it
/// stays on while an image has one, so a stored size is never dropped.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_size_extension(
    list: *mut osimages_list,
    on: u8,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            change(list, |l| {
                l.set_size_extension(on != 0);
                Ok(())
            })
        }
    })
}

/// Appends a copy of `*image`, its metadata entries and explicit links included, and writes its
/// index to `*out_index`.
///
/// Every value is checked first, exactly as the Rust `ImageList::push` checks it; a refusal
/// leaves the list unchanged and `*out_index` untouched, and `err` names the field, with
/// `image` = the index the image would have had and `entry` = the metadata entry or link.
/// Derived links (or a server) need the list's endpoints (`OSIMAGES_STATUS_NO_ENDPOINTS`).
/// Capacity refusals: `OSIMAGES_STATUS_TOO_MANY_IMAGES`, `_TOO_MANY_METADATA`,
/// `_TOO_MANY_LINKS`, `_OUT_OF_TEXT_SPACE`, with `err->needed` saying how much the list would
/// need; the image's text is measured as a whole, so `_OUT_OF_TEXT_SPACE` names the image
/// (`OSIMAGES_FIELD_IMAGE`), not one of its strings. Nothing of `*image` is referenced after
/// the call.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `image` NULL or valid with every
/// pointer in it; `out_index` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_push(
    list: *mut osimages_list,
    image: *const osimages_image,
    out_index: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let out = Out::new(out_index, 3)?;
        // SAFETY: the caller's promise for `list`, `image` and what `image` points to.
        let index = unsafe {
            let raw = ptr::borrow(image, 2)?;
            let mut index = 0;
            change(list, |l| {
                index = push_checked(l, raw).map_err(|e| e.through(2))?;
                Ok(())
            })?;
            index
        };
        // SAFETY: checked not NULL; writable is the caller's promise.
        unsafe { out.set(index) };
        Ok(())
    })
}

/// `raw` checked whole, then copied into `l`: the checked image and the errors in a frame of
/// their own, not the exported function's.
///
/// # Safety
/// As [`osimages_image::check`].
#[inline(never)]
unsafe fn push_checked(l: &mut Inner, raw: &osimages_image) -> Result<usize, Report> {
    let index = l.len();
    // SAFETY: passed on from the caller.
    let img = unsafe { checked(raw) }.map_err(|e| e.at_image(index))?;
    Ok(pushed(l, &img)?)
}

/// `raw` checked whole. Out of line: its temporaries are not in the frame of the copy that
/// follows.
///
/// # Safety
/// As [`osimages_image::check`].
#[inline(never)]
unsafe fn checked(raw: &osimages_image) -> Result<CheckedImage<'_>, Fault> {
    // SAFETY: passed on from the caller.
    unsafe { raw.check() }
}

/// Copies the checked image `img` into `l` whole, or leaves `l` as it was (the core's
/// `push_whole`: each string is checked again as it is copied, and a refusal then undone).
/// Out of line, as [`checked`].
#[inline(never)]
fn pushed(l: &mut Inner, img: &CheckedImage<'_>) -> Result<usize, Error> {
    // SAFETY: each entry and link was checked in this call (`checked`), and by the caller's
    // promise is unchanged.
    let metadata = img.metadata.iter().map(|e| unsafe { e.checked_before() });
    // SAFETY: as above.
    let links = img.links.iter().map(|l| unsafe { l.checked_before() });
    l.push_whole(&img.scalars, img.needs, metadata, links)
}

/// Appends one metadata entry to image `image` (after its existing ones), copied into the list.
///
/// Refused, with the list unchanged: no such image, a key the image already has
/// (`OSIMAGES_STATUS_DUPLICATE_KEY`), a string that is not UTF-8 or holds a character XML
/// cannot carry, or no room left.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `entry` NULL or valid with its
/// strings; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_push_metadata(
    list: *mut osimages_list,
    image: usize,
    entry: *const osimages_meta_entry,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `entry` and its strings.
        unsafe {
            let raw = ptr::borrow(entry, 3)?;
            change(list, |l| {
                let here = |e: Report| e.at_image(image).through(3);
                let count = l
                    .get(image)
                    .map(|s| s.metadata().count())
                    .ok_or_else(|| here(no_such_image().into()))?;
                let (key, value, _) = raw.check(&[]).map_err(|e| here(e.at_entry(count).into()))?;
                l.push_metadata(image, key, value)
                    .map_err(|e| here(e.into()))
            })
        }
    })
}

/// Appends one explicit link to image `image`, copied into the list. An image with explicit
/// links is written with exactly those instead of the three derived from the endpoints.
///
/// Refused, with the list unchanged: no such image, a string that is not UTF-8 or holds a
/// character XML cannot carry, or no room left.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `link` NULL or valid with its
/// strings; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_push_link(
    list: *mut osimages_list,
    image: usize,
    link: *const osimages_link,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `link` and its strings.
        unsafe {
            let raw = ptr::borrow(link, 3)?;
            change(list, |l| {
                let here = |e: Report| e.at_image(image).through(3);
                let count = l
                    .get(image)
                    .map(|s| match s.links() {
                        Links::Explicit(l) => l.count(),
                        Links::Derived => 0,
                    })
                    .ok_or_else(|| here(no_such_image().into()))?;
                let (checked, _) = raw.check().map_err(|e| here(e.at_entry(count).into()))?;
                l.push_link(image, &checked).map_err(|e| here(e.into()))
            })
        }
    })
}

pub(crate) fn no_such_image() -> Fault {
    Fault::refused(ErrorKind::NoSuchImage, Field::Image)
}

/// Empties the list: no images, empty endpoints, no next link, size extension off. Cursors over
/// it stop (`OSIMAGES_STATUS_LIST_CHANGED`).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_clear(
    list: *mut osimages_list,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            change(list, |l| {
                l.clear();
                Ok(())
            })
        }
    })
}

/// The number of images in the list; 0 when `list` is NULL, misaligned or not initialised.
///
/// # Safety
/// `list` must be NULL or point to list storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_len(list: *const osimages_list) -> usize {
    boundary!(or 0, {
        // SAFETY: the caller's promise for `list`; NULL, alignment and the magic are checked.
        unsafe { stored(list, 1) }.map_or(0, |s| s.list.len())
    })
}

/// Writes what the list holds to `*out`: its images, metadata entries, explicit links and bytes
/// of text in use, of `OSIMAGES_LIST_MAX_*` (the bytes are exactly what the values it holds
/// take: replaced and removed values give their room back).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `out` NULL or writable; `err`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_used(
    list: *const osimages_list,
    out: *mut osimages_capacity,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let out = Out::new(out, 2)?;
        // SAFETY: the caller's promise for `list`; NULL, alignment and the magic are checked.
        let used = unsafe { stored(list, 1) }?.list.used();
        // SAFETY: checked not NULL; writable is the caller's promise.
        unsafe { out.set(used.into()) };
        Ok(())
    })
}

/// Renders one document of the list into `buf`.
///
/// - `document`: an `OSIMAGES_DOCUMENT_*`; `image` is the image index for
///   `OSIMAGES_DOCUMENT_SHOW` (refused with `OSIMAGES_STATUS_NO_SUCH_IMAGE` past the end) and
///   is ignored otherwise.
/// - `format`: an `OSIMAGES_STYLE_*`, optionally or-ed with `OSIMAGES_OPTION_ASCII_ONLY`; a
///   style the library was built without is refused with `OSIMAGES_STATUS_STYLE_NOT_BUILT`.
///   This links every style the library was built with: a firmware that uses one style calls
///   that style's own function instead (`osimages_list_render_json_compact`, ...).
///
/// The buffer contract, as `snprintf`:
/// - `*out_len` always receives the document's full length in bytes, not counting a NUL
///   (0 after any error other than `OSIMAGES_STATUS_BUFFER_TOO_SMALL`). `out_len` must not be
///   NULL.
/// - `buf_len` 0 is a size query: nothing is written, `buf` may be NULL, the status is OK.
/// - `buf_len >= *out_len`: the document is written and the status is OK; a NUL follows it when
///   `buf_len > *out_len`. So a buffer of `*out_len + 1` bytes holds a C string.
/// - `0 < buf_len < *out_len`: `OSIMAGES_STATUS_BUFFER_TOO_SMALL`.
/// - After any error, `buf` holds no part of a document: `buf[0]` is 0 when `buf_len > 0`.
///   Nothing is ever written outside `buf[0 .. buf_len)`.
///
/// A stored list always renders (every value was checked when it was stored), so the only
/// errors are about the arguments and the buffer. `buf` must not overlap the list.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `buf` NULL or writable for
/// `buf_len` bytes; `out_len` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_render(
    list: *const osimages_list,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    // SAFETY: the caller's promise, passed on.
    unsafe {
        render(
            &AnyBuilt, list, document, image, format, buf, buf_len, out_len, err,
        )
    }
}

/// The body of `osimages_list_render` and of each style's own (`own.rs`), in the style
/// `choice` makes of `format`.
///
/// # Safety
/// As `osimages_list_render`.
#[allow(clippy::too_many_arguments)] // the C function's arguments
pub(crate) unsafe fn render(
    choice: &dyn Renders,
    list: *const osimages_list,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    let apart = [(list.cast::<u8>(), OSIMAGES_LIST_SIZE)];
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `buf` and `out_len`; the buffer is checked
        // not to overlap the list.
        unsafe {
            with_output(
                Output::new(buf, buf_len, out_len, 5),
                Contract::Whole,
                &apart,
                Ok(()),
                |(), slice| {
                    let request = choice.request(document, image, format, 2)?;
                    let doc = request.document(&stored(list, 1)?.list)?;
                    choice.render(&request, &doc, slice)
                },
            )
        }
        .map_err(Into::into)
    })
}

/// Renders one document of the list through `write`, a bufferful at a time: the push form of
/// `osimages_list_render`, for output that goes straight to a UART, a socket or a file.
///
/// - `document`, `image`, `format`: as `osimages_list_render`.
/// - `buf`, `buf_len`: scratch the document is assembled in; `write` receives it each time it
///   is full (`buf_len` bytes) and once more at the end with the rest. `buf_len` 0: no buffer
///   (`buf` may be NULL), each piece is handed over as it is made (many small calls). Any size
///   renders the same bytes; `buf` must not overlap the list. What it holds afterwards is
///   unspecified.
/// - `write`, `ctx`: the callback (not NULL) and the pointer passed to it. A nonzero result
///   stops the render: the call returns `OSIMAGES_STATUS_WRITE_FAILED` and puts that value in
///   `err->write_result`.
/// - `out_written`: receives the bytes `write` accepted (the document's length on success,
///   what came before the refused call after `OSIMAGES_STATUS_WRITE_FAILED`, what came up to
///   and with the call that changed the list after `OSIMAGES_STATUS_LIST_CHANGED`, else 0).
///
/// `write` must not change the list (nor `buf`). One that does (a change, a clear, an
/// initialisation) stops the render as soon as it returns, with `OSIMAGES_STATUS_LIST_CHANGED`;
/// the change stands.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `buf` NULL or writable for
/// `buf_len` bytes; `write` NULL or a function to call with `ctx`, which must not change the
/// list or `buf`; `out_written` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_write(
    list: *const osimages_list,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut u8,
    buf_len: usize,
    write: osimages_write_fn,
    ctx: *mut c_void,
    out_written: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    // SAFETY: the caller's promise, passed on.
    unsafe {
        push(
            &AnyBuilt,
            list,
            document,
            image,
            format,
            buf,
            buf_len,
            write,
            ctx,
            out_written,
            err,
        )
    }
}

/// The body of `osimages_list_write` and of each style's own (`own.rs`), in the style
/// `choice` makes of `format`.
///
/// # Safety
/// As `osimages_list_write`.
#[allow(clippy::too_many_arguments)] // the C function's arguments
pub(crate) unsafe fn push(
    choice: &dyn Writes,
    list: *const osimages_list,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut u8,
    buf_len: usize,
    write: osimages_write_fn,
    ctx: *mut c_void,
    out_written: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    let apart = [(list.cast::<u8>(), OSIMAGES_LIST_SIZE)];
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `buf`, `write`, `ctx` and `out_written`; the
        // buffer is checked not to overlap the list.
        unsafe {
            with_writer(
                Writer::new(buf, buf_len, write, ctx, out_written, 5),
                &apart,
                |scratch, sink| {
                    let request = choice.request(document, image, format, 2)?;
                    let s = stored(list, 1)?;
                    let doc = request.document(&s.list)?;
                    // The callback must not change the list; one that did stops the render
                    // before it reads the list again (`with_writer` says how it is reported).
                    let at_start = s.generation.get();
                    let mut watched = |bytes: &[u8]| {
                        sink(bytes)?;
                        match s.generation.get() == at_start {
                            true => Ok(()),
                            false => Err(LIST_CHANGED_UNDER_CALLBACK),
                        }
                    };
                    choice.write(&request, &doc, scratch, &mut watched)
                },
            )
        }
    })
}
