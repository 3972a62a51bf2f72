//! What the JSON parser stores through: strings unescaped straight into the byte pool, the
//! pending image's metadata and links appended at the ends of their pools, then one commit.
//! Object-safe, so the parser is compiled once for every list capacity; the sizing tally
//! (`parse::measure`) is the other implementation.

use super::unescape::equals;
use super::{ImageList, LinkRecord, MetaRecord, Pool, Span};
use crate::Uuid;
use crate::error::{Error, ErrorKind, Field};
use crate::model::Endpoints;
use crate::record::Record;

/// Pool lengths and list-level settings, to put a list back as it was when a parse (or the C
/// ABI's multi-step push) fails.
#[doc(hidden)]
#[derive(Clone, Copy, Default)]
pub struct Mark {
    images: usize,
    meta: usize,
    links: usize,
    bytes: usize,
    endpoints: Option<[Span; 3]>,
    next_link: Option<Span>,
    size_extension: bool,
}

pub(crate) trait Store {
    fn mark(&self) -> Mark;
    /// Puts the list back as it was at `mark` (the parse failed).
    fn rewind(&mut self, mark: Mark);
    /// Gives back what a successful parse replaced since `mark` (the old next link).
    fn settle(&mut self, mark: Mark);
    /// Unescapes a raw JSON string the list keeps and checks it as `field`.
    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Error>;
    /// The endpoints links are built from, once the list has them.
    fn endpoints(&self) -> Option<Endpoints<'_>>;
    /// Takes the endpoints from an image's `self`, `bookmark` and `alternate` hrefs (raw), when
    /// the list has none and the hrefs have the derived shape; otherwise does nothing.
    fn infer_endpoints(&mut self, hrefs: [&str; 3], id: &[u8; 36]) -> Result<(), Error>;
    /// Appends a metadata entry to the image being parsed; returns its entry index.
    fn pending_meta(&mut self, key: Span, value: Option<Span>) -> Result<usize, Error>;
    fn pending_link(
        &mut self,
        href: Span,
        rel: Span,
        media_type: Option<Span>,
    ) -> Result<(), Error>;
    /// Stores the image being parsed (its strings are in the pool, its entries at the ends of
    /// theirs); returns its index in the list.
    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Error>;
    fn set_next_link(&mut self, span: Span);
    fn turn_on_size_extension(&mut self);
}

/// The endpoints split out of three derived hrefs unescaped at the end of `pool`: the bytes of
/// compute, tenant and image service are moved down to where the hrefs began and the rest is
/// dropped. `None` (and the pool as it was) when the hrefs do not have the derived shape. For a
/// moment the pool holds the three hrefs whole: the sizing tally counts that peak too.
pub(crate) fn infer_endpoints<const B: usize>(
    pool: &mut Pool<B>,
    hrefs: [&str; 3],
    id: &[u8; 36],
) -> Result<Option<[Span; 3]>, Error> {
    let mark = pool.used();
    let mut spans = [None; 3];
    for (slot, raw) in spans.iter_mut().zip(hrefs) {
        match pool.append_json(raw, Field::LinkHref) {
            Ok(span) => *slot = Some(span),
            // No room to read them: no room for the image either way (as explicit links they
            // would take more).
            Err(e) if e.kind == ErrorKind::OutOfTextSpace => {
                pool.truncate(mark);
                return Err(e);
            }
            // A href that cannot be stored is not derived: the explicit path stores it again
            // and reports what is wrong with it.
            Err(_) => break,
        }
    }
    let [Some(s), Some(b), Some(a)] = spans else {
        pool.truncate(mark);
        return Ok(None);
    };
    let Some((c, t, i)) = split_endpoints(pool.bytes(s), pool.bytes(b), pool.bytes(a), id) else {
        pool.truncate(mark);
        return Ok(None);
    };
    // Compute starts the self href; the tenant follows its "/v2/"; the image service starts the
    // alternate href. Move tenant, then image service, down behind compute (each move goes left
    // and reads bytes no earlier move wrote), then drop the rest.
    let at = s.start();
    pool.move_down(at + c + 4, t, at + c);
    pool.move_down(a.start(), i, at + c + t);
    pool.truncate(at + c + t + i);
    let kept = (|| {
        Ok([
            pool.span_at(at, c, Field::ComputeEndpoint)?,
            pool.span_at(at + c + t, i, Field::ImageEndpoint)?,
            pool.span_at(at + c, t, Field::Tenant)?,
        ])
    })();
    if kept.is_err() {
        pool.truncate(mark);
    }
    kept.map(Some)
}

/// Where `{compute}/v2/{tenant}/images/{id}`, `{compute}/{tenant}/images/{id}` and
/// `{image_service}/{tenant}/images/{id}` split: the lengths of compute, tenant and image service.
fn split_endpoints(
    versioned: &[u8],
    bookmark: &[u8],
    alternate: &[u8],
    id: &[u8],
) -> Option<(usize, usize, usize)> {
    let strip = |h: &'_ [u8]| -> Option<usize> {
        let rest = h.strip_suffix(id)?.strip_suffix(b"/images/")?;
        Some(rest.len())
    };
    let (v, bm, alt) = (strip(versioned)?, strip(bookmark)?, strip(alternate)?);
    let (versioned, bookmark, alternate) = (
        versioned.get(..v)?,
        bookmark.get(..bm)?,
        alternate.get(..alt)?,
    );
    (0..versioned.len()).find_map(|pos| {
        let compute = versioned.get(..pos)?;
        let tenant = versioned.get(pos..)?.strip_prefix(b"/v2/")?;
        let bookmark_fits = bookmark.strip_prefix(compute)?.strip_prefix(b"/")? == tenant;
        let image_service = alternate.strip_suffix(tenant)?.strip_suffix(b"/")?;
        bookmark_fits.then_some((pos, tenant.len(), image_service.len()))
    })
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    fn pending_meta_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.entries.meta as usize)
    }
    fn pending_links_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.entries.links as usize)
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Store
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

    fn rewind(&mut self, m: Mark) {
        self.images.truncate(m.images);
        self.meta.truncate(m.meta);
        self.links.truncate(m.links);
        self.pool.truncate(m.bytes);
        self.endpoints = m.endpoints;
        self.next_link = m.next_link;
        self.size_extension = m.size_extension;
    }

    fn settle(&mut self, m: Mark) {
        if let Some(old) = m.next_link.filter(|old| self.next_link != Some(*old)) {
            self.release(old.start(), old.len());
        }
    }

    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Error> {
        self.pool.append_json(raw, field)
    }

    fn endpoints(&self) -> Option<Endpoints<'_>> {
        ImageList::endpoints(self)
    }

    fn infer_endpoints(&mut self, hrefs: [&str; 3], id: &[u8; 36]) -> Result<(), Error> {
        if self.endpoints.is_none() {
            self.endpoints = infer_endpoints(&mut self.pool, hrefs, id)?;
        }
        Ok(())
    }

    fn pending_meta(&mut self, key: Span, value: Option<Span>) -> Result<usize, Error> {
        let start = self.pending_meta_start();
        let entry = self.meta.len() - start;
        let new_key = self.pool.bytes(key);
        let pending = self.meta.get(start..).unwrap_or(&[]);
        if pending.iter().any(|m| self.pool.bytes(m.key) == new_key) {
            return Err(Error::new(ErrorKind::DuplicateKey, Field::MetadataKey).at_entry(entry));
        }
        self.meta
            .push(MetaRecord { key, value })
            .map_err(|_| Error::new(ErrorKind::TooManyMetadata, Field::Metadata).at_entry(entry))?;
        Ok(entry)
    }

    fn pending_link(
        &mut self,
        href: Span,
        rel: Span,
        media_type: Option<Span>,
    ) -> Result<(), Error> {
        let entry = self.links.len() - self.pending_links_start();
        let link = LinkRecord {
            href,
            rel,
            media_type,
        };
        self.links
            .push(link)
            .map_err(|_| Error::new(ErrorKind::TooManyLinks, Field::Links).at_entry(entry))
    }

    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Error> {
        ImageList::commit(self, r)
    }

    fn set_next_link(&mut self, span: Span) {
        self.next_link = Some(span);
    }

    fn turn_on_size_extension(&mut self) {
        self.size_extension = true;
    }
}

/// Whether the raw hrefs of an image's links (or its server's, with `collection` `servers`)
/// are the ones `endpoints` produce for `id`: `self`, `bookmark` and, for images, `alternate`.
pub(crate) fn derived_by(
    endpoints: &Endpoints<'_>,
    collection: &[u8],
    id: &[u8; 36],
    hrefs: &[&str],
) -> bool {
    let (compute, tenant) = (endpoints.compute.as_bytes(), endpoints.tenant.as_bytes());
    let image_service = endpoints.image_service.as_bytes();
    let expected: [&[&[u8]]; 3] = [
        &[compute, b"/v2/", tenant, b"/", collection, b"/", id],
        &[compute, b"/", tenant, b"/", collection, b"/", id],
        &[image_service, b"/", tenant, b"/", collection, b"/", id],
    ];
    hrefs.len() <= 3
        && hrefs
            .iter()
            .zip(expected)
            .all(|(raw, parts)| equals(raw, parts))
}
