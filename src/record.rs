//! The one image record. Every holder of an image keeps it in this shape: the owned list stores
//! it, the parser fills one in, the Rust and C views make one from an [`ImageRef`], the renderer
//! reads one. What differs is only how it holds its strings (`S`), its server id (`V`) and where
//! its metadata entries and explicit links are (`E`):
//!
//! | holder | `S` | `V` | `E` |
//! |---|---|---|---|
//! | [`ImageRef`] (one conversion: [`Record::of`]) | `&str` | [`Uuid`] | [`Entries`]: the slices |
//! | the owned list | a span of its byte pool | the pool offset of the id's 16 bytes | the ends of its ranges in the shared pools |
//! | the renderer ([`crate::source::Img`]) | [`crate::source::Text`] | [`Uuid`] | [`Counts`] |
//!
//! The optional scalars are packed (`size` and the link state in `flags`), so the owned list's
//! record stays 80 bytes.

use crate::model::{DiskConfig, ImageRef, LinkRef, Links, MetaEntry, Status};
use crate::source::Text;
use crate::text::UNKNOWN;
use crate::{Timestamp, Uuid};

/// `flags`: the image has an `OS-EXT-IMG-SIZE:size` value (else it is null).
const HAS_SIZE: u8 = 1;
/// `flags`: the links are exactly the explicit ones (possibly none), not the derived three.
const EXPLICIT_LINKS: u8 = 2;

/// One image: its scalars, its name and server id held as `S` and `V`, and its metadata entries
/// and explicit links located by `E`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Hash)]
pub struct Record<S, V, E> {
    pub(crate) id: Uuid,
    pub(crate) min_disk: u64,
    pub(crate) min_ram: u64,
    /// `OS-EXT-IMG-SIZE:size` when `flags` has `HAS_SIZE`.
    size: u64,
    pub(crate) created: Option<Timestamp>,
    pub(crate) updated: Option<Timestamp>,
    pub(crate) name: Option<S>,
    pub(crate) server: Option<V>,
    pub(crate) entries: E,
    pub(crate) status: Status,
    pub(crate) progress: u8,
    pub(crate) disk_config: Option<DiskConfig>,
    flags: u8,
}

/// Where an [`ImageRef`]'s metadata entries and explicit links are: its own slices.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entries<'a> {
    pub(crate) metadata: &'a [MetaEntry<'a>],
    /// Empty for derived links (the record's link state says which).
    pub(crate) links: &'a [LinkRef<'a>],
}

/// How many metadata entries and explicit links an image has, as the renderer reads them.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, Hash)]
pub struct Counts {
    /// Metadata entries.
    pub metadata: usize,
    /// Explicit links; 0 for derived links and for an explicitly empty list alike (the record's
    /// link state tells them apart).
    pub links: usize,
}

impl<S, V, E> Record<S, V, E> {
    /// An `ACTIVE` image with this id and nothing else: no name, no dates, derived links.
    pub(crate) const fn new(id: Uuid, entries: E) -> Self {
        Record {
            id,
            min_disk: 0,
            min_ram: 0,
            size: 0,
            created: None,
            updated: None,
            name: None,
            server: None,
            entries,
            status: Status::Active,
            progress: 0,
            disk_config: None,
            flags: 0,
        }
    }

    /// The same image holding its name, server id and entries another way.
    pub(crate) fn with<S2, V2, E2>(
        &self,
        name: Option<S2>,
        server: Option<V2>,
        entries: E2,
    ) -> Record<S2, V2, E2> {
        let mut r = Record::new(self.id, entries);
        r.name = name;
        r.server = server;
        r.scalars_from(self);
        r
    }

    /// Takes `other`'s id, scalars and link state, field by field: a reader that fills a record
    /// in place (the renderer's, on its stack) builds no second record to copy.
    #[inline(always)]
    pub(crate) fn scalars_from<S2, V2, E2>(&mut self, other: &Record<S2, V2, E2>) {
        self.id = other.id;
        self.min_disk = other.min_disk;
        self.min_ram = other.min_ram;
        self.size = other.size;
        self.created = other.created;
        self.updated = other.updated;
        self.status = other.status;
        self.progress = other.progress;
        self.disk_config = other.disk_config;
        self.flags = other.flags;
    }

    /// `OS-EXT-IMG-SIZE:size` (`None` is null).
    pub(crate) fn size(&self) -> Option<u64> {
        (self.flags & HAS_SIZE != 0).then_some(self.size)
    }

    pub(crate) fn set_size(&mut self, size: Option<u64>) {
        self.size = size.unwrap_or(0);
        self.flags = match size {
            Some(_) => self.flags | HAS_SIZE,
            None => self.flags & !HAS_SIZE,
        };
    }

    /// Whether the links are the three derived from the endpoints.
    pub(crate) fn derived_links(&self) -> bool {
        self.flags & EXPLICIT_LINKS == 0
    }

    pub(crate) fn set_derived_links(&mut self, derived: bool) {
        self.flags = if derived {
            self.flags & !EXPLICIT_LINKS
        } else {
            self.flags | EXPLICIT_LINKS
        };
    }

    /// Whether the image's links (its own or its server's) are built from the endpoints.
    pub(crate) fn needs_endpoints(&self) -> bool {
        self.derived_links() || self.server.is_some()
    }
}

impl<'a> Record<&'a str, Uuid, Entries<'a>> {
    /// The one conversion from what the caller hands in.
    pub(crate) fn of(image: &ImageRef<'a>) -> Self {
        let entries = Entries {
            metadata: image.metadata,
            links: image.links.explicit(),
        };
        Record::from_ref(image, image.name, entries)
    }
}

impl<S, E> Record<S, Uuid, E> {
    /// `image` with its name held as `name` and its entries located by `entries`: one record
    /// built in one piece, so that a caller that writes it in place (the renderer reading a
    /// view's image) makes no temporary record in its frame.
    #[inline(always)]
    fn from_ref(image: &ImageRef<'_>, name: Option<S>, entries: E) -> Self {
        let mut r = Record {
            min_disk: image.min_disk,
            min_ram: image.min_ram,
            created: image.created,
            updated: image.updated,
            name,
            server: image.server,
            status: image.status,
            progress: image.progress,
            disk_config: image.disk_config,
            ..Record::new(image.id, entries)
        };
        r.set_size(image.size);
        r.set_derived_links(matches!(image.links, Links::Derived));
        r
    }
}

impl<'a> Record<Text<'a>, Uuid, Counts> {
    /// An image the caller keeps, as the renderer reads it: its strings not classified (every
    /// style scans them), and `counts` entries and links found elsewhere (the Rust view: the
    /// image's own slices; the C view: the C arrays it points to).
    #[doc(hidden)]
    pub fn borrowed(image: &ImageRef<'a>, counts: Counts) -> Self {
        Record::from_ref(image, image.name.map(|s| Text::new(s, UNKNOWN)), counts)
    }

    /// [`Record::borrowed`] with the name given apart, as the bytes of a string checked
    /// earlier (a C view checked once, then rendered many times): not decoded again.
    #[doc(hidden)]
    pub fn borrowed_named(image: &ImageRef<'_>, name: Option<Text<'a>>, counts: Counts) -> Self {
        Record::from_ref(image, name, counts)
    }
}
