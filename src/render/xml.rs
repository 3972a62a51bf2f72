//! The two XML styles as programs: nova wire (no whitespace between elements) and pretty
//! (2-space indent). Scalars are attributes of `<image>`; server, metadata and links are
//! children. See `program` for how the pieces join.

use super::program::Val::*;
use super::program::When::{
    Always, Derived, DiskConfig as HasDiskConfig, Explicit, HasType, ListDetail, ListDetailSize,
    Listed, MetaAny, MetaEmpty, NoLinks, RootChildren, RootEmpty, Server as HasServer, Shown,
    ShownSize, SizeExt, SomeLinks, Summary, SummaryNext, ValueEmpty, ValueNotEmpty,
};
use super::program::{Op, Programs, Val, When, jump, program, xml};

const fn x(lit: &'static [u8], val: Val) -> Op {
    xml(lit, val, Always)
}

const fn xw(lit: &'static [u8], val: Val, when: When) -> Op {
    xml(lit, val, when)
}

const PROLOGUE: &[Op] = &[
    x(b"<?xml version='1.0' encoding='UTF-8'?>\n", Lit),
    xw(
        b"<images xmlns:OS-DCF=\"http://docs.openstack.org/compute/ext/disk_config/api/v1.1\"",
        Lit,
        ListDetail,
    ),
    xw(
        b" xmlns:OS-EXT-IMG-SIZE=\"http://docs.openstack.org/compute/ext/image_size/api/v1.1\"",
        Lit,
        ListDetailSize,
    ),
    xw(b"<images", Lit, Summary),
    xw(
        b" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns=\"http://docs.openstack.org/compute/api/v1.1\">",
        Lit,
        RootChildren,
    ),
    xw(
        b" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns=\"http://docs.openstack.org/compute/api/v1.1\"/>",
        Lit,
        RootEmpty,
    ),
];

/// The show document's root: the image itself, with the namespace declarations.
const SHOWN_OPEN: [Op; 3] = [
    xw(
        b"<image xmlns:OS-DCF=\"http://docs.openstack.org/compute/ext/disk_config/api/v1.1\"",
        Lit,
        Shown,
    ),
    xw(
        b" xmlns:OS-EXT-IMG-SIZE=\"http://docs.openstack.org/compute/ext/image_size/api/v1.1\"",
        Lit,
        ShownSize,
    ),
    xw(
        b" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns=\"http://docs.openstack.org/compute/api/v1.1\" status=\"",
        Status,
        Shown,
    ),
];

/// The detailed image's attributes after `status`.
const ATTRIBUTES: [Op; 9] = [
    x(b"\" updated=\"", Updated),
    x(b"\" name=\"", Name),
    x(b"\" created=\"", Created),
    x(b"\" minDisk=\"", MinDisk),
    x(b"\" progress=\"", Progress),
    x(b"\" minRam=\"", MinRam),
    x(b"\" id=\"", Id),
    xw(b"\" OS-EXT-IMG-SIZE:size=\"", Size, SizeExt),
    xw(b"\" OS-DCF:diskConfig=\"", DiskConfig, HasDiskConfig),
];

// ------------------------------------------------------------------------------------- wire

/// Explicit links (`href type rel`), then the image's end tag. The first link, or the end tag
/// when there is none, closes the last metadata entry and the metadata, if a value was written
/// last.
const WIRE_EXPLICIT: [Op; 7] = [
    jump(LinkStart, 6),
    x(b"</meta></metadata><atom:link href=\"", LinkHref),
    xw(b"\" type=\"", LinkType, HasType),
    x(b"\" rel=\"", LinkRel),
    x(b"\"/>", Lit),
    jump(LinkNext, 4),
    xw(b"</meta></metadata></image>", Lit, Explicit),
];

const WIRE_DERIVED: [Op; 4] = [
    xw(b"</meta></metadata><atom:link href=\"", SelfHref, Derived),
    WIRE_DERIVED_REST[0],
    WIRE_DERIVED_REST[1],
    WIRE_DERIVED_REST[2],
];

/// The derived links after the first `href`.
const WIRE_DERIVED_REST: [Op; 3] = [
    xw(
        b"\" rel=\"self\"/><atom:link href=\"",
        BookmarkHref,
        Derived,
    ),
    xw(
        b"\" rel=\"bookmark\"/><atom:link href=\"",
        AlternateHref,
        Derived,
    ),
    xw(
        b"\" type=\"application/vnd.openstack.image\" rel=\"alternate\"/></image>",
        Lit,
        Derived,
    ),
];

const WIRE_DETAIL: &[Op] = program!(
    [xw(b"<image status=\"", Status, Listed)],
    SHOWN_OPEN,
    ATTRIBUTES,
    [
        xw(b"\"><server id=\"", ServerId, HasServer),
        xw(b"\"><atom:link href=\"", ServerSelfHref, HasServer),
        xw(
            b"\" rel=\"self\"/><atom:link href=\"",
            ServerBookmarkHref,
            HasServer,
        ),
        xw(b"\" rel=\"bookmark\"/></server>", Lit, HasServer),
        xw(b"\"><metadata/>", Lit, MetaEmpty),
        xw(b"\"><metadata>", Lit, MetaAny),
        jump(MetaStart, 4),
        x(b"</meta><meta key=\"", MetaKey),
        x(b"\">", MetaValue),
        jump(MetaNext, 2),
    ],
    WIRE_DERIVED,
    WIRE_EXPLICIT,
);

/// The summary's links follow the `id` attribute; an image with none is an empty element.
const WIRE_SUMMARY_EXPLICIT: [Op; 8] = [
    jump(LinkStart, 6),
    x(b"\"><atom:link href=\"", LinkHref),
    xw(b"\" type=\"", LinkType, HasType),
    x(b"\" rel=\"", LinkRel),
    x(b"\"/>", Lit),
    jump(LinkNext, 4),
    xw(b"</image>", Lit, SomeLinks),
    xw(b"\"/>", Lit, NoLinks),
];

const WIRE_SUMMARY: &[Op] = program!(
    [
        x(b"<image name=\"", Name),
        x(b"\" id=\"", Id),
        xw(b"\"><atom:link href=\"", SelfHref, Derived),
    ],
    WIRE_DERIVED_REST,
    WIRE_SUMMARY_EXPLICIT,
);

pub(crate) static WIRE: Programs = Programs {
    prologue: PROLOGUE,
    epilogue: &[
        xw(b"<atom:link href=\"", NextLink, SummaryNext),
        xw(b"\" rel=\"next\"/>", Lit, SummaryNext),
        xw(b"</images>", Lit, RootChildren),
    ],
    summary: WIRE_SUMMARY,
    detail: [WIRE_DETAIL; 4],
    show_shift: 0,
};

// ----------------------------------------------------------------------------------- pretty

/// Explicit links; the image's end tag follows (detail and summary differ when there is none).
const PRETTY_EXPLICIT: [Op; 6] = [
    jump(LinkStart, 6),
    x(b"\">\n    <atom:link href=\"", LinkHref),
    xw(b"\" type=\"", LinkType, HasType),
    x(b"\" rel=\"", LinkRel),
    x(b"\"/>", Lit),
    jump(LinkNext, 4),
];

const PRETTY_DERIVED: [Op; 4] = [
    xw(b"\">\n    <atom:link href=\"", SelfHref, Derived),
    xw(
        b"\" rel=\"self\"/>\n    <atom:link href=\"",
        BookmarkHref,
        Derived,
    ),
    xw(
        b"\" rel=\"bookmark\"/>\n    <atom:link href=\"",
        AlternateHref,
        Derived,
    ),
    xw(
        b"\" type=\"application/vnd.openstack.image\" rel=\"alternate\"/>\n  </image>",
        Lit,
        Derived,
    ),
];

const PRETTY_DETAIL: &[Op] = program!(
    [xw(b"\n  <image status=\"", Status, Listed)],
    SHOWN_OPEN,
    ATTRIBUTES,
    [
        xw(b"\">\n    <server id=\"", ServerId, HasServer),
        xw(b"\">\n      <atom:link href=\"", ServerSelfHref, HasServer),
        xw(
            b"\" rel=\"self\"/>\n      <atom:link href=\"",
            ServerBookmarkHref,
            HasServer,
        ),
        xw(b"\" rel=\"bookmark\"/>\n    </server>", Lit, HasServer),
        xw(b"\">\n    <metadata/>", Lit, MetaEmpty),
        xw(b"\">\n    <metadata>", Lit, MetaAny),
        jump(MetaStart, 6),
        x(b"\n      <meta key=\"", MetaKey),
        xw(b"\">", MetaValue, ValueNotEmpty),
        xw(b"</meta>", Lit, ValueNotEmpty),
        xw(b"\"/>", Lit, ValueEmpty),
        jump(MetaNext, 4),
        xw(b"\n    </metadata>", Lit, MetaAny),
    ],
    PRETTY_DERIVED,
    PRETTY_EXPLICIT,
    [xw(b"\n  </image>", Lit, Explicit)],
);

const PRETTY_SUMMARY: &[Op] = program!(
    [x(b"\n  <image name=\"", Name), x(b"\" id=\"", Id)],
    PRETTY_DERIVED,
    PRETTY_EXPLICIT,
    [
        xw(b"\n  </image>", Lit, SomeLinks),
        xw(b"\"/>", Lit, NoLinks),
    ],
);

pub(crate) static PRETTY: Programs = Programs {
    prologue: PROLOGUE,
    epilogue: &[
        xw(b"\n  <atom:link href=\"", NextLink, SummaryNext),
        xw(b"\" rel=\"next\"/>", Lit, SummaryNext),
        xw(b"\n</images>", Lit, RootChildren),
    ],
    summary: PRETTY_SUMMARY,
    detail: [PRETTY_DETAIL; 4],
    show_shift: 2,
};
