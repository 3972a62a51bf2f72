//! What each document holds, written once from SPEC.md: every key, the kind of its value, when
//! it is present, whether it may be null; nova's key orders and the XML attribute order as data.
//! Each style is compiled from this description (`plan`); nothing here is style-specific.

/// Facts a part of a document depends on, one bit each, so that a step's condition is one `and`.
pub(crate) type Facts = u32;

/// The facts: of the document, of the image being written, of the entry (metadata entry or
/// explicit link) being written.
pub(crate) mod fact {
    use super::Facts;
    /// A list document (detail or summary).
    pub(crate) const LISTED: Facts = 1 << 0;
    /// The show document.
    pub(crate) const SHOWN: Facts = 1 << 1;
    /// The detail list or the show document (the detailed image).
    pub(crate) const DETAIL: Facts = 1 << 2;
    /// The summary list.
    pub(crate) const SUMMARY: Facts = 1 << 3;
    /// The image-size extension is on.
    pub(crate) const SIZE_EXT: Facts = 1 << 4;
    /// The list has a next link.
    pub(crate) const NEXT: Facts = 1 << 5;
    /// The list has at least one image.
    pub(crate) const ITEMS: Facts = 1 << 6;
    /// The XML root element of a list has children (an image, or the summary's next link).
    pub(crate) const ROOT_CHILDREN: Facts = 1 << 7;
    /// The XML root element of a list is empty.
    pub(crate) const ROOT_EMPTY: Facts = 1 << 8;
    /// The image is the first of its list (or the show document's).
    pub(crate) const FIRST_ITEM: Facts = 1 << 9;
    /// The image has a disk config.
    pub(crate) const DISK_CONFIG: Facts = 1 << 10;
    /// The image is a snapshot.
    pub(crate) const SERVER: Facts = 1 << 11;
    /// The image's links are the three derived ones.
    pub(crate) const DERIVED: Facts = 1 << 12;
    /// The image's links are explicit (possibly none).
    pub(crate) const EXPLICIT: Facts = 1 << 13;
    /// The entry is the first of its container.
    pub(crate) const FIRST_ENTRY: Facts = 1 << 14;
    /// The explicit link has a media type.
    pub(crate) const HAS_TYPE: Facts = 1 << 15;
    /// Facts that change from one entry to the next.
    pub(crate) const ENTRY: Facts = FIRST_ENTRY | HAS_TYPE;
}
use fact::*;

use crate::source::{Reads, reads};

/// The five links an image's values build from the list's endpoints:
/// `{base}{mid}{tenant}{collection}{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Href {
    /// `{compute}/v2/{tenant}/images/{id}`
    ImageSelf,
    /// `{compute}/{tenant}/images/{id}`
    ImageBookmark,
    /// `{image_service}/{tenant}/images/{id}`
    ImageAlternate,
    /// `{compute}/v2/{tenant}/servers/{server}`
    ServerSelf,
    /// `{compute}/{tenant}/servers/{server}`
    ServerBookmark,
}

/// The endpoint a derived link starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Compute,
    ImageService,
}

impl Href {
    /// `(base, mid, collection)`: the link is `{base}{mid}{tenant}{collection}{id}`. Each part
    /// by a test of its own, not one match: where the link is not a constant (the walker), a
    /// choice between two values each rather than five-entry tables.
    #[inline(always)]
    pub(crate) const fn parts(self) -> (Base, &'static str, &'static str) {
        let base = match self {
            Href::ImageAlternate => Base::ImageService,
            _ => Base::Compute,
        };
        let mid = match self {
            Href::ImageSelf | Href::ServerSelf => "/v2/",
            _ => "/",
        };
        let collection = if self.is_server() {
            "/servers/"
        } else {
            "/images/"
        };
        (base, mid, collection)
    }

    /// Whether the link ends with the server's id (else the image's).
    pub(crate) const fn is_server(self) -> bool {
        matches!(self, Href::ServerSelf | Href::ServerBookmark)
    }
}

/// A value a document writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    Id,
    /// Nullable.
    Name,
    Status,
    Progress,
    MinDisk,
    MinRam,
    /// Nullable.
    Created,
    /// Nullable.
    Updated,
    DiskConfig,
    /// Nullable.
    Size,
    ServerId,
    Href(Href),
    /// The explicit link being written.
    LinkHref,
    LinkRel,
    LinkType,
    /// The metadata entry being written; the value is nullable.
    MetaKey,
    MetaVal,
    /// The list's next link.
    NextLink,
}

impl Value {
    /// A value the small build formats as it writes it: an id, a number, a date.
    #[cfg(feature = "small")]
    pub(crate) const fn is_formatted(self) -> bool {
        matches!(
            self,
            Value::Id
                | Value::ServerId
                | Value::Href(_)
                | Value::Progress
                | Value::MinDisk
                | Value::MinRam
                | Value::Size
                | Value::Created
                | Value::Updated
        )
    }

    /// Whose id the value writes, alone or at the end of a link: `Some(true)` the server's,
    /// `Some(false)` the image's, `None` no id.
    pub(crate) const fn id_of_server(self) -> Option<bool> {
        match self {
            Value::Id => Some(false),
            Value::ServerId => Some(true),
            Value::Href(h) => Some(h.is_server()),
            _ => None,
        }
    }

    /// An id, written from the renderer's one id buffer.
    pub(crate) const fn is_id(self) -> bool {
        matches!(self, Value::Id | Value::ServerId)
    }

    /// Written without quotes in JSON.
    pub(crate) const fn is_number(self) -> bool {
        matches!(
            self,
            Value::Progress | Value::MinDisk | Value::MinRam | Value::Size
        )
    }
}

/// What a key holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node {
    Scalar(Value),
    /// The same string for every image: part of the style's literals.
    Const(&'static str),
    Object(&'static Object),
    /// An array of link objects (XML: `atom:link` children, no wrapper).
    Links(&'static Links),
    /// The image's metadata: a JSON object in the caller's order; XML `<metadata>` holding one
    /// `<meta key="K">V</meta>` per entry.
    Metadata,
}

/// A key of an object, and when it is present (all of `when`'s facts hold; 0: always).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member {
    pub(crate) key: &'static str,
    pub(crate) node: Node,
    pub(crate) when: Facts,
}

const fn m(key: &'static str, value: Value) -> Member {
    Member {
        key,
        node: Node::Scalar(value),
        when: 0,
    }
}

const fn c(key: &'static str, value: &'static str) -> Member {
    Member {
        key,
        node: Node::Const(value),
        when: 0,
    }
}

const fn when(key: &'static str, node: Node, when: Facts) -> Member {
    Member { key, node, when }
}

/// An object: its members, and the orders the styles write them in. Compact and pretty JSON
/// sort the keys by code point (done by `plan`), so no order is given for them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Object {
    pub(crate) members: &'static [Member],
    /// nova's key order for each layout (see [`Layout`]); one entry if it has only one.
    pub(crate) nova: &'static [&'static [&'static str]],
    /// The XML element, its attributes in order, then its child elements in order.
    pub(crate) xml: &'static str,
    pub(crate) attributes: &'static [&'static str],
    pub(crate) children: &'static [&'static str],
}

/// A list of links: some fixed ones built from the endpoints (present when `fixed_when`
/// holds), or the image's explicit ones (when `explicit_when` holds).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Links {
    pub(crate) fixed: &'static [Object],
    pub(crate) fixed_when: Facts,
    pub(crate) explicit: Option<(Object, Facts)>,
}

/// The media type of an image's alternate link.
const IMAGE_TYPE: &str = "application/vnd.openstack.image";

/// A link object: nova and XML write `href type rel`.
const fn link(members: &'static [Member]) -> Object {
    Object {
        members,
        nova: &[&["href", "type", "rel"]],
        xml: "atom:link",
        attributes: &["href", "type", "rel"],
        children: &[],
    }
}

/// An image's links: the three derived ones, or its explicit ones.
const IMAGE_LINKS: Links = Links {
    fixed: &[
        link(&[m("href", Value::Href(Href::ImageSelf)), c("rel", "self")]),
        link(&[
            m("href", Value::Href(Href::ImageBookmark)),
            c("rel", "bookmark"),
        ]),
        link(&[
            m("href", Value::Href(Href::ImageAlternate)),
            c("rel", "alternate"),
            c("type", IMAGE_TYPE),
        ]),
    ],
    fixed_when: DERIVED,
    explicit: Some((
        link(&[
            m("href", Value::LinkHref),
            m("rel", Value::LinkRel),
            when("type", Node::Scalar(Value::LinkType), HAS_TYPE),
        ]),
        EXPLICIT,
    )),
};

/// A snapshot's server: its id and two links.
const SERVER_OBJECT: Object = Object {
    members: &[
        m("id", Value::ServerId),
        when(
            "links",
            Node::Links(&Links {
                fixed: &[
                    link(&[m("href", Value::Href(Href::ServerSelf)), c("rel", "self")]),
                    link(&[
                        m("href", Value::Href(Href::ServerBookmark)),
                        c("rel", "bookmark"),
                    ]),
                ],
                fixed_when: 0,
                explicit: None,
            }),
            0,
        ),
    ],
    nova: &[&["id", "links"]],
    xml: "server",
    attributes: &["id"],
    children: &["links"],
};

/// Which of nova's key orders a detailed image is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Layout {
    Plain = 0,
    DiskConfig = 1,
    Size = 2,
    Server = 3,
}

impl Layout {
    /// The layout of an image: nova chose its order by what the image has. A member a layout
    /// does not list is never present in it.
    #[inline]
    pub(crate) const fn of(facts: Facts) -> Layout {
        if facts & SERVER != 0 {
            Layout::Server
        } else if facts & SIZE_EXT != 0 {
            Layout::Size
        } else if facts & DISK_CONFIG != 0 {
            Layout::DiskConfig
        } else {
            Layout::Plain
        }
    }
}

/// A detailed image (detail list and show).
pub(crate) const IMAGE: Object = Object {
    members: &[
        when(
            "OS-DCF:diskConfig",
            Node::Scalar(Value::DiskConfig),
            DISK_CONFIG,
        ),
        when("OS-EXT-IMG-SIZE:size", Node::Scalar(Value::Size), SIZE_EXT),
        m("created", Value::Created),
        m("id", Value::Id),
        when("links", Node::Links(&IMAGE_LINKS), 0),
        when("metadata", Node::Metadata, 0),
        m("minDisk", Value::MinDisk),
        m("minRam", Value::MinRam),
        m("name", Value::Name),
        m("progress", Value::Progress),
        when("server", Node::Object(&SERVER_OBJECT), SERVER),
        m("status", Value::Status),
        m("updated", Value::Updated),
    ],
    // SPEC.md, "nova wire", one order per `Layout`; members in brackets there are optional.
    nova: &[
        &[
            "status", "updated", "name", "links", "created", "progress", "minRam", "minDisk", "id",
            "metadata",
        ],
        &[
            "status",
            "updated",
            "links",
            "minDisk",
            "id",
            "name",
            "created",
            "OS-DCF:diskConfig",
            "progress",
            "minRam",
            "metadata",
        ],
        &[
            "status",
            "updated",
            "links",
            "OS-DCF:diskConfig",
            "id",
            "OS-EXT-IMG-SIZE:size",
            "name",
            "created",
            "minDisk",
            "progress",
            "minRam",
            "metadata",
        ],
        &[
            "status",
            "updated",
            "links",
            "OS-DCF:diskConfig",
            "id",
            "OS-EXT-IMG-SIZE:size",
            "name",
            "created",
            "minDisk",
            "server",
            "progress",
            "minRam",
            "metadata",
        ],
    ],
    xml: "image",
    attributes: &[
        "status",
        "updated",
        "name",
        "created",
        "minDisk",
        "progress",
        "minRam",
        "id",
        "OS-EXT-IMG-SIZE:size",
        "OS-DCF:diskConfig",
    ],
    children: &["server", "metadata", "links"],
};

/// An image of the summary list.
pub(crate) const SUMMARY_IMAGE: Object = Object {
    members: &[
        m("id", Value::Id),
        when("links", Node::Links(&IMAGE_LINKS), 0),
        m("name", Value::Name),
    ],
    nova: &[&["id", "links", "name"]],
    xml: "image",
    attributes: &["name", "id"],
    children: &["links"],
};

/// What of an image `object` writes beyond its id, name and links (see [`Reads`]): the groups
/// of the values its members (and theirs) hold.
const fn reads_of(object: &Object) -> Reads {
    let mut r = 0;
    let mut i = 0;
    while i < object.members.len() {
        r |= match object.members[i].node {
            Node::Scalar(v) => value_reads(v),
            Node::Const(_) => 0,
            Node::Object(o) => reads_of(o),
            Node::Links(l) => {
                let mut r = match l.explicit {
                    Some((o, _)) => reads_of(&o),
                    None => 0,
                };
                let mut k = 0;
                while k < l.fixed.len() {
                    r |= reads_of(&l.fixed[k]);
                    k += 1;
                }
                r
            }
            Node::Metadata => reads::METADATA,
        };
        i += 1;
    }
    r
}

/// The group of [`Reads`] value `v` is in (0: the id, name, links and list values, always read).
const fn value_reads(v: Value) -> Reads {
    match v {
        Value::Status
        | Value::Progress
        | Value::MinDisk
        | Value::MinRam
        | Value::DiskConfig
        | Value::Size => reads::SCALARS,
        Value::Created | Value::Updated => reads::DATES,
        Value::ServerId | Value::Href(Href::ServerSelf | Href::ServerBookmark) => reads::SERVER,
        Value::MetaKey | Value::MetaVal => reads::METADATA,
        Value::Id
        | Value::Name
        | Value::Href(_)
        | Value::LinkHref
        | Value::LinkRel
        | Value::LinkType
        | Value::NextLink => 0,
    }
}

/// What a detailed image and a summary list's image read of an image.
pub(crate) const DETAIL_READS: Reads = reads_of(&IMAGE);
pub(crate) const SUMMARY_READS: Reads = reads_of(&SUMMARY_IMAGE);

/// The `images_links` of a list: its next link.
pub(crate) const NEXT_LINKS: Links = Links {
    fixed: &[link(&[m("href", Value::NextLink), c("rel", "next")])],
    fixed_when: 0,
    explicit: None,
};

/// The keys of a list document: `images` (the images, written by the walk between the
/// prologue and the epilogue), then `images_links` when the list has a next link.
pub(crate) const LIST_KEYS: (&str, &str) = ("images", "images_links");

/// The key of the show document.
pub(crate) const SHOW_KEY: &str = "image";

/// The XML declaration every XML document starts with.
pub(crate) const XML_DECLARATION: &str = "<?xml version='1.0' encoding='UTF-8'?>\n";

/// The XML list's root element.
pub(crate) const XML_LIST_ROOT: &str = "images";

/// Namespace declarations, in order, on the XML root (list or show), each when its facts hold.
pub(crate) const NAMESPACES: [(&str, &str, Facts); 4] = [
    (
        "xmlns:OS-DCF",
        "http://docs.openstack.org/compute/ext/disk_config/api/v1.1",
        DETAIL,
    ),
    (
        "xmlns:OS-EXT-IMG-SIZE",
        "http://docs.openstack.org/compute/ext/image_size/api/v1.1",
        DETAIL | SIZE_EXT,
    ),
    ("xmlns:atom", "http://www.w3.org/2005/Atom", 0),
    ("xmlns", "http://docs.openstack.org/compute/api/v1.1", 0),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detailed_image_reads_everything_and_a_summary_nothing_more_than_its_id_name_links() {
        assert_eq!(DETAIL_READS, reads::ALL);
        assert_eq!(SUMMARY_READS, 0);
        assert_eq!(reads_of(&SERVER_OBJECT), reads::SERVER);
    }
}
