//! What a user would write instead of osimages: `#[derive(Serialize)]` mirror structs holding the
//! same content in the same key order (serialized by serde_json or serde-json-core), and
//! quick-xml's writer fed the same values. Everything here is built once, outside the timing loop.

use std::borrow::Cow;
use std::io;

use osimages::{DiskConfig, Endpoints, ImageRef};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use serde::{Serialize, Serializer};

/// A link in code-point key order (`href`, `rel`, `type`).
#[derive(Serialize)]
pub struct Link {
    href: String,
    rel: &'static str,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    media_type: Option<&'static str>,
}

/// A link in nova's key order (`href`, `type`, `rel`).
#[derive(Serialize)]
pub struct NovaLink {
    href: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    media_type: Option<&'static str>,
    rel: &'static str,
}

/// Metadata as an object in the given order.
pub struct Metadata(Vec<(&'static str, Option<&'static str>)>);

impl Serialize for Metadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A detailed image, keys in code-point order (compact and pretty JSON).
#[derive(Serialize)]
pub struct Image {
    #[serde(rename = "OS-DCF:diskConfig", skip_serializing_if = "Option::is_none")]
    disk_config: Option<&'static str>,
    created: Option<String>,
    id: String,
    links: Vec<Link>,
    metadata: Metadata,
    #[serde(rename = "minDisk")]
    min_disk: u64,
    #[serde(rename = "minRam")]
    min_ram: u64,
    name: Option<&'static str>,
    progress: u8,
    status: &'static str,
    updated: Option<String>,
}

/// Nova's key order without disk config.
#[derive(Serialize)]
pub struct NovaBase {
    status: &'static str,
    updated: Option<String>,
    name: Option<&'static str>,
    links: Vec<NovaLink>,
    created: Option<String>,
    progress: u8,
    #[serde(rename = "minRam")]
    min_ram: u64,
    #[serde(rename = "minDisk")]
    min_disk: u64,
    id: String,
    metadata: Metadata,
}

/// Nova's key order with disk config.
#[derive(Serialize)]
pub struct NovaDiskConfig {
    status: &'static str,
    updated: Option<String>,
    links: Vec<NovaLink>,
    #[serde(rename = "minDisk")]
    min_disk: u64,
    id: String,
    name: Option<&'static str>,
    created: Option<String>,
    #[serde(rename = "OS-DCF:diskConfig")]
    disk_config: &'static str,
    progress: u8,
    #[serde(rename = "minRam")]
    min_ram: u64,
    metadata: Metadata,
}

/// A nova wire image: the key order depends on which optional keys it has.
#[derive(Serialize)]
#[serde(untagged)]
pub enum NovaImage {
    Base(NovaBase),
    DiskConfig(NovaDiskConfig),
}

/// A summary item (`id`, `links`, `name`: code-point order and nova's order alike).
#[derive(Serialize)]
pub struct Summary<L> {
    id: String,
    links: Vec<L>,
    name: Option<&'static str>,
}

/// `{"images": [...]}`
#[derive(Serialize)]
pub struct Images<T> {
    images: Vec<T>,
}

/// Every mirror document of one data set.
pub struct Mirror {
    pub detail: Images<Image>,
    /// The detail list with each image's metadata sorted by key (pretty JSON sorts every object).
    pub detail_sorted: Images<Image>,
    pub detail_nova: Images<NovaImage>,
    pub summary: Images<Summary<Link>>,
    pub summary_nova: Images<Summary<NovaLink>>,
}

fn links(e: &Endpoints<'_>, id: &str) -> [(String, &'static str, Option<&'static str>); 3] {
    [
        (
            format!("{}/v2/{}/images/{id}", e.compute, e.tenant),
            "self",
            None,
        ),
        (
            format!("{}/{}/images/{id}", e.compute, e.tenant),
            "bookmark",
            None,
        ),
        (
            format!("{}/{}/images/{id}", e.image_service, e.tenant),
            "alternate",
            Some("application/vnd.openstack.image"),
        ),
    ]
}

fn sorted_links(e: &Endpoints<'_>, id: &str) -> Vec<Link> {
    links(e, id)
        .into_iter()
        .map(|(href, rel, media_type)| Link {
            href,
            rel,
            media_type,
        })
        .collect()
}

fn nova_links(e: &Endpoints<'_>, id: &str) -> Vec<NovaLink> {
    links(e, id)
        .into_iter()
        .map(|(href, rel, media_type)| NovaLink {
            href,
            media_type,
            rel,
        })
        .collect()
}

fn image(e: &Endpoints<'_>, img: &ImageRef<'static>, sort_metadata: bool) -> Image {
    assert!(
        img.server.is_none() && img.size.is_none() && matches!(img.links, osimages::Links::Derived),
        "the mirrors cover the shapes the data sets use"
    );
    let id = img.id.to_string();
    let mut metadata = img.metadata.to_vec();
    if sort_metadata {
        metadata.sort_by_key(|(k, _)| *k);
    }
    Image {
        disk_config: img.disk_config.map(DiskConfig::as_str),
        created: img.created.map(|t| t.to_string()),
        links: sorted_links(e, &id),
        metadata: Metadata(metadata),
        min_disk: img.min_disk,
        min_ram: img.min_ram,
        name: img.name,
        progress: img.progress,
        status: img.status.as_str(),
        updated: img.updated.map(|t| t.to_string()),
        id,
    }
}

fn nova_image(e: &Endpoints<'_>, img: &ImageRef<'static>) -> NovaImage {
    let id = img.id.to_string();
    let (status, updated, name, created) = (
        img.status.as_str(),
        img.updated.map(|t| t.to_string()),
        img.name,
        img.created.map(|t| t.to_string()),
    );
    let metadata = Metadata(img.metadata.to_vec());
    match img.disk_config {
        None => NovaImage::Base(NovaBase {
            status,
            updated,
            name,
            links: nova_links(e, &id),
            created,
            progress: img.progress,
            min_ram: img.min_ram,
            min_disk: img.min_disk,
            id,
            metadata,
        }),
        Some(dc) => NovaImage::DiskConfig(NovaDiskConfig {
            status,
            updated,
            links: nova_links(e, &id),
            min_disk: img.min_disk,
            name,
            created,
            disk_config: dc.as_str(),
            progress: img.progress,
            min_ram: img.min_ram,
            metadata,
            id,
        }),
    }
}

impl Mirror {
    pub fn new(e: &Endpoints<'_>, images: &[ImageRef<'static>]) -> Mirror {
        let summary = |img: &ImageRef<'static>| {
            let id = img.id.to_string();
            Summary {
                links: sorted_links(e, &id),
                name: img.name,
                id,
            }
        };
        Mirror {
            detail: Images {
                images: images.iter().map(|i| image(e, i, false)).collect(),
            },
            detail_sorted: Images {
                images: images.iter().map(|i| image(e, i, true)).collect(),
            },
            detail_nova: Images {
                images: images.iter().map(|i| nova_image(e, i)).collect(),
            },
            summary: Images {
                images: images.iter().map(summary).collect(),
            },
            summary_nova: Images {
                images: images
                    .iter()
                    .map(|img| {
                        let id = img.id.to_string();
                        Summary {
                            links: nova_links(e, &id),
                            name: img.name,
                            id,
                        }
                    })
                    .collect(),
            },
        }
    }
}

/// serde_json's formatter for Python 2's `json.dumps` defaults: `", "` and `": "`.
pub struct NovaFormatter;

impl serde_json::ser::Formatter for NovaFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// Which serde_json formatter a JSON style needs.
#[derive(Clone, Copy)]
pub enum JsonStyle {
    Compact,
    Pretty,
    Nova,
}

/// Serializes `doc` with serde_json into `out` in `style`.
pub fn serde_json_write<T: Serialize, W: io::Write>(out: W, doc: &T, style: JsonStyle) {
    let r = match style {
        JsonStyle::Compact => doc.serialize(&mut serde_json::Serializer::new(out)),
        JsonStyle::Pretty => doc.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            serde_json::ser::PrettyFormatter::with_indent(b"    "),
        )),
        JsonStyle::Nova => doc.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            NovaFormatter,
        )),
    };
    r.expect("serde_json: the buffer holds the document");
}

/// `s` escaped as nova escapes an attribute value: `& < > "` and TAB, LF, CR as references
/// (quick-xml's own escaping writes `'` as `&apos;` and leaves TAB, LF, CR raw, which an XML
/// parser would normalize to spaces).
fn attr(s: &str) -> Cow<'_, str> {
    escape(s, |b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\t' | b'\n' | b'\r')
    })
}

/// `s` escaped as nova escapes text: `& < >` and CR.
fn text(s: &str) -> Cow<'_, str> {
    escape(s, |b| matches!(b, b'&' | b'<' | b'>' | b'\r'))
}

fn escape(s: &str, special: impl Fn(u8) -> bool) -> Cow<'_, str> {
    if !s.bytes().any(&special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if special(b'"') => out.push_str("&quot;"),
            '\t' if special(b'\t') => out.push_str("&#9;"),
            '\n' if special(b'\n') => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

const DECLARATION: &[u8] = b"<?xml version='1.0' encoding='UTF-8'?>\n";
const NS_DISK_CONFIG: (&str, &str) = (
    "xmlns:OS-DCF",
    "http://docs.openstack.org/compute/ext/disk_config/api/v1.1",
);
const NS_ATOM: (&str, &str) = ("xmlns:atom", "http://www.w3.org/2005/Atom");
const NS_DEFAULT: (&str, &str) = ("xmlns", "http://docs.openstack.org/compute/api/v1.1");

fn raw<'a>(key: &'a str, value: &'a str) -> (&'a [u8], &'a [u8]) {
    (key.as_bytes(), value.as_bytes())
}

type XmlOut<'a> = Writer<&'a mut Vec<u8>>;

fn xml_writer(out: &mut Vec<u8>, pretty: bool) -> XmlOut<'_> {
    out.clear();
    out.extend_from_slice(DECLARATION);
    if pretty {
        Writer::new_with_indent(out, b' ', 2)
    } else {
        Writer::new(out)
    }
}

fn xml_links(w: &mut XmlOut<'_>, links: &[Link]) -> io::Result<()> {
    for l in links {
        let mut e = BytesStart::new("atom:link");
        e.push_attribute(raw("href", &attr(&l.href)));
        if let Some(t) = l.media_type {
            e.push_attribute(raw("type", &attr(t)));
        }
        e.push_attribute(raw("rel", &attr(l.rel)));
        w.write_event(Event::Empty(e))?;
    }
    Ok(())
}

/// The detail list as nova's XML, written with quick-xml (wire, or `pretty` with its indenter).
pub fn quick_xml_detail(out: &mut Vec<u8>, doc: &Images<Image>, pretty: bool) -> io::Result<()> {
    let mut w = xml_writer(out, pretty);
    let mut root = BytesStart::new("images");
    for (k, v) in [NS_DISK_CONFIG, NS_ATOM, NS_DEFAULT] {
        root.push_attribute(raw(k, v));
    }
    if doc.images.is_empty() {
        return w.write_event(Event::Empty(root));
    }
    w.write_event(Event::Start(root))?;
    let mut num = itoa::Buffer::new();
    for img in &doc.images {
        let mut e = BytesStart::new("image");
        e.push_attribute(raw("status", img.status));
        e.push_attribute(raw("updated", img.updated.as_deref().unwrap_or("None")));
        e.push_attribute(raw("name", &attr(img.name.unwrap_or("None"))));
        e.push_attribute(raw("created", img.created.as_deref().unwrap_or("None")));
        e.push_attribute(raw("minDisk", num.format(img.min_disk)));
        e.push_attribute(raw("progress", num.format(img.progress)));
        e.push_attribute(raw("minRam", num.format(img.min_ram)));
        e.push_attribute(raw("id", &img.id));
        if let Some(dc) = img.disk_config {
            e.push_attribute(raw("OS-DCF:diskConfig", dc));
        }
        w.write_event(Event::Start(e))?;
        if img.metadata.0.is_empty() {
            w.write_event(Event::Empty(BytesStart::new("metadata")))?;
        } else {
            w.write_event(Event::Start(BytesStart::new("metadata")))?;
            for (k, v) in &img.metadata.0 {
                let mut m = BytesStart::new("meta");
                m.push_attribute(raw("key", &attr(k)));
                match v {
                    Some("") if pretty => w.write_event(Event::Empty(m))?,
                    Some("") => {
                        w.write_event(Event::Start(m))?;
                        w.write_event(Event::End(BytesEnd::new("meta")))?;
                    }
                    _ => {
                        w.write_event(Event::Start(m))?;
                        let t = text(v.unwrap_or("None"));
                        w.write_event(Event::Text(BytesText::from_escaped(t)))?;
                        w.write_event(Event::End(BytesEnd::new("meta")))?;
                    }
                }
            }
            w.write_event(Event::End(BytesEnd::new("metadata")))?;
        }
        xml_links(&mut w, &img.links)?;
        w.write_event(Event::End(BytesEnd::new("image")))?;
    }
    w.write_event(Event::End(BytesEnd::new("images")))
}

/// The summary list as nova's XML, written with quick-xml.
pub fn quick_xml_summary(
    out: &mut Vec<u8>,
    doc: &Images<Summary<Link>>,
    pretty: bool,
) -> io::Result<()> {
    let mut w = xml_writer(out, pretty);
    let mut root = BytesStart::new("images");
    for (k, v) in [NS_ATOM, NS_DEFAULT] {
        root.push_attribute(raw(k, v));
    }
    if doc.images.is_empty() {
        return w.write_event(Event::Empty(root));
    }
    w.write_event(Event::Start(root))?;
    for img in &doc.images {
        let mut e = BytesStart::new("image");
        e.push_attribute(raw("name", &attr(img.name.unwrap_or("None"))));
        e.push_attribute(raw("id", &img.id));
        w.write_event(Event::Start(e))?;
        xml_links(&mut w, &img.links)?;
        w.write_event(Event::End(BytesEnd::new("image")))?;
    }
    w.write_event(Event::End(BytesEnd::new("images")))
}
