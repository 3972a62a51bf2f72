//! The endpoints further on in a document: a snapshot's server links are derived, so a list
//! with no endpoints checks them against the endpoints the document gives, wherever it gives
//! them. A server met before the first image whose links give them sends the parse here for
//! them (`parse::parse`), and back to the start with them.

use super::parse_once;
use crate::Uuid;
use crate::error::{ErrorKind, Fault, Field};
use crate::list::{Mark, Span, Store, endpoints_in};
use crate::record::Record;

/// Reads a document for the first image whose three links give the endpoints, storing nothing
/// and refusing nothing else; stops there.
struct Scout<'d> {
    found: Option<([&'d str; 3], [u8; 36])>,
}

/// The hrefs and the id of the first image of `json` whose links give the endpoints, if any
/// image does (before anything the parser refuses).
pub(super) fn endpoints_further_on(json: &[u8], show: bool) -> Option<([&str; 3], [u8; 36])> {
    let mut scout = Scout { found: None };
    // One pass, which ends in a refusal either way: the one that says it found them, or the
    // document's own (never one for endpoints: every server passes).
    let _ = parse_once(&mut scout, json, show, None);
    scout.found
}

impl<'d> Store<'d> for Scout<'d> {
    fn mark(&self) -> Mark {
        Mark::default()
    }

    fn rewind(&mut self, _: &Mark) {}

    fn settle(&mut self, _: &Mark) {}

    fn text(&mut self, _: &str, _: Field) -> Result<Span, Fault> {
        Ok(Span::counted(0))
    }

    /// Every server passes: what the scout looks for may come after it.
    fn derives(&self, _: &[u8], _: &[u8; 36], _: &[&str]) -> Option<bool> {
        Some(true)
    }

    fn infer_endpoints(&mut self, hrefs: [&'d str; 3], id: &[u8; 36]) -> Result<(), Fault> {
        if endpoints_in(hrefs, id).ok().flatten().is_some() {
            self.found = Some((hrefs, *id));
            // Found: the rest of the document is not read.
            return Err(Fault::new(ErrorKind::NoEndpoints, Field::Document));
        }
        Ok(())
    }

    fn pending_meta(&mut self, _: Span, _: Option<Span>) -> Result<usize, Fault> {
        Ok(0)
    }

    fn pending_link(&mut self, _: Span, _: Span, _: Option<Span>) -> Result<(), Fault> {
        Ok(())
    }

    fn commit(&mut self, _: &Record<Span, Uuid, ()>) -> Result<usize, Fault> {
        Ok(0)
    }

    fn set_next_link(&mut self, _: Span) {}

    fn turn_on_size_extension(&mut self) {}
}
