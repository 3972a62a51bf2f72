//! The owned image list: fixed capacities, one byte pool, every value checked when it is stored,
//! and the room of every value that is replaced or removed given back at once.

mod endpoints;
mod pool;
mod store;
mod stored;
pub(crate) mod unescape;
mod update;

use heapless::Vec;

use crate::capacity::Capacity;
use crate::error::{Error, ErrorKind, Fault, Field};
use crate::model::{Endpoints, ImageRef, LinkRef};
use crate::record::{Counts, Record};
use crate::render::Document;
use crate::source::{Img, LinkText, Reads, Sealed, Source, Text};
use crate::{Uuid, validate};

pub(crate) use endpoints::{derived_by, endpoints_in};
pub(crate) use pool::{Pool, ServerAt, Span};
pub(crate) use store::Mark;
pub(crate) use store::Store;
pub use stored::StoredImage;
pub(crate) use unescape::Part;

/// Where an image's metadata entries and explicit links end in the shared pools (they start
/// where the previous image's end).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ends {
    meta: u32,
    links: u32,
}

/// An image as the list keeps it: strings in the pool, entries in the shared pools.
type Kept = Record<Span, ServerAt, Ends>;

#[derive(Debug, Clone, Copy)]
struct MetaRecord {
    key: Span,
    value: Option<Span>,
}

#[derive(Debug, Clone, Copy)]
struct LinkRecord {
    href: Span,
    rel: Span,
    media_type: Option<Span>,
}

/// An image list with fixed capacities, owning its data.
///
/// - `IMAGES`: images in the list.
/// - `META`: metadata entries, all images together (a shared pool: one image may use many).
/// - `LINKS`: explicit links, all images together (images with derived links use none).
/// - `BYTES`: bytes of text, all strings together (names, keys, values, endpoints, explicit links,
///   the next link, and 16 bytes per server id).
///
/// Memory grows with what is stored, not with the longest string allowed; [`Capacity::detail`]
/// says what a document needs. Every value is checked when it is stored; a refused value leaves
/// the list exactly as it was. So a stored list always renders, in every style, and rendering
/// can fail only for lack of room. A value that is replaced or removed gives its room back at
/// once (the `set_*` and `remove*` methods), so a list can be kept and updated for as long as
/// the program runs: [`ImageList::bytes_used`] is always exactly what the values it holds take.
///
/// ```
/// use osimages::{Endpoints, Field, ImageList, ImageRef, Status, Style, Timestamp, Uuid};
///
/// let mut list: ImageList<4, 8, 0, 512> = ImageList::new();
/// list.set_endpoints(Endpoints {
///     compute: "http://openstack.example.com",
///     image_service: "http://glance.openstack.example.com",
///     tenant: "openstack",
/// })?;
/// let id = Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b").unwrap();
/// let at = Timestamp::parse("2011-01-01T01:02:03Z", Field::Created)?;
/// let i = list.push(&ImageRef {
///     name: Some("fakeimage7"),
///     status: Status::Saving,
///     progress: 25,
///     created: Some(at),
///     updated: Some(at),
///     metadata: &[("kernel_id", Some("nokernel"))],
///     ..ImageRef::new(id)
/// })?;
/// list.push_metadata(i, "architecture", Some("x86_64"))?;
///
/// // Later: the snapshot is done.
/// list.set_status(i, Status::Active)?;
/// list.set_progress(i, 100)?;
/// list.set_metadata(i, "kernel_id", None)?;
///
/// let mut buf = [0u8; 2048];
/// let n = list.detail().render(&mut buf, Style::JsonCompact).unwrap();
/// assert!(buf[..n].starts_with(br#"{"images":[{"created":"2011-01-01T01:02:03Z","id":"70a599e0"#));
/// # Ok::<(), osimages::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ImageList<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
{
    images: Vec<Kept, IMAGES, u32>,
    meta: Vec<MetaRecord, META, u32>,
    links: Vec<LinkRecord, LINKS, u32>,
    pool: Pool<BYTES>,
    /// `compute`, `image_service`, `tenant`; `None` until they are set (or read from a document).
    endpoints: Option<[Span; 3]>,
    next_link: Option<Span>,
    size_extension: bool,
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Default
    for ImageList<I, M, L, B>
{
    fn default() -> Self {
        Self::new()
    }
}

/// Inserts `values` at `at` in a pool whose room the caller checked: pushed at the end, the
/// values after `at` moved up over them, the new ones copied in. (Not `heapless`'s `insert`,
/// which keeps a panic path for an index past the end that the C archive's link-time no-panic
/// proof cannot accept; not `rotate_right`, whose code is 440 bytes of flash for each type.)
fn insert_at<T: Copy, const N: usize>(pool: &mut Vec<T, N, u32>, at: usize, values: &[T]) {
    let len = pool.len();
    let mut added = 0;
    for v in values {
        if pool.push(*v).is_ok() {
            added += 1;
        }
    }
    if at > len {
        return;
    }
    for k in (at..len).rev() {
        move_to(pool, k, k + added);
    }
    for (k, v) in values.iter().take(added).enumerate() {
        if let Some(d) = pool.get_mut(at + k) {
            *d = *v;
        }
    }
}

/// Removes the values in `start..end` of a pool, moving the rest down.
fn remove_range<T: Copy, const N: usize>(pool: &mut Vec<T, N, u32>, start: usize, end: usize) {
    let len = pool.len();
    if start >= end || end > len {
        return;
    }
    for k in end..len {
        move_to(pool, k, k - (end - start));
    }
    pool.truncate(len - (end - start));
}

/// Copies value `from` of `pool` over value `to`.
#[inline(always)]
fn move_to<T: Copy>(pool: &mut [T], from: usize, to: usize) {
    if let Some(v) = pool.get(from).copied()
        && let Some(d) = pool.get_mut(to)
    {
        *d = v;
    }
}

impl<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
    ImageList<IMAGES, META, LINKS, BYTES>
{
    /// The list's capacities: `IMAGES`, `META`, `LINKS`, `BYTES`.
    pub const CAPACITY: Capacity = Capacity {
        images: IMAGES,
        metadata: META,
        links: LINKS,
        bytes: BYTES,
    };

    /// An empty list: no images, no endpoints, no next link, size extension off.
    pub const fn new() -> Self {
        ImageList {
            images: Vec::new(),
            meta: Vec::new(),
            links: Vec::new(),
            pool: Pool::new(),
            endpoints: None,
            next_link: None,
            size_extension: false,
        }
    }

    /// Removes everything, endpoints included. (Each part emptied in place: a new list
    /// written over this one costs a memset of all of it, 7.8 KB for the C ABI's.)
    pub fn clear(&mut self) {
        let ImageList {
            images,
            meta,
            links,
            pool,
            endpoints,
            next_link,
            size_extension,
        } = self;
        images.clear();
        meta.clear();
        links.clear();
        pool.truncate(0);
        (*endpoints, *next_link, *size_extension) = (None, None, false);
    }

    /// How many images the list holds.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// Whether the list holds no image.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// Bytes of the text pool in use (of `BYTES`): exactly what the values the list holds take.
    pub fn bytes_used(&self) -> usize {
        self.pool.used()
    }

    /// Metadata entries in use (of `META`).
    pub fn metadata_used(&self) -> usize {
        self.meta.len()
    }

    /// Explicit links in use (of `LINKS`).
    pub fn links_used(&self) -> usize {
        self.links.len()
    }

    /// What the list holds, against [`ImageList::CAPACITY`].
    pub fn used(&self) -> Capacity {
        Capacity {
            images: self.len(),
            metadata: self.metadata_used(),
            links: self.links_used(),
            bytes: self.bytes_used(),
        }
    }

    /// Sets the endpoints derived links are built from, replacing (and giving back the room of)
    /// any set before. Images with derived links, or with a server, can be stored only once the
    /// list has endpoints.
    pub fn set_endpoints(&mut self, e: Endpoints<'_>) -> Result<(), Error> {
        let new = [e.compute, e.image_service, e.tenant];
        let classes = validate::endpoints(&e)?;
        let old = self
            .endpoints
            .map_or(0, |s| s.iter().map(|s| s.len()).sum());
        let more = Capacity {
            bytes: new.iter().map(|s| s.len()).sum(),
            ..Capacity::NONE
        };
        self.check_room(more, old, Field::ComputeEndpoint)?;
        let ([c, i, t], [cc, ic, tc]) = (new, classes);
        match self.endpoints.take() {
            // The same lengths (the usual case: the same values again): in place.
            Some([oc, oi, ot])
                if oc.len() == c.len() && oi.len() == i.len() && ot.len() == t.len() =>
            {
                let pool = &mut self.pool;
                self.endpoints = Some([
                    pool.overwrite(oc, c, cc),
                    pool.overwrite(oi, i, ic),
                    pool.overwrite(ot, t, tc),
                ]);
            }
            old => {
                if let Some(old) = old {
                    self.release_all(&old);
                }
                let pool = &mut self.pool;
                self.endpoints = Some([
                    pool.store_as(c, cc),
                    pool.store_as(i, ic),
                    pool.store_as(t, tc),
                ]);
            }
        }
        Ok(())
    }

    /// The endpoints derived links are built from, once they are set.
    pub fn endpoints(&self) -> Option<Endpoints<'_>> {
        let [c, i, t] = self.endpoints?;
        Some(Endpoints {
            compute: self.pool.str(c),
            image_service: self.pool.str(i),
            tenant: self.pool.str(t),
        })
    }

    /// Sets (or with `None`, removes) the `images_links` next link, giving back the room of the
    /// one it replaces.
    pub fn set_next_link(&mut self, href: Option<&str>) -> Result<(), Error> {
        let new = match href {
            Some(h) => Some((h, validate::text(h, Field::NextLink)?)),
            None => None,
        };
        self.next_link = self.replace_text(self.next_link, new, Field::NextLink)?;
        Ok(())
    }

    /// The `images_links` next link, if set.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.map(|s| self.pool.str(s))
    }

    /// Turns the image-size extension on or off. When on, every image carries
    /// `OS-EXT-IMG-SIZE:size` (null where its size is unknown).
    ///
    /// Storing a size turns it on (as reading a document with a size does), so a stored size
    /// is never dropped; turning it off while an image has a size leaves it on.
    pub fn set_size_extension(&mut self, on: bool) {
        self.size_extension = on || self.images.iter().any(|r| r.size().is_some());
    }

    /// Whether the image-size extension is on.
    pub fn size_extension(&self) -> bool {
        self.size_extension
    }

    /// Stores an image at the end of the list, returning its index.
    ///
    /// Refused, with the list unchanged: a value SPEC refuses (see [`ErrorKind`]), a duplicate
    /// metadata key, derived links (or a server) while the list has no endpoints, or more than
    /// a capacity holds (the error says how much would be needed).
    pub fn push(&mut self, image: &ImageRef<'_>) -> Result<usize, Error> {
        Ok(self.add(image)?)
    }

    /// [`ImageList::push`], as the library calls it.
    fn add(&mut self, image: &ImageRef<'_>) -> Result<usize, Fault> {
        let index = self.images.len();
        let r = Record::of(image);
        let at = |e: Fault| e.at_image(index);
        let (needs, class) = validate::image(image).map_err(at)?;
        self.check_endpoints(&r).map_err(at)?;
        self.check_room(needs, 0, Field::Image).map_err(at)?;

        // Everything fits and is valid: from here on nothing can fail.
        let name = r.name.map(|n| self.pool.store(n, class));
        for (k, v) in r.entries.metadata {
            let rec = MetaRecord {
                key: self.pool.store(k, class),
                value: v.map(|v| self.pool.store(v, class)),
            };
            let _ = self.meta.push(rec);
        }
        for l in r.entries.links {
            let rec = self.link_record(l, class);
            let _ = self.links.push(rec);
        }
        self.commit(&r.with(name, r.server, ()))
    }

    /// Adds a metadata entry at the end of image `image`'s metadata.
    pub fn push_metadata(
        &mut self,
        image: usize,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), Error> {
        Ok(self.add_metadata(image, key, value)?)
    }

    /// [`ImageList::push_metadata`], as the library calls it.
    fn add_metadata(&mut self, image: usize, key: &str, value: Option<&str>) -> Result<(), Fault> {
        let (start, end) = self.meta_range(image)?;
        let at = |e: Fault| e.at_image(image).at_entry(end - start);
        let keys = self.meta.get(start..end).unwrap_or(&[]);
        let keys = keys.iter().map(|m| self.pool.str(m.key));
        let (bytes, class) =
            validate::metadata_entry(key, value, keys).map_err(|e| at(e.into()))?;
        let more = Capacity {
            metadata: 1,
            bytes,
            ..Capacity::NONE
        };
        self.check_room(more, 0, Field::Metadata).map_err(at)?;
        let rec = MetaRecord {
            key: self.pool.store(key, class),
            value: value.map(|v| self.pool.store(v, class)),
        };
        insert_at(&mut self.meta, end, &[rec]);
        self.move_ends(image, 1, 0, true);
        Ok(())
    }

    /// Adds an explicit link at the end of image `image`'s links. An image with derived links
    /// then has this one link instead.
    pub fn push_link(&mut self, image: usize, link: &LinkRef<'_>) -> Result<(), Error> {
        Ok(self.add_link(image, link)?)
    }

    /// [`ImageList::push_link`], as the library calls it.
    fn add_link(&mut self, image: usize, link: &LinkRef<'_>) -> Result<(), Fault> {
        let (start, end) = self.links_range(image)?;
        let at = |e: Fault| e.at_image(image).at_entry(end - start);
        let (bytes, class) = validate::link(link).map_err(|e| at(e.into()))?;
        let more = Capacity {
            links: 1,
            bytes,
            ..Capacity::NONE
        };
        self.check_room(more, 0, Field::Links).map_err(at)?;
        let rec = self.link_record(link, class);
        insert_at(&mut self.links, end, &[rec]);
        self.move_ends(image, 0, 1, true);
        if let Some(r) = self.images.get_mut(image) {
            r.set_derived_links(false);
        }
        Ok(())
    }

    /// Image `i` as stored, for reading back.
    pub fn get(&self, i: usize) -> Option<StoredImage<'_, IMAGES, META, LINKS, BYTES>> {
        (i < self.images.len()).then(|| StoredImage::new(self, i))
    }

    /// The detail list document (`GET /v2/{tenant}/images/detail`).
    pub fn detail(&self) -> Document<'_, Self> {
        Document::detail(self)
    }

    /// The summary list document (`GET /v2/{tenant}/images`).
    pub fn summary(&self) -> Document<'_, Self> {
        Document::summary(self)
    }

    /// The show document of image `i` (`GET /v2/{tenant}/images/{id}`), if there is one.
    pub fn show(&self, i: usize) -> Option<Document<'_, Self>> {
        Document::show(self, i)
    }

    /// Stores an image whose values its caller checked and found to take `needs` in all: its
    /// scalar values (`scalars`, with no metadata and no explicit links), then its metadata
    /// entries and its links one by one, each checked again as it is stored; the list is put
    /// back as it was if any is refused. The C ABI's push, whose caller's strings are read
    /// again as they are copied (another thread may have changed them since the check). A
    /// refusal for want of room is made before anything is stored, and says what the whole
    /// image needs.
    #[doc(hidden)]
    pub fn push_whole<'i>(
        &mut self,
        scalars: &ImageRef<'_>,
        needs: Capacity,
        metadata: impl Iterator<Item = (&'i str, Option<&'i str>)>,
        links: impl Iterator<Item = LinkRef<'i>>,
    ) -> Result<usize, Error> {
        let index = self.images.len();
        let mark = Store::mark(self);
        let copy = || -> Result<(), Fault> {
            self.check_endpoints(&Record::of(scalars))?;
            self.check_room(needs, 0, Field::Image)?;
            self.add(scalars)?;
            for (key, value) in metadata {
                self.add_metadata(index, key, value)?;
            }
            for link in links {
                self.add_link(index, &link)?;
            }
            Ok(())
        };
        copy().map_err(|e| {
            Store::rewind(self, &mark);
            e.at_image(index)
        })?;
        Ok(index)
    }

    /// Refuses what does not fit: `more` on top of what the list holds, once `freed` bytes of
    /// text are given back. The error says how much the list would need; a text error names
    /// `field`.
    fn check_room(&self, more: Capacity, freed: usize, field: Field) -> Result<(), Fault> {
        let after = |used: usize, more: usize| used.saturating_add(more);
        let images = after(self.len(), more.images);
        if images > IMAGES {
            return Err(Fault::new(ErrorKind::TooManyImages, Field::Images).needing(images));
        }
        let metadata = after(self.metadata_used(), more.metadata);
        if metadata > META {
            return Err(Fault::new(ErrorKind::TooManyMetadata, Field::Metadata).needing(metadata));
        }
        let links = after(self.links_used(), more.links);
        if links > LINKS {
            return Err(Fault::new(ErrorKind::TooManyLinks, Field::Links).needing(links));
        }
        let bytes = after(self.bytes_used().saturating_sub(freed), more.bytes);
        if bytes > BYTES || bytes > u32::MAX as usize {
            return Err(Fault::new(ErrorKind::OutOfTextSpace, field).needing(bytes));
        }
        Ok(())
    }

    /// Refuses an image whose links are built from endpoints the list does not have.
    fn check_endpoints<S, V, E>(&self, r: &Record<S, V, E>) -> Result<(), Fault> {
        if self.endpoints.is_some() || !r.needs_endpoints() {
            return Ok(());
        }
        let field = if r.derived_links() {
            Field::Links
        } else {
            Field::Server
        };
        Err(Fault::new(ErrorKind::NoEndpoints, field))
    }

    /// Stores an image whose strings are in the pool and whose metadata entries and explicit
    /// links are the ones at the ends of their pools; returns its index.
    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Fault> {
        let index = self.images.len();
        if index >= IMAGES {
            let e = Fault::new(ErrorKind::TooManyImages, Field::Images);
            return Err(e.needing(index + 1));
        }
        let server = match r.server {
            Some(id) => match self.pool.store_id(&id) {
                Some(at) => Some(at),
                None => {
                    let e = Fault::new(ErrorKind::OutOfTextSpace, Field::Server);
                    return Err(e.needing(self.bytes_used() + ServerAt::LEN));
                }
            },
            None => None,
        };
        let ends = Ends {
            meta: self.meta.len() as u32,
            links: self.links.len() as u32,
        };
        let kept = r.with(r.name, server, ends);
        if self.images.push(kept).is_err() {
            return Err(Fault::new(ErrorKind::TooManyImages, Field::Images));
        }
        self.size_extension |= r.size().is_some();
        Ok(index)
    }

    /// The link stored; `checked` as for [`Pool::store`].
    fn link_record(&mut self, l: &LinkRef<'_>, checked: u8) -> LinkRecord {
        LinkRecord {
            href: self.pool.store(l.href, checked),
            rel: self.pool.store(l.rel, checked),
            media_type: l.media_type.map(|t| self.pool.store(t, checked)),
        }
    }

    /// Image `i`'s metadata entries in the shared pool, or `NoSuchImage`.
    fn meta_range(&self, i: usize) -> Result<(usize, usize), Fault> {
        self.ranges(i).map(|(m, _)| m)
    }

    /// Image `i`'s explicit links in the shared pool, or `NoSuchImage`.
    fn links_range(&self, i: usize) -> Result<(usize, usize), Fault> {
        self.ranges(i).map(|(_, l)| l)
    }

    #[allow(clippy::type_complexity)]
    fn ranges(&self, i: usize) -> Result<((usize, usize), (usize, usize)), Fault> {
        self.spans(i)
            .ok_or_else(|| Fault::new(ErrorKind::NoSuchImage, Field::Image).at_image(i))
    }

    /// [`ImageList::ranges`] for the renderer: no error is built (an `Error` made on its way
    /// is 60 bytes more of stack under every metadata entry and link it reads).
    #[allow(clippy::type_complexity)]
    fn spans(&self, i: usize) -> Option<((usize, usize), (usize, usize))> {
        let end = self.images.get(i)?.entries;
        let start = match i.checked_sub(1).and_then(|p| self.images.get(p)) {
            Some(prev) => prev.entries,
            None => Ends::default(),
        };
        Some((
            (start.meta as usize, end.meta as usize),
            (start.links as usize, end.links as usize),
        ))
    }

    /// Moves the ends of image `image` (if `itself`) and every image after it by `meta` and
    /// `links` entries.
    fn move_ends(&mut self, image: usize, meta: isize, links: isize, itself: bool) {
        let from = if itself { image } else { image + 1 };
        for r in self.images.iter_mut().skip(from) {
            r.entries.meta = r.entries.meta.wrapping_add_signed(meta as i32);
            r.entries.links = r.entries.links.wrapping_add_signed(links as i32);
        }
    }

    /// Gives back `len` bytes of text at `start`: the bytes after them move down, and so does
    /// every string that starts after them.
    fn release(&mut self, start: usize, len: usize) {
        if len == 0 {
            return;
        }
        self.pool.cut(start, len);
        let shift = |s: &mut Span| s.shift(start, len);
        for r in self.images.iter_mut() {
            r.name.as_mut().map(shift);
            if let Some(v) = r.server.as_mut() {
                v.shift(start, len);
            }
        }
        for m in self.meta.iter_mut() {
            shift(&mut m.key);
            m.value.as_mut().map(shift);
        }
        for l in self.links.iter_mut() {
            shift(&mut l.href);
            shift(&mut l.rel);
            l.media_type.as_mut().map(shift);
        }
        for s in self.endpoints.iter_mut().flatten() {
            shift(s);
        }
        self.next_link.as_mut().map(shift);
    }

    /// Gives back strings no record refers to any more, the last first, so that each one's
    /// place is still right when it goes.
    fn release_all(&mut self, spans: &[Span]) {
        let mut left: [Option<Span>; 3] = [None; 3];
        for (slot, s) in left.iter_mut().zip(spans) {
            *slot = Some(*s);
        }
        while let Some((k, s)) = left
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.map(|s| (k, s)))
            .max_by_key(|(_, s)| s.start())
        {
            self.release(s.start(), s.len());
            if let Some(slot) = left.get_mut(k) {
                *slot = None;
            }
        }
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Sealed
    for ImageList<I, M, L, B>
{
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Source
    for ImageList<I, M, L, B>
{
    fn compute(&self) -> Text<'_> {
        self.endpoint(0)
    }
    fn image_service(&self) -> Text<'_> {
        self.endpoint(1)
    }
    fn tenant(&self) -> Text<'_> {
        self.endpoint(2)
    }
    fn next_link(&self) -> Option<Text<'_>> {
        self.next_link.map(|s| self.pool.text(s))
    }
    fn size_extension(&self) -> bool {
        self.size_extension
    }
    fn count(&self) -> usize {
        self.images.len()
    }
    fn read_image<'s>(&'s self, i: usize, into: &mut Img<'s>, _: Reads) -> bool {
        let (Some(r), Some(((ms, me), (ls, le)))) = (self.images.get(i), self.spans(i)) else {
            return false;
        };
        let counts = Counts {
            metadata: me - ms,
            links: le - ls,
        };
        into.scalars_from(r);
        into.name = r.name.map(|s| self.pool.text(s));
        into.server = r.server.map(|at| self.pool.id(at));
        into.entries = counts;
        true
    }
    #[cfg_attr(feature = "small", inline(always))]
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        let ((start, end), _) = self.spans(i)?;
        let m = self.meta.get(start + k).filter(|_| start + k < end)?;
        Some((self.pool.text(m.key), m.value.map(|v| self.pool.text(v))))
    }
    #[cfg_attr(feature = "small", inline(always))]
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>> {
        let (_, (start, end)) = self.spans(i)?;
        let l = self.links.get(start + k).filter(|_| start + k < end)?;
        Some(LinkText {
            href: self.pool.text(l.href),
            rel: self.pool.text(l.rel),
            media_type: l.media_type.map(|t| self.pool.text(t)),
        })
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    /// Endpoint `k` as the renderer reads it (empty before they are set: no image then needs
    /// them).
    fn endpoint(&self, k: usize) -> Text<'_> {
        match self.endpoints.as_ref().and_then(|e| e.get(k)) {
            Some(s) => self.pool.text(*s),
            None => Text::new("", 0),
        }
    }
}
