//! What the JSON parser stores through: strings unescaped straight into the byte pool, the
//! pending image's metadata and links appended at the ends of their pools, then one commit.
//! Object-safe, so the parser is compiled once for every list capacity; the sizing tally
//! (`parse::measure`) is the other implementation.

use super::endpoints::{derived_by, endpoints_in};
use super::unescape::Part;
use super::{ImageList, LinkRecord, MetaRecord, Pool, Span};
use crate::Uuid;
use crate::error::{ErrorKind, Fault, Field};
use crate::record::Record;

/// Pool lengths and list-level settings, to put a list back as it was when a parse (or the C
/// ABI's multi-step push) fails.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mark {
    images: usize,
    meta: usize,
    links: usize,
    bytes: usize,
    endpoints: Option<[Span; 3]>,
    next_link: Option<Span>,
    size_extension: bool,
}

impl Mark {
    /// What a count of a list's contents (the sizing tally's) puts back: the counts alone.
    pub(crate) fn of_counts(c: crate::Capacity) -> Mark {
        Mark {
            images: c.images,
            meta: c.metadata,
            links: c.links,
            bytes: c.bytes,
            ..Mark::default()
        }
    }

    /// The counts [`Mark::of_counts`] took.
    pub(crate) fn counts(&self) -> crate::Capacity {
        crate::Capacity {
            images: self.images,
            metadata: self.meta,
            links: self.links,
            bytes: self.bytes,
        }
    }
}

/// `'d`: the document being parsed, whose raw strings the parser hands over.
pub(crate) trait Store<'d> {
    fn mark(&self) -> Mark;
    /// Puts the list back as it was at `mark` (the parse failed).
    fn rewind(&mut self, mark: &Mark);
    /// Gives back what a successful parse replaced since `mark` (the old next link).
    fn settle(&mut self, mark: &Mark);
    /// Unescapes a raw JSON string the list keeps and checks it as `field`.
    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Fault>;
    /// Whether `hrefs` (raw) are the `{collection}/{id}` links the list's endpoints derive;
    /// `None` while it has none.
    fn derives(&self, collection: &[u8], id: &[u8; 36], hrefs: &[&str]) -> Option<bool>;
    /// Takes the endpoints from an image's `self`, `bookmark` and `alternate` hrefs (raw), when
    /// the list has none and the hrefs have the derived shape; otherwise does nothing.
    fn infer_endpoints(&mut self, hrefs: [&'d str; 3], id: &[u8; 36]) -> Result<(), Fault>;
    /// Appends a metadata entry to the image being parsed; returns its entry index.
    fn pending_meta(&mut self, key: Span, value: Option<Span>) -> Result<usize, Fault>;
    fn pending_link(
        &mut self,
        href: Span,
        rel: Span,
        media_type: Option<Span>,
    ) -> Result<(), Fault>;
    /// Stores the image being parsed (its strings are in the pool, its entries at the ends of
    /// theirs); returns its index in the list.
    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Fault>;
    fn set_next_link(&mut self, span: Span);
    fn turn_on_size_extension(&mut self);
}

/// The endpoints of three derived hrefs (raw), found where they lie in the hrefs and appended
/// to `pool`: only what the list keeps is ever stored. `None` (and the pool as it was) when
/// the hrefs do not have the derived shape.
fn infer_endpoints<const B: usize>(
    pool: &mut Pool<B>,
    hrefs: [&str; 3],
    id: &[u8; 36],
) -> Result<Option<[Span; 3]>, Fault> {
    let Some([compute, image_service, tenant]) = endpoints_in(hrefs, id)? else {
        return Ok(None);
    };
    let mark = pool.used();
    let kept = (|| {
        Ok([
            pool.append_part(compute, Field::ComputeEndpoint)?,
            pool.append_part(image_service, Field::ImageEndpoint)?,
            pool.append_part(tenant, Field::Tenant)?,
        ])
    })();
    if kept.is_err() {
        pool.truncate(mark);
    }
    kept.map(Some)
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    fn pending_meta_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.entries.meta as usize)
    }
    fn pending_links_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.entries.links as usize)
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Store<'_>
    for ImageList<I, M, L, B>
{
    fn mark(&self) -> Mark {
        Mark {
            images: self.images.len(),
            meta: self.meta.len(),
            links: self.links.len(),
            bytes: self.pool.used(),
            endpoints: self.endpoints,
            next_link: self.next_link,
            size_extension: self.size_extension,
        }
    }

    fn rewind(&mut self, m: &Mark) {
        self.images.truncate(m.images);
        self.meta.truncate(m.meta);
        self.links.truncate(m.links);
        self.pool.truncate(m.bytes);
        self.endpoints = m.endpoints;
        self.next_link = m.next_link;
        self.size_extension = m.size_extension;
    }

    fn settle(&mut self, m: &Mark) {
        if let Some(old) = m.next_link.filter(|old| self.next_link != Some(*old)) {
            self.release(old.start(), old.len());
        }
    }

    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Fault> {
        self.pool.append_json(raw, field)
    }

    fn derives(&self, collection: &[u8], id: &[u8; 36], hrefs: &[&str]) -> Option<bool> {
        let ends = self.endpoints?.map(|s| Part::Literal(self.pool.bytes(s)));
        Some(derived_by(ends, collection, id, hrefs))
    }

    fn infer_endpoints(&mut self, hrefs: [&str; 3], id: &[u8; 36]) -> Result<(), Fault> {
        if self.endpoints.is_none() {
            self.endpoints = infer_endpoints(&mut self.pool, hrefs, id)?;
        }
        Ok(())
    }

    fn pending_meta(&mut self, key: Span, value: Option<Span>) -> Result<usize, Fault> {
        let start = self.pending_meta_start();
        let entry = self.meta.len() - start;
        let new_key = self.pool.bytes(key);
        let pending = self.meta.get(start..).unwrap_or(&[]);
        if pending.iter().any(|m| self.pool.bytes(m.key) == new_key) {
            return Err(Fault::new(ErrorKind::DuplicateKey, Field::MetadataKey).at_entry(entry));
        }
        self.meta
            .push(MetaRecord { key, value })
            .map_err(|_| Fault::new(ErrorKind::TooManyMetadata, Field::Metadata).at_entry(entry))?;
        Ok(entry)
    }

    fn pending_link(
        &mut self,
        href: Span,
        rel: Span,
        media_type: Option<Span>,
    ) -> Result<(), Fault> {
        let entry = self.links.len() - self.pending_links_start();
        let link = LinkRecord {
            href,
            rel,
            media_type,
        };
        self.links
            .push(link)
            .map_err(|_| Fault::new(ErrorKind::TooManyLinks, Field::Links).at_entry(entry))
    }

    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Fault> {
        ImageList::commit(self, r)
    }

    fn set_next_link(&mut self, span: Span) {
        self.next_link = Some(span);
    }

    fn turn_on_size_extension(&mut self) {
        self.size_extension = true;
    }
}
