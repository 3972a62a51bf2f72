//! Links: read as raw strings, then stored as derived (when the endpoints produce them, which
//! costs no space) or as explicit links.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Parser;
use super::scalars::{KeySeed, RawStr};
use crate::Uuid;
use crate::error::{ErrorKind, Fault, Field};
use crate::list::unescape::{checked_len, each_unescaped, equals};
use crate::validate::{MediaType, Refusal};

const IMAGE_TYPE: &[u8] = b"application/vnd.openstack.image";

/// A link as it appears in the input, its strings still escaped.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RawLink<'de> {
    pub(crate) href: &'de str,
    pub(crate) rel: &'de str,
    pub(crate) media_type: Option<&'de str>,
}

/// One link object: `href`, `rel`, optional `type`.
pub(crate) struct LinkSeed<'a, 's, 'd> {
    pub(crate) p: &'a mut Parser<'s, 'd>,
    pub(crate) image: Option<usize>,
    pub(crate) entry: usize,
    /// What the link belongs to, for errors about the object as a whole.
    pub(crate) field: Field,
}

impl LinkSeed<'_, '_, '_> {
    fn error(&self, kind: ErrorKind, field: Field) -> Fault {
        let e = Fault::new(kind, field).at_entry(self.entry);
        match self.image {
            Some(i) => e.at_image(i),
            None => e,
        }
    }

    /// The parser is at `field` of this link (the link as a whole: its `self.field`).
    fn at(&mut self, field: Field) {
        self.p.at(self.image, field, Some(self.entry));
    }

    /// The fields of the link's `href`, `rel` and `type`, as its owner names them; a next link
    /// has no `type` (the model holds none), so the key is unknown in it.
    const fn parts(&self) -> (Field, Field, Option<Field>) {
        match self.field {
            Field::Server => (
                Field::ServerLinkHref,
                Field::ServerLinkRel,
                Some(Field::ServerLinkType),
            ),
            Field::NextLink => (Field::NextLinkHref, Field::NextLinkRel, None),
            _ => (Field::LinkHref, Field::LinkRel, Some(Field::LinkType)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for LinkSeed<'_, '_, 'de> {
    type Value = RawLink<'de>;
    /// At the link from its first byte: a value that is no object is refused as this link.
    fn deserialize<D: Deserializer<'de>>(mut self, d: D) -> Result<RawLink<'de>, D::Error> {
        self.at(self.field);
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LinkSeed<'_, '_, 'de> {
    type Value = RawLink<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a link object")
    }

    // Out of line, in a frame of its own (see `MetadataSeed::visit_map`).
    #[inline(never)]
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<RawLink<'de>, A::Error> {
        let (mut href, mut rel, mut media_type) = (None, None, None);
        let (href_field, rel_field, type_field) = self.parts();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let (slot, field) = if key.is("href") {
                (&mut href, href_field)
            } else if key.is("rel") {
                (&mut rel, rel_field)
            } else if let (true, Some(type_field)) = (key.is("type"), type_field) {
                (&mut media_type, type_field)
            } else {
                let e = self.error(ErrorKind::UnknownField, self.field);
                return Err(self.p.unknown(&key, e));
            };
            if slot.is_some() {
                return Err(self.p.fail(self.error(ErrorKind::DuplicateField, field)));
            }
            self.at(field);
            *slot = Some(map.next_value_seed(RawStr)?);
            self.at(self.field);
        }
        let (Some(href), Some(rel)) = (href, rel) else {
            let missing = if href.is_none() {
                href_field
            } else {
                rel_field
            };
            return Err(self.p.fail(self.error(ErrorKind::MissingField, missing)));
        };
        Ok(RawLink {
            href,
            rel,
            media_type,
        })
    }
}

/// An image's links while its object is read: up to three are held back (they may turn out to
/// be the derived ones); past three, all are explicit.
#[derive(Default)]
pub(crate) struct Held<'de> {
    links: [RawLink<'de>; 3],
    n: usize,
    explicit: bool,
}

impl<'de> Held<'de> {
    fn flush(&mut self, p: &mut Parser<'_, '_>, image: usize) -> Result<(), Fault> {
        self.explicit = true;
        for (entry, link) in self.links.iter().take(self.n).enumerate() {
            store_explicit(p, image, entry, link)?;
        }
        Ok(())
    }

    /// Decides, once the image is read, whether its links are derived (`true`) or explicit
    /// (possibly none).
    pub(crate) fn settle(
        &mut self,
        p: &mut Parser<'_, 'de>,
        image: usize,
        id: Uuid,
    ) -> Result<bool, Fault> {
        if self.explicit {
            return Ok(false);
        }
        let links = self.links.get(..self.n).unwrap_or(&[]);
        if let [s, b, a] = links
            && has_derived_shape(s, b, a)
        {
            let (id, hrefs) = (id.to_bytes(), [s.href, b.href, a.href]);
            p.store
                .infer_endpoints(hrefs, &id)
                .map_err(|e| e.at_image(image))?;
            let derived = p.store.derives(b"images", &id, &hrefs) == Some(true);
            if derived {
                return Ok(true);
            }
        }
        self.flush(p, image)?;
        Ok(false)
    }
}

fn store_explicit(
    p: &mut Parser<'_, '_>,
    image: usize,
    entry: usize,
    link: &RawLink<'_>,
) -> Result<(), Fault> {
    let at = |e: Fault| e.at_image(image).at_entry(entry);
    let href = p.store.text(link.href, Field::LinkHref).map_err(at)?;
    let rel = p.store.text(link.rel, Field::LinkRel).map_err(at)?;
    let media_type = match link.media_type {
        Some(t) => {
            let stored = p.store.text(t, Field::LinkType).map_err(at)?;
            media_type(t).map_err(|r| at(r.into()))?;
            Some(stored)
        }
        None => None,
    };
    p.store
        .pending_link(href, rel, media_type)
        .map_err(|e| e.at_image(image))
}

/// [`crate::validate::media_type`] of a raw JSON string, read through its escapes (which
/// storing it has found good).
fn media_type(raw: &str) -> Result<(), Refusal> {
    let mut m = MediaType::default();
    let _ = each_unescaped(raw, (), |b| {
        m.feed(b);
        Ok(())
    });
    m.finish()
}

/// `self`, `bookmark`, `alternate` (with the image type), in that order.
fn has_derived_shape(s: &RawLink<'_>, b: &RawLink<'_>, a: &RawLink<'_>) -> bool {
    equals(s.rel, b"self")
        && s.media_type.is_none()
        && equals(b.rel, b"bookmark")
        && b.media_type.is_none()
        && equals(a.rel, b"alternate")
        && a.media_type.is_some_and(|t| equals(t, IMAGE_TYPE))
}

/// An image's `links` array.
pub(crate) struct LinksSeed<'a, 's, 'h, 'de> {
    pub(crate) p: &'a mut Parser<'s, 'de>,
    pub(crate) image: usize,
    pub(crate) held: &'h mut Held<'de>,
}

impl<'de> DeserializeSeed<'de> for LinksSeed<'_, '_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LinksSeed<'_, '_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of links")
    }

    // Out of line, in a frame of its own (see `MetadataSeed::visit_map`).
    #[inline(never)]
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (p, held, image) = (self.p, self.held, self.image);
        let mut entry = 0;
        while let Some(link) = seq.next_element_seed(LinkSeed {
            p: &mut *p,
            image: Some(image),
            entry,
            field: Field::Links,
        })? {
            if !held.explicit && held.n < 3 {
                if let Some(slot) = held.links.get_mut(held.n) {
                    *slot = link;
                }
                held.n += 1;
            } else {
                if !held.explicit {
                    held.flush(p, image).map_err(|e| p.fail(e))?;
                }
                store_explicit(p, image, entry, &link).map_err(|e| p.fail(e))?;
            }
            entry += 1;
            p.at(Some(image), Field::Links, None);
        }
        Ok(())
    }
}

/// A snapshot's `server`: its id, and links the endpoints must produce.
pub(crate) struct ServerSeed<'a, 's, 'd> {
    pub(crate) p: &'a mut Parser<'s, 'd>,
    pub(crate) image: usize,
}

/// A server as read: its id and its (at most two) links, checked once the image is read.
#[derive(Default, Clone, Copy)]
pub(crate) struct RawServer<'de> {
    pub(crate) id: Uuid,
    links: [RawLink<'de>; 2],
    n: usize,
}

impl RawServer<'_> {
    /// The links must be `self` and `bookmark` built from the list's endpoints.
    pub(crate) fn check(&self, p: &Parser<'_, '_>, image: usize) -> Result<(), Fault> {
        // A string no link can hold is that string's fault, not the endpoints' (its length is
        // not: a server link is never stored).
        for (entry, link) in self.links.iter().take(self.n).enumerate() {
            for (raw, field) in [
                (link.href, Field::ServerLinkHref),
                (link.rel, Field::ServerLinkRel),
            ] {
                match checked_len(raw, field) {
                    Err(e) if e.kind != ErrorKind::OutOfTextSpace => {
                        return Err(e.at_image(image).at_entry(entry));
                    }
                    _ => {}
                }
            }
        }
        let err = |kind| Err(Fault::new(kind, Field::Server).at_image(image));
        let (shaped, hrefs) = match self.links.get(..self.n) {
            Some([s, b]) => (
                equals(s.rel, b"self")
                    && s.media_type.is_none()
                    && equals(b.rel, b"bookmark")
                    && b.media_type.is_none(),
                [s.href, b.href],
            ),
            _ => (false, [""; 2]),
        };
        match p.store.derives(b"servers", &self.id.to_bytes(), &hrefs) {
            None => err(ErrorKind::NoEndpoints),
            Some(true) if shaped => Ok(()),
            Some(_) => err(ErrorKind::NotDerivable),
        }
    }
}

impl<'de> DeserializeSeed<'de> for ServerSeed<'_, '_, 'de> {
    type Value = RawServer<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawServer<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ServerSeed<'_, '_, 'de> {
    type Value = RawServer<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a server object")
    }

    // Out of line, in a frame of its own (see `MetadataSeed::visit_map`).
    #[inline(never)]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawServer<'de>, A::Error> {
        let (p, image) = (self.p, self.image);
        let err = |kind| Fault::new(kind, Field::Server).at_image(image);
        let mut server = RawServer::default();
        let (mut seen_id, mut seen_links) = (false, false);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let (id, links) = (key.is("id"), key.is("links"));
            if (id && seen_id) || (links && seen_links) {
                return Err(p.fail(err(ErrorKind::DuplicateField)));
            }
            if id {
                seen_id = true;
                p.at(Some(image), Field::ServerId, None);
                let raw = map.next_value_seed(RawStr)?;
                server.id = super::scalars::Short::read(raw, Uuid::parse).ok_or_else(|| {
                    p.fail(Fault::new(ErrorKind::NotUuid, Field::ServerId).at_image(image))
                })?;
                p.at(Some(image), Field::Server, None);
            } else if links {
                seen_links = true;
                map.next_value_seed(ServerLinksSeed {
                    p: &mut *p,
                    image,
                    server: &mut server,
                })?;
            } else {
                return Err(p.unknown(&key, err(ErrorKind::UnknownField)));
            }
        }
        if !seen_id || !seen_links {
            return Err(p.fail(err(ErrorKind::MissingField)));
        }
        Ok(server)
    }
}

struct ServerLinksSeed<'a, 's, 'h, 'de> {
    p: &'a mut Parser<'s, 'de>,
    image: usize,
    server: &'h mut RawServer<'de>,
}

impl<'de> DeserializeSeed<'de> for ServerLinksSeed<'_, '_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ServerLinksSeed<'_, '_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of links")
    }

    // Out of line, in a frame of its own (see `MetadataSeed::visit_map`).
    #[inline(never)]
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (p, server, image) = (self.p, self.server, self.image);
        let mut entry = 0;
        while let Some(link) = seq.next_element_seed(LinkSeed {
            p: &mut *p,
            image: Some(image),
            entry,
            field: Field::Server,
        })? {
            let Some(slot) = server.links.get_mut(entry) else {
                return Err(
                    p.fail(Fault::new(ErrorKind::NotDerivable, Field::Server).at_image(image))
                );
            };
            *slot = link;
            server.n += 1;
            entry += 1;
            p.at(Some(image), Field::Server, None);
        }
        Ok(())
    }
}
