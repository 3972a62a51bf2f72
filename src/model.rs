//! The values an image is made of, as the caller hands them in.

use crate::{Timestamp, Uuid};

/// An image's `status`.
///
/// The numeric values are part of the C ABI: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(u8)]
pub enum Status {
    /// `ACTIVE`
    #[default]
    Active = 0,
    /// `SAVING`
    Saving = 1,
    /// `DELETED`
    Deleted = 2,
    /// `ERROR`
    Error = 3,
    /// `UNKNOWN`
    Unknown = 4,
}

impl Status {
    /// Every status, in numeric order.
    pub const ALL: [Status; 5] = [
        Status::Active,
        Status::Saving,
        Status::Deleted,
        Status::Error,
        Status::Unknown,
    ];

    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Active => "ACTIVE",
            Status::Saving => "SAVING",
            Status::Deleted => "DELETED",
            Status::Error => "ERROR",
            Status::Unknown => "UNKNOWN",
        }
    }

    /// Reads the wire spelling (exact, uppercase).
    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The status with this numeric value (as C passes it).
    pub fn from_u32(v: u32) -> Option<Self> {
        Status::ALL.into_iter().find(|s| *s as u32 == v)
    }
}

/// An image's `OS-DCF:diskConfig`.
///
/// The numeric values are part of the C ABI: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(u8)]
pub enum DiskConfig {
    /// `AUTO`
    Auto = 1,
    /// `MANUAL`
    Manual = 2,
}

impl DiskConfig {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            DiskConfig::Auto => "AUTO",
            DiskConfig::Manual => "MANUAL",
        }
    }

    /// Reads the wire spelling (exact, uppercase).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "AUTO" => Some(DiskConfig::Auto),
            "MANUAL" => Some(DiskConfig::Manual),
            _ => None,
        }
    }
}

/// A metadata entry: a key and a value that may be null.
pub type MetaEntry<'a> = (&'a str, Option<&'a str>);

/// An image's links: the three derived from the list's endpoints, or exactly the ones given.
///
/// `Explicit(&[])` is an image with no links at all (`"links": []`; in XML, no `<atom:link>`),
/// which nova's schemas allow; it is not the same as `Derived`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Links<T> {
    /// `self`, `bookmark` and `alternate`, built from the list's [`Endpoints`] (which must be set).
    #[default]
    Derived,
    /// Exactly these links, in this order (none at all when empty).
    Explicit(T),
}

impl<'a> Links<&'a [LinkRef<'a>]> {
    /// The explicit links; none for derived ones.
    pub const fn explicit(&self) -> &'a [LinkRef<'a>] {
        match self {
            Links::Explicit(l) => l,
            Links::Derived => &[],
        }
    }
}

/// An explicit link: `href`, `rel`, and an optional media `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinkRef<'a> {
    /// `href`
    pub href: &'a str,
    /// `rel`
    pub rel: &'a str,
    /// `type`, when the link has one: a media type, `type/subtype` on one line (nova's schema
    /// takes no other).
    pub media_type: Option<&'a str>,
}

/// The three values every derived link is built from.
///
/// `self` is `{compute}/v2/{tenant}/images/{id}`, `bookmark` is `{compute}/{tenant}/images/{id}`,
/// `alternate` is `{image_service}/{tenant}/images/{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Endpoints<'a> {
    /// The compute API's base URL, e.g. `http://openstack.example.com`.
    pub compute: &'a str,
    /// The image service's base URL, e.g. `http://glance.openstack.example.com`.
    pub image_service: &'a str,
    /// The tenant (project) id, e.g. `openstack`.
    pub tenant: &'a str,
}

/// One image, borrowed from the caller: what [`crate::ImageList::push`] stores and what an
/// [`crate::ImagesView`] renders in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageRef<'a> {
    /// `id`
    pub id: Uuid,
    /// `name` (`None` is null: JSON `null`, XML the text `None`, as nova wrote it).
    pub name: Option<&'a str>,
    /// `status`
    pub status: Status,
    /// `progress`, 0 to 100.
    pub progress: u8,
    /// `minDisk`, in GiB.
    pub min_disk: u64,
    /// `minRam`, in MiB.
    pub min_ram: u64,
    /// `created` (`None` is null: JSON `null`, XML `None`). Build it with
    /// [`Timestamp::parse`], which refuses what is not a real date, naming the field.
    pub created: Option<Timestamp>,
    /// `updated` (`None` is null: JSON `null`, XML `None`).
    pub updated: Option<Timestamp>,
    /// `metadata`, in the order it is written (pretty JSON sorts it by key). A `None` value is
    /// null: JSON `null`, XML `<meta key="k">None</meta>`, as nova wrote it.
    pub metadata: &'a [MetaEntry<'a>],
    /// The links: [`Links::Derived`] (the default) builds the three from the list's endpoints,
    /// which must then be set; [`Links::Explicit`] gives them, possibly none.
    pub links: Links<&'a [LinkRef<'a>]>,
    /// The server a snapshot was taken of (its two links are built from the endpoints, which
    /// must then be set).
    pub server: Option<Uuid>,
    /// `OS-DCF:diskConfig`, absent when `None`.
    pub disk_config: Option<DiskConfig>,
    /// `OS-EXT-IMG-SIZE:size`. `Some` turns the list's (or view's) size extension on, so a
    /// stored size is always written; with the extension on, `None` is written as null (JSON
    /// `null`, XML `None`).
    pub size: Option<u64>,
}

impl<'a> ImageRef<'a> {
    /// An `ACTIVE` image with this id and nothing else: no name, no dates, no metadata, derived
    /// links.
    ///
    /// ```
    /// use osimages::{ImageRef, Status, Uuid};
    /// let id = Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b").unwrap();
    /// let image = ImageRef { name: Some("fakeimage7"), progress: 100, ..ImageRef::new(id) };
    /// assert_eq!(image.status, Status::Active);
    /// ```
    pub const fn new(id: Uuid) -> Self {
        ImageRef {
            id,
            name: None,
            status: Status::Active,
            progress: 0,
            min_disk: 0,
            min_ram: 0,
            created: None,
            updated: None,
            metadata: &[],
            links: Links::Derived,
            server: None,
            disk_config: None,
            size: None,
        }
    }
}
