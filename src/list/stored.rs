//! Reading a stored image back.

use super::ImageList;
use crate::model::{DiskConfig, LinkRef, Links, Status};
use crate::source::{Img, Source};
use crate::{Timestamp, Uuid};

/// A stored image, read back.
#[derive(Clone, Copy)]
pub struct StoredImage<'a, const I: usize, const M: usize, const L: usize, const B: usize> {
    list: &'a ImageList<I, M, L, B>,
    index: usize,
    img: Option<Img<'a>>,
}

impl<'a, const I: usize, const M: usize, const L: usize, const B: usize>
    StoredImage<'a, I, M, L, B>
{
    pub(super) fn new(list: &'a ImageList<I, M, L, B>, index: usize) -> Self {
        StoredImage {
            list,
            index,
            img: list.image(index),
        }
    }

    /// `id`
    pub fn id(&self) -> Uuid {
        self.img.map_or(Uuid([0; 16]), |i| i.id)
    }
    /// `name`
    pub fn name(&self) -> Option<&'a str> {
        self.img.and_then(|i| i.name).map(|t| t.as_str())
    }
    /// `status`
    pub fn status(&self) -> Status {
        self.img.map_or(Status::Unknown, |i| i.status)
    }
    /// `progress`
    pub fn progress(&self) -> u8 {
        self.img.map_or(0, |i| i.progress)
    }
    /// `minDisk`
    pub fn min_disk(&self) -> u64 {
        self.img.map_or(0, |i| i.min_disk)
    }
    /// `minRam`
    pub fn min_ram(&self) -> u64 {
        self.img.map_or(0, |i| i.min_ram)
    }
    /// `created`
    pub fn created(&self) -> Option<Timestamp> {
        self.img.and_then(|i| i.created)
    }
    /// `updated`
    pub fn updated(&self) -> Option<Timestamp> {
        self.img.and_then(|i| i.updated)
    }
    /// The server a snapshot was taken of.
    pub fn server(&self) -> Option<Uuid> {
        self.img.and_then(|i| i.server)
    }
    /// `OS-DCF:diskConfig`
    pub fn disk_config(&self) -> Option<DiskConfig> {
        self.img.and_then(|i| i.disk_config)
    }
    /// `OS-EXT-IMG-SIZE:size` (`None` is null).
    pub fn size(&self) -> Option<u64> {
        self.img.and_then(|i| i.size())
    }
    /// The metadata entries, in stored order.
    pub fn metadata(
        &self,
    ) -> impl Iterator<Item = (&'a str, Option<&'a str>)> + use<'a, I, M, L, B> {
        let (list, i) = (self.list, self.index);
        let n = self.img.map_or(0, |im| im.entries.metadata);
        (0..n).filter_map(move |k| {
            let (key, value) = list.meta(i, k)?;
            Some((key.as_str(), value.map(|v| v.as_str())))
        })
    }
    /// The links: derived from the endpoints, or the explicit ones (possibly none).
    pub fn links(&self) -> Links<impl Iterator<Item = LinkRef<'a>> + use<'a, I, M, L, B>> {
        let (list, i) = (self.list, self.index);
        match self.img {
            Some(im) if !im.derived_links() => {
                Links::Explicit((0..im.entries.links).filter_map(move |k| {
                    let l = list.link(i, k)?;
                    Some(LinkRef {
                        href: l.href.as_str(),
                        rel: l.rel.as_str(),
                        media_type: l.media_type.map(|t| t.as_str()),
                    })
                }))
            }
            _ => Links::Derived,
        }
    }
}
