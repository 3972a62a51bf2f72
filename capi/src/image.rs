//! One image as C describes it, for both paths: the owned list copies it, the view renders it in
//! place. Every integer that stands for an enum is checked; ids and dates arrive as text and are
//! parsed here.

use super::ptr;
use super::status::Fault;
use super::str::osimages_str;
use osimages::__capi::validate;
use osimages::__capi::{Counts, Img, LinkText, Reads, Text, UNKNOWN, reads};
use osimages::{Capacity, DiskConfig, ImageRef, LinkRef, Links, Status};
use osimages::{ErrorKind, Field};
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
/// with none gets the three links built from the endpoints, unless its `explicit_links` says it
/// has none at all.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_link {
    /// `href`.
    pub href: osimages_str,
    /// `rel`.
    pub rel: osimages_str,
    /// `type`, read only when `has_media_type` is nonzero: a media type, `type/subtype` on one
    /// line.
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
    /// `links_len` explicit links; NULL and 0 for the three derived ones (or for none at all,
    /// with `explicit_links`).
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
    /// `OS-EXT-IMG-SIZE:size` in bytes, read only when `has_size` is nonzero. A size turns the
    /// list's (or view's) size extension on.
    pub size: u64,
    /// Nonzero: the links are exactly the `links_len` ones given, and with `links_len` 0 the
    /// image has no links at all (`"links": []`). 0 (a zeroed struct): `links_len` 0 means the
    /// three links derived from the endpoints, which the list must then have.
    pub explicit_links: u8,
}

/// An image whose scalars were checked: ready to push or render.
pub(crate) struct CheckedImage<'a> {
    /// The scalar fields and the link state, with no metadata and no links.
    pub(crate) scalars: ImageRef<'a>,
    pub(crate) metadata: &'a [osimages_meta_entry],
    pub(crate) links: &'a [osimages_link],
    /// What the whole image takes from a list (all of it once the image is wholly checked).
    pub(crate) needs: Capacity,
    /// The class bits of its strings, or-ed (all of them once the image is wholly checked).
    pub(crate) class: u8,
}

/// A UUID given as text (its syntax is all that is checked: a character outside it is not a
/// UUID).
///
/// # Safety
/// As [`osimages_str::text`].
unsafe fn uuid(s: &osimages_str, field: Field) -> Result<Uuid, Fault> {
    // SAFETY: passed on from the caller.
    let text = unsafe { s.decode(field) }?;
    Uuid::parse(text).ok_or_else(|| Fault::refused(ErrorKind::NotUuid, field))
}

/// A date given as text; empty is null (as for a UUID, its syntax is all that is checked).
///
/// # Safety
/// As [`osimages_str::text`].
pub(crate) unsafe fn date(s: &osimages_str, field: Field) -> Result<Option<Timestamp>, Fault> {
    if s.len == 0 {
        return Ok(None);
    }
    // SAFETY: passed on from the caller.
    let text = unsafe { s.decode(field) }?;
    // The refusal made here, not converted from the core's: its status is then a constant.
    validate::date(text, field)
        .map(Some)
        .map_err(|_| Fault::refused(ErrorKind::NotDate, field))
}

/// An `OSIMAGES_IMAGE_STATUS_*`.
pub(crate) fn status(v: u32) -> Result<Status, Fault> {
    Status::from_u32(v).ok_or_else(|| Fault::refused(ErrorKind::UnknownStatus, Field::Status))
}

/// A progress, 0 to 100.
pub(crate) fn progress(v: u32) -> Result<u8, Fault> {
    // As in `date`.
    validate::progress(u64::from(v))
        .map_err(|_| Fault::refused(ErrorKind::ProgressAbove100, Field::Progress))
}

/// An `OSIMAGES_DISK_CONFIG_*`.
pub(crate) fn disk_config(v: u32) -> Result<Option<DiskConfig>, Fault> {
    match v {
        OSIMAGES_DISK_CONFIG_NONE => Ok(None),
        OSIMAGES_DISK_CONFIG_AUTO => Ok(Some(DiskConfig::Auto)),
        OSIMAGES_DISK_CONFIG_MANUAL => Ok(Some(DiskConfig::Manual)),
        _ => Err(Fault::refused(
            ErrorKind::UnknownDiskConfig,
            Field::DiskConfig,
        )),
    }
}

/// The link state of `explicit_links` and `links_len` explicit links (the links themselves are
/// read elsewhere).
pub(crate) fn link_state(
    explicit_links: u8,
    links_len: usize,
) -> Links<&'static [LinkRef<'static>]> {
    if explicit_links != 0 || links_len > 0 {
        Links::Explicit(&[])
    } else {
        Links::Derived
    }
}

impl osimages_image {
    /// The image's values as an `ImageRef`, with its metadata entries and links (not checked
    /// yet): each pointer checked for NULL, alignment and length before it is read, the strings
    /// decoded, the ids, dates and codes read. What both checks below start with, refused in
    /// the same order.
    ///
    /// # Safety
    /// Every pointer in `self` must be valid for what it says (see [`osimages_image`]).
    #[inline(always)]
    unsafe fn decode(&self) -> Result<Decoded<'_>, Fault> {
        // SAFETY: every pointer's validity is the caller's promise; each one is checked for
        // NULL, alignment and length before it is read.
        let (id, name, created, updated, server) = unsafe {
            (
                uuid(&self.id, Field::Id)?,
                self.name()?,
                date(&self.created, Field::Created)?,
                date(&self.updated, Field::Updated)?,
                match self.server_id.len {
                    0 => None,
                    _ => Some(uuid(&self.server_id, Field::ServerId)?),
                },
            )
        };
        let parsed = Parsed {
            id,
            server,
            created,
            updated,
        };
        // SAFETY: passed on from the caller.
        unsafe { self.decode_rest::<{ reads::ALL }>(parsed, name) }
    }

    /// The name, decoded (not checked yet).
    ///
    /// # Safety
    /// As [`osimages_image::decode`].
    #[inline(always)]
    unsafe fn name(&self) -> Result<Option<&str>, Fault> {
        match self.has_name {
            0 => Ok(None),
            // SAFETY: passed on from the caller.
            _ => unsafe { self.name.decode(Field::Name) }.map(Some),
        }
    }

    /// The rest of [`osimages_image::decode`], given the ids and dates and the name: the
    /// metadata entries and links located, the codes read; of what `R` leaves out (see
    /// [`Reads`]), nothing read, nothing checked.
    ///
    /// # Safety
    /// As [`osimages_image::decode`].
    #[inline(always)]
    unsafe fn decode_rest<'a, const R: Reads>(
        &'a self,
        parsed: Parsed,
        name: Option<&'a str>,
    ) -> Result<Decoded<'a>, Fault> {
        // SAFETY: as in `decode`.
        let (metadata, links) = unsafe {
            (
                match R & reads::METADATA {
                    0 => &[],
                    _ => ptr::slice(self.metadata, self.metadata_len)
                        .map_err(|s| Fault::in_field(s, Field::Metadata))?,
                },
                ptr::slice(self.links, self.links_len)
                    .map_err(|s| Fault::in_field(s, Field::Links))?,
            )
        };
        let mut image = ImageRef {
            name,
            created: parsed.created,
            updated: parsed.updated,
            server: parsed.server,
            links: link_state(self.explicit_links, links.len()),
            ..ImageRef::new(parsed.id)
        };
        if R & reads::SCALARS != 0 {
            image.status = status(self.status)?;
            image.progress = progress(self.progress)?;
            image.min_disk = self.min_disk;
            image.min_ram = self.min_ram;
            image.disk_config = disk_config(self.disk_config)?;
            image.size = (self.has_size != 0).then_some(self.size);
        }
        Ok(Decoded {
            image,
            metadata,
            links,
        })
    }

    /// Checks everything but the metadata entries and links themselves. The strings are
    /// decoded here and checked by the core (`validate::scalars`), once.
    ///
    /// # Safety
    /// As [`osimages_image::decode`].
    pub(crate) unsafe fn scalars(&self) -> Result<CheckedImage<'_>, Fault> {
        // SAFETY: passed on from the caller.
        let Decoded {
            image,
            metadata,
            links,
        } = unsafe { self.decode() }?;
        let (mut needs, class) = validate::scalars(&image)?;
        needs.metadata = metadata.len();
        needs.links = links.len();
        Ok(CheckedImage {
            scalars: image,
            metadata,
            links,
            needs,
            class,
        })
    }

    /// Checks the whole image, as `ImageList::push` checks an `ImageRef`. The error has no
    /// image index; the caller adds it.
    ///
    /// # Safety
    /// As [`osimages_image::scalars`].
    pub(crate) unsafe fn check(&self) -> Result<CheckedImage<'_>, Fault> {
        // SAFETY: passed on from the caller.
        let mut img = unsafe { self.scalars() }?;
        for (j, entry) in img.metadata.iter().enumerate() {
            let earlier = img.metadata.get(..j).unwrap_or(&[]);
            // SAFETY: passed on from the caller; the earlier keys were checked in this loop.
            let (key, value, class) = unsafe { entry.check(earlier) }.map_err(|e| e.at_entry(j))?;
            let bytes = key.len() + value.map_or(0, str::len);
            img.needs.bytes = img.needs.bytes.saturating_add(bytes);
            img.class |= class;
        }
        for (j, link) in img.links.iter().enumerate() {
            // SAFETY: passed on from the caller.
            let (l, class) = unsafe { link.check() }.map_err(|e| e.at_entry(j))?;
            let bytes = l.href.len() + l.rel.len() + l.media_type.map_or(0, str::len);
            img.needs.bytes = img.needs.bytes.saturating_add(bytes);
            img.class |= class;
        }
        Ok(img)
    }
}

impl osimages_image {
    /// Checks the whole image, as [`osimages_image::check`] does (the same values, refused in
    /// the same order), and writes it into `into` as the renderer reads it: the C view's one
    /// check, made when an image is read (`into` is untouched when it is refused). Nothing is
    /// made that the view does not render: no capacity. Without `check`, for an image checked
    /// earlier in the same call, only what `decode` checks.
    ///
    /// # Safety
    /// As [`osimages_image::decode`].
    pub(crate) unsafe fn read<'a>(&'a self, into: &mut Img<'a>, check: bool) -> Result<(), Fault> {
        // SAFETY: passed on from the caller.
        let Decoded {
            image,
            metadata,
            links,
        } = unsafe { self.decode() }?;
        if check {
            // What `validate::scalars` checks beyond the progress.
            if let Some(name) = image.name {
                validate::text(name, Field::Name)?;
            }
            for (j, entry) in metadata.iter().enumerate() {
                let earlier = metadata.get(..j).unwrap_or(&[]);
                // SAFETY: passed on from the caller; the earlier keys were checked in this loop.
                unsafe { entry.check(earlier) }.map_err(|e| e.at_entry(j))?;
            }
            for (j, link) in links.iter().enumerate() {
                // SAFETY: passed on from the caller.
                unsafe { link.check() }.map_err(|e| e.at_entry(j))?;
            }
        }
        *into = Decoded {
            image,
            metadata,
            links,
        }
        .record();
        Ok(())
    }

    /// Reads the image as [`osimages_image::read`] does without `check`, with its ids and
    /// dates as an earlier check parsed them (`osimages_view_check`): every pointer is checked
    /// again, the codes are read again, the name is taken as bytes, as it was checked. Its
    /// metadata entries and links, located.
    ///
    /// # Safety
    /// As [`osimages_image::decode`].
    pub(crate) unsafe fn read_parsed<'a: 's, 's, const R: Reads>(
        &'a self,
        parsed: Parsed,
        into: &mut Img<'s>,
    ) -> Result<(&'a [osimages_meta_entry], &'a [osimages_link]), Fault> {
        let name = match self.has_name {
            0 => None,
            // SAFETY: passed on from the caller.
            _ => Some(unsafe { self.name.bytes() }.map_err(|s| Fault::in_field(s, Field::Name))?),
        };
        // SAFETY: passed on from the caller.
        let decoded = unsafe { self.decode_rest::<R>(parsed, None) }?;
        let name = name.map(|bytes| Text::from_stored(bytes, UNKNOWN));
        *into = Img::borrowed_named(&decoded.image, name, decoded.counts());
        Ok((decoded.metadata, decoded.links))
    }
}

/// What reading an image's text costs most: its ids and dates, parsed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parsed {
    pub(crate) id: Uuid,
    pub(crate) server: Option<Uuid>,
    pub(crate) created: Option<Timestamp>,
    pub(crate) updated: Option<Timestamp>,
}

impl Parsed {
    /// The ids and dates of a decoded image.
    pub(crate) fn of(image: &ImageRef<'_>) -> Self {
        Parsed {
            id: image.id,
            server: image.server,
            created: image.created,
            updated: image.updated,
        }
    }
}

/// An image from C, decoded: its values, and its metadata entries and links as C gave them.
struct Decoded<'a> {
    image: ImageRef<'a>,
    metadata: &'a [osimages_meta_entry],
    links: &'a [osimages_link],
}

impl<'a> Decoded<'a> {
    /// The image as the renderer reads it.
    #[inline(always)]
    fn record(&self) -> Img<'a> {
        Img::borrowed(&self.image, self.counts())
    }

    /// How many metadata entries and explicit links it has.
    #[inline(always)]
    fn counts(&self) -> Counts {
        Counts {
            metadata: self.metadata.len(),
            links: self.links.len(),
        }
    }
}

impl osimages_meta_entry {
    /// Checks the entry against the image's earlier (already checked) entries: each string
    /// decoded and checked (`validate::text`) in turn, then the key against the earlier ones
    /// (what `validate::metadata_entry` checks). With the strings' class bits, or-ed.
    ///
    /// # Safety
    /// The strings of `self` and `earlier` must be valid for what they say.
    pub(crate) unsafe fn check(
        &self,
        earlier: &[osimages_meta_entry],
    ) -> Result<(&str, Option<&str>, u8), Fault> {
        let mut class = 0;
        // SAFETY: the strings' validity is the caller's promise; each pointer is checked before
        // it is read.
        let (key, value) = unsafe {
            (
                self.key.text_into(Field::MetadataKey, &mut class)?,
                (self.value).optional_into(self.has_value, Field::MetadataValue, &mut class)?,
            )
        };
        // SAFETY: as above; the earlier keys were checked in the same call.
        let keys = earlier.iter().map(|e| unsafe { e.key.bytes_before() });
        validate::new_key(key, keys)?;
        Ok((key, value, class))
    }

    /// The entry as the renderer reads it: its strings' bytes (none for a pointer that is not
    /// valid), as checked earlier.
    ///
    /// # Safety
    /// As [`osimages_str::bytes_before`].
    #[inline(always)]
    pub(crate) unsafe fn as_read(&self) -> (Text<'_>, Option<Text<'_>>) {
        // SAFETY: passed on from the caller.
        let text = |s: &osimages_str| Text::from_stored(unsafe { s.bytes_before() }, UNKNOWN);
        (
            text(&self.key),
            (self.has_value != 0).then(|| text(&self.value)),
        )
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
    /// Checks the link: each string decoded and checked (`validate::text`, and the type
    /// `validate::media_type`: what `validate::link` checks) in turn. With the strings' class
    /// bits, or-ed.
    ///
    /// # Safety
    /// The strings of `self` must be valid for what they say.
    pub(crate) unsafe fn check(&self) -> Result<(LinkRef<'_>, u8), Fault> {
        let mut class = 0;
        // SAFETY: the strings' validity is the caller's promise; each pointer is checked before
        // it is read.
        let link = unsafe {
            LinkRef {
                href: self.href.text_into(Field::LinkHref, &mut class)?,
                rel: self.rel.text_into(Field::LinkRel, &mut class)?,
                media_type: (self.media_type).optional_into(
                    self.has_media_type,
                    Field::LinkType,
                    &mut class,
                )?,
            }
        };
        if let Some(t) = link.media_type {
            validate::media_type(t)?;
        }
        Ok((link, class))
    }

    /// The link as the renderer reads it, as [`osimages_meta_entry::as_read`] reads an entry.
    ///
    /// # Safety
    /// As [`osimages_str::bytes_before`].
    #[inline(always)]
    pub(crate) unsafe fn as_read(&self) -> LinkText<'_> {
        // SAFETY: passed on from the caller.
        let text = |s: &osimages_str| Text::from_stored(unsafe { s.bytes_before() }, UNKNOWN);
        LinkText {
            href: text(&self.href),
            rel: text(&self.rel),
            media_type: (self.has_media_type != 0).then(|| text(&self.media_type)),
        }
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
