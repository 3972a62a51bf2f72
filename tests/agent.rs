//! Issue 8, "a list a long-running agent can keep": one regression test per defect the issue
//! found (each failed before the fix), and the errors it asked for.

mod common;

use common::{ENDPOINTS, SeedList, golden, seed_list};
use osimages::{
    Capacity, Endpoints, ErrorKind, Field, Format, ImageList, ImageRef, ImagesView, LinkRef, Links,
    Status, Style, Timestamp, Uuid,
};

const ID: Uuid = match Uuid::parse("70a599e0-31e7-49b7-b260-868f441e862b") {
    Some(u) => u,
    None => panic!(),
};

/// Every document of a list (or view) in every style and option, concatenated per document.
fn all_renderings<S: osimages::Source>(docs: &[osimages::Document<'_, S>]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in docs {
        for style in Style::ALL {
            for ascii_only in [false, true] {
                let f = Format { style, ascii_only };
                let mut buf = vec![0u8; d.rendered_len(f)];
                d.render(&mut buf, f).unwrap();
                out.push(buf);
            }
        }
    }
    out
}

fn docs<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &ImageList<I, M, L, B>,
) -> Vec<osimages::Document<'_, ImageList<I, M, L, B>>> {
    let mut d = vec![list.detail(), list.summary()];
    d.extend((0..list.len()).filter_map(|i| list.show(i)));
    d
}

fn text<S: osimages::Source>(d: &osimages::Document<'_, S>, style: Style) -> String {
    let mut buf = vec![0u8; d.rendered_len(style)];
    d.render(&mut buf, style).unwrap();
    String::from_utf8(buf).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Defect 1: the text pool leaked.

#[test]
fn replacing_the_next_link_or_the_endpoints_a_million_times_keeps_the_pool_as_it_is() {
    // Before: the 6th `set_next_link` (and the 8th `set_endpoints`) failed with "more text
    // than the list holds".
    let href = format!(
        "http://openstack.example.com/v2/openstack/images?marker={}",
        "x".repeat(42)
    );
    assert_eq!(href.len(), 98);
    let mut list: ImageList<4, 8, 0, 512> = ImageList::new();
    list.set_endpoints(ENDPOINTS).unwrap();
    list.set_next_link(Some(&href)).unwrap();
    let used = list.bytes_used();
    assert_eq!(used, 72 + 98);
    for n in 0..1_000_000 {
        // Alternate two values of the same length and one shorter, so both the in-place and
        // the give-back-and-append paths run.
        let h = if n % 3 == 2 { &href[..97] } else { &href };
        list.set_next_link(Some(h)).unwrap();
        list.set_endpoints(ENDPOINTS).unwrap();
        let expected = used - usize::from(n % 3 == 2);
        assert_eq!(list.bytes_used(), expected, "call {n}");
    }
    assert_eq!(list.next_link(), Some(&*href));
    assert_eq!(list.endpoints(), Some(ENDPOINTS));
    list.set_next_link(None).unwrap();
    assert_eq!(list.bytes_used(), 72);
}

// ---------------------------------------------------------------------------------------------
// Defect 2: an invalid date became null.

#[test]
fn an_impossible_date_is_refused_naming_the_field_not_stored_as_null() {
    // Before: `Timestamp::parse("2024-02-30T00:00:00Z")` returned `None`, which `created: at`
    // stored as a null date while `push` returned `Ok`.
    let err = Timestamp::parse("2024-02-30T00:00:00Z", Field::Created).unwrap_err();
    assert_eq!((err.kind, err.field), (ErrorKind::NotDate, Field::Created));
    assert_eq!(
        err.to_string(),
        "created: not a UTC date of the form YYYY-MM-DDTHH:MM:SSZ"
    );
    let err = Timestamp::parse("2024-02-29T24:00:00Z", Field::Updated).unwrap_err();
    assert_eq!(err.field, Field::Updated);
    // A null date is still there, as an explicit choice.
    let mut list: ImageList<1, 0, 0, 0> = ImageList::new();
    list.set_endpoints(Endpoints::default()).unwrap();
    let leap = Timestamp::parse("2024-02-29T00:00:00Z", Field::Created).unwrap();
    list.push(&ImageRef {
        created: Some(leap),
        updated: None,
        ..ImageRef::new(ID)
    })
    .unwrap();
    let show = text(&list.show(0).unwrap(), Style::JsonCompact);
    assert!(
        show.contains(r#""created":"2024-02-29T00:00:00Z""#),
        "{show}"
    );
    assert!(show.contains(r#""updated":null"#), "{show}");
}

// ---------------------------------------------------------------------------------------------
// Defect 3: derived links without endpoints.

#[test]
fn derived_links_without_endpoints_are_refused() {
    // Before: the push succeeded and rendered "href":"/v2//images/...".
    let mut list: ImageList<4, 8, 0, 512> = ImageList::new();
    let err = list.push(&ImageRef::new(ID)).unwrap_err();
    assert_eq!(
        (err.kind, err.field, err.image),
        (ErrorKind::NoEndpoints, Field::Links, Some(0))
    );
    assert_eq!(
        err.to_string(),
        "images[0].links: links built from endpoints the list does not have"
    );
    // A snapshot's server links are built from them too.
    let snapshot = ImageRef {
        server: Some(ID),
        links: Links::Explicit(&[]),
        ..ImageRef::new(ID)
    };
    let err = list.push(&snapshot).unwrap_err();
    assert_eq!(
        (err.kind, err.field),
        (ErrorKind::NoEndpoints, Field::Server)
    );
    assert!(list.is_empty());
    assert_eq!(list.bytes_used(), 0);
    // Explicit links need none.
    list.push(&ImageRef {
        links: Links::Explicit(&[]),
        ..ImageRef::new(ID)
    })
    .unwrap();
    // Nor can an image be switched to derived links.
    let err = list.set_links(0, Links::Derived).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NoEndpoints);
    list.set_endpoints(ENDPOINTS).unwrap();
    list.push(&ImageRef::new(ID)).unwrap();
    list.push(&snapshot).unwrap();
    list.set_links(0, Links::Derived).unwrap();
    let summary = text(&list.summary(), Style::JsonCompact);
    assert!(!summary.contains("//images"), "{summary}");
}

// ---------------------------------------------------------------------------------------------
// Defect 4: `"links": []` was refused.

/// A one-image detail document whose image has `"links": []`, and `metadata`.
fn empty_links_doc(metadata: &str) -> Vec<u8> {
    format!(
        r#"{{"images": [{{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "cirros",
        "status": "ACTIVE", "progress": 100, "minDisk": 0, "minRam": 0, "created": null,
        "updated": null, "metadata": {metadata}, "links": []}}]}}"#
    )
    .into_bytes()
}

#[test]
fn an_explicitly_empty_links_list_is_kept_and_rendered_in_every_style_and_view() {
    // Before: `images[1].links: missing`.
    for metadata in ["{}", r#"{"a": "1", "b": null}"#] {
        let mut parsed: ImageList<2, 4, 0, 256> = ImageList::new();
        assert_eq!(parsed.parse_detail(&empty_links_doc(metadata)).unwrap(), 1);
        assert!(
            parsed.endpoints().is_none(),
            "no derived links to learn them from"
        );
        let Links::Explicit(links) = parsed.get(0).unwrap().links() else {
            panic!("explicit links expected");
        };
        assert_eq!(links.count(), 0);

        let detail = text(&parsed.detail(), Style::JsonCompact);
        assert!(detail.contains(r#""links":[],"metadata""#), "{detail}");
        let summary = text(&parsed.summary(), Style::JsonNova);
        assert!(
            summary.contains(r#""links": [], "name": "cirros"}"#),
            "{summary}"
        );
        let pretty = text(&parsed.show(0).unwrap(), Style::JsonPretty);
        assert!(pretty.contains("\"links\": [],\n"), "{pretty}");
        for style in [Style::XmlWire, Style::XmlPretty] {
            for d in docs(&parsed) {
                let xml = text(&d, style);
                assert!(!xml.contains("atom:link"), "{xml}");
                roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
            }
        }
        let summary = text(&parsed.summary(), Style::XmlWire);
        assert!(
            summary.contains(r#"<image name="cirros" id="155d900f-4e14-4e4c-a73d-069cbf4541e6"/>"#),
            "{summary}"
        );

        // The same image pushed, and seen through a view, renders the same bytes everywhere.
        let meta: Vec<(&str, Option<&str>)> = parsed.get(0).unwrap().metadata().collect();
        let image = ImageRef {
            id: Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6").unwrap(),
            name: Some("cirros"),
            progress: 100,
            metadata: &meta,
            links: Links::Explicit(&[]),
            ..ImageRef::new(ID)
        };
        let mut pushed: ImageList<2, 4, 0, 256> = ImageList::new();
        pushed.push(&image).unwrap();
        assert!(all_renderings(&docs(&pushed)) == all_renderings(&docs(&parsed)));
        let images = [image];
        let view = ImagesView::new(Endpoints::default(), &images).unwrap();
        let mut view_docs = vec![view.detail(), view.summary()];
        view_docs.extend(view.show(0));
        assert!(all_renderings(&view_docs) == all_renderings(&docs(&parsed)));

        // And every JSON rendering parses back to the same list.
        for style in [Style::JsonCompact, Style::JsonPretty, Style::JsonNova] {
            let mut again: ImageList<2, 4, 0, 256> = ImageList::new();
            again
                .parse_detail(text(&parsed.detail(), style).as_bytes())
                .unwrap();
            assert_eq!(text(&again.detail(), style), text(&parsed.detail(), style));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Defect 5: a size was dropped without a word.

#[test]
fn a_stored_size_turns_the_size_extension_on() {
    // Before: `size: Some(12345)` was not written unless `set_size_extension(true)` was called,
    // while the parser turned the extension on when it saw a size.
    let mut list: ImageList<2, 0, 0, 128> = ImageList::new();
    list.set_endpoints(ENDPOINTS).unwrap();
    list.push(&ImageRef::new(ID)).unwrap();
    assert!(!list.size_extension());
    list.push(&ImageRef {
        size: Some(12345),
        ..ImageRef::new(ID)
    })
    .unwrap();
    assert!(list.size_extension());
    let detail = text(&list.detail(), Style::JsonCompact);
    assert!(
        detail.contains(r#""OS-EXT-IMG-SIZE:size":12345"#),
        "{detail}"
    );
    assert!(
        detail.contains(r#""OS-EXT-IMG-SIZE:size":null"#),
        "{detail}"
    );
    // Turning it off while an image has a size leaves it on.
    list.set_size_extension(false);
    assert!(list.size_extension());
    // Once no image has one, it can go off.
    list.set_size(1, None).unwrap();
    list.set_size_extension(false);
    assert!(!list.size_extension());
    list.set_size(0, Some(7)).unwrap();
    assert!(list.size_extension());
    // The view agrees.
    let images = [ImageRef {
        size: Some(12345),
        ..ImageRef::new(ID)
    }];
    let view = ImagesView::new(ENDPOINTS, &images)
        .unwrap()
        .with_size_extension(false);
    let shown = text(&view.show(0).unwrap(), Style::XmlWire);
    assert!(shown.contains(r#"OS-EXT-IMG-SIZE:size="12345""#), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// Errors people can act on.

#[test]
fn parse_errors_name_positions_in_the_document() {
    // Before: a one-image document parsed into a list holding 7 images reported images[7].
    let mut list = seed_list();
    let err = list
        .parse_detail(br#"{"images": [{"id": "nope"}]}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "images[0].id: not a UUID");
    let err = list
        .parse_show(br#"{"image": {"id": "nope"}}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "image.id: not a UUID");
    let err = list
        .parse_show(br#"{"image": {"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "x": 1}}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), r#"image: unknown key "x""#);
    assert_eq!(list.len(), 7);
}

#[test]
fn error_messages_repeat_no_word_and_name_the_unknown_key() {
    let mut list: ImageList<1, 2, 2, 64> = ImageList::new();
    list.set_endpoints(Endpoints::default()).unwrap();
    let err = list
        .push(&ImageRef {
            metadata: &[("k", Some("\u{1}"))],
            ..ImageRef::new(ID)
        })
        .unwrap_err();
    // Before: images[0].metadata[0].metadata value: ...
    assert_eq!(
        err.to_string(),
        "images[0].metadata[0].value: a character XML 1.0 cannot carry"
    );
    let bad_link = [LinkRef {
        href: "h",
        rel: "\u{fffe}",
        media_type: None,
    }];
    let err = list
        .push(&ImageRef {
            links: Links::Explicit(&bad_link),
            ..ImageRef::new(ID)
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "images[0].links[0].rel: a character XML 1.0 cannot carry"
    );
    list.push(&ImageRef::new(ID)).unwrap();
    // Before: images[1].images: more images than the list holds.
    let err = list.push(&ImageRef::new(ID)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "images[1]: more images than the list holds (2 images needed)"
    );
    // Before: document: unknown key.
    let err = list.parse_detail(br#"{"imagez": []}"#).unwrap_err();
    assert_eq!(err.key(), Some("imagez"));
    assert_eq!(err.to_string(), r#"document: unknown key "imagez""#);
    let long = format!(r#"{{"{}": 1}}"#, "k".repeat(100));
    let err = list.parse_detail(long.as_bytes()).unwrap_err();
    assert_eq!(err.key(), Some(&*"k".repeat(40)));
    assert!(
        err.to_string()
            .ends_with(&format!("\"{}...\"", "k".repeat(40)))
    );
    let err = list
        .parse_detail(
            br#"{"images": [{"links": [{"href": "h", "rel": "r", "\u00e9t\u00e9": 1}]}]}"#,
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "images[0].links[0]: unknown key \"été\"");
    // The capacity query names the key too, and a key with escapes is matched through them.
    let err = osimages::Capacity::show(br#"{"image": {"\u0073erver": {"i\u0064": 1, "x": 2}}}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "image.server.id: wrong JSON type");
    let err = osimages::Capacity::show(br#"{"image": {"server": {"links": [], "\u0078y": 2}}}"#)
        .unwrap_err();
    assert_eq!(err.key(), Some("xy"));
    assert_eq!(err.to_string(), r#"image.server: unknown key "xy""#);
}

#[test]
fn capacity_errors_say_how_much_is_needed() {
    // Before: "images[0]: more text than the list holds", and no number.
    let mut tiny: ImageList<8, 8, 0, 4> = ImageList::new();
    tiny.set_endpoints(Endpoints::default()).unwrap();
    let err = tiny
        .push(&ImageRef {
            name: Some("hello"),
            ..ImageRef::new(ID)
        })
        .unwrap_err();
    assert_eq!(err.needed, Some(5));
    assert_eq!(
        err.to_string(),
        "images[0]: more text than the list holds (5 bytes of text needed)"
    );
    // A parse that runs out says what the whole document needs.
    let mut small: ImageList<7, 19, 0, 300> = ImageList::new();
    let err = small
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!(
        (err.kind, err.needed),
        (ErrorKind::OutOfTextSpace, Some(527))
    );
    let mut few: ImageList<3, 19, 0, 527> = ImageList::new();
    let err = few
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "images[3]: more images than the list holds (7 images needed)"
    );
    // In addition to what the list already holds (its endpoints are the document's: the
    // second copy needs 527 - 72 more bytes).
    let mut list = seed_list();
    let err = list
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!(
        (err.kind, err.needed),
        (ErrorKind::OutOfTextSpace, Some(982))
    );
    let mut roomy: Box<ImageList<7, 38, 0, 982>> = Box::default();
    roomy.set_endpoints(ENDPOINTS).unwrap();
    roomy
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap();
    let err = roomy
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!((err.kind, err.needed), (ErrorKind::TooManyImages, Some(14)));
}

#[test]
fn the_capacity_a_document_needs_is_known_before_storing_it() {
    let seed = golden("images-details.compact.json");
    let needs = Capacity::detail(&seed).unwrap();
    assert_eq!(needs, SeedList::CAPACITY);
    assert_eq!(needs.to_string(), "ImageList<7, 19, 0, 527>");
    // Exactly what a parse into an empty list uses, in every JSON style.
    let list = seed_list();
    for style in [Style::JsonCompact, Style::JsonPretty, Style::JsonNova] {
        let doc = text(&list.detail(), style);
        assert_eq!(
            Capacity::detail(doc.as_bytes()).unwrap(),
            list.used(),
            "{style:?}"
        );
        let show = text(&list.show(6).unwrap(), style);
        let mut one: Box<ImageList<1, 8, 8, 1024>> = Box::default();
        one.parse_show(show.as_bytes()).unwrap();
        assert_eq!(Capacity::show(show.as_bytes()).unwrap(), one.used());
    }
    // A document the parser refuses is refused here too.
    let err = Capacity::detail(br#"{"images": [{"id": "nope"}]}"#).unwrap_err();
    assert_eq!(err.to_string(), "images[0].id: not a UUID");
    assert_eq!(Capacity::detail(&empty_links_doc("{}")).unwrap().images, 1);
}

/// One image with no name and no metadata whose links are derived from long endpoints: all
/// the text a list keeps of it is its endpoints (31 + 30 + 6 bytes), though its hrefs are
/// 248 bytes. `escape` writes each `/` of the hrefs as `\/`.
fn long_endpoints_doc(escape: bool) -> String {
    let (c, i, t) = (
        "http://compute.example.org:8774",
        "http://glance.example.org:9292",
        "tenant",
    );
    let id = "155d900f-4e14-4e4c-a73d-069cbf4541e6";
    let href = |s: String| if escape { s.replace('/', r"\/") } else { s };
    format!(
        r#"{{"images": [{{"id": "{id}", "name": null, "status": "ACTIVE", "progress": 100,
        "minDisk": 0, "minRam": 0, "created": null, "updated": null, "metadata": {{}},
        "links": [{{"href": "{}", "rel": "self"}}, {{"href": "{}", "rel": "bookmark"}},
        {{"href": "{}", "rel": "alternate", "type": "application/vnd.openstack.image"}}]}}]}}"#,
        href(format!("{c}/v2/{t}/images/{id}")),
        href(format!("{c}/{t}/images/{id}")),
        href(format!("{i}/{t}/images/{id}")),
    )
}

#[test]
fn a_list_of_the_capacity_it_is_told_takes_the_document() {
    // Before: `Capacity::detail` said 67 bytes, and a list of 67 refused the document with
    // "67 bytes of text needed": it unescaped the three hrefs whole into its pool to read the
    // endpoints out of them.
    for escape in [false, true] {
        let doc = long_endpoints_doc(escape);
        let needs = Capacity::detail(doc.as_bytes()).unwrap();
        assert_eq!(needs.to_string(), "ImageList<1, 0, 0, 67>", "{escape}");
        let mut exact: ImageList<1, 0, 0, 67> = ImageList::new();
        assert_eq!(exact.parse_detail(doc.as_bytes()), Ok(1), "{escape}");
        let e = exact.endpoints().unwrap();
        assert_eq!(
            (e.compute, e.image_service, e.tenant),
            (
                "http://compute.example.org:8774",
                "http://glance.example.org:9292",
                "tenant"
            )
        );
        // The links come out derived from them, unescaped.
        let rendered = text(&exact.detail(), Style::JsonCompact);
        for href in [
            "http://compute.example.org:8774/v2/tenant/images/155d900f-4e14-4e4c-a73d-069cbf4541e6",
            "http://glance.example.org:9292/tenant/images/155d900f-4e14-4e4c-a73d-069cbf4541e6",
        ] {
            assert!(rendered.contains(href), "{rendered}");
        }
        let mut short: ImageList<1, 0, 0, 66> = ImageList::new();
        let err = short.parse_detail(doc.as_bytes()).unwrap_err();
        assert_eq!(
            (err.kind, err.needed),
            (ErrorKind::OutOfTextSpace, Some(67))
        );
        assert_eq!(short.used(), ImageList::<1, 0, 0, 66>::new().used());
    }
}

#[test]
fn a_cleared_list_is_a_new_list() {
    let mut list = seed_list();
    list.set_size_extension(true);
    list.clear();
    let new = SeedList::new();
    assert_eq!(list.used(), new.used());
    assert_eq!(
        (list.len(), list.endpoints(), list.next_link()),
        (0, None, None)
    );
    assert!(all_renderings(&docs(&list)) == all_renderings(&docs(&new)));
    // All its room is there again (the seed takes exactly all of it), and nothing of before
    // shows (the size extension was on).
    let seed = golden("images-details.compact.json");
    assert_eq!(list.parse_detail(&seed), Ok(7));
    assert_eq!(list.used(), SeedList::CAPACITY);
    let mut fresh = SeedList::new();
    fresh.parse_detail(&seed).unwrap();
    assert!(all_renderings(&docs(&list)) == all_renderings(&docs(&fresh)));
}

#[test]
fn updates_are_checked_like_push_and_refusals_change_nothing() {
    let mut list = seed_list();
    let before = all_renderings(&docs(&list));
    let used = list.used();
    let refusals = [
        list.set_progress(0, 101).unwrap_err(),
        list.set_name(1, Some("bad\u{0}")).unwrap_err(),
        list.set_metadata(2, "k", Some("\u{ffff}")).unwrap_err(),
        list.set_metadata(2, "kernel_id", Some("\u{ffff}"))
            .unwrap_err(),
        list.remove_metadata(2, "absent").unwrap_err(),
        list.remove_link(2, 0).unwrap_err(),
        list.set_status(7, Status::Active).unwrap_err(),
        list.remove(7).unwrap_err(),
        list.set_name(0, Some(&"x".repeat(600))).unwrap_err(),
    ];
    let described: Vec<String> = refusals.iter().map(ToString::to_string).collect();
    assert_eq!(
        described,
        [
            "images[0].progress: progress above 100",
            "images[1].name: a character XML 1.0 cannot carry",
            "images[2].metadata[2].value: a character XML 1.0 cannot carry",
            "images[2].metadata[0].value: a character XML 1.0 cannot carry",
            "images[2].metadata key: no such entry",
            "images[2].links[0]: no such entry",
            "images[7]: no such image",
            "images[7]: no such image",
            "images[0].name: more text than the list holds (1117 bytes of text needed)",
        ]
    );
    assert!(all_renderings(&docs(&list)) == before);
    assert_eq!(list.used(), used);
}
