//! The owned image list: fixed capacities, one byte pool, every value checked when it is stored.

mod store;

use heapless::Vec;

use crate::error::{Error, ErrorKind, Field};
use crate::model::{DiskConfig, Endpoints, ImageRef, LinkRef, Status};
use crate::render::Document;
use crate::source::{Img, LinkText, Sealed, Source, Text};
use crate::{Timestamp, Uuid, validate};

/// Where a string lives in the byte pool, with its class bits and a null flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    start: u32,
    /// Length in the low 27 bits, class bits above it, null in the top bit.
    bits: u32,
}

pub(crate) use store::{EndpointSplit, Scalars, Store};

const LEN_BITS: u32 = 27;
const LEN_MASK: u32 = (1 << LEN_BITS) - 1;
const _: () = assert!(LEN_MASK as usize == validate::MAX_TEXT);
const NULL: u32 = 1 << 31;

impl Span {
    pub(crate) const NULL: Span = Span {
        start: 0,
        bits: NULL,
    };

    pub(crate) fn len(self) -> usize {
        (self.bits & LEN_MASK) as usize
    }
    fn class(self) -> u8 {
        ((self.bits >> LEN_BITS) & 0xF) as u8
    }
    pub(crate) fn is_null(self) -> bool {
        self.bits & NULL != 0
    }
}

const NO_SERVER: u32 = u32::MAX;
const HAS_SIZE: u8 = 1;
const HAS_DISK_CONFIG: u8 = 2;
const MANUAL: u8 = 4;

/// Inserts `value` at `at` in a pool whose room the caller checked: pushed at the end, then
/// rotated into place. (`heapless`'s own `insert` keeps a panic path for an index past the end,
/// which the C archive's link-time no-panic proof cannot accept.)
fn insert_at<T, const N: usize>(pool: &mut Vec<T, N, u32>, at: usize, value: T) {
    if pool.push(value).is_ok()
        && let Some(tail) = pool.get_mut(at..).filter(|t| !t.is_empty())
    {
        tail.rotate_right(1);
    }
}

/// One stored image: scalars inline, strings in the pool, metadata and links as the end of its
/// range in the shared pools (the range starts where the previous image's ends).
#[derive(Debug, Clone, Copy)]
struct Record {
    id: Uuid,
    min_disk: u64,
    min_ram: u64,
    size: u64,
    name: Span,
    created: Option<Timestamp>,
    updated: Option<Timestamp>,
    /// Offset of the server id's 16 bytes in the pool, or `NO_SERVER`.
    server: u32,
    meta_end: u32,
    links_end: u32,
    status: Status,
    progress: u8,
    flags: u8,
}

#[derive(Debug, Clone, Copy)]
struct MetaRecord {
    key: Span,
    value: Span,
}

#[derive(Debug, Clone, Copy)]
struct LinkRecord {
    href: Span,
    rel: Span,
    media_type: Span,
}

/// An image list with fixed capacities, owning its data.
///
/// - `IMAGES`: images in the list.
/// - `META`: metadata entries, all images together (a shared pool: one image may use many).
/// - `LINKS`: explicit links, all images together (images with derived links use none).
/// - `BYTES`: bytes of text, all strings together (names, keys, values, endpoints, explicit links,
///   and 16 bytes per server id).
///
/// Memory grows with what is stored, not with the longest string allowed. Every value is
/// checked when it is stored; a refused value leaves the list exactly as it was. So a stored list
/// always renders, in every style, and rendering can fail only for lack of room.
///
/// ```
/// use osimages::{Endpoints, ImageList, ImageRef, Style, Timestamp, Uuid};
///
/// let mut list: ImageList<4, 8, 0, 512> = ImageList::new();
/// list.set_endpoints(Endpoints {
///     compute: "http://openstack.example.com",
///     image_service: "http://glance.openstack.example.com",
///     tenant: "openstack",
/// })?;
/// let id = Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b").unwrap();
/// let at = Timestamp::parse("2011-01-01T01:02:03Z");
/// let i = list.push(&ImageRef {
///     name: Some("fakeimage7"),
///     progress: 100,
///     created: at,
///     updated: at,
///     metadata: &[("kernel_id", Some("nokernel"))],
///     ..ImageRef::new(id)
/// })?;
/// list.push_metadata(i, "architecture", Some("x86_64"))?;
///
/// let mut buf = [0u8; 2048];
/// let n = list.detail().render(&mut buf, Style::JsonCompact).unwrap();
/// assert!(buf[..n].starts_with(br#"{"images":[{"created":"2011-01-01T01:02:03Z","id":"70a599e0"#));
/// # Ok::<(), osimages::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ImageList<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
{
    images: Vec<Record, IMAGES, u32>,
    meta: Vec<MetaRecord, META, u32>,
    links: Vec<LinkRecord, LINKS, u32>,
    bytes: Vec<u8, BYTES, u32>,
    compute: Span,
    image_service: Span,
    tenant: Span,
    next_link: Span,
    size_extension: bool,
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Default
    for ImageList<I, M, L, B>
{
    fn default() -> Self {
        Self::new()
    }
}

/// Pool lengths and list-level settings, to put a list back as it was when a multi-step change
/// (a parse) fails.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Mark {
    images: usize,
    meta: usize,
    links: usize,
    bytes: usize,
    endpoints: [Span; 3],
    next_link: Span,
    size_extension: bool,
}

impl<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
    ImageList<IMAGES, META, LINKS, BYTES>
{
    /// An empty list: no images, empty endpoints, no next link, size extension off.
    pub const fn new() -> Self {
        ImageList {
            images: Vec::new(),
            meta: Vec::new(),
            links: Vec::new(),
            bytes: Vec::new(),
            compute: Span { start: 0, bits: 0 },
            image_service: Span { start: 0, bits: 0 },
            tenant: Span { start: 0, bits: 0 },
            next_link: Span::NULL,
            size_extension: false,
        }
    }

    /// Where the list stands, to put it back with [`ImageList::rewind`] (for the C ABI's
    /// multi-step push).
    #[doc(hidden)]
    pub fn mark(&self) -> Mark {
        Store::mark(self)
    }

    /// Puts the list back as it was at `mark`.
    #[doc(hidden)]
    pub fn rewind(&mut self, mark: Mark) {
        Store::rewind(self, mark)
    }

    /// Removes everything, endpoints included.
    pub fn clear(&mut self) {
        *self = Self::new();
    }

    /// How many images the list holds.
    pub fn len(&self) -> usize {
        self.images.len()
    }

    /// Whether the list holds no image.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// Bytes of the text pool in use (of `BYTES`).
    pub fn bytes_used(&self) -> usize {
        self.bytes.len()
    }

    /// Metadata entries in use (of `META`).
    pub fn metadata_used(&self) -> usize {
        self.meta.len()
    }

    /// Explicit links in use (of `LINKS`).
    pub fn links_used(&self) -> usize {
        self.links.len()
    }

    /// Sets the endpoints derived links are built from. The old strings stay in the pool, so
    /// set them once.
    pub fn set_endpoints(&mut self, e: Endpoints<'_>) -> Result<(), Error> {
        let needed = validate::endpoints(&e)?;
        self.room_for_bytes(needed, Field::Document)?;
        self.compute = self.store(e.compute);
        self.image_service = self.store(e.image_service);
        self.tenant = self.store(e.tenant);
        Ok(())
    }

    /// The endpoints derived links are built from.
    pub fn endpoints(&self) -> Endpoints<'_> {
        Endpoints {
            compute: self.str_at(self.compute).unwrap_or(""),
            image_service: self.str_at(self.image_service).unwrap_or(""),
            tenant: self.str_at(self.tenant).unwrap_or(""),
        }
    }

    /// Sets (or with `None`, removes) the `images_links` next link.
    pub fn set_next_link(&mut self, href: Option<&str>) -> Result<(), Error> {
        match href {
            None => self.next_link = Span::NULL,
            Some(h) => {
                validate::text(h, Field::NextLink)?;
                self.room_for_bytes(h.len(), Field::NextLink)?;
                self.next_link = self.store(h);
            }
        }
        Ok(())
    }

    /// The `images_links` next link, if set.
    pub fn next_link(&self) -> Option<&str> {
        self.str_at(self.next_link)
    }

    /// Turns the image-size extension on or off: when on, every image carries
    /// `OS-EXT-IMG-SIZE:size` (null where its size is unknown).
    pub fn set_size_extension(&mut self, on: bool) {
        self.size_extension = on;
    }

    /// Whether the image-size extension is on.
    pub fn size_extension(&self) -> bool {
        self.size_extension
    }

    /// Stores an image at the end of the list, returning its index.
    ///
    /// Refused, with the list unchanged: a value SPEC refuses (see [`ErrorKind`]), a duplicate
    /// metadata key, or more than a capacity holds.
    pub fn push(&mut self, image: &ImageRef<'_>) -> Result<usize, Error> {
        let index = self.images.len();
        let needs = validate::image(image).map_err(|e| e.at_image(index))?;
        let full = |kind, field| Err(Error::new(kind, field).at_image(index));
        if self.images.len() >= IMAGES {
            return full(ErrorKind::TooManyImages, Field::Images);
        }
        if META - self.meta.len() < needs.metadata {
            return full(ErrorKind::TooManyMetadata, Field::Metadata);
        }
        if LINKS - self.links.len() < needs.links {
            return full(ErrorKind::TooManyLinks, Field::Links);
        }
        self.room_for_bytes(needs.bytes, Field::Image)
            .map_err(|e| e.at_image(index))?;

        // Everything fits and is valid: from here on nothing can fail.
        let name = image.name.map_or(Span::NULL, |n| self.store(n));
        for (k, v) in image.metadata {
            let rec = MetaRecord {
                key: self.store(k),
                value: v.map_or(Span::NULL, |v| self.store(v)),
            };
            let _ = self.meta.push(rec);
        }
        for l in image.links {
            let rec = self.link_record(l);
            let _ = self.links.push(rec);
        }
        self.commit(&Scalars {
            id: image.id,
            name,
            status: image.status,
            progress: image.progress,
            min_disk: image.min_disk,
            min_ram: image.min_ram,
            created: image.created,
            updated: image.updated,
            server: image.server,
            disk_config: image.disk_config,
            size: image.size,
        })
    }

    /// Adds a metadata entry at the end of image `image`'s metadata.
    pub fn push_metadata(
        &mut self,
        image: usize,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), Error> {
        let (start, end) = self
            .meta_range(image)
            .ok_or(Error::new(ErrorKind::NoSuchImage, Field::Image).at_image(image))?;
        let existing = self.meta.get(start..end).unwrap_or(&[]);
        let keys = existing.iter().map(|m| self.str_at(m.key).unwrap_or(""));
        let entry = end - start;
        let needed = validate::metadata_entry(key, value, keys)
            .map_err(|e| e.at_image(image).at_entry(entry))?;
        if self.meta.len() >= META {
            return Err(Error::new(ErrorKind::TooManyMetadata, Field::Metadata)
                .at_image(image)
                .at_entry(entry));
        }
        self.room_for_bytes(needed, Field::Metadata)
            .map_err(|e| e.at_image(image).at_entry(entry))?;
        let rec = MetaRecord {
            key: self.store(key),
            value: value.map_or(Span::NULL, |v| self.store(v)),
        };
        // Room was checked above, so the insert cannot fail.
        insert_at(&mut self.meta, end, rec);
        for r in self.images.iter_mut().skip(image) {
            r.meta_end += 1;
        }
        Ok(())
    }

    /// Adds an explicit link to image `image`. An image with explicit links no longer gets the
    /// three derived ones.
    pub fn push_link(&mut self, image: usize, link: &LinkRef<'_>) -> Result<(), Error> {
        let (start, end) = self
            .links_range(image)
            .ok_or(Error::new(ErrorKind::NoSuchImage, Field::Image).at_image(image))?;
        let entry = end - start;
        let needed = validate::link(link).map_err(|e| e.at_image(image).at_entry(entry))?;
        if self.links.len() >= LINKS {
            return Err(Error::new(ErrorKind::TooManyLinks, Field::Links)
                .at_image(image)
                .at_entry(entry));
        }
        self.room_for_bytes(needed, Field::Links)
            .map_err(|e| e.at_image(image).at_entry(entry))?;
        let rec = self.link_record(link);
        insert_at(&mut self.links, end, rec);
        for r in self.images.iter_mut().skip(image) {
            r.links_end += 1;
        }
        Ok(())
    }

    /// Image `i` as stored, for reading back.
    pub fn get(&self, i: usize) -> Option<StoredImage<'_, IMAGES, META, LINKS, BYTES>> {
        (i < self.images.len()).then_some(StoredImage {
            list: self,
            index: i,
        })
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

    /// Room for `needed` more bytes of text; the error names `field`.
    fn room_for_bytes(&self, needed: usize, field: Field) -> Result<(), Error> {
        if BYTES - self.bytes.len() < needed || self.bytes.len() + needed > u32::MAX as usize {
            return Err(Error::new(ErrorKind::OutOfTextSpace, field));
        }
        Ok(())
    }

    /// Appends a checked string whose room was checked.
    fn store(&mut self, s: &str) -> Span {
        let start = self.bytes.len() as u32;
        let class = crate::text::classify(s).unwrap_or(crate::text::UNKNOWN);
        if s.len() > LEN_MASK as usize || self.bytes.extend_from_slice(s.as_bytes()).is_err() {
            // Unreachable after the room check; an empty span is the harmless answer.
            return Span { start, bits: 0 };
        }
        Span {
            start,
            bits: s.len() as u32 | u32::from(class) << LEN_BITS,
        }
    }

    fn link_record(&mut self, l: &LinkRef<'_>) -> LinkRecord {
        LinkRecord {
            href: self.store(l.href),
            rel: self.store(l.rel),
            media_type: l.media_type.map_or(Span::NULL, |t| self.store(t)),
        }
    }

    /// A stored string as the renderer reads it: bytes and class bits, not checked again (it
    /// was checked when it was stored).
    #[inline]
    fn text(&self, span: Span) -> Option<Text<'_>> {
        if span.is_null() {
            return None;
        }
        let start = span.start as usize;
        let b = self.bytes.get(start..start + span.len())?;
        Some(Text::from_stored(b, span.class()))
    }

    /// A stored string as a `&str`, for reading back (stored from a `&str`, so this never
    /// fails; the renderer does not pay for the check).
    fn str_at(&self, span: Span) -> Option<&str> {
        self.text(span).and_then(|t| core::str::from_utf8(t.s).ok())
    }

    fn meta_range(&self, i: usize) -> Option<(usize, usize)> {
        let end = self.images.get(i)?.meta_end as usize;
        let start = if i == 0 {
            0
        } else {
            self.images.get(i - 1)?.meta_end as usize
        };
        Some((start, end))
    }

    fn links_range(&self, i: usize) -> Option<(usize, usize)> {
        let end = self.images.get(i)?.links_end as usize;
        let start = if i == 0 {
            0
        } else {
            self.images.get(i - 1)?.links_end as usize
        };
        Some((start, end))
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
        self.text(self.compute).unwrap_or(Text::new("", 0))
    }
    fn image_service(&self) -> Text<'_> {
        self.text(self.image_service).unwrap_or(Text::new("", 0))
    }
    fn tenant(&self) -> Text<'_> {
        self.text(self.tenant).unwrap_or(Text::new("", 0))
    }
    fn next_link(&self) -> Option<Text<'_>> {
        self.text(self.next_link)
    }
    fn size_extension(&self) -> bool {
        self.size_extension
    }
    fn count(&self) -> usize {
        self.images.len()
    }
    fn image(&self, i: usize) -> Option<Img<'_>> {
        let r = self.images.get(i)?;
        let (ms, me) = self.meta_range(i)?;
        let (ls, le) = self.links_range(i)?;
        let server = if r.server == NO_SERVER {
            None
        } else {
            let at = r.server as usize;
            let b: [u8; 16] = self.bytes.get(at..at + 16)?.try_into().ok()?;
            Some(Uuid(b))
        };
        Some(Img {
            id: r.id,
            name: self.text(r.name),
            status: r.status,
            progress: r.progress,
            min_disk: r.min_disk,
            min_ram: r.min_ram,
            created: r.created,
            updated: r.updated,
            server,
            disk_config: match (r.flags & HAS_DISK_CONFIG != 0, r.flags & MANUAL != 0) {
                (false, _) => None,
                (true, false) => Some(DiskConfig::Auto),
                (true, true) => Some(DiskConfig::Manual),
            },
            size: (r.flags & HAS_SIZE != 0).then_some(r.size),
            metadata: me - ms,
            links: le - ls,
        })
    }
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        let (start, end) = self.meta_range(i)?;
        if k >= end - start {
            return None;
        }
        let m = self.meta.get(start + k)?;
        Some((self.text(m.key)?, self.text(m.value)))
    }
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>> {
        let (start, end) = self.links_range(i)?;
        if k >= end - start {
            return None;
        }
        let l = self.links.get(start + k)?;
        Some(LinkText {
            href: self.text(l.href)?,
            rel: self.text(l.rel)?,
            media_type: self.text(l.media_type),
        })
    }
}

/// A stored image, read back.
#[derive(Clone, Copy)]
pub struct StoredImage<'a, const I: usize, const M: usize, const L: usize, const B: usize> {
    list: &'a ImageList<I, M, L, B>,
    index: usize,
}

impl<'a, const I: usize, const M: usize, const L: usize, const B: usize>
    StoredImage<'a, I, M, L, B>
{
    fn img(&self) -> Option<Img<'a>> {
        self.list.image(self.index)
    }

    /// `id`
    pub fn id(&self) -> Uuid {
        self.img().map_or(Uuid([0; 16]), |i| i.id)
    }
    /// `name`
    pub fn name(&self) -> Option<&'a str> {
        self.img()
            .and_then(|i| i.name)
            .and_then(|t| core::str::from_utf8(t.s).ok())
    }
    /// `status`
    pub fn status(&self) -> Status {
        self.img().map_or(Status::Unknown, |i| i.status)
    }
    /// `progress`
    pub fn progress(&self) -> u8 {
        self.img().map_or(0, |i| i.progress)
    }
    /// `minDisk`
    pub fn min_disk(&self) -> u64 {
        self.img().map_or(0, |i| i.min_disk)
    }
    /// `minRam`
    pub fn min_ram(&self) -> u64 {
        self.img().map_or(0, |i| i.min_ram)
    }
    /// `created`
    pub fn created(&self) -> Option<Timestamp> {
        self.img().and_then(|i| i.created)
    }
    /// `updated`
    pub fn updated(&self) -> Option<Timestamp> {
        self.img().and_then(|i| i.updated)
    }
    /// The server a snapshot was taken of.
    pub fn server(&self) -> Option<Uuid> {
        self.img().and_then(|i| i.server)
    }
    /// `OS-DCF:diskConfig`
    pub fn disk_config(&self) -> Option<DiskConfig> {
        self.img().and_then(|i| i.disk_config)
    }
    /// `OS-EXT-IMG-SIZE:size` (`None` is null or absent).
    pub fn size(&self) -> Option<u64> {
        self.img().and_then(|i| i.size)
    }
    /// The metadata entries, in stored order.
    pub fn metadata(&self) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + 'a {
        let (list, i) = (self.list, self.index);
        let n = self.img().map_or(0, |im| im.metadata);
        let text = |t: Text<'a>| core::str::from_utf8(t.s).ok();
        (0..n).filter_map(move |k| {
            list.meta(i, k)
                .and_then(|(key, v)| Some((text(key)?, v.and_then(text))))
        })
    }
    /// The explicit links (empty when the links are derived from the endpoints).
    pub fn links(&self) -> impl Iterator<Item = LinkRef<'a>> + 'a {
        let (list, i) = (self.list, self.index);
        let n = self.img().map_or(0, |im| im.links);
        (0..n).filter_map(move |k| {
            let text = |t: Text<'a>| core::str::from_utf8(t.s).ok();
            list.link(i, k).and_then(|l| {
                Some(LinkRef {
                    href: text(l.href)?,
                    rel: text(l.rel)?,
                    media_type: l.media_type.and_then(text),
                })
            })
        })
    }
}
