//! Sizing a list for a document before storing it: the parser runs over the document with a
//! tally in place of a list, which counts what the list would keep instead of keeping it. The
//! same code decides what is stored (derived or explicit links, endpoints, servers), so the
//! count is exact.

use super::parse;
use crate::Uuid;
use crate::capacity::Capacity;
use crate::error::{Error, ErrorKind, Fault, Field, Key as Named};
use crate::list::unescape::checked_len;
use crate::list::{ImageList, Mark, Part, Span, Store, derived_by, endpoints_in};
use crate::model::Endpoints;
use crate::record::Record;

/// Counts what a document would add to a list.
struct Tally<'l> {
    /// The list's own endpoints, or those of the first image's hrefs, found where they lie in
    /// the document (through their escapes: the tally needs no room to unescape them in).
    ends: Option<[Part<'l>; 3]>,
    need: Capacity,
    /// Metadata entries of the image being read (their index in errors).
    pending_meta: usize,
    /// Whether the document has an `images_links` next link.
    next_link: bool,
}

/// What a document adds to a list that has the endpoints `given` (or reads them from it); the
/// unknown key a failure is about, if any, in `key`. With whether it has a next link (which
/// replaces the list's); not the tally itself, whose 76 bytes would be in the callers' frames.
fn tally<'l>(
    json: &'l [u8],
    show: bool,
    given: Option<Endpoints<'l>>,
    key: Option<&mut Named>,
) -> Result<(Capacity, bool), Fault> {
    let mut t = Tally {
        ends: given.map(Part::of_endpoints),
        need: Capacity::NONE,
        pending_meta: 0,
        next_link: false,
    };
    parse(&mut t, json, show, key)?;
    Ok((t.need, t.next_link))
}

/// What a document needs from an empty list.
fn needs(json: &[u8], show: bool) -> Result<Capacity, Error> {
    let mut key = Named::NONE;
    tally(json, show, None, Some(&mut key))
        .map(|(need, _)| need)
        .map_err(|e| e.with_key(key))
}

impl Capacity {
    /// What a JSON detail list needs: the capacities of the smallest [`ImageList`] that
    /// [`ImageList::parse_detail`] reads it into (from empty).
    ///
    /// The document is read exactly as the parser reads it, and refused for the same reasons,
    /// except that duplicate metadata keys are not looked for.
    ///
    /// ```
    /// let doc = br#"{"images": [{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "cirros",
    ///   "status": "ACTIVE", "progress": 100, "minDisk": 0, "minRam": 0, "created": null,
    ///   "updated": null, "metadata": {"os": "linux"}, "links": []}]}"#;
    /// let needs = osimages::Capacity::detail(doc)?;
    /// assert_eq!(needs.to_string(), "ImageList<1, 1, 0, 13>");
    /// # Ok::<(), osimages::Error>(())
    /// ```
    pub fn detail(json: &[u8]) -> Result<Capacity, Error> {
        needs(json, false)
    }

    /// What a JSON show document needs, as [`Capacity::detail`] for
    /// [`ImageList::parse_show`].
    pub fn show(json: &[u8]) -> Result<Capacity, Error> {
        needs(json, true)
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    /// A capacity error from parsing `json` into this list (as it is again), saying how much
    /// the list would need in all to take the whole document.
    pub(super) fn with_needed(&self, e: Fault, json: &[u8], show: bool) -> Fault {
        let kind = e.kind;
        let capacity = matches!(
            kind,
            ErrorKind::TooManyImages
                | ErrorKind::TooManyMetadata
                | ErrorKind::TooManyLinks
                | ErrorKind::OutOfTextSpace
        );
        if !capacity {
            return e;
        }
        let Ok((need, next_link)) = tally(json, show, self.endpoints(), None) else {
            let mut e = e;
            e.needed = None;
            return e;
        };
        let used = self.used();
        let old_next = match (next_link, self.next_link()) {
            (true, Some(old)) => old.len(),
            _ => 0,
        };
        e.needing(match kind {
            ErrorKind::TooManyImages => used.images + need.images,
            ErrorKind::TooManyMetadata => used.metadata + need.metadata,
            ErrorKind::TooManyLinks => used.links + need.links,
            _ => used.bytes - old_next + need.bytes,
        })
    }
}

impl<'l> Store<'l> for Tally<'l> {
    /// The counts: a parse that starts again (for endpoints further on) counts from here.
    fn mark(&self) -> Mark {
        Mark::of_counts(self.need)
    }

    fn rewind(&mut self, m: &Mark) {
        self.need = m.counts();
        self.pending_meta = 0;
    }

    fn settle(&mut self, _: &Mark) {}

    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Fault> {
        let len = checked_len(raw, field)?;
        self.need.bytes = self.need.bytes.saturating_add(len);
        Ok(Span::counted(len))
    }

    fn derives(&self, collection: &[u8], id: &[u8; 36], hrefs: &[&str]) -> Option<bool> {
        Some(derived_by(self.ends?, collection, id, hrefs))
    }

    fn infer_endpoints(&mut self, hrefs: [&'l str; 3], id: &[u8; 36]) -> Result<(), Fault> {
        if self.ends.is_some() {
            return Ok(());
        }
        self.ends = endpoints_in(hrefs, id)?;
        let kept: usize = self.ends.iter().flatten().map(|e| e.len()).sum();
        self.need.bytes = self.need.bytes.saturating_add(kept);
        Ok(())
    }

    fn pending_meta(&mut self, _: Span, _: Option<Span>) -> Result<usize, Fault> {
        self.need.metadata += 1;
        self.pending_meta += 1;
        Ok(self.pending_meta - 1)
    }

    fn pending_link(&mut self, _: Span, _: Span, _: Option<Span>) -> Result<(), Fault> {
        self.need.links += 1;
        Ok(())
    }

    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Fault> {
        self.need.images += 1;
        if r.server.is_some() {
            self.need.bytes = self.need.bytes.saturating_add(16);
        }
        self.pending_meta = 0;
        Ok(self.need.images - 1)
    }

    fn set_next_link(&mut self, _: Span) {
        self.next_link = true;
    }

    fn turn_on_size_extension(&mut self) {}
}
