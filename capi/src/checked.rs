//! The zero-copy path for a table rendered many times: `osimages_view_check` checks it once and
//! keeps what it parsed of each image (ids and dates) in the caller's array;
//! `osimages_view_render_checked` then renders it without checking or parsing it again, which a
//! view render does on every call.

use core::cell::Cell;
use core::ffi::c_char;
use core::mem::MaybeUninit;

use super::image::{Parsed, osimages_image, osimages_link, osimages_meta_entry};
use super::ptr;
use super::render::{Contract, Output, Request, with_output};
use super::status::osimages_status::{
    OSIMAGES_STATUS_NOT_CHECKED, OSIMAGES_STATUS_OVERLAP, OSIMAGES_STATUS_STORAGE_TOO_SMALL,
};
use super::status::{Fault, osimages_error, osimages_status};
use super::styles::{AnyBuilt, Choice};
use super::view::{CView, osimages_view};
#[cfg(not(feature = "small"))]
use super::{render::Render, styles};
use osimages::__capi::{Img, LinkText, Reads, Sealed, Text, UNCLASSIFIED, packed, reads, unpacked};
use osimages::{BufferTooSmall, Source, Timestamp, Uuid};

/// What `osimages_view_check` keeps of one image for the renders that follow: its ids and
/// dates as parsed, and where its id was, by which a render knows the image it was made for.
/// Only `osimages_view_check` sets one (a zeroed one is not a check); the fields are described
/// for debugging, not to be set.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct osimages_checked_image {
    /// The address of the image's `id` text when it was checked; 0: not checked.
    pub id_at: usize,
    /// `created`: year, month, day, hour, minute and second, a byte each after the year's
    /// two, the second lowest; 0 is null.
    pub created: u64,
    /// `updated`, as `created`.
    pub updated: u64,
    /// The id's 16 bytes.
    pub id: [u8; 16],
    /// The server's id, when `has_server` is nonzero.
    pub server: [u8; 16],
    /// 0: the image is not a snapshot.
    pub has_server: u8,
    /// The bytes its strings hold that some style escapes, as bits: a render looks for them
    /// only in a style that escapes one some image of the view holds.
    pub classes: u8,
}

impl osimages_checked_image {
    /// What a check of `image` found: `parsed`, and `classes` in its strings.
    fn of(image: &osimages_image, parsed: &Parsed, classes: u8) -> Self {
        osimages_checked_image {
            id_at: image.id.ptr as usize,
            created: pack(parsed.created),
            updated: pack(parsed.updated),
            id: parsed.id.0,
            server: parsed.server.map_or([0; 16], |s| s.0),
            has_server: u8::from(parsed.server.is_some()),
            classes,
        }
    }

    /// Whether this is a check of `image` (as far as a render can tell: its id is where it was).
    fn is_of(&self, image: &osimages_image) -> bool {
        // Both tested, without a branch: a render tests every image.
        (self.id_at != 0) & (self.id_at == image.id.ptr as usize)
    }

    /// The ids and dates kept, of them what `R` says (the others left out: a summary reads
    /// no date); `None` for dates no check makes.
    #[inline(always)]
    fn parsed<const R: Reads>(&self) -> Option<Parsed> {
        let dates = R & reads::DATES != 0;
        Some(Parsed {
            id: Uuid(self.id),
            server: (R & reads::SERVER != 0 && self.has_server != 0).then_some(Uuid(self.server)),
            created: if dates { unpack(self.created)? } else { None },
            updated: if dates { unpack(self.updated)? } else { None },
        })
    }
}

/// A date as a number that keeps its parts apart; 0 for null (no year is 0).
fn pack(t: Option<Timestamp>) -> u64 {
    t.as_ref().map_or(0, packed)
}

/// The date [`pack`] made; `None` for a number it does not make. Every date is checked again
/// (the numbers are in the caller's memory), by the core's test made for them.
#[inline(always)]
fn unpack(packed: u64) -> Option<Option<Timestamp>> {
    match packed {
        0 => Some(None),
        _ => unpacked(packed).map(Some),
    }
}

/// Checks every value of a view, as `osimages_view_render` does on each call, and keeps what
/// it parsed of each image in `checked`, for `osimages_view_render_checked`.
///
/// - `view`: the images and list-level values, read during this call only.
/// - `checked`, `checked_len`: room for at least `view->images_len` entries
///   (`OSIMAGES_STATUS_STORAGE_TOO_SMALL` otherwise); it must not overlap anything the view
///   points to (the `osimages_view` struct and its images table are refused with
///   `OSIMAGES_STATUS_OVERLAP`). After a refused check, none of its first `view->images_len`
///   entries is a check of any image; the entries after them are never written.
/// - `err`: NULL, or filled with the status and the field, image and entry of a refused value.
///
/// Check again after changing anything the view points to.
///
/// # Safety
/// Every non-NULL pointer must be valid for what it says for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_view_check(
    view: *const osimages_view,
    checked: *mut osimages_checked_image,
    checked_len: usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let mut slot = MaybeUninit::uninit();
        // SAFETY: the caller's promise for `view` and what it points to.
        let cview = unsafe { CView::check_as_read(view, 1, &mut slot) }?;
        let images = cview.images();
        let storage = (checked.cast::<u8>().cast_const(), bytes(checked_len));
        let read = [
            (view.cast::<u8>(), size_of::<osimages_view>()),
            (images.as_ptr().cast::<u8>(), size_of_val(images)),
        ];
        if ptr::overlaps_any(storage.0, storage.1, &read) {
            return Err(Fault::arg(OSIMAGES_STATUS_OVERLAP, 2).into());
        }
        // SAFETY: the caller's promise for `checked`; apart from the view (checked above, and
        // the caller's promise for the rest).
        let checked =
            unsafe { ptr::slice_mut(checked, checked_len) }.map_err(|s| Fault::arg(s, 2))?;
        let Some(checked) = checked.get_mut(..images.len()) else {
            return Err(Fault::arg(OSIMAGES_STATUS_STORAGE_TOO_SMALL, 3).into());
        };
        for (i, (image, entry)) in images.iter().zip(checked.iter_mut()).enumerate() {
            // SAFETY: the caller's promise for what the view points to.
            match unsafe { image.check() } {
                Ok(c) => {
                    *entry = osimages_checked_image::of(image, &Parsed::of(&c.scalars), c.class)
                }
                Err(e) => {
                    checked.fill(osimages_checked_image::default());
                    return Err(e.at_image(i).through(1).into());
                }
            }
        }
        Ok(())
    })
}

/// Renders one document of a view that `osimages_view_check` checked into `checked`, without
/// checking or parsing its values again: `osimages_view_render` for a table rendered many times.
///
/// - `view`, `document`, `image`, `format`, `buf`, `buf_len`, `out_len`, `err`: as
///   `osimages_view_render` (`buf` must not overlap `checked` either).
/// - `checked`, `checked_len`: what `osimages_view_check` made of this view. An image without
///   its check (one whose id text is not where it was when checked, or an array that is too
///   short or was never filled) is refused with `OSIMAGES_STATUS_NOT_CHECKED` before anything
///   is written.
///
/// The view must be as it was checked: everything it points to unchanged. A render of a view
/// changed since is memory-safe and refused where it can tell (in what it reads: the summary
/// list reads only each image's id, name and links), but may write the values
/// checked (the ids and dates) beside the changed ones, and a changed string unescaped where
/// the check found nothing any image's strings needed escaped.
///
/// # Safety
/// Every non-NULL pointer must be valid for what it says for the duration of the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_view_render_checked(
    view: *const osimages_view,
    checked: *const osimages_checked_image,
    checked_len: usize,
    document: u32,
    image: usize,
    format: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    let apart = [
        (view.cast::<u8>(), size_of::<osimages_view>()),
        (checked.cast::<u8>(), bytes(checked_len)),
    ];
    boundary!(err, {
        // SAFETY: the caller's promise for `buf` and `out_len`; the view and `checked` are
        // read in the body.
        unsafe {
            with_output(
                Output::new(buf, buf_len, out_len, 7),
                Contract::Whole,
                &apart,
                Ok(()),
                |(), slice| {
                    let request = AnyBuilt.request(document, image, format, 4)?;
                    let mut slot = MaybeUninit::uninit();
                    // SAFETY: the caller's promise for `view` and what it points to.
                    let view = CView::check_as_read(view, 1, &mut slot)?;
                    // SAFETY: the caller's promise for `checked`.
                    let checked = ptr::slice(checked, checked_len).map_err(|s| Fault::arg(s, 2))?;
                    let source = CheckedView::new(view, checked)?;
                    render(view, &request, &source, slice)
                },
            )
        }
        .map_err(Into::into)
    })
}

/// Renders `request` from `source` (which reads `view`) into `slice`, as [`CView::render`]
/// does: in the fast build with the renderer compiled for the checked view itself, not through
/// `dyn Source`, so that its reads (an image, an entry, a link: a few instructions each) are
/// made in place rather than called, for a table rendered many times. The small build renders
/// through `dyn Source`, as every other call: one copy of the renderer is what a firmware's
/// flash affords.
#[inline(always)]
fn render(
    view: &CView<'_>,
    request: &Request,
    source: &CheckedView<'_, '_>,
    slice: &mut [u8],
) -> Result<Result<usize, BufferTooSmall>, Fault> {
    #[cfg(feature = "small")]
    return view.render(&AnyBuilt, request, source, slice);
    #[cfg(not(feature = "small"))]
    {
        let doc = request.document_of(source)?;
        // The format was checked when the request was made: never refused here.
        let rendered = styles::dispatch(
            request.format,
            0,
            Render {
                doc: &doc,
                buf: slice,
            },
        )?;
        view.settle(rendered, slice)
    }
}

/// The bytes of `len` entries (for the overlap checks; a length too large to be memory is
/// refused where the entries are borrowed).
fn bytes(len: usize) -> usize {
    len.saturating_mul(size_of::<osimages_checked_image>())
}

/// A view read with its images' checks: each image's ids and dates come from its check.
struct CheckedView<'v, 'a> {
    view: &'v CView<'a>,
    checked: &'v [osimages_checked_image],
    /// The image read last, its metadata entries and its links: the renderer reads an image's
    /// entries and links right after the image, and they were located when it was read.
    current: Cell<Current<'a>>,
    /// Every image's `classes`, or-ed ([`Source::may_escape`]).
    may_escape: u8,
}

/// An image's index, metadata entries and links.
type Current<'a> = (usize, &'a [osimages_meta_entry], &'a [osimages_link]);

impl<'v, 'a> CheckedView<'v, 'a> {
    /// `view` with `checked`, every image's check found (refused, naming the first image
    /// without one, before anything is rendered).
    fn new(view: &'v CView<'a>, checked: &'v [osimages_checked_image]) -> Result<Self, Fault> {
        let images = view.images();
        // Every image tested with no branch of its own (every check is found, but after a
        // caller's mistake); the first image without one is looked for only then.
        let mut missing = checked.len() < images.len();
        let mut may_escape = 0;
        for (image, c) in images.iter().zip(checked) {
            missing |= !c.is_of(image);
            may_escape |= c.classes;
        }
        if missing {
            let first = images
                .iter()
                .zip(checked)
                .position(|(image, c)| !c.is_of(image));
            let i = first.unwrap_or(checked.len());
            return Err(Fault::arg(OSIMAGES_STATUS_NOT_CHECKED, 2).at_image(i));
        }
        Ok(CheckedView {
            view,
            checked,
            current: Cell::new((usize::MAX, &[], &[])),
            may_escape,
        })
    }
}

impl CheckedView<'_, '_> {
    /// [`Source::read_image`] of what `R` says.
    #[inline(always)]
    fn read<'s, const R: Reads>(&'s self, i: usize, into: &mut Img<'s>) -> bool {
        let (Some(image), Some(checked)) = (self.view.images().get(i), self.checked.get(i)) else {
            return false;
        };
        let not_checked = Fault::arg(OSIMAGES_STATUS_NOT_CHECKED, 2);
        let read = match checked.parsed::<R>() {
            // SAFETY: `CView`'s invariant: the caller promised the pointers valid for its life.
            Some(parsed) => unsafe { image.read_parsed::<R>(parsed, into) },
            None => Err(not_checked),
        };
        let read = read.map(|(metadata, links)| self.current.set((i, metadata, links)));
        self.view.outcome(i, read)
    }
}

impl Sealed for CheckedView<'_, '_> {}

impl Source for CheckedView<'_, '_> {
    fn may_escape(&self) -> u8 {
        self.may_escape | UNCLASSIFIED
    }
    fn compute(&self) -> Text<'_> {
        self.view.compute()
    }
    fn image_service(&self) -> Text<'_> {
        self.view.image_service()
    }
    fn tenant(&self) -> Text<'_> {
        self.view.tenant()
    }
    fn next_link(&self) -> Option<Text<'_>> {
        self.view.next_link()
    }
    fn size_extension(&self) -> bool {
        self.view.size_extension()
    }
    fn count(&self) -> usize {
        self.view.count()
    }
    /// Two readings, each with its tests made at compile time: of everything, or of no more
    /// than the id, name and links (the summary).
    fn read_image<'s>(&'s self, i: usize, into: &mut Img<'s>, reads: Reads) -> bool {
        match reads {
            0 => self.read::<0>(i, into),
            _ => self.read::<{ reads::ALL }>(i, into),
        }
    }
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        match self.current.get() {
            // SAFETY: as in `read_image`.
            (at, metadata, _) if at == i => Some(unsafe { metadata.get(k)?.as_read() }),
            _ => self.view.meta(i, k),
        }
    }
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>> {
        match self.current.get() {
            // SAFETY: as in `read_image`.
            (at, _, links) if at == i => Some(unsafe { links.get(k)?.as_read() }),
            _ => self.view.link(i, k),
        }
    }
}
