//! Sizing a list for a document before storing it: the parser runs over the document with a
//! tally in place of a list, which counts what the list would keep instead of keeping it. The
//! same code decides what is stored (derived or explicit links, endpoints, servers), so the
//! count is exact.

use super::parse;
use crate::capacity::Capacity;
use crate::error::{Error, ErrorKind, Field};
use crate::list::unescape::{Piece, Unescape};
use crate::list::{ImageList, Mark, Pool, Span, Store, infer_endpoints};
use crate::model::Endpoints;
use crate::record::Record;
use crate::{Uuid, text, validate};

/// Room for the three hrefs the endpoints are read from (each one ends with `/images/{id}`).
const SCRATCH: usize = 1024;

/// Counts what a document would add to a list.
struct Tally<'l> {
    /// The list's own endpoints, when it has them.
    given: Option<Endpoints<'l>>,
    /// The endpoints read from the document, otherwise.
    scratch: Pool<SCRATCH>,
    inferred: Option<[Span; 3]>,
    need: Capacity,
    /// The most text the list holds at any moment of the parse (it reads the endpoints from
    /// three whole hrefs).
    peak: usize,
    /// Metadata entries of the image being read (their index in errors).
    pending_meta: usize,
    /// Whether the document has an `images_links` next link.
    next_link: bool,
}

/// What a document adds to a list with these endpoints, and whether it replaces the list's next
/// link.
fn tally(json: &[u8], show: bool, given: Option<Endpoints<'_>>) -> Result<(Capacity, bool), Error> {
    let mut t = Tally {
        given,
        scratch: Pool::new(),
        inferred: None,
        need: Capacity::NONE,
        peak: 0,
        pending_meta: 0,
        next_link: false,
    };
    parse(&mut t, json, show)?;
    let bytes = t.need.bytes.max(t.peak);
    Ok((Capacity { bytes, ..t.need }, t.next_link))
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
        tally(json, false, None).map(|(need, _)| need)
    }

    /// What a JSON show document needs, as [`Capacity::detail`] for
    /// [`ImageList::parse_show`].
    pub fn show(json: &[u8]) -> Result<Capacity, Error> {
        tally(json, true, None).map(|(need, _)| need)
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    /// A capacity error from parsing `json` into this list (as it is again), saying how much
    /// the list would need in all to take the whole document.
    pub(super) fn with_needed(&self, e: Error, json: &[u8], show: bool) -> Error {
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
        let Ok((doc, replaces_next)) = tally(json, show, self.endpoints()) else {
            let mut e = e;
            e.needed = None;
            return e;
        };
        let used = self.used();
        let old_next = match (replaces_next, self.next_link()) {
            (true, Some(old)) => old.len(),
            _ => 0,
        };
        e.needing(match kind {
            ErrorKind::TooManyImages => used.images + doc.images,
            ErrorKind::TooManyMetadata => used.metadata + doc.metadata,
            ErrorKind::TooManyLinks => used.links + doc.links,
            _ => used.bytes - old_next + doc.bytes,
        })
    }
}

/// The length of a raw JSON string once unescaped, checked as a stored string is.
fn checked_len(raw: &str, field: Field) -> Result<usize, Error> {
    let mut len = 0;
    let mut buf = [0u8; 4];
    for piece in Unescape::new(raw) {
        let s = match piece {
            Ok(Piece::Run(s)) => s,
            Ok(Piece::Char(c)) => c.encode_utf8(&mut buf),
            Err(_) => return Err(Error::new(ErrorKind::InvalidEscape, field)),
        };
        text::classify(s).map_err(|_| Error::new(ErrorKind::ForbiddenCharacter, field))?;
        len += s.len();
    }
    if len > validate::MAX_TEXT {
        return Err(Error::new(ErrorKind::OutOfTextSpace, field));
    }
    Ok(len)
}

impl Store for Tally<'_> {
    fn mark(&self) -> Mark {
        Mark::default()
    }

    fn rewind(&mut self, _: Mark) {}

    fn settle(&mut self, _: Mark) {}

    fn text(&mut self, raw: &str, field: Field) -> Result<Span, Error> {
        let len = checked_len(raw, field)?;
        self.need.bytes = self.need.bytes.saturating_add(len);
        Ok(Span::counted(len))
    }

    fn endpoints(&self) -> Option<Endpoints<'_>> {
        if let Some(e) = self.given {
            return Some(e);
        }
        let [c, i, t] = self.inferred?;
        Some(Endpoints {
            compute: self.scratch.str(c),
            image_service: self.scratch.str(i),
            tenant: self.scratch.str(t),
        })
    }

    fn infer_endpoints(&mut self, hrefs: [&str; 3], id: &[u8; 36]) -> Result<(), Error> {
        if self.given.is_some() || self.inferred.is_some() {
            return Ok(());
        }
        // Unescaping never makes a string longer: raw hrefs that fit, fit unescaped.
        if hrefs.iter().map(|h| h.len()).sum::<usize>() > SCRATCH {
            return Err(Error::new(
                ErrorKind::OutOfTextSpace,
                Field::ComputeEndpoint,
            ));
        }
        self.inferred = infer_endpoints(&mut self.scratch, hrefs, id)?;
        let kept: usize = self.inferred.iter().flatten().map(|s| s.len()).sum();
        self.need.bytes = self.need.bytes.saturating_add(kept);
        Ok(())
    }

    fn pending_meta(&mut self, _: Span, _: Option<Span>) -> Result<usize, Error> {
        self.need.metadata += 1;
        self.pending_meta += 1;
        Ok(self.pending_meta - 1)
    }

    fn pending_link(&mut self, _: Span, _: Span, _: Option<Span>) -> Result<(), Error> {
        self.need.links += 1;
        Ok(())
    }

    fn commit(&mut self, r: &Record<Span, Uuid, ()>) -> Result<usize, Error> {
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
