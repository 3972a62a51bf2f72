//! The three JSON styles as programs: compact (keys in code-point order), pretty (Python's
//! `indent=4, sort_keys=True`) and nova wire (Python 2 defaults, nova's key order for each
//! combination of optional keys). See `program` for how the pieces join.

use super::program::Val::*;
use super::program::When::{
    Always, Derived, DiskConfig as HasDiskConfig, Explicit, HasType, Listed, NextLink as HasNext,
    Server as HasServer, Shown, SizeExt,
};
use super::program::{Op, Programs, Val, When, json, jump, program};

const fn j(lit: &'static [u8], val: Val) -> Op {
    json(lit, val, Always)
}

const fn jw(lit: &'static [u8], val: Val, when: When) -> Op {
    json(lit, val, when)
}

// ---------------------------------------------------------------------------------- compact

const COMPACT_DETAIL: &[Op] = &[
    jw(b"\",{", Lit, Listed),
    jw(b"{", Lit, Shown),
    jw(b"\",\"OS-DCF:diskConfig\":\"", DiskConfig, HasDiskConfig),
    jw(b"\",\"OS-EXT-IMG-SIZE:size\":", Size, SizeExt),
    j(b"\",\"created\":\"", Created),
    j(b"\",\"id\":\"", Id),
    jw(b"\",\"links\":[{\"href\":\"", SelfHref, Derived),
    jw(b"\",\"rel\":\"self\"},{\"href\":\"", BookmarkHref, Derived),
    jw(
        b"\",\"rel\":\"bookmark\"},{\"href\":\"",
        AlternateHref,
        Derived,
    ),
    jw(
        b"\",\"rel\":\"alternate\",\"type\":\"application/vnd.openstack.image\"}],\"metadata\":{",
        Lit,
        Derived,
    ),
    jw(b"\",\"links\":[", Lit, Explicit),
    jump(LinkStart, 6),
    j(b"\",{\"href\":\"", LinkHref),
    j(b"\",\"rel\":\"", LinkRel),
    jw(b"\",\"type\":\"", LinkType, HasType),
    j(b"\"}", Lit),
    jump(LinkNext, 4),
    jw(b"\"],\"metadata\":{", Lit, Explicit),
    jump(MetaStart, 4),
    j(b"\",\"", MetaKey),
    j(b"\":\"", MetaValue),
    jump(MetaNext, 2),
    j(b"\"},\"minDisk\":", MinDisk),
    j(b",\"minRam\":", MinRam),
    j(b",\"name\":\"", Name),
    j(b"\",\"progress\":", Progress),
    jw(b",\"server\":{\"id\":\"", ServerId, HasServer),
    jw(b"\",\"links\":[{\"href\":\"", ServerSelfHref, HasServer),
    jw(
        b"\",\"rel\":\"self\"},{\"href\":\"",
        ServerBookmarkHref,
        HasServer,
    ),
    jw(b"\",\"rel\":\"bookmark\"}]}", Lit, HasServer),
    j(b",\"status\":\"", Status),
    j(b"\",\"updated\":\"", Updated),
    j(b"\"}", Lit),
];

const COMPACT_SUMMARY: &[Op] = &[
    j(b"\",{", Lit),
    j(b"\",\"id\":\"", Id),
    jw(b"\",\"links\":[{\"href\":\"", SelfHref, Derived),
    jw(b"\",\"rel\":\"self\"},{\"href\":\"", BookmarkHref, Derived),
    jw(
        b"\",\"rel\":\"bookmark\"},{\"href\":\"",
        AlternateHref,
        Derived,
    ),
    jw(
        b"\",\"rel\":\"alternate\",\"type\":\"application/vnd.openstack.image\"}],\"name\":\"",
        Name,
        Derived,
    ),
    jw(b"\",\"links\":[", Lit, Explicit),
    jump(LinkStart, 6),
    j(b"\",{\"href\":\"", LinkHref),
    j(b"\",\"rel\":\"", LinkRel),
    jw(b"\",\"type\":\"", LinkType, HasType),
    j(b"\"}", Lit),
    jump(LinkNext, 4),
    jw(b"\"],\"name\":\"", Name, Explicit),
    j(b"\"}", Lit),
];

pub(crate) static COMPACT: Programs = Programs {
    prologue: &[
        jw(b"{\"images\":[", Lit, Listed),
        jw(b"{\"image\":", Lit, Shown),
    ],
    epilogue: &[
        jw(b"\"]", Lit, Listed),
        jw(b"\",\"images_links\":[{\"href\":\"", NextLink, HasNext),
        jw(b"\",\"rel\":\"next\"}]", Lit, HasNext),
        j(b"\"}", Lit),
    ],
    summary: COMPACT_SUMMARY,
    detail: [COMPACT_DETAIL; 4],
    show_shift: 0,
};

// ----------------------------------------------------------------------------------- pretty

const PRETTY_DETAIL: &[Op] = &[
    jw(b"\",\n        {", Lit, Listed),
    jw(b"{", Lit, Shown),
    jw(b"\",\n            \"OS-DCF:diskConfig\": \"", DiskConfig, HasDiskConfig),
    jw(b"\",\n            \"OS-EXT-IMG-SIZE:size\": ", Size, SizeExt),
    j(b"\",\n            \"created\": \"", Created),
    j(b"\",\n            \"id\": \"", Id),
    jw(
        b"\",\n            \"links\": [\n                {\n                    \"href\": \"",
        SelfHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"self\"\n                },\n                {\n                    \"href\": \"",
        BookmarkHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"bookmark\"\n                },\n                {\n                    \"href\": \"",
        AlternateHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"alternate\",\n                    \"type\": \"application/vnd.openstack.image\"\n                }\n            ],\n            \"metadata\": {",
        Lit,
        Derived,
    ),
    jw(b"\",\n            \"links\": [", Lit, Explicit),
    jump(LinkStart, 6),
    j(b"\",\n                {\n                    \"href\": \"", LinkHref),
    j(b"\",\n                    \"rel\": \"", LinkRel),
    jw(b"\",\n                    \"type\": \"", LinkType, HasType),
    j(b"\"\n                }", Lit),
    jump(LinkNext, 4),
    jw(
        b"\"\n            ],\n            \"metadata\": {",
        Lit,
        Explicit,
    ),
    jump(MetaStart, 4),
    j(b"\",\n                \"", MetaKey),
    j(b"\": \"", MetaValue),
    jump(MetaNext, 2),
    j(b"\"\n            },\n            \"minDisk\": ", MinDisk),
    j(b",\n            \"minRam\": ", MinRam),
    j(b",\n            \"name\": \"", Name),
    j(b"\",\n            \"progress\": ", Progress),
    jw(
        b",\n            \"server\": {\n                \"id\": \"",
        ServerId,
        HasServer,
    ),
    jw(
        b"\",\n                \"links\": [\n                    {\n                        \"href\": \"",
        ServerSelfHref,
        HasServer,
    ),
    jw(
        b"\",\n                        \"rel\": \"self\"\n                    },\n                    {\n                        \"href\": \"",
        ServerBookmarkHref,
        HasServer,
    ),
    jw(
        b"\",\n                        \"rel\": \"bookmark\"\n                    }\n                ]\n            }",
        Lit,
        HasServer,
    ),
    j(b",\n            \"status\": \"", Status),
    j(b"\",\n            \"updated\": \"", Updated),
    j(b"\"\n        }", Lit),
];

const PRETTY_SUMMARY: &[Op] = &[
    j(b"\",\n        {", Lit),
    j(b"\",\n            \"id\": \"", Id),
    jw(
        b"\",\n            \"links\": [\n                {\n                    \"href\": \"",
        SelfHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"self\"\n                },\n                {\n                    \"href\": \"",
        BookmarkHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"bookmark\"\n                },\n                {\n                    \"href\": \"",
        AlternateHref,
        Derived,
    ),
    jw(
        b"\",\n                    \"rel\": \"alternate\",\n                    \"type\": \"application/vnd.openstack.image\"\n                }\n            ],\n            \"name\": \"",
        Name,
        Derived,
    ),
    jw(b"\",\n            \"links\": [", Lit, Explicit),
    jump(LinkStart, 6),
    j(b"\",\n                {\n                    \"href\": \"", LinkHref),
    j(b"\",\n                    \"rel\": \"", LinkRel),
    jw(b"\",\n                    \"type\": \"", LinkType, HasType),
    j(b"\"\n                }", Lit),
    jump(LinkNext, 4),
    jw(b"\"\n            ],\n            \"name\": \"", Name, Explicit),
    j(b"\"\n        }", Lit),
];

pub(crate) static PRETTY: Programs = Programs {
    prologue: &[
        jw(b"{\n    \"images\": [", Lit, Listed),
        jw(b"{\n    \"image\": ", Lit, Shown),
    ],
    epilogue: &[
        jw(b"\"\n    ]", Lit, Listed),
        jw(
            b"\",\n    \"images_links\": [\n        {\n            \"href\": \"",
            NextLink,
            HasNext,
        ),
        jw(
            b"\",\n            \"rel\": \"next\"\n        }\n    ]",
            Lit,
            HasNext,
        ),
        j(b"\"\n}", Lit),
    ],
    summary: PRETTY_SUMMARY,
    detail: [PRETTY_DETAIL; 4],
    show_shift: 4,
};

// ------------------------------------------------------------------------------------- nova

const NOVA_OPEN: [Op; 2] = [jw(b"\", {", Lit, Listed), jw(b"{", Lit, Shown)];

/// The first two derived links; the third's tail depends on what follows.
const NOVA_DERIVED: [Op; 3] = [
    jw(b"\", \"links\": [{\"href\": \"", SelfHref, Derived),
    jw(
        b"\", \"rel\": \"self\"}, {\"href\": \"",
        BookmarkHref,
        Derived,
    ),
    jw(
        b"\", \"rel\": \"bookmark\"}, {\"href\": \"",
        AlternateHref,
        Derived,
    ),
];

/// Explicit links: nova writes `type` before `rel`. The `]` is the next op's.
const NOVA_EXPLICIT: [Op; 6] = [
    jw(b"\", \"links\": [", Lit, Explicit),
    jump(LinkStart, 6),
    j(b"\", {\"href\": \"", LinkHref),
    jw(b"\", \"type\": \"", LinkType, HasType),
    j(b"\", \"rel\": \"", LinkRel),
    j(b"\"}", Lit),
];

/// The metadata (always the last key), then the image's end.
const NOVA_META: [Op; 6] = [
    j(b"\", \"metadata\": {", Lit),
    jump(MetaStart, 4),
    j(b"\", \"", MetaKey),
    j(b"\": \"", MetaValue),
    jump(MetaNext, 2),
    j(b"\"}}", Lit),
];

/// `status updated name links created progress minRam minDisk id metadata`
const NOVA_BASE: &[Op] = program!(
    NOVA_OPEN,
    [
        j(b"\", \"status\": \"", Status),
        j(b"\", \"updated\": \"", Updated),
        j(b"\", \"name\": \"", Name),
    ],
    NOVA_DERIVED,
    [jw(
        b"\", \"type\": \"application/vnd.openstack.image\", \"rel\": \"alternate\"}], \"created\": \"",
        Created,
        Derived,
    )],
    NOVA_EXPLICIT,
    [
        jump(LinkNext, 4),
        jw(b"\"], \"created\": \"", Created, Explicit),
        j(b"\", \"progress\": ", Progress),
        j(b", \"minRam\": ", MinRam),
        j(b", \"minDisk\": ", MinDisk),
        j(b", \"id\": \"", Id),
    ],
    NOVA_META,
);

/// `status updated links minDisk id name created OS-DCF:diskConfig progress minRam metadata`
const NOVA_DISK_CONFIG: &[Op] = program!(
    NOVA_OPEN,
    [
        j(b"\", \"status\": \"", Status),
        j(b"\", \"updated\": \"", Updated),
    ],
    NOVA_DERIVED,
    [jw(
        b"\", \"type\": \"application/vnd.openstack.image\", \"rel\": \"alternate\"}], \"minDisk\": ",
        MinDisk,
        Derived,
    )],
    NOVA_EXPLICIT,
    [
        jump(LinkNext, 4),
        jw(b"\"], \"minDisk\": ", MinDisk, Explicit),
        j(b", \"id\": \"", Id),
        j(b"\", \"name\": \"", Name),
        j(b"\", \"created\": \"", Created),
        j(b"\", \"OS-DCF:diskConfig\": \"", DiskConfig),
        j(b"\", \"progress\": ", Progress),
        j(b", \"minRam\": ", MinRam),
    ],
    NOVA_META,
);

/// `status updated links [OS-DCF:diskConfig] id OS-EXT-IMG-SIZE:size name created minDisk
/// progress minRam metadata`
const NOVA_SIZE: &[Op] = program!(
    NOVA_OPEN,
    [
        j(b"\", \"status\": \"", Status),
        j(b"\", \"updated\": \"", Updated),
    ],
    NOVA_DERIVED,
    [jw(
        b"\", \"type\": \"application/vnd.openstack.image\", \"rel\": \"alternate\"}]",
        Lit,
        Derived,
    )],
    NOVA_EXPLICIT,
    [
        jump(LinkNext, 4),
        jw(b"\"]", Lit, Explicit),
        jw(b"\", \"OS-DCF:diskConfig\": \"", DiskConfig, HasDiskConfig),
        j(b"\", \"id\": \"", Id),
        j(b"\", \"OS-EXT-IMG-SIZE:size\": ", Size),
        j(b", \"name\": \"", Name),
        j(b"\", \"created\": \"", Created),
        j(b"\", \"minDisk\": ", MinDisk),
        j(b", \"progress\": ", Progress),
        j(b", \"minRam\": ", MinRam),
    ],
    NOVA_META,
);

/// `status updated links [OS-DCF:diskConfig] id [OS-EXT-IMG-SIZE:size] name created minDisk
/// server progress minRam metadata`
const NOVA_SERVER: &[Op] = program!(
    NOVA_OPEN,
    [
        j(b"\", \"status\": \"", Status),
        j(b"\", \"updated\": \"", Updated),
    ],
    NOVA_DERIVED,
    [jw(
        b"\", \"type\": \"application/vnd.openstack.image\", \"rel\": \"alternate\"}]",
        Lit,
        Derived,
    )],
    NOVA_EXPLICIT,
    [
        jump(LinkNext, 4),
        jw(b"\"]", Lit, Explicit),
        jw(b"\", \"OS-DCF:diskConfig\": \"", DiskConfig, HasDiskConfig),
        j(b"\", \"id\": \"", Id),
        jw(b"\", \"OS-EXT-IMG-SIZE:size\": ", Size, SizeExt),
        j(b"\", \"name\": \"", Name),
        j(b"\", \"created\": \"", Created),
        j(b"\", \"minDisk\": ", MinDisk),
        j(b", \"server\": {\"id\": \"", ServerId),
        j(b"\", \"links\": [{\"href\": \"", ServerSelfHref),
        j(b"\", \"rel\": \"self\"}, {\"href\": \"", ServerBookmarkHref),
        j(b"\", \"rel\": \"bookmark\"}]}, \"progress\": ", Progress),
        j(b", \"minRam\": ", MinRam),
    ],
    NOVA_META,
);

/// `id links name`
const NOVA_SUMMARY: &[Op] = program!(
    [j(b"\", {", Lit), j(b"\", \"id\": \"", Id)],
    NOVA_DERIVED,
    [jw(
        b"\", \"type\": \"application/vnd.openstack.image\", \"rel\": \"alternate\"}], \"name\": \"",
        Name,
        Derived,
    )],
    NOVA_EXPLICIT,
    [
        jump(LinkNext, 4),
        jw(b"\"], \"name\": \"", Name, Explicit),
        j(b"\"}", Lit),
    ],
);

pub(crate) static NOVA: Programs = Programs {
    prologue: &[
        jw(b"{\"images\": [", Lit, Listed),
        jw(b"{\"image\": ", Lit, Shown),
    ],
    epilogue: &[
        jw(b"\"]", Lit, Listed),
        jw(b"\", \"images_links\": [{\"href\": \"", NextLink, HasNext),
        jw(b"\", \"rel\": \"next\"}]", Lit, HasNext),
        j(b"\"}", Lit),
    ],
    summary: NOVA_SUMMARY,
    detail: [NOVA_BASE, NOVA_DISK_CONFIG, NOVA_SIZE, NOVA_SERVER],
    show_shift: 0,
};
