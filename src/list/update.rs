//! Changing a stored image in place, and removing images, metadata entries and links. Each
//! change is checked as `push` checks it (a refusal changes nothing), and each value it replaces
//! or removes gives its room back at once.

use super::{ImageList, Kept, LinkRecord, Span, remove_range};
use crate::capacity::Capacity;
use crate::error::{Error, ErrorKind, Fault, Field};
use crate::model::{DiskConfig, LinkRef, Links, Status};
use crate::{Timestamp, validate};

impl<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
    ImageList<IMAGES, META, LINKS, BYTES>
{
    /// Sets image `i`'s `status`.
    pub fn set_status(&mut self, i: usize, status: Status) -> Result<(), Error> {
        self.kept(i)?.status = status;
        Ok(())
    }

    /// Sets image `i`'s `progress` (0 to 100).
    pub fn set_progress(&mut self, i: usize, progress: u8) -> Result<(), Error> {
        let image = self.kept(i)?;
        image.progress = validate::progress(u64::from(progress)).map_err(|e| e.at_image(i))?;
        Ok(())
    }

    /// Sets image `i`'s `created` (`None` is null).
    pub fn set_created(&mut self, i: usize, at: Option<Timestamp>) -> Result<(), Error> {
        self.kept(i)?.created = at;
        Ok(())
    }

    /// Sets image `i`'s `updated` (`None` is null).
    pub fn set_updated(&mut self, i: usize, at: Option<Timestamp>) -> Result<(), Error> {
        self.kept(i)?.updated = at;
        Ok(())
    }

    /// Sets image `i`'s `OS-DCF:diskConfig` (`None`: the key is absent).
    pub fn set_disk_config(&mut self, i: usize, c: Option<DiskConfig>) -> Result<(), Error> {
        self.kept(i)?.disk_config = c;
        Ok(())
    }

    /// Sets image `i`'s `OS-EXT-IMG-SIZE:size`. `Some` turns the size extension on (see
    /// [`ImageList::set_size_extension`]); `None` is null.
    pub fn set_size(&mut self, i: usize, size: Option<u64>) -> Result<(), Error> {
        self.kept(i)?.set_size(size);
        self.size_extension |= size.is_some();
        Ok(())
    }

    /// Sets image `i`'s `name` (`None` is null), giving back the room of the old one.
    pub fn set_name(&mut self, i: usize, name: Option<&str>) -> Result<(), Error> {
        let old = self.kept(i)?.name;
        let name = match name {
            Some(n) => Some((
                n,
                validate::text(n, Field::Name).map_err(|e| e.at_image(i))?,
            )),
            None => None,
        };
        let span = self
            .replace_text(old, name, Field::Name)
            .map_err(|e| e.at_image(i))?;
        self.kept(i)?.name = span;
        Ok(())
    }

    /// Sets the value of image `i`'s metadata entry `key` (`None` is null), giving back the room
    /// of the old value; an image without that key gets a new entry at the end of its metadata.
    pub fn set_metadata(&mut self, i: usize, key: &str, value: Option<&str>) -> Result<(), Error> {
        let Some(k) = self.find_meta(i, key)? else {
            return self.push_metadata(i, key, value);
        };
        let at = |e: Fault| e.at_image(i).at_entry(k);
        let value = match value {
            Some(v) => Some((
                v,
                validate::text(v, Field::MetadataValue).map_err(|e| at(e.into()))?,
            )),
            None => None,
        };
        let (start, _) = self.meta_range(i)?;
        let old = self.meta.get(start + k).and_then(|m| m.value);
        let span = self
            .replace_text(old, value, Field::MetadataValue)
            .map_err(at)?;
        if let Some(m) = self.meta.get_mut(start + k) {
            m.value = span;
        }
        Ok(())
    }

    /// Removes image `i`'s metadata entry `key`; `NoSuchEntry` if it has none.
    pub fn remove_metadata(&mut self, i: usize, key: &str) -> Result<(), Error> {
        let (start, _) = self.meta_range(i)?;
        let Some(k) = self.find_meta(i, key)? else {
            return Err(Fault::new(ErrorKind::NoSuchEntry, Field::MetadataKey)
                .at_image(i)
                .into());
        };
        self.release_meta(start + k);
        remove_range(&mut self.meta, start + k, start + k + 1);
        self.move_ends(i, -1, 0, true);
        Ok(())
    }

    /// Replaces image `i`'s links: [`Links::Derived`] (the list must have endpoints) or exactly
    /// the ones given, possibly none. The room of the old ones is given back.
    pub fn set_links(&mut self, i: usize, links: Links<&[LinkRef<'_>]>) -> Result<(), Error> {
        let derived = matches!(links, Links::Derived);
        self.set_links_from(i, derived, links.explicit().iter().copied())
    }

    /// [`ImageList::set_links`] from any links that can be read twice (the C ABI reads them
    /// from the caller's array); `links` is empty when `derived`.
    #[doc(hidden)]
    pub fn set_links_from<'x>(
        &mut self,
        i: usize,
        derived: bool,
        links: impl Iterator<Item = LinkRef<'x>> + Clone,
    ) -> Result<(), Error> {
        let (start, end) = self.links_range(i)?;
        let (mut count, mut bytes, mut class) = (0usize, 0usize, 0);
        for (j, l) in links.clone().enumerate() {
            let (b, c) = validate::link(&l).map_err(|e| e.at_image(i).at_entry(j))?;
            bytes = bytes.saturating_add(b);
            class |= c;
            count += 1;
        }
        if derived && self.endpoints.is_none() {
            return Err(Fault::new(ErrorKind::NoEndpoints, Field::Links)
                .at_image(i)
                .into());
        }
        let old_links = self.links.get(start..end).unwrap_or(&[]);
        let freed = old_links.iter().map(link_bytes).sum();
        let more = Capacity {
            links: count.saturating_sub(end - start),
            bytes,
            ..Capacity::NONE
        };
        self.check_room(more, freed, Field::Links)
            .map_err(|e| e.at_image(i))?;
        for k in (start..end).rev() {
            self.release_link(k);
        }
        remove_range(&mut self.links, start, end);
        for (added, l) in links.enumerate() {
            let rec = self.link_record(&l, class);
            super::insert_at(&mut self.links, start + added, &[rec]);
        }
        self.move_ends(i, 0, count as isize - (end - start) as isize, true);
        self.kept(i)?.set_derived_links(derived);
        Ok(())
    }

    /// Removes image `i`'s explicit link `k`; `NoSuchEntry` if it has no such link. Removing
    /// the last one leaves the image with no links at all (not with derived ones).
    pub fn remove_link(&mut self, i: usize, k: usize) -> Result<(), Error> {
        let (start, end) = self.links_range(i)?;
        if k >= end - start {
            return Err(Fault::new(ErrorKind::NoSuchEntry, Field::Links)
                .at_image(i)
                .at_entry(k)
                .into());
        }
        self.release_link(start + k);
        remove_range(&mut self.links, start + k, start + k + 1);
        self.move_ends(i, 0, -1, true);
        Ok(())
    }

    /// Removes image `i`; the images after it move down by one. Its strings, metadata entries
    /// and links give their room back.
    pub fn remove(&mut self, i: usize) -> Result<(), Error> {
        let ((ms, me), (ls, le)) = self.ranges(i)?;
        for k in (ms..me).rev() {
            self.release_meta(k);
        }
        for k in (ls..le).rev() {
            self.release_link(k);
        }
        // Each string is read just before it goes, so it is where the last release left it.
        if let Some(at) = self.kept(i)?.server.take() {
            let (start, len) = at.span();
            self.release(start, len);
        }
        if let Some(name) = self.kept(i)?.name.take() {
            self.release(name.start(), name.len());
        }
        remove_range(&mut self.meta, ms, me);
        remove_range(&mut self.links, ls, le);
        self.move_ends(i, -((me - ms) as isize), -((le - ls) as isize), false);
        remove_range(&mut self.images, i, i + 1);
        Ok(())
    }

    /// Image `i`, to change, or `NoSuchImage`.
    fn kept(&mut self, i: usize) -> Result<&mut Kept, Fault> {
        self.images
            .get_mut(i)
            .ok_or(Fault::new(ErrorKind::NoSuchImage, Field::Image).at_image(i))
    }

    /// Where image `i`'s metadata entry `key` is among its entries, if it has one.
    fn find_meta(&self, i: usize, key: &str) -> Result<Option<usize>, Fault> {
        let (start, end) = self.meta_range(i)?;
        let entries = self.meta.get(start..end).unwrap_or(&[]);
        Ok(entries
            .iter()
            .position(|m| self.pool.bytes(m.key) == key.as_bytes()))
    }

    /// Replaces a string (`old`, if any) by `new`, checked, with its class bits, giving back
    /// the old one's room; the caller stores the span returned where `old` was.
    pub(super) fn replace_text(
        &mut self,
        old: Option<Span>,
        new: Option<(&str, u8)>,
        field: Field,
    ) -> Result<Option<Span>, Fault> {
        let old_len = old.map_or(0, |s| s.len());
        let more = Capacity {
            bytes: new.map_or(0, |(s, _)| s.len()),
            ..Capacity::NONE
        };
        self.check_room(more, old_len, field)?;
        match (old, new) {
            (Some(o), Some((s, class))) if o.len() == s.len() => {
                Ok(Some(self.pool.overwrite(o, s, class)))
            }
            _ => {
                if let Some(o) = old {
                    self.release(o.start(), o.len());
                }
                Ok(new.map(|(s, class)| self.pool.store_as(s, class)))
            }
        }
    }

    /// Gives back the strings of metadata entry `k` (the record stays until the caller removes
    /// it).
    fn release_meta(&mut self, k: usize) {
        // Each string is read just before it goes, so it is where the last release left it.
        if let Some(v) = self.meta.get_mut(k).and_then(|m| m.value.take()) {
            self.release(v.start(), v.len());
        }
        if let Some(m) = self.meta.get(k).copied() {
            self.release(m.key.start(), m.key.len());
        }
    }

    /// Gives back the strings of explicit link `k` (the record stays until the caller removes
    /// it).
    fn release_link(&mut self, k: usize) {
        if let Some(t) = self.links.get_mut(k).and_then(|l| l.media_type.take()) {
            self.release(t.start(), t.len());
        }
        if let Some(l) = self.links.get(k).copied() {
            self.release(l.rel.start(), l.rel.len());
        }
        if let Some(l) = self.links.get(k).copied() {
            self.release(l.href.start(), l.href.len());
        }
    }
}

/// The bytes of text an explicit link takes.
fn link_bytes(l: &LinkRecord) -> usize {
    l.href.len() + l.rel.len() + l.media_type.map_or(0, |t| t.len())
}
