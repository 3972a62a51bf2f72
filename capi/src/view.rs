//! The zero-copy path: render straight from the caller's own table of `osimages_image`, checked
//! once per call, copying nothing.

use core::cell::Cell;
use core::ffi::{c_char, c_void};
use core::mem::MaybeUninit;

use super::image::osimages_image;
use super::ptr;
use super::render::{Contract, Output, Request, with_output};
use super::status::{Fault, osimages_error, osimages_status};
use super::str::osimages_str;
use super::styles::{AnyBuilt, Renders, Writes};
use super::write::{Writer, osimages_write_fn, with_writer};
use osimages::__capi::{Img, LinkText, Reads, Sealed, Text, UNKNOWN};
use osimages::Source;
use osimages::{BufferTooSmall, ErrorKind, Field};

/// Images the caller keeps, and the list-level values they are rendered with.
///
/// Nothing is copied: every call that takes a view reads it, and everything it points to, during
/// that call only, checks all of it, then renders. It may be `static const`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_view {
    /// The compute API's base URL, e.g. `http://openstack.example.com` (no trailing slash).
    pub compute: osimages_str,
    /// The image service's base URL, e.g. `http://glance.openstack.example.com`.
    pub image_service: osimages_str,
    /// The tenant (project) id the links are built with.
    pub tenant: osimages_str,
    /// `images_len` images, in document order; NULL when `images_len` is 0.
    pub images: *const osimages_image,
    /// The number of images.
    pub images_len: usize,
    /// The `images_links` next link's `href`, read only when `has_next_link` is nonzero.
    pub next_link: osimages_str,
    /// 0: no next link.
    pub has_next_link: u8,
    /// Nonzero: every image carries `OS-EXT-IMG-SIZE:size` (null where `has_size` is 0). A view
    /// in which any image has `has_size` set writes the extension whatever this says.
    pub size_extension: u8,
}

/// A view checked in this call: its list-level values up front and each image as the renderer
/// reaches it ([`CView::check_as_read`]), and for a call that must refuse before it writes
/// anything, every image up front too ([`CView::check_images`]). An image is checked by one
/// function ([`osimages_image::read`]), which also makes the record the renderer reads.
///
/// Invariant: it exists only after [`CView::check_as_read`], whose caller promised that
/// everything the view points to stays valid and unchanged for `'a`. (Reading is memory-safe
/// either way: every pointer is checked again where it is read; the checks are about what may be
/// written.)
pub(crate) struct CView<'a> {
    /// Compute, image service, tenant: classified as they are checked, since every image's
    /// links write them.
    endpoints: [Text<'a>; 3],
    images: &'a [osimages_image],
    next_link: Option<Text<'a>>,
    size_extension: bool,
    /// The first image that failed its check while being read.
    failure: Cell<Option<Fault>>,
    /// Every image passed its check in this call ([`CView::check_images`]): the render reads
    /// each one again without checking it again (its values are the ones checked, unchanged
    /// by the caller's promise; every pointer is still checked where it is read).
    checked: Cell<bool>,
    /// The image read last in this call, which passed its check: read again (a cursor's
    /// digest of it, then its render), it is not checked again.
    read_last: Cell<Option<usize>>,
}

impl<'a> CView<'a> {
    /// Checks the list-level values of the view at `view` (the call's argument `argument`) now
    /// and each image when it is read, which is what a cursor needs: a fill costs the images it
    /// writes, not the whole view. After rendering, ask [`CView::failure`] whether an image was
    /// refused (its output must then be discarded).
    ///
    /// The checked view is made in `into`, in the caller's frame: one returned by value is
    /// copied out of the result, which a firmware pays for in flash at each call.
    ///
    /// # Safety
    /// Every pointer in `view` and in the images it points to must be valid for what it says,
    /// and unchanged, for `'a`.
    pub(crate) unsafe fn check_as_read(
        view: *const osimages_view,
        argument: u32,
        into: &mut MaybeUninit<Self>,
    ) -> Result<&Self, Fault> {
        // SAFETY: passed on from the caller.
        let view = unsafe { ptr::borrow(view, argument) }?;
        // SAFETY: passed on from the caller.
        unsafe { Self::check_values(view, into) }.map_err(|e| e.through(argument))
    }

    /// Checks every image now, each as the renderer reads it (and reads it again when it is
    /// rendered), as `ImagesView::new` does for Rust values: for a call that must refuse before
    /// it writes anything. Apart from [`CView::check_as_read`] so that the view is checked
    /// where it is.
    pub(crate) fn check_images(&self, argument: u32) -> Result<(), Fault> {
        for i in 0..self.images.len() {
            if self.image(i).is_none() {
                break;
            }
        }
        if let Some(e) = self.failure() {
            return Err(e.through(argument));
        }
        self.checked.set(true);
        Ok(())
    }

    /// The body of [`CView::check_as_read`], for the view `view` points to.
    ///
    /// # Safety
    /// As [`CView::check_as_read`].
    unsafe fn check_values<'s>(
        view: &'a osimages_view,
        into: &'s mut MaybeUninit<Self>,
    ) -> Result<&'s Self, Fault> {
        // SAFETY: (this block and the ones below) the view's pointers are valid (the caller's
        // promise); each one is checked before it is read. Each string is decoded and checked
        // (`validate::text`) in turn, as `osimages_list_set_endpoints` checks them.
        let endpoints = unsafe {
            [
                view.compute.classified(Field::ComputeEndpoint)?,
                view.image_service.classified(Field::ImageEndpoint)?,
                view.tenant.classified(Field::Tenant)?,
            ]
        };
        // SAFETY: as above.
        let images = unsafe { ptr::slice(view.images, view.images_len) }
            .map_err(|s| Fault::in_field(s, Field::Images))?;
        if u32::try_from(images.len()).is_err() {
            return Err(Fault::refused(ErrorKind::TooManyImages, Field::Images));
        }
        let next_link = match view.has_next_link {
            0 => None,
            // SAFETY: as above.
            _ => Some(unsafe { view.next_link.classified(Field::NextLink) }?),
        };
        // A size is never dropped: an image with one turns the extension on, as in Rust.
        // Every image's flag or-ed, with no branch of its own: most views have no size.
        let sized = images.iter().fold(0, |sized, i| sized | i.has_size) != 0;
        Ok(into.write(CView {
            endpoints,
            images,
            next_link,
            size_extension: view.size_extension != 0 || sized,
            failure: Cell::new(None),
            checked: Cell::new(false),
            read_last: Cell::new(None),
        }))
    }

    /// The first image refused while it was being read, if any.
    pub(crate) fn failure(&self) -> Option<Fault> {
        self.failure.get()
    }

    /// The images the view points to.
    pub(crate) fn images(&self) -> &'a [osimages_image] {
        self.images
    }

    /// Whether image `i` was read (`result`): a refusal is kept as the view's failure when it
    /// is the first.
    pub(crate) fn outcome(&self, i: usize, result: Result<(), Fault>) -> bool {
        match result {
            Ok(()) => true,
            Err(e) => {
                if self.failure.get().is_none() {
                    self.failure.set(Some(e.at_image(i)));
                }
                false
            }
        }
    }

    /// Renders `request` from `source` (this view, or one that reads it) into `slice`, every
    /// image already checked: an image refused as it is read after all (one the caller changed
    /// during the call) has what was written zeroed, and is reported. Inlined: a call of its own
    /// costs a firmware's view render flash and stack.
    #[inline(always)]
    pub(crate) fn render(
        &self,
        choice: &dyn Renders,
        request: &Request,
        source: &dyn Source,
        slice: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault> {
        let doc = request.document(source)?;
        let rendered = choice.render(request, &doc, slice)?;
        self.settle(rendered, slice)
    }

    /// What [`CView::render`] returns for `rendered`, written into `slice`: an image refused
    /// as it was read has what was written zeroed, and is reported.
    #[inline(always)]
    pub(crate) fn settle(
        &self,
        rendered: Result<usize, BufferTooSmall>,
        slice: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault> {
        if let Some(e) = self.failure() {
            // (A buffer that was too small has been cleared already.)
            if let Ok(n) = rendered
                && let Some(written) = slice.get_mut(..n)
            {
                written.fill(0);
            }
            return Err(e.through(1));
        }
        Ok(rendered)
    }
}

impl Sealed for CView<'_> {}

impl Source for CView<'_> {
    fn may_escape(&self) -> u8 {
        UNKNOWN
    }

    fn compute(&self) -> Text<'_> {
        self.endpoints[0]
    }
    fn image_service(&self) -> Text<'_> {
        self.endpoints[1]
    }
    fn tenant(&self) -> Text<'_> {
        self.endpoints[2]
    }
    fn next_link(&self) -> Option<Text<'_>> {
        self.next_link
    }
    fn size_extension(&self) -> bool {
        self.size_extension
    }
    fn count(&self) -> usize {
        self.images.len()
    }
    /// Every value read and checked, whatever the document writes: a view render checks the
    /// whole view on every call.
    fn read_image<'s>(&'s self, i: usize, into: &mut Img<'s>, _: Reads) -> bool {
        let Some(raw) = self.images.get(i) else {
            return false;
        };
        let check = !self.checked.get() && self.read_last.get() != Some(i);
        // SAFETY: the type's invariant: the caller promised the pointers valid for its life.
        let read = self.outcome(i, unsafe { raw.read(into, check) });
        if read {
            self.read_last.set(Some(i));
        }
        read
    }
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        let image = self.images.get(i)?;
        // SAFETY: the type's invariant: valid and unchanged for its life; checked in this call
        // (an image is read, and checked, before its entries are).
        let entries = unsafe { ptr::slice(image.metadata, image.metadata_len) }.ok()?;
        // SAFETY: as above.
        Some(unsafe { entries.get(k)?.as_read() })
    }
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>> {
        let image = self.images.get(i)?;
        // SAFETY: as in `meta`.
        let links = unsafe { ptr::slice(image.links, image.links_len) }.ok()?;
        // SAFETY: as above.
        Some(unsafe { links.get(k)?.as_read() })
    }
}

/// Renders one document of a view into `buf`, checking every value of the view first.
///
/// - `view`: the images and list-level values; it and everything it points to are read during
///   this call only.
/// - `document`: an `OSIMAGES_DOCUMENT_*`; `image` is the image index for
///   `OSIMAGES_DOCUMENT_SHOW` and is ignored otherwise.
/// - `format`: an `OSIMAGES_STYLE_*`, optionally or-ed with `OSIMAGES_OPTION_ASCII_ONLY`; a
///   style the library was built without is refused with `OSIMAGES_STATUS_STYLE_NOT_BUILT`.
///   This links every style the library was built with: a firmware that uses one style calls
///   that style's own function instead (`osimages_view_render_json_compact`, ...).
/// - `buf`, `buf_len`, `out_len`: the buffer contract of `osimages_list_render`:
///   `*out_len` always receives the document's full length (0 after any error other than
///   `OSIMAGES_STATUS_BUFFER_TOO_SMALL`); `buf_len` 0 is a size query (`buf` may be NULL);
///   the document is NUL-terminated when `buf_len > *out_len`; on any error `buf` holds no part
///   of a document (`buf[0] = 0` when `buf_len > 0`).
/// - `err`: NULL, or filled with the status and the field, image and entry of a refused value.
///
/// `buf` must not overlap anything the view points to.
///
/// # Safety
/// Every non-NULL pointer must be valid for what it says for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_view_render(
    view: *const osimages_view,
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
            &AnyBuilt, view, document, image, format, buf, buf_len, out_len, err,
        )
    }
}

/// Renders one document of a view through `write`, a bufferful at a time: the push form of
/// `osimages_view_render`, for output that goes straight to a UART, a socket or a file.
///
/// - `view`, `document`, `image`, `format`: as `osimages_view_render` (the view is checked
///   whole first; a refused value is reported before anything is written).
/// - `buf`, `buf_len`: scratch the document is assembled in; `write` receives it each time it
///   is full (`buf_len` bytes) and once more at the end with the rest. `buf_len` 0: no buffer
///   (`buf` may be NULL), each piece is handed over as it is made (many small calls). Any size
///   renders the same bytes; `buf` must not overlap the `osimages_view` struct. What it holds
///   afterwards is unspecified.
/// - `write`, `ctx`: the callback (not NULL) and the pointer passed to it. A nonzero result
///   stops the render: the call returns `OSIMAGES_STATUS_WRITE_FAILED` and puts that value in
///   `err->write_result`.
/// - `out_written`: receives the bytes `write` accepted (the document's length on success,
///   what came before the refused call after `OSIMAGES_STATUS_WRITE_FAILED`, else 0).
/// - `err`: NULL, or filled as for `osimages_view_render`.
///
/// # Safety
/// Every non-NULL pointer must be valid for what it says for the duration of the call; `write`
/// must not change the view, what it points to, or `buf`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_view_write(
    view: *const osimages_view,
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
            view,
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

/// The body of `osimages_view_render` and of each style's own (`own.rs`), in the style
/// `choice` makes of `format`.
///
/// # Safety
/// As `osimages_view_render`.
#[allow(clippy::too_many_arguments)] // the C function's arguments
pub(crate) unsafe fn render(
    choice: &dyn Renders,
    view: *const osimages_view,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    let apart = [(view.cast::<u8>(), size_of::<osimages_view>())];
    boundary!(err, {
        // SAFETY: the caller's promise for `buf` and `out_len`; the view is read in `body`.
        unsafe {
            with_output(
                Output::new(buf, buf_len, out_len, 5),
                Contract::Whole,
                &apart,
                Ok(()),
                |(), slice| {
                    let request = choice.request(document, image, format, 2)?;
                    let mut slot = MaybeUninit::uninit();
                    // SAFETY: the caller's promise for `view` and what it points to.
                    let view = CView::check_as_read(view, 1, &mut slot)?;
                    // Every image is checked before anything is written: a refused call leaves
                    // the buffer as it was but for `buf[0]`. The render then reads each image
                    // again without checking it again.
                    view.check_images(1)?;
                    view.render(choice, &request, view, slice)
                },
            )
        }
        .map_err(Into::into)
    })
}

/// The body of `osimages_view_write` and of each style's own (`own.rs`), in the style
/// `choice` makes of `format`.
///
/// # Safety
/// As `osimages_view_write`.
#[allow(clippy::too_many_arguments)] // the C function's arguments
pub(crate) unsafe fn push(
    choice: &dyn Writes,
    view: *const osimages_view,
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
    let apart = [(view.cast::<u8>(), size_of::<osimages_view>())];
    boundary!(err, {
        // SAFETY: the caller's promise for `buf`, `write`, `ctx` and `out_written`; the view is
        // read in the body.
        unsafe {
            with_writer(
                Writer::new(buf, buf_len, write, ctx, out_written, 5),
                &apart,
                |scratch, sink| {
                    let request = choice.request(document, image, format, 2)?;
                    let mut slot = MaybeUninit::uninit();
                    // SAFETY: the caller's promise for `view` and what it points to.
                    let view = CView::check_as_read(view, 1, &mut slot)?;
                    view.check_images(1)?;
                    let doc = request.document(view)?;
                    choice.write(&request, &doc, scratch, sink)
                },
            )
        }
    })
}
