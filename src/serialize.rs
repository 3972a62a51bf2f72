//! `serde::Serialize` for a [`Document`]: the data compact JSON holds, for any serde serializer.
//!
//! Through `serde_json_core::to_slice` this gives compact JSON's exact bytes, which makes it the
//! differential oracle for the renderer. It is written from SPEC on purpose, not through the
//! renderer's units: links are re-derived here from the endpoints, keys are listed here in
//! code-point order, so a mistake in one is not silently shared by the other.
//!
//! Strings go to the serializer as they are stored; each serializer escapes them its own way.
//! serde-json-core and osimages agree on every character a stored value can hold (they differ
//! only on U+0000..U+001F other than TAB, LF, CR, which serde-json-core writes `\u00XX` with
//! uppercase hex and osimages refuses at store time). `ascii_only` has no serde counterpart.

use core::fmt;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use crate::Uuid;
use crate::render::{Document, Target};
use crate::source::{Img, Source, Text};

/// Serializes the document as compact JSON means it: fixed objects with their keys in
/// code-point order, metadata in stored order, derived links written out in full.
///
/// ```
/// # use osimages::{ImageList, Style};
/// let list: ImageList<1, 0, 0, 0> = ImageList::new();
/// let mut buf = [0u8; 64];
/// let n = serde_json_core::to_slice(&list.detail(), &mut buf).unwrap();
/// let mut ours = [0u8; 64];
/// let m = list.detail().render(&mut ours, Style::JsonCompact).unwrap();
/// assert_eq!(buf[..n], ours[..m]);
/// ```
impl<S: Source + ?Sized> Serialize for Document<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let (src, target) = self.parts();
        match target {
            Target::Show(i) => {
                let mut doc = z.serialize_struct("ShowDocument", 1)?;
                doc.serialize_field("image", &DetailImage { src, i })?;
                doc.end()
            }
            Target::Detail | Target::Summary => {
                let next = src.next_link();
                let fields = 1 + usize::from(next.is_some());
                let mut doc = z.serialize_struct("ListDocument", fields)?;
                let summary = target == Target::Summary;
                doc.serialize_field("images", &Images { src, summary })?;
                if let Some(href) = next {
                    doc.serialize_field("images_links", &NextLinks(href))?;
                }
                doc.end()
            }
        }
    }
}

/// The `images` array of a list document.
struct Images<'a, S: ?Sized> {
    src: &'a S,
    summary: bool,
}

impl<S: Source + ?Sized> Serialize for Images<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let n = self.src.count();
        let mut seq = z.serialize_seq(Some(n))?;
        for i in 0..n {
            if self.summary {
                seq.serialize_element(&SummaryImage { src: self.src, i })?;
            } else {
                seq.serialize_element(&DetailImage { src: self.src, i })?;
            }
        }
        seq.end()
    }
}

/// `[{"href": .., "rel": "next"}]`
struct NextLinks<'a>(Text<'a>);

impl Serialize for NextLinks<'_> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let mut seq = z.serialize_seq(Some(1))?;
        seq.serialize_element(&Link {
            href: Href::Text(self.0.as_str()),
            rel: "next",
            media_type: None,
        })?;
        seq.end()
    }
}

/// One image of a detail list, or the image of a show document.
struct DetailImage<'a, S: ?Sized> {
    src: &'a S,
    i: usize,
}

impl<S: Source + ?Sized> Serialize for DetailImage<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let Some(img) = self.src.image(self.i) else {
            // A document only refers to images its source has; nothing to say otherwise.
            return z.serialize_none();
        };
        let size_ext = self.src.size_extension();
        let fields = 11
            + usize::from(img.disk_config.is_some())
            + usize::from(size_ext)
            + usize::from(img.server.is_some());
        let mut o = z.serialize_struct("Image", fields)?;
        if let Some(c) = img.disk_config {
            o.serialize_field("OS-DCF:diskConfig", c.as_str())?;
        }
        if size_ext {
            o.serialize_field("OS-EXT-IMG-SIZE:size", &img.size())?;
        }
        o.serialize_field("created", &img.created.map(Str))?;
        o.serialize_field("id", &Str(img.id))?;
        o.serialize_field("links", &ImageLinks::new(self.src, self.i, &img))?;
        o.serialize_field(
            "metadata",
            &Metadata(self.src, self.i, img.entries.metadata),
        )?;
        o.serialize_field("minDisk", &img.min_disk)?;
        o.serialize_field("minRam", &img.min_ram)?;
        o.serialize_field("name", &img.name.map(|t| t.as_str()))?;
        o.serialize_field("progress", &img.progress)?;
        if let Some(server) = img.server {
            o.serialize_field(
                "server",
                &Server {
                    src: self.src,
                    id: server,
                },
            )?;
        }
        o.serialize_field("status", img.status.as_str())?;
        o.serialize_field("updated", &img.updated.map(Str))?;
        o.end()
    }
}

/// One image of a summary list: `id`, `links`, `name`.
struct SummaryImage<'a, S: ?Sized> {
    src: &'a S,
    i: usize,
}

impl<S: Source + ?Sized> Serialize for SummaryImage<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let Some(img) = self.src.image(self.i) else {
            return z.serialize_none();
        };
        let mut o = z.serialize_struct("ImageSummary", 3)?;
        o.serialize_field("id", &Str(img.id))?;
        o.serialize_field("links", &ImageLinks::new(self.src, self.i, &img))?;
        o.serialize_field("name", &img.name.map(|t| t.as_str()))?;
        o.end()
    }
}

/// An image's links: its explicit ones, or `self`, `bookmark`, `alternate` from the endpoints.
struct ImageLinks<'a, S: ?Sized> {
    src: &'a S,
    i: usize,
    id: Uuid,
    /// How many explicit links (possibly none); `None` for the derived ones.
    explicit: Option<usize>,
}

impl<'a, S: Source + ?Sized> ImageLinks<'a, S> {
    fn new(src: &'a S, i: usize, img: &Img<'_>) -> Self {
        ImageLinks {
            src,
            i,
            id: img.id,
            explicit: (!img.derived_links()).then_some(img.entries.links),
        }
    }
}

impl<'a, S: Source + ?Sized> Serialize for ImageLinks<'a, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let src = self.src;
        if let Some(explicit) = self.explicit {
            let mut seq = z.serialize_seq(Some(explicit))?;
            for k in 0..explicit {
                if let Some(l) = src.link(self.i, k) {
                    seq.serialize_element(&Link {
                        href: Href::Text(l.href.as_str()),
                        rel: l.rel.as_str(),
                        media_type: l.media_type.map(|t| t.as_str()),
                    })?;
                }
            }
            return seq.end();
        }
        let derived = |base: &'a str, versioned| DerivedHref {
            base,
            versioned,
            tenant: src.tenant().as_str(),
            collection: "images",
            id: self.id,
        };
        let mut seq = z.serialize_seq(Some(3))?;
        seq.serialize_element(&Link {
            href: Href::Derived(derived(src.compute().as_str(), true)),
            rel: "self",
            media_type: None,
        })?;
        seq.serialize_element(&Link {
            href: Href::Derived(derived(src.compute().as_str(), false)),
            rel: "bookmark",
            media_type: None,
        })?;
        seq.serialize_element(&Link {
            href: Href::Derived(derived(src.image_service().as_str(), false)),
            rel: "alternate",
            media_type: Some("application/vnd.openstack.image"),
        })?;
        seq.end()
    }
}

/// `metadata`: key → value or null, in stored order.
struct Metadata<'a, S: ?Sized>(&'a S, usize, usize);

impl<S: Source + ?Sized> Serialize for Metadata<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let Metadata(src, i, n) = *self;
        let mut map = z.serialize_map(Some(n))?;
        for k in 0..n {
            if let Some((key, value)) = src.meta(i, k) {
                map.serialize_entry(key.as_str(), &value.map(|v| v.as_str()))?;
            }
        }
        map.end()
    }
}

/// `server`: its id and its `self` and `bookmark` links.
struct Server<'a, S: ?Sized> {
    src: &'a S,
    id: Uuid,
}

impl<S: Source + ?Sized> Serialize for Server<'_, S> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let link = |versioned, rel| Link {
            href: Href::Derived(DerivedHref {
                base: self.src.compute().as_str(),
                versioned,
                tenant: self.src.tenant().as_str(),
                collection: "servers",
                id: self.id,
            }),
            rel,
            media_type: None,
        };
        let mut o = z.serialize_struct("Server", 2)?;
        o.serialize_field("id", &Str(self.id))?;
        o.serialize_field("links", &[link(true, "self"), link(false, "bookmark")])?;
        o.end()
    }
}

/// A link object: `href`, `rel`, and `type` when it has one.
struct Link<'a> {
    href: Href<'a>,
    rel: &'a str,
    media_type: Option<&'a str>,
}

impl Serialize for Link<'_> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        let mut o = z.serialize_struct("Link", 2 + usize::from(self.media_type.is_some()))?;
        match self.href {
            Href::Text(s) => o.serialize_field("href", s)?,
            Href::Derived(d) => o.serialize_field("href", &Str(d))?,
        }
        o.serialize_field("rel", self.rel)?;
        if let Some(t) = self.media_type {
            o.serialize_field("type", t)?;
        }
        o.end()
    }
}

#[derive(Clone, Copy)]
enum Href<'a> {
    Text(&'a str),
    Derived(DerivedHref<'a>),
}

/// `{base}/v2/{tenant}/{collection}/{id}` (versioned) or `{base}/{tenant}/{collection}/{id}`.
#[derive(Clone, Copy)]
struct DerivedHref<'a> {
    base: &'a str,
    versioned: bool,
    tenant: &'a str,
    collection: &'static str,
    id: Uuid,
}

impl fmt::Display for DerivedHref<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base)?;
        f.write_str(if self.versioned { "/v2/" } else { "/" })?;
        f.write_str(self.tenant)?;
        f.write_str("/")?;
        f.write_str(self.collection)?;
        f.write_str("/")?;
        fmt::Display::fmt(&self.id, f)
    }
}

/// A value written as a JSON string through its `Display` (no buffer of its own).
struct Str<T>(T);

impl<T: fmt::Display> Serialize for Str<T> {
    fn serialize<Z: Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {
        z.collect_str(&self.0)
    }
}
