//! Reading JSON image documents (a detail list or a show document) into an [`ImageList`]: serde
//! seeds for each part of the document over a small JSON reader of our own (`json.rs`, which
//! cannot panic), any whitespace and key order, every JSON escape, and a precise error for
//! anything else. A failed parse leaves the list exactly as it was.

mod document;
mod image;
mod json;
mod links;
mod measure;
mod metadata;
mod scalars;
mod scout;

use serde::de::DeserializeSeed;

use json::{Json, JsonError};
use scalars::Key;

use crate::error::{Error, ErrorKind, Fault, Field, Key as Named};
use crate::list::{ImageList, Mark, Store};

/// Where the parser is, so that an error from serde-json-core can name the field it was in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Loc {
    image: Option<usize>,
    field: Field,
    entry: Option<usize>,
}

impl Loc {
    const DOCUMENT: Loc = Loc {
        image: None,
        field: Field::Document,
        entry: None,
    };

    fn error(self, kind: ErrorKind) -> Fault {
        let mut e = Fault::new(kind, self.field);
        if let Some(i) = self.image {
            e = e.at_image(i);
        }
        if let Some(j) = self.entry {
            e = e.at_entry(j);
        }
        e
    }
}

/// The parse in progress: the list it stores into, the first error of ours (and where its key
/// goes, if it is about an unknown one and the caller wants it named), and where it is. `'d` is
/// the document's: a store may keep raw strings of it for the whole parse.
pub(crate) struct Parser<'s, 'd> {
    store: &'s mut dyn Store<'d>,
    err: Option<Fault>,
    key: Option<&'s mut Named>,
    at: Loc,
}

impl Parser<'_, '_> {
    /// Records `e` (the first error wins) and returns a serde error that unwinds the parse.
    fn fail<E: serde::de::Error>(&mut self, e: Fault) -> E {
        if self.err.is_none() {
            self.err = Some(e);
        }
        E::custom("")
    }

    /// Fails with `e`, an `UnknownField` fault about `key`; in its place, a key that is no
    /// JSON string (a raw control character, a malformed escape) is a malformed escape.
    #[inline(never)]
    fn unknown<E: serde::de::Error>(&mut self, key: &Key<'_>, mut e: Fault) -> E {
        if key.malformed() {
            e.kind = ErrorKind::InvalidEscape;
        } else if let (None, Some(named)) = (self.err, self.key.as_deref_mut()) {
            *named = key.named();
        }
        self.fail(e)
    }

    fn at(&mut self, image: Option<usize>, field: Field, entry: Option<usize>) {
        self.at = Loc {
            image,
            field,
            entry,
        };
    }
}

/// What an error of the JSON reader means, when it was not one of ours.
fn kind_of(e: &JsonError) -> ErrorKind {
    match e {
        JsonError::WrongType | JsonError::Custom => ErrorKind::WrongType,
        JsonError::Number => ErrorKind::NumberOutOfRange,
        JsonError::Utf8 => ErrorKind::InvalidUtf8,
        JsonError::Syntax => ErrorKind::Syntax,
    }
}

/// Parses a document into `store`; a failure puts it back as it was, and the unknown key it is
/// about, if any, in `key`.
///
/// A list with no endpoints takes them from the first image whose links give them. A server
/// checked before that image is read (its links are derived from them) stops the parse for
/// want of endpoints; if the document gives them further on, the parse starts again with them,
/// so that the order of the images does not decide what is accepted. (Again from the start, not
/// from within: a parse stacked on a parse would double the parser's stack on a firmware.)
fn parse<'d>(
    store: &mut dyn Store<'d>,
    json: &'d [u8],
    show: bool,
    mut key: Option<&mut Named>,
) -> Result<usize, Fault> {
    let mark = store.mark();
    let mut result = parse_once(store, json, show, key.as_deref_mut());
    let for_endpoints = |e: &Fault| e.kind == ErrorKind::NoEndpoints && e.field == Field::Server;
    if result.as_ref().is_err_and(for_endpoints) {
        with_endpoints_further_on(store, &mark, json, show, key, &mut result);
    }
    match result {
        Ok(n) => {
            store.settle(&mark);
            Ok(n)
        }
        Err(e) => {
            store.rewind(&mark);
            Err(e)
        }
    }
}

/// [`parse`] again, from `mark`, with the endpoints the document gives further on, into
/// `result`; `result` as it was when it gives none. Out of line and cold, everything passed by
/// reference: the scout's finds and this second pass are on the stack only when a document
/// needs them, not under every parse.
#[cold]
#[inline(never)]
fn with_endpoints_further_on<'d>(
    store: &mut dyn Store<'d>,
    mark: &Mark,
    json: &'d [u8],
    show: bool,
    key: Option<&mut Named>,
    result: &mut Result<usize, Fault>,
) {
    let Some((hrefs, id)) = scout::endpoints_further_on(json, show) else {
        return;
    };
    store.rewind(mark);
    *result = store
        .infer_endpoints(hrefs, &id)
        .and_then(|()| parse_once(store, json, show, key));
}

/// One pass of [`parse`] over the document, into `store`.
fn parse_once<'d>(
    store: &mut dyn Store<'d>,
    json: &'d [u8],
    show: bool,
    key: Option<&mut Named>,
) -> Result<usize, Fault> {
    let mut p = Parser {
        store,
        err: None,
        key,
        at: Loc::DOCUMENT,
    };
    let mut de = Json::new(json);
    let result = document::DocumentSeed { p: &mut p, show }
        .deserialize(&mut de)
        .and_then(|n| {
            p.at = Loc::DOCUMENT;
            de.end().map(|_| n)
        });
    result.map_err(|e| {
        let err = p.err.take().unwrap_or_else(|| p.at.error(kind_of(&e)));
        if show { err.in_show() } else { err }
    })
}

impl<const IMAGES: usize, const META: usize, const LINKS: usize, const BYTES: usize>
    ImageList<IMAGES, META, LINKS, BYTES>
{
    /// Appends the images of a JSON detail list (`{"images": [...], "images_links": [...]}`),
    /// returning how many were added.
    ///
    /// Links that the list's endpoints produce are stored as derived (the endpoints are taken
    /// from the first image when the list has none); any others are stored as explicit links,
    /// and `"links": []` as no links at all. `OS-EXT-IMG-SIZE:size` on any image turns the size
    /// extension on. An `images_links` next link replaces the list's. Keys the document shape
    /// does not have are refused.
    ///
    /// On any error the list is left exactly as it was. Errors name positions in the document
    /// (`images[0]` is its first image); a capacity error says how much the list would need to
    /// take the whole document ([`Error::needed`]; [`crate::Capacity::detail`] says it up
    /// front).
    ///
    /// Time is linear in the document, but for the duplicate-key check: each metadata key is
    /// compared with the earlier ones of its image (n²/2 comparisons for an image of n entries,
    /// at most `META`). [`crate::Capacity::detail`] reads a document in linear time, to refuse one
    /// with too many entries first.
    ///
    /// ```
    /// let mut list: osimages::ImageList<8, 8, 0, 512> = osimages::ImageList::new();
    /// let doc = br#"{"images": [{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "cirros",
    ///   "status": "ACTIVE", "progress": 100, "minDisk": 0, "minRam": 0,
    ///   "created": null, "updated": "2011-01-01T01:02:03Z", "metadata": {},
    ///   "links": [
    ///     {"href": "http://c/v2/t/images/155d900f-4e14-4e4c-a73d-069cbf4541e6", "rel": "self"},
    ///     {"href": "http://c/t/images/155d900f-4e14-4e4c-a73d-069cbf4541e6", "rel": "bookmark"},
    ///     {"href": "http://g/t/images/155d900f-4e14-4e4c-a73d-069cbf4541e6", "rel": "alternate",
    ///      "type": "application/vnd.openstack.image"}]}]}"#;
    /// assert_eq!(list.parse_detail(doc)?, 1);
    /// assert_eq!(list.endpoints().unwrap().tenant, "t");
    ///
    /// let err = list.parse_detail(br#"{"images": [{"id": "nope"}]}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "images[0].id: not a UUID");
    /// assert_eq!(list.len(), 1);
    /// # Ok::<(), osimages::Error>(())
    /// ```
    pub fn parse_detail(&mut self, json: &[u8]) -> Result<usize, Error> {
        self.parse_json(json, false)
    }

    /// Appends the image of a JSON show document (`{"image": {...}}`), returning its index in
    /// the list. Errors name the document's `image`; otherwise as
    /// [`ImageList::parse_detail`].
    pub fn parse_show(&mut self, json: &[u8]) -> Result<usize, Error> {
        self.parse_json(json, true)
    }

    fn parse_json(&mut self, json: &[u8], show: bool) -> Result<usize, Error> {
        let mut key = Named::NONE;
        parse(self, json, show, Some(&mut key))
            .map_err(|e| self.with_needed(e, json, show).with_key(key))
    }
}
