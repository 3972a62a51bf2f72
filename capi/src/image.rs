//! One image as C describes it, for both paths: the owned list copies it, the view renders it in
//! place. Every integer that stands for an enum is checked; ids and dates arrive as text and are
//! parsed here.

use super::ptr;
use super::status::osimages_error;
use super::str::osimages_str;
use osimages::__capi::validate;
use osimages::{DiskConfig, ImageRef, LinkRef, Links, Status};
use osimages::{Error, ErrorKind, Field};
use osimages::{Timestamp, Uuid};

/// `status` `ACTIVE`.
pub const OSIMAGES_IMAGE_STATUS_ACTIVE: u32 = 0;
/// `status` `SAVING`.
pub const OSIMAGES_IMAGE_STATUS_SAVING: u32 = 1;
/// `status` `DELETED`.
pub const OSIMAGES_IMAGE_STATUS_DELETED: u32 = 2;
/// `status` `ERROR`.
pub const OSIMAGES_IMAGE_STATUS_ERROR: u32 = 3;
/// `status` `UNKNOWN`.
pub const OSIMAGES_IMAGE_STATUS_UNKNOWN: u32 = 4;

/// No `OS-DCF:diskConfig` key.
pub const OSIMAGES_DISK_CONFIG_NONE: u32 = 0;
/// `OS-DCF:diskConfig` `AUTO`.
pub const OSIMAGES_DISK_CONFIG_AUTO: u32 = 1;
/// `OS-DCF:diskConfig` `MANUAL`.
pub const OSIMAGES_DISK_CONFIG_MANUAL: u32 = 2;

/// One metadata entry: a key and a value that may be null.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_meta_entry {
    /// The key; unique within the image.
    pub key: osimages_str,
    /// The value, read only when `has_value` is nonzero.
    pub value: osimages_str,
    /// 0: the value is null (JSON `null`, XML `None`); nonzero: it is `value`.
    pub has_value: u8,
}

/// One explicit link. An image with explicit links is written with exactly those; an image
/// with none gets the three links built from the endpoints.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_link {
    /// `href`.
    pub href: osimages_str,
    /// `rel`.
    pub rel: osimages_str,
    /// `type`, read only when `has_media_type` is nonzero.
    pub media_type: osimages_str,
    /// 0: the link has no `type`.
    pub has_media_type: u8,
}

/// One image. A zeroed struct is an `ACTIVE` image with a null name, null dates, no metadata,
/// derived links, no server, no disk config and a null size, except that `id` must be set.
///
/// Every pointer in it (strings, `metadata`, `links`) is only read during the call it is
/// passed to; the owned list copies what it keeps.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_image {
    /// `id`: a UUID, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits of either case.
    pub id: osimages_str,
    /// `name`, read only when `has_name` is nonzero.
    pub name: osimages_str,
    /// 0: the name is null.
    pub has_name: u8,
    /// `status`: an `OSIMAGES_IMAGE_STATUS_*`.
    pub status: u32,
    /// `progress`, 0 to 100.
    pub progress: u32,
    /// `minDisk`, in GiB.
    pub min_disk: u64,
    /// `minRam`, in MiB.
    pub min_ram: u64,
    /// `created`, `YYYY-MM-DDTHH:MM:SSZ`; empty (`{NULL, 0}`) is null.
    pub created: osimages_str,
    /// `updated`, `YYYY-MM-DDTHH:MM:SSZ`; empty (`{NULL, 0}`) is null.
    pub updated: osimages_str,
    /// `metadata_len` entries, in the order they are written; NULL when `metadata_len` is 0.
    pub metadata: *const osimages_meta_entry,
    /// The number of metadata entries.
    pub metadata_len: usize,
    /// `links_len` explicit links; NULL and 0 for the three derived ones.
    pub links: *const osimages_link,
    /// The number of explicit links.
    pub links_len: usize,
    /// The id of the server a snapshot was taken of (a UUID); empty for an image that is not a
    /// snapshot.
    pub server_id: osimages_str,
    /// `OS-DCF:diskConfig`: an `OSIMAGES_DISK_CONFIG_*`.
    pub disk_config: u32,
    /// 0: the size is null (written only when the size extension is on).
    pub has_size: u8,
    /// `OS-EXT-IMG-SIZE:size` in bytes, read only when `has_size` is nonzero.
    pub size: u64,
}

/// An image whose scalars were checked: ready to push or render.
pub(crate) struct CheckedImage<'a> {
    /// The scalar fields, with no metadata and no links.
    pub(crate) scalars: ImageRef<'a>,
    pub(crate) metadata: &'a [osimages_meta_entry],
    pub(crate) links: &'a [osimages_link],
}

/// A UUID given as text.
///
/// # Safety
/// As [`osimages_str::bytes`].
unsafe fn uuid(s: &osimages_str, field: Field) -> Result<Uuid, osimages_error> {
    // SAFETY: passed on from the caller.
    let text = unsafe { s.text(field) }?;
    Uuid::parse(text).ok_or(Error::new(ErrorKind::NotUuid, field).into())
}

/// A date given as text; empty is null.
///
/// # Safety
/// As [`osimages_str::bytes`].
unsafe fn date(s: &osimages_str, field: Field) -> Result<Option<Timestamp>, osimages_error> {
    if s.len == 0 {
        return Ok(None);
    }
    // SAFETY: passed on from the caller.
    let text = unsafe { s.text(field) }?;
    Ok(Some(Timestamp::parse(text, field)?))
}

impl osimages_image {
    /// Checks everything but the metadata entries and links themselves.
    ///
    /// # Safety
    /// Every pointer in `self` must be valid for what it says (see [`osimages_image`]).
    pub(crate) unsafe fn scalars(&self) -> Result<CheckedImage<'_>, osimages_error> {
        let refuse = |kind, field| osimages_error::from(Error::new(kind, field));
        // SAFETY: every pointer's validity is the caller's promise; each one is checked for
        // NULL, alignment and length before it is read.
        let (id, name, created, updated, server, metadata, links) = unsafe {
            (
                uuid(&self.id, Field::Id)?,
                match self.has_name {
                    0 => None,
                    _ => Some(self.name.text(Field::Name)?),
                },
                date(&self.created, Field::Created)?,
                date(&self.updated, Field::Updated)?,
                match self.server_id.len {
                    0 => None,
                    _ => Some(uuid(&self.server_id, Field::Server)?),
                },
                ptr::slice(self.metadata, self.metadata_len)
                    .map_err(|s| osimages_error::in_field(s, Field::Metadata))?,
                ptr::slice(self.links, self.links_len)
                    .map_err(|s| osimages_error::in_field(s, Field::Links))?,
            )
        };
        let status = Status::from_u32(self.status)
            .ok_or_else(|| refuse(ErrorKind::UnknownStatus, Field::Status))?;
        let progress = u8::try_from(self.progress)
            .map_err(|_| refuse(ErrorKind::ProgressAbove100, Field::Progress))?;
        let disk_config = match self.disk_config {
            OSIMAGES_DISK_CONFIG_NONE => None,
            OSIMAGES_DISK_CONFIG_AUTO => Some(DiskConfig::Auto),
            OSIMAGES_DISK_CONFIG_MANUAL => Some(DiskConfig::Manual),
            _ => return Err(refuse(ErrorKind::UnknownDiskConfig, Field::DiskConfig)),
        };
        let scalars = ImageRef {
            name,
            status,
            progress,
            min_disk: self.min_disk,
            min_ram: self.min_ram,
            created,
            updated,
            server,
            disk_config,
            size: (self.has_size != 0).then_some(self.size),
            links: match links.len() {
                0 => Links::Derived,
                _ => Links::Explicit(&[]),
            },
            ..ImageRef::new(id)
        };
        validate::image(&scalars)?;
        Ok(CheckedImage {
            scalars,
            metadata,
            links,
        })
    }

    /// Checks the whole image, as `ImageList::push` checks an `ImageRef`. The error has no
    /// image index; the caller adds it.
    ///
    /// # Safety
    /// As [`osimages_image::scalars`].
    pub(crate) unsafe fn check(&self) -> Result<CheckedImage<'_>, osimages_error> {
        // SAFETY: passed on from the caller.
        let img = unsafe { self.scalars() }?;
        for (j, entry) in img.metadata.iter().enumerate() {
            let earlier = img.metadata.get(..j).unwrap_or(&[]);
            // SAFETY: passed on from the caller; the earlier keys were checked in this loop.
            unsafe { entry.check(earlier) }.map_err(|e| e.at_entry(j))?;
        }
        for (j, link) in img.links.iter().enumerate() {
            // SAFETY: passed on from the caller.
            unsafe { link.check() }.map_err(|e| e.at_entry(j))?;
        }
        Ok(img)
    }
}

impl osimages_meta_entry {
    /// Checks the entry against the image's earlier (already checked) entries.
    ///
    /// # Safety
    /// The strings of `self` and `earlier` must be valid for what they say.
    pub(crate) unsafe fn check(
        &self,
        earlier: &[osimages_meta_entry],
    ) -> Result<(&str, Option<&str>), osimages_error> {
        // SAFETY: the strings' validity is the caller's promise; each pointer is checked before
        // it is read.
        let (key, value) = unsafe {
            (
                self.key.text(Field::MetadataKey)?,
                match self.has_value {
                    0 => None,
                    _ => Some(self.value.text(Field::MetadataValue)?),
                },
            )
        };
        // SAFETY: as above; the earlier keys were checked in the same call.
        let keys = earlier.iter().map(|e| unsafe { e.key.checked_before() });
        validate::metadata_entry(key, value, keys)?;
        Ok((key, value))
    }

    /// The entry, checked earlier in the same call.
    ///
    /// # Safety
    /// As [`osimages_str::checked_before`].
    pub(crate) unsafe fn checked_before(&self) -> (&str, Option<&str>) {
        // SAFETY: passed on from the caller.
        unsafe {
            let value = match self.has_value {
                0 => None,
                _ => Some(self.value.checked_before()),
            };
            (self.key.checked_before(), value)
        }
    }
}

impl osimages_link {
    /// Checks the link.
    ///
    /// # Safety
    /// The strings of `self` must be valid for what they say.
    pub(crate) unsafe fn check(&self) -> Result<LinkRef<'_>, osimages_error> {
        // SAFETY: the strings' validity is the caller's promise; each pointer is checked before
        // it is read.
        let link = unsafe {
            LinkRef {
                href: self.href.text(Field::LinkHref)?,
                rel: self.rel.text(Field::LinkRel)?,
                media_type: match self.has_media_type {
                    0 => None,
                    _ => Some(self.media_type.text(Field::LinkType)?),
                },
            }
        };
        validate::link(&link)?;
        Ok(link)
    }

    /// The link, checked earlier in the same call.
    ///
    /// # Safety
    /// As [`osimages_str::checked_before`].
    pub(crate) unsafe fn checked_before(&self) -> LinkRef<'_> {
        // SAFETY: passed on from the caller.
        unsafe {
            LinkRef {
                href: self.href.checked_before(),
                rel: self.rel.checked_before(),
                media_type: match self.has_media_type {
                    0 => None,
                    _ => Some(self.media_type.checked_before()),
                },
            }
        }
    }
}
