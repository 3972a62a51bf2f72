//! Every refusal in SPEC ("What cannot be represented") and issue 2, one row each: the exact
//! error (kind, field, image, entry), and a list that renders byte for byte as before, in every
//! style and view, with the same counters.

mod common;

use osimages::{
    DiskConfig, Endpoints, Error, ErrorKind, Field, Format, ImageList, ImageRef, ImagesView,
    LinkRef, Links, Status, Style, Timestamp, Uuid,
};

type L = ImageList<8, 24, 6, 2048>;

const ID: Uuid = match Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b") {
    Some(u) => u,
    None => panic!(),
};
const SERVER: Uuid = match Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6") {
    Some(u) => u,
    None => panic!(),
};

const LINKS: [LinkRef<'static>; 2] = [
    LinkRef {
        href: "http://a/x",
        rel: "self",
        media_type: None,
    },
    LinkRef {
        href: "http://a/y",
        rel: "describedby",
        media_type: Some("text/html"),
    },
];

/// Two stored images (one with derived links, one snapshot with explicit links, diskConfig and
/// size), a next link and the size extension: something in every part of every document.
fn base() -> L {
    let mut l = L::new();
    l.set_endpoints(common::ENDPOINTS).unwrap();
    l.set_next_link(Some("http://n/?marker=1&x=\"y\"")).unwrap();
    l.set_size_extension(true);
    let at = Some(Timestamp::parse("2012-02-29T23:59:59Z", Field::Created).unwrap());
    l.push(&ImageRef {
        name: Some("first <&> \"é\""),
        created: at,
        metadata: &[("kernel_id", Some("nokernel")), ("ramdisk_id", None)],
        ..ImageRef::new(ID)
    })
    .unwrap();
    l.push(&ImageRef {
        name: None,
        status: Status::Saving,
        progress: 42,
        updated: at,
        metadata: &[("a", Some(""))],
        links: Links::Explicit(&LINKS[..1]),
        server: Some(SERVER),
        disk_config: Some(DiskConfig::Manual),
        size: Some(7),
        ..ImageRef::new(SERVER)
    })
    .unwrap();
    l
}

/// What must not change: every document in every style, and what the list reports.
#[derive(Debug, PartialEq)]
struct Snapshot {
    docs: Vec<Vec<u8>>,
    counters: [usize; 4],
    endpoints: (String, String, String),
    next_link: Option<String>,
    size_extension: bool,
}

fn snapshot(l: &L) -> Snapshot {
    let mut docs = Vec::new();
    let mut render = |d: osimages::Document<'_, L>| {
        for style in Style::ALL {
            for ascii_only in [false, true] {
                let f = Format { style, ascii_only };
                let mut buf = vec![0u8; d.rendered_len(f)];
                let n = d.render(&mut buf, f).unwrap();
                assert_eq!(n, buf.len());
                docs.push(buf);
            }
        }
    };
    render(l.detail());
    render(l.summary());
    for i in 0..l.len() {
        render(l.show(i).unwrap());
    }
    let e = l.endpoints().unwrap();
    Snapshot {
        docs,
        counters: [l.len(), l.metadata_used(), l.links_used(), l.bytes_used()],
        endpoints: (e.compute.into(), e.image_service.into(), e.tenant.into()),
        next_link: l.next_link().map(Into::into),
        size_extension: l.size_extension(),
    }
}

fn err(kind: ErrorKind, field: Field, image: Option<u32>, entry: Option<u32>) -> Error {
    let mut e = Error::new(kind, field);
    if let Some(i) = image {
        e = e.at_image(i as usize);
    }
    if let Some(j) = entry {
        e = e.at_entry(j as usize);
    }
    e
}

/// A capacity refusal, saying how much the list would need.
fn full(kind: ErrorKind, field: Field, image: Option<u32>, entry: Option<u32>, n: usize) -> Error {
    let mut e = err(kind, field, image, entry);
    e.needed = Some(n);
    e
}

type Op = Box<dyn Fn(&mut L) -> Result<(), Error>>;

struct Row {
    name: String,
    /// Brings the list to the state the refusal needs (e.g. a pool exactly full).
    setup: fn(&mut L),
    op: Op,
    want: Error,
}

fn row(name: impl Into<String>, op: Op, want: Error) -> Row {
    Row {
        name: name.into(),
        setup: |_| {},
        op,
        want,
    }
}

fn run(rows: Vec<Row>) {
    assert!(!rows.is_empty());
    for r in rows {
        let mut l = base();
        (r.setup)(&mut l);
        let before = snapshot(&l);
        let got = (r.op)(&mut l);
        assert_eq!(got, Err(r.want), "{}", r.name);
        assert!(snapshot(&l) == before, "{}: the list changed", r.name);
        // The list still takes what fits.
        let ok = l.set_next_link(None);
        assert_eq!(ok, Ok(()), "{}: list unusable after the refusal", r.name);
    }
}

/// Characters XML 1.0 cannot carry, as SPEC lists them (a sample of U+0001..U+001F and every
/// named one).
const FORBIDDEN: [char; 9] = [
    '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{e}', '\u{1f}', '\u{fffe}', '\u{ffff}',
];

/// A string with `c` at the start, the middle or the end.
fn with(c: char, k: usize) -> String {
    match k % 3 {
        0 => format!("{c}abc"),
        1 => format!("ab{c}c"),
        _ => format!("abc{c}"),
    }
}

fn image_with<'a>(
    meta: &'a [(&'a str, Option<&'a str>)],
    links: &'a [LinkRef<'a>],
) -> ImageRef<'a> {
    ImageRef {
        metadata: meta,
        links: if links.is_empty() {
            Links::Derived
        } else {
            Links::Explicit(links)
        },
        ..ImageRef::new(ID)
    }
}

#[test]
fn forbidden_characters_in_every_string_field() {
    use ErrorKind::ForbiddenCharacter as F;
    let mut rows = Vec::new();
    for (k, c) in FORBIDDEN.into_iter().enumerate() {
        let bad = with(c, k);
        let b = bad.clone();
        rows.push(row(
            format!("push name {c:?}"),
            Box::new(move |l| {
                l.push(&ImageRef {
                    name: Some(&b),
                    ..ImageRef::new(ID)
                })
                .map(drop)
            }),
            err(F, Field::Name, Some(2), None),
        ));
        let b = bad.clone();
        rows.push(row(
            format!("push metadata key {c:?}"),
            Box::new(move |l| {
                l.push(&image_with(&[("ok", None), (&b, Some("v"))], &[]))
                    .map(drop)
            }),
            err(F, Field::MetadataKey, Some(2), Some(1)),
        ));
        let b = bad.clone();
        rows.push(row(
            format!("push metadata value {c:?}"),
            Box::new(move |l| {
                l.push(&image_with(&[("ok", None), ("k", Some(&b))], &[]))
                    .map(drop)
            }),
            err(F, Field::MetadataValue, Some(2), Some(1)),
        ));
        for (field, which) in [
            (Field::LinkHref, 0),
            (Field::LinkRel, 1),
            (Field::LinkType, 2),
        ] {
            let b = bad.clone();
            rows.push(row(
                format!("push {field:?} {c:?}"),
                Box::new(move |l| {
                    let mut bad_link = LINKS[1];
                    match which {
                        0 => bad_link.href = &b,
                        1 => bad_link.rel = &b,
                        _ => bad_link.media_type = Some(&b),
                    }
                    l.push(&image_with(&[], &[LINKS[0], bad_link])).map(drop)
                }),
                err(F, field, Some(2), Some(1)),
            ));
            let b = bad.clone();
            rows.push(row(
                format!("push_link {field:?} {c:?}"),
                Box::new(move |l| {
                    let mut bad_link = LINKS[1];
                    match which {
                        0 => bad_link.href = &b,
                        1 => bad_link.rel = &b,
                        _ => bad_link.media_type = Some(&b),
                    }
                    l.push_link(1, &bad_link)
                }),
                // Image 1 has one explicit link, so this would be its second.
                err(F, field, Some(1), Some(1)),
            ));
        }
        let b = bad.clone();
        rows.push(row(
            format!("push_metadata key {c:?}"),
            Box::new(move |l| l.push_metadata(0, &b, Some("v"))),
            err(F, Field::MetadataKey, Some(0), Some(2)),
        ));
        let b = bad.clone();
        rows.push(row(
            format!("push_metadata value {c:?}"),
            Box::new(move |l| l.push_metadata(0, "new", Some(&b))),
            err(F, Field::MetadataValue, Some(0), Some(2)),
        ));
        for (field, which) in [
            (Field::ComputeEndpoint, 0),
            (Field::ImageEndpoint, 1),
            (Field::Tenant, 2),
        ] {
            let b = bad.clone();
            rows.push(row(
                format!("set_endpoints {field:?} {c:?}"),
                Box::new(move |l| {
                    let mut e = Endpoints {
                        compute: "c",
                        image_service: "g",
                        tenant: "t",
                    };
                    match which {
                        0 => e.compute = &b,
                        1 => e.image_service = &b,
                        _ => e.tenant = &b,
                    }
                    l.set_endpoints(e)
                }),
                err(F, field, None, None),
            ));
        }
        let b = bad.clone();
        rows.push(row(
            format!("set_next_link {c:?}"),
            Box::new(move |l| l.set_next_link(Some(&b))),
            err(F, Field::NextLink, None, None),
        ));
    }
    assert_eq!(rows.len(), FORBIDDEN.len() * 15);
    run(rows);
}

#[test]
fn forbidden_characters_are_refused_by_the_view_too() {
    use ErrorKind::ForbiddenCharacter as F;
    for (k, c) in FORBIDDEN.into_iter().enumerate() {
        let bad = with(c, k);
        let ok = ImageRef::new(ID);
        let meta_key = [("ok", None), (bad.as_str(), None)];
        let meta_value = [("k", Some(bad.as_str()))];
        let mut href = LINKS[1];
        href.href = &bad;
        let mut rel = LINKS[1];
        rel.rel = &bad;
        let mut media_type = LINKS[1];
        media_type.media_type = Some(&bad);
        let links = [[LINKS[0], href], [LINKS[0], rel], [LINKS[0], media_type]];
        let cases = [
            (
                ImageRef {
                    name: Some(&bad),
                    ..ok
                },
                err(F, Field::Name, Some(1), None),
            ),
            (
                image_with(&meta_key, &[]),
                err(F, Field::MetadataKey, Some(1), Some(1)),
            ),
            (
                image_with(&meta_value, &[]),
                err(F, Field::MetadataValue, Some(1), Some(0)),
            ),
            (
                image_with(&[], &links[0]),
                err(F, Field::LinkHref, Some(1), Some(1)),
            ),
            (
                image_with(&[], &links[1]),
                err(F, Field::LinkRel, Some(1), Some(1)),
            ),
            (
                image_with(&[], &links[2]),
                err(F, Field::LinkType, Some(1), Some(1)),
            ),
        ];
        for (image, want) in cases {
            let images = [ok, image];
            let got = ImagesView::new(common::ENDPOINTS, &images).map(drop);
            assert_eq!(got, Err(want), "{c:?}");
        }
        let endpoints = [
            (
                Field::ComputeEndpoint,
                Endpoints {
                    compute: &bad,
                    ..common::ENDPOINTS
                },
            ),
            (
                Field::ImageEndpoint,
                Endpoints {
                    image_service: &bad,
                    ..common::ENDPOINTS
                },
            ),
            (
                Field::Tenant,
                Endpoints {
                    tenant: &bad,
                    ..common::ENDPOINTS
                },
            ),
        ];
        for (field, e) in endpoints {
            let got = ImagesView::new(e, &[ok]).map(drop);
            assert_eq!(got, Err(err(F, field, None, None)), "{c:?}");
        }
        let one = [ok];
        let view = ImagesView::new(common::ENDPOINTS, &one).unwrap();
        let got = view.with_next_link(Some(&bad)).map(drop);
        assert_eq!(got, Err(err(F, Field::NextLink, None, None)), "{c:?}");
    }
}

/// Link types that nova's schema (atom-link.rng, `.+/.+` with no line break) refuses.
const NOT_MEDIA_TYPES: [&str; 9] = [
    "",
    "text",
    "/",
    "//",
    "/plain",
    "text/",
    "te\nxt/plain",
    "text/pl\rain",
    "a/\n",
];

/// Every way a link type is stored or viewed refuses what is not a media type, naming the type,
/// and keeps the list; the parser reads it through its escapes. What the pattern takes is
/// taken, however odd.
#[test]
fn link_types_that_are_no_media_types() {
    use ErrorKind::NotMediaType as N;
    let mut rows = Vec::new();
    for bad in NOT_MEDIA_TYPES {
        let link = LinkRef {
            media_type: Some(bad),
            ..LINKS[1]
        };
        rows.push(row(
            format!("push {bad:?}"),
            Box::new(move |l| l.push(&image_with(&[], &[LINKS[0], link])).map(drop)),
            err(N, Field::LinkType, Some(2), Some(1)),
        ));
        rows.push(row(
            format!("push_link {bad:?}"),
            Box::new(move |l| l.push_link(1, &link)),
            err(N, Field::LinkType, Some(1), Some(1)),
        ));
        rows.push(row(
            format!("set_links {bad:?}"),
            Box::new(move |l| l.set_links(0, Links::Explicit(&[link, LINKS[0]]))),
            err(N, Field::LinkType, Some(0), Some(0)),
        ));
        rows.push(row(
            format!("parse_detail {bad:?}"),
            Box::new(move |l| {
                let escaped = serde_json::to_string(bad).unwrap();
                let links = format!(r#"[{{"href": "h", "rel": "r", "type": {escaped}}}]"#);
                l.parse_detail(&detail_with("links", &links)).map(drop)
            }),
            err(N, Field::LinkType, Some(0), Some(0)),
        ));
        let links = [LINKS[0], link];
        let images = [ImageRef::new(ID), image_with(&[], &links)];
        let got = ImagesView::new(common::ENDPOINTS, &images).map(drop);
        assert_eq!(
            got,
            Err(err(N, Field::LinkType, Some(1), Some(1))),
            "{bad:?}"
        );
    }
    run(rows);
    // Taken: escapes that unescape to a media type, and the pattern's odd corners.
    for (raw, stored) in [
        (r#""text\/plain""#, "text/plain"),
        (r#""a\u002fb""#, "a/b"),
        (r#""///""#, "///"),
        (r#""a/ ""#, "a/ "),
        (r#""\u00e9/\t""#, "é/\t"),
    ] {
        let links = format!(r#"[{{"href": "h", "rel": "r", "type": {raw}}}]"#);
        let mut l = L::new();
        l.parse_detail(&detail_with("links", &links)).unwrap();
        let mut out = vec![0u8; 4096];
        let n = l.detail().render(&mut out, Style::JsonCompact).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out[..n]).unwrap();
        assert_eq!(doc["images"][0]["links"][0]["type"], stored, "{raw}");
    }
}

#[test]
fn progress_above_100_and_duplicate_keys() {
    let dup_in_push: &[(&str, Option<&str>)] = &[("a", None), ("b", Some("1")), ("a", Some("2"))];
    let rows = vec![
        row(
            "progress 101",
            Box::new(|l| {
                l.push(&ImageRef {
                    progress: 101,
                    ..ImageRef::new(ID)
                })
                .map(drop)
            }),
            err(ErrorKind::ProgressAbove100, Field::Progress, Some(2), None),
        ),
        row(
            "progress 255",
            Box::new(|l| {
                l.push(&ImageRef {
                    progress: 255,
                    ..ImageRef::new(ID)
                })
                .map(drop)
            }),
            err(ErrorKind::ProgressAbove100, Field::Progress, Some(2), None),
        ),
        row(
            "duplicate key within one push",
            Box::new(move |l| l.push(&image_with(dup_in_push, &[])).map(drop)),
            err(
                ErrorKind::DuplicateKey,
                Field::MetadataKey,
                Some(2),
                Some(2),
            ),
        ),
        row(
            "duplicate empty key within one push",
            Box::new(|l| {
                l.push(&image_with(&[("", None), ("", None)], &[]))
                    .map(drop)
            }),
            err(
                ErrorKind::DuplicateKey,
                Field::MetadataKey,
                Some(2),
                Some(1),
            ),
        ),
        row(
            "push_metadata with a key the image has",
            Box::new(|l| l.push_metadata(0, "ramdisk_id", Some("x"))),
            err(
                ErrorKind::DuplicateKey,
                Field::MetadataKey,
                Some(0),
                Some(2),
            ),
        ),
    ];
    run(rows);
    // Positive controls: 100 is a progress, the same key on another image is no duplicate.
    let mut l = base();
    l.push(&ImageRef {
        progress: 100,
        ..ImageRef::new(ID)
    })
    .unwrap();
    l.push_metadata(1, "kernel_id", None).unwrap();
    // The view refuses what the list refuses.
    let images = [image_with(dup_in_push, &[])];
    assert_eq!(
        ImagesView::new(common::ENDPOINTS, &images).map(drop),
        Err(err(
            ErrorKind::DuplicateKey,
            Field::MetadataKey,
            Some(0),
            Some(2)
        ))
    );
    let images = [ImageRef {
        progress: 101,
        ..ImageRef::new(ID)
    }];
    assert_eq!(
        ImagesView::new(common::ENDPOINTS, &images).map(drop),
        Err(err(
            ErrorKind::ProgressAbove100,
            Field::Progress,
            Some(0),
            None
        ))
    );
}

#[test]
fn missing_images_are_refused() {
    let link = LINKS[0];
    let rows = vec![
        row(
            "push_metadata on image 2 of 2",
            Box::new(|l| l.push_metadata(2, "k", None)),
            err(ErrorKind::NoSuchImage, Field::Image, Some(2), None),
        ),
        row(
            "push_metadata on image usize::MAX",
            Box::new(|l| l.push_metadata(usize::MAX, "k", None)),
            err(ErrorKind::NoSuchImage, Field::Image, Some(u32::MAX), None),
        ),
        row(
            "push_link on image 2 of 2",
            Box::new(move |l| l.push_link(2, &link)),
            err(ErrorKind::NoSuchImage, Field::Image, Some(2), None),
        ),
        row(
            "push_link on image usize::MAX",
            Box::new(move |l| l.push_link(usize::MAX, &link)),
            err(ErrorKind::NoSuchImage, Field::Image, Some(u32::MAX), None),
        ),
    ];
    run(rows);
    let mut empty = L::new();
    assert_eq!(
        empty.push_metadata(0, "k", None),
        Err(err(ErrorKind::NoSuchImage, Field::Image, Some(0), None))
    );
    assert!(base().show(2).is_none());
}

/// Fills the image pool exactly.
fn fill_images(l: &mut L) {
    while l.len() < 8 {
        l.push(&ImageRef::new(ID)).unwrap();
    }
}

/// Fills the metadata pool exactly (on image 0).
fn fill_metadata(l: &mut L) {
    let mut k = 0;
    while l.metadata_used() < 24 {
        l.push_metadata(0, &format!("m{k}"), None).unwrap();
        k += 1;
    }
}

/// Fills the explicit-link pool exactly (on image 1).
fn fill_links(l: &mut L) {
    while l.links_used() < 6 {
        l.push_link(1, &LINKS[1]).unwrap();
    }
}

/// Fills the byte pool exactly, with one metadata value on image 0.
fn fill_bytes(l: &mut L) {
    let room = 2048 - l.bytes_used();
    l.push_metadata(0, "fill", Some(&"x".repeat(room - 4)))
        .unwrap();
    assert_eq!(l.bytes_used(), 2048);
}

#[test]
fn one_more_than_a_capacity_is_refused() {
    let rows = vec![
        Row {
            setup: fill_images,
            ..row(
                "push a ninth image",
                Box::new(|l| l.push(&ImageRef::new(ID)).map(drop)),
                full(ErrorKind::TooManyImages, Field::Images, Some(8), None, 9),
            )
        },
        Row {
            setup: fill_metadata,
            ..row(
                "push_metadata into a full pool",
                Box::new(|l| l.push_metadata(1, "k", None)),
                full(
                    ErrorKind::TooManyMetadata,
                    Field::Metadata,
                    Some(1),
                    Some(1),
                    25,
                ),
            )
        },
        Row {
            setup: |l| {
                fill_metadata(l);
                l.push(&ImageRef::new(ID)).unwrap();
            },
            ..row(
                "push an image with more metadata than is left",
                Box::new(|l| l.push(&image_with(&[("a", None)], &[])).map(drop)),
                full(
                    ErrorKind::TooManyMetadata,
                    Field::Metadata,
                    Some(3),
                    None,
                    25,
                ),
            )
        },
        Row {
            setup: fill_links,
            ..row(
                "push_link into a full pool",
                Box::new(|l| l.push_link(1, &LINKS[0])),
                full(ErrorKind::TooManyLinks, Field::Links, Some(1), Some(6), 7),
            )
        },
        Row {
            setup: fill_links,
            ..row(
                "push an image with explicit links into a full pool",
                Box::new(|l| l.push(&image_with(&[], &LINKS[..1])).map(drop)),
                full(ErrorKind::TooManyLinks, Field::Links, Some(2), None, 7),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "push an image with a one-byte name into a full byte pool",
                Box::new(|l| {
                    l.push(&ImageRef {
                        name: Some("x"),
                        ..ImageRef::new(ID)
                    })
                    .map(drop)
                }),
                full(ErrorKind::OutOfTextSpace, Field::Image, Some(2), None, 2049),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "push a snapshot (16 bytes of server id) into a full byte pool",
                Box::new(|l| {
                    l.push(&ImageRef {
                        server: Some(SERVER),
                        ..ImageRef::new(ID)
                    })
                    .map(drop)
                }),
                full(ErrorKind::OutOfTextSpace, Field::Image, Some(2), None, 2064),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "push_metadata of one byte into a full byte pool",
                Box::new(|l| l.push_metadata(1, "k", None)),
                full(
                    ErrorKind::OutOfTextSpace,
                    Field::Metadata,
                    Some(1),
                    Some(1),
                    2049,
                ),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "push_link into a full byte pool",
                Box::new(|l| l.push_link(1, &LINKS[0])),
                full(
                    ErrorKind::OutOfTextSpace,
                    Field::Links,
                    Some(1),
                    Some(1),
                    2062,
                ),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "set_endpoints two bytes longer than the old ones into a full byte pool",
                Box::new(|l| {
                    l.set_endpoints(Endpoints {
                        compute: "http://openstack.example.com/x",
                        ..common::ENDPOINTS
                    })
                }),
                full(
                    ErrorKind::OutOfTextSpace,
                    Field::ComputeEndpoint,
                    None,
                    None,
                    2050,
                ),
            )
        },
        Row {
            setup: fill_bytes,
            ..row(
                "set_next_link one byte longer than the old one into a full byte pool",
                Box::new(|l| l.set_next_link(Some("http://n/?marker=1&x=\"y\"z"))),
                full(ErrorKind::OutOfTextSpace, Field::NextLink, None, None, 2049),
            )
        },
    ];
    run(rows);
}

#[test]
fn exactly_a_capacity_is_accepted() {
    // The positive side of every capacity row: the last entry that fits is taken.
    let mut l = base();
    fill_images(&mut l);
    assert_eq!(l.len(), 8);
    let mut l = base();
    fill_metadata(&mut l);
    let mut l = base();
    fill_links(&mut l);
    let mut l = base();
    fill_bytes(&mut l);
    // Empty strings take no room, even in a full pool.
    l.push_metadata(1, "", None).unwrap();
    l.set_next_link(Some("")).unwrap();
    // An image that needs exactly what is left fits (empty endpoints take no room: a server's
    // links need endpoints, whatever they are).
    let mut l: ImageList<1, 1, 1, 21> = ImageList::new();
    l.set_endpoints(Endpoints::default()).unwrap();
    l.push(&ImageRef {
        name: Some("n"),
        metadata: &[("k", Some("v"))],
        links: Links::Explicit(&[LinkRef {
            href: "h",
            rel: "r",
            media_type: None,
        }]),
        server: Some(SERVER),
        ..ImageRef::new(ID)
    })
    .unwrap();
    assert_eq!(l.bytes_used(), 21);
}

#[test]
fn non_uuids_are_not_ids() {
    for s in [
        "",
        "70a599e0-31e7-49b7-b260-868f441e862",
        "70a599e0-31e7-49b7-b260-868f441e862bb",
        "70a599e031e749b7b260868f441e862b",
        "70a599e0-31e7-49b7-b260_868f441e862b",
        "70a599e0-31e749b7-b260-868f441e862b-",
        "g0a599e0-31e7-49b7-b260-868f441e862b",
        "70a599e0-31e7-49b7-b260-868f441e862 ",
        " 70a599e0-31e7-49b7-b260-868f441e862",
        "{0a599e0-31e7-49b7-b260-868f441e862}",
        "urn:uuid:70a599e0-31e7-49b7-b260-86",
        "70a599e0-31e7-49b7-b260-868f441e862\u{e9}",
        "70a599e0+31e7-49b7-b260-868f441e862b",
    ] {
        assert_eq!(Uuid::parse(s), None, "{s:?}");
    }
    let upper = Uuid::parse("70A599E0-31E7-49B7-B260-868F441E862B").unwrap();
    assert_eq!(upper, ID, "hex digits of either case");
}

#[test]
fn impossible_dates_are_not_timestamps() {
    for (y, mo, d, h, mi, s) in [
        (2011, 2, 29, 0, 0, 0),
        (1900, 2, 29, 0, 0, 0),
        (2100, 2, 29, 0, 0, 0),
        (2012, 2, 30, 0, 0, 0),
        (2011, 4, 31, 0, 0, 0),
        (2011, 6, 31, 0, 0, 0),
        (2011, 9, 31, 0, 0, 0),
        (2011, 11, 31, 0, 0, 0),
        (2011, 1, 32, 0, 0, 0),
        (2011, 13, 1, 0, 0, 0),
        (2011, 0, 1, 0, 0, 0),
        (2011, 1, 0, 0, 0, 0),
        (2011, 1, 1, 24, 0, 0),
        (2011, 1, 1, 0, 60, 0),
        (2011, 1, 1, 0, 0, 60),
        (0, 1, 1, 0, 0, 0),
        (10000, 1, 1, 0, 0, 0),
    ] {
        assert_eq!(
            Timestamp::new(y, mo, d, h, mi, s),
            None,
            "{y}-{mo}-{d} {h}:{mi}:{s}"
        );
        if y <= 9999 {
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
            let refused = Timestamp::parse(&text, Field::Created);
            assert_eq!(
                refused,
                Err(err(ErrorKind::NotDate, Field::Created, None, None))
            );
        }
    }
    for text in [
        "2011-01-01T01:02:03",
        "2011-01-01T01:02:03z",
        "2011-01-01t01:02:03Z",
        "2011-01-01 01:02:03Z",
        "2011-01-01T01:02:03.000Z",
        "2011-01-01T01:02:03+00:00",
        "2011-1-01T01:02:03Z",
        "+011-01-01T01:02:03Z",
        "2011-01-01T01:02:0aZ",
        "2011-01-01T-1:02:03Z",
        "",
    ] {
        assert!(Timestamp::parse(text, Field::Updated).is_err(), "{text:?}");
    }
    // Positive controls at every edge.
    for text in [
        "2000-02-29T00:00:00Z",
        "2012-02-29T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2011-04-30T12:00:00Z",
    ] {
        let t = Timestamp::parse(text, Field::Created).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(t.to_string(), text);
    }
}

#[test]
fn unknown_statuses_are_not_statuses() {
    for s in [
        "active", "Active", "", "BUILDING", "QUEUED", "ACTIVE ", "killed",
    ] {
        assert_eq!(Status::parse(s), None, "{s:?}");
    }
    assert_eq!(Status::from_u32(5), None);
    assert_eq!(Status::from_u32(u32::MAX), None);
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
        assert_eq!(Status::from_u32(s as u32), Some(s));
    }
    for s in ["auto", "Auto", "", "NONE"] {
        assert_eq!(DiskConfig::parse(s), None, "{s:?}");
    }
}

/// A one-image detail document with `field` set to the raw JSON `value`.
fn detail_with(field: &str, value: &str) -> Vec<u8> {
    let mut fields = vec![
        ("id", "\"a440c04b-79fa-479c-bed1-0b816eaec379\"".to_string()),
        ("name", "\"n\"".into()),
        ("status", "\"ACTIVE\"".into()),
        ("progress", "0".into()),
        ("minDisk", "0".into()),
        ("minRam", "0".into()),
        ("created", "null".into()),
        ("updated", "null".into()),
        ("metadata", "{}".into()),
        ("links", r#"[{"href": "http://a/x", "rel": "self"}]"#.into()),
    ];
    match fields.iter_mut().find(|f| f.0 == field) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((field, value.to_string())),
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!("{{\"images\": [{{{}}}]}}", body.join(", ")).into_bytes()
}

#[test]
fn the_parser_refuses_the_same_values_and_keeps_the_list() {
    let leap = "\"2011-02-29T00:00:00Z\"";
    let cases: Vec<(&str, Vec<u8>, Error)> = vec![
        (
            "id not a UUID",
            detail_with("id", "\"70a599e031e749b7b260868f441e862b\""),
            err(ErrorKind::NotUuid, Field::Id, Some(0), None),
        ),
        (
            "created Feb 29 of 2011",
            detail_with("created", leap),
            err(ErrorKind::NotDate, Field::Created, Some(0), None),
        ),
        (
            "updated hour 24",
            detail_with("updated", "\"2011-01-01T24:00:00Z\""),
            err(ErrorKind::NotDate, Field::Updated, Some(0), None),
        ),
        (
            "created year 0000",
            detail_with("created", "\"0000-01-01T00:00:00Z\""),
            err(ErrorKind::NotDate, Field::Created, Some(0), None),
        ),
        (
            "progress 101",
            detail_with("progress", "101"),
            err(ErrorKind::ProgressAbove100, Field::Progress, Some(0), None),
        ),
        (
            "status unknown",
            detail_with("status", "\"BUILDING\""),
            err(ErrorKind::UnknownStatus, Field::Status, Some(0), None),
        ),
        (
            "diskConfig unknown",
            detail_with("OS-DCF:diskConfig", "\"auto\""),
            err(
                ErrorKind::UnknownDiskConfig,
                Field::DiskConfig,
                Some(0),
                None,
            ),
        ),
        (
            "name with U+FFFE",
            detail_with("name", "\"a\\ufffe\""),
            err(ErrorKind::ForbiddenCharacter, Field::Name, Some(0), None),
        ),
        (
            "metadata value with U+0001",
            detail_with("metadata", r#"{"k": "v", "k2": "\u0001"}"#),
            err(
                ErrorKind::ForbiddenCharacter,
                Field::MetadataValue,
                Some(0),
                Some(1),
            ),
        ),
        (
            "duplicate metadata key",
            detail_with("metadata", r#"{"k": "v", "x": null, "k": null}"#),
            err(
                ErrorKind::DuplicateKey,
                Field::MetadataKey,
                Some(0),
                Some(2),
            ),
        ),
    ];
    for (name, doc, want) in cases {
        let mut l = base();
        let before = snapshot(&l);
        let got = l.parse_detail(&doc);
        assert_eq!(got, Err(want), "{name}");
        assert!(snapshot(&l) == before, "{name}: the list changed");
    }
    // The same document with a good value parses (so each row failed for its value alone).
    let mut l = base();
    l.parse_detail(&detail_with("created", "\"2012-02-29T00:00:00Z\""))
        .unwrap();
    assert_eq!(l.len(), 3);

    // Capacity: a ninth image through the parser.
    let mut l = base();
    fill_images(&mut l);
    let before = snapshot(&l);
    assert_eq!(
        l.parse_detail(&detail_with("name", "\"n\"")),
        Err(full(
            ErrorKind::TooManyImages,
            Field::Images,
            Some(0),
            None,
            9
        ))
    );
    assert!(snapshot(&l) == before);
}

#[test]
fn a_string_longer_than_a_list_can_describe_is_refused_not_emptied() {
    // A stored string's length has 27 bits. A list whose pool is bigger than that (the
    // transcode example's is exactly 2^27) must refuse a longer string, not store it as "".
    const BIG: usize = (1 << 27) + 64;
    type Huge = ImageList<1, 0, 0, BIG>;
    let long = "x".repeat(1 << 27);
    let run = move || {
        let mut l = Huge::new();
        let got = l.set_next_link(Some(&long));
        assert_eq!(
            got,
            Err(err(ErrorKind::OutOfTextSpace, Field::NextLink, None, None))
        );
        assert_eq!((l.next_link(), l.bytes_used()), (None, 0));
        let got = l.push(&ImageRef {
            name: Some(&long),
            ..ImageRef::new(ID)
        });
        assert_eq!(
            got,
            Err(err(ErrorKind::OutOfTextSpace, Field::Name, Some(0), None))
        );
        assert_eq!((l.len(), l.bytes_used()), (0, 0));
        // Where the limit starts (scanning 128 MiB in a debug build would take seconds).
        assert_eq!(l.set_next_link(Some(&long[..1 << 20])), Ok(()));
    };
    // The list lives on this thread's stack; its pool is touched only as far as it is used.
    std::thread::Builder::new()
        .stack_size(4 * BIG + (16 << 20))
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
