//! The JSON parser: every golden JSON file reads back into the seed model, in any layout, and
//! every malformed document is refused with an error that names the place, leaving the list as
//! it was.

mod common;
use common::*;
use osimages::{Error, ErrorKind, Field, ImageList, Links, Style};

type Big = ImageList<64, 512, 64, 65536>;

fn render(list: &Big, style: Style) -> Vec<u8> {
    let mut buf = vec![0u8; 65536];
    let n = list.detail().render(&mut buf, style).unwrap();
    buf.truncate(n);
    buf
}

#[test]
fn every_json_golden_file_parses_into_the_exact_seed_list() {
    for file in [
        "images-details.compact.json",
        "images-details.nova-wire.json",
    ] {
        let mut list = SeedList::new();
        assert_eq!(list.parse_detail(&golden(file)).unwrap(), 7, "{file}");
        assert_eq!(list.endpoints(), Some(ENDPOINTS));
        let mut buf = vec![0u8; 16384];
        for (style, out) in [
            (Style::JsonCompact, "images-details.compact.json"),
            (Style::XmlWire, "images-details.nova-wire.xml"),
        ] {
            let n = list.detail().render(&mut buf, style).unwrap();
            assert_eq!(buf[..n], golden(out)[..], "{file} -> {out}");
        }
    }
}

#[test]
fn the_pretty_golden_file_parses_with_sorted_metadata() {
    let mut list = Big::new();
    list.parse_detail(&golden("images-details.pretty.json"))
        .unwrap();
    assert_eq!(
        render(&list, Style::JsonPretty),
        golden("images-details.pretty.json")
    );
}

#[test]
fn escapes_whitespace_and_key_order_do_not_matter() {
    let doc = br#"
    { "images_links" : [ { "rel" : "next" , "href" : "http:\/\/x\/next?marker=1" } ],
      "images" : [ {
        "metadata" : { "k\u00e9y" : "v\ud83d\ude00\"\\\n", "n" : null , "" : "" },
        "links" : [
          { "rel" : "\u0073elf", "href" : "http://c/v2/t/images/70a599e0-31e7-49b7-b260-868f441e862b" },
          { "href" : "http://c/t/images/70a599e0-31e7-49b7-b260-868f441e862b", "rel" : "bookmark" },
          { "type" : "application/vnd.openstack.image", "rel" : "alternate",
            "href" : "http://g/t/images/70a599e0-31e7-49b7-b260-868f441e862b" } ],
        "updated" : null, "created" : "2012-02-29T23:59:59Z", "progress" : 0,
        "minRam" : 18446744073709551615, "minDisk" : 0, "name" : null,
        "status" : "SAVING", "\u0069d" : "70A599E0-31E7-49B7-B260-868F441E862B",
        "OS-EXT-IMG-SIZE:size" : null, "OS-DCF:diskConfig" : "MANUAL" } ] }"#;
    let mut list = Big::new();
    assert_eq!(list.parse_detail(doc).unwrap(), 1);
    let img = list.get(0).unwrap();
    assert_eq!(img.id().to_string(), "70a599e0-31e7-49b7-b260-868f441e862b");
    assert_eq!(img.name(), None);
    assert_eq!(img.min_ram(), u64::MAX);
    assert_eq!(img.created().unwrap().to_string(), "2012-02-29T23:59:59Z");
    assert_eq!(img.updated(), None);
    let meta: Vec<_> = img.metadata().collect();
    assert_eq!(
        meta,
        [("kéy", Some("v😀\"\\\n")), ("n", None), ("", Some(""))]
    );
    assert!(
        matches!(img.links(), Links::Derived),
        "links matched the endpoints: derived"
    );
    assert_eq!(list.endpoints().unwrap().image_service, "http://g");
    assert_eq!(list.next_link(), Some("http://x/next?marker=1"));
    assert!(list.size_extension());
    assert_eq!(
        String::from_utf8(render(&list, Style::JsonCompact)).unwrap(),
        r#"{"images":[{"OS-DCF:diskConfig":"MANUAL","OS-EXT-IMG-SIZE:size":null,"created":"2012-02-29T23:59:59Z","id":"70a599e0-31e7-49b7-b260-868f441e862b","links":[{"href":"http://c/v2/t/images/70a599e0-31e7-49b7-b260-868f441e862b","rel":"self"},{"href":"http://c/t/images/70a599e0-31e7-49b7-b260-868f441e862b","rel":"bookmark"},{"href":"http://g/t/images/70a599e0-31e7-49b7-b260-868f441e862b","rel":"alternate","type":"application/vnd.openstack.image"}],"metadata":{"kéy":"v😀\"\\\n","n":null,"":""},"minDisk":0,"minRam":18446744073709551615,"name":null,"progress":0,"status":"SAVING","updated":null}],"images_links":[{"href":"http://x/next?marker=1","rel":"next"}]}"#
    );
}

/// An image object with `extra` spliced in before its closing brace.
fn doc_with(fields: &str) -> Vec<u8> {
    format!(
        r#"{{"images": [{{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "x", "status": "ACTIVE", "progress": 5, "minDisk": 1, "minRam": 2, "created": null, "updated": null, "metadata": {{}}, "links": [{{"href": "h", "rel": "r"}}]{fields}}}]}}"#
    )
    .into_bytes()
}

#[test]
fn explicit_links_and_a_snapshot_server_round_trip() {
    let mut list = Big::new();
    list.parse_detail(&golden("images-details.compact.json"))
        .unwrap();
    let server = r#", "server": {"id": "a440c04b-79fa-479c-bed1-0b816eaec379", "links": [{"href": "http://openstack.example.com/v2/openstack/servers/a440c04b-79fa-479c-bed1-0b816eaec379", "rel": "self"}, {"href": "http://openstack.example.com/openstack/servers/a440c04b-79fa-479c-bed1-0b816eaec379", "rel": "bookmark"}]}"#;
    list.parse_detail(&doc_with(server)).unwrap();
    let img = list.get(7).unwrap();
    let Links::Explicit(links) = img.links() else {
        panic!("explicit links expected");
    };
    assert_eq!(links.count(), 1);
    assert_eq!(
        img.server().unwrap().to_string(),
        "a440c04b-79fa-479c-bed1-0b816eaec379"
    );
    let again = render(&list, Style::JsonCompact);
    let mut copy = Big::new();
    copy.parse_detail(&again).unwrap();
    assert_eq!(render(&copy, Style::JsonCompact), again);
}

/// JSON's `-0` is an integer zero (Python's `json` reads it as 0); `-1` stays out of range.
#[test]
fn minus_zero_is_zero() {
    let doc = String::from_utf8(doc_with(r#", "OS-EXT-IMG-SIZE:size": -0"#))
        .unwrap()
        .replace(r#""progress": 5"#, r#""progress": -0"#)
        .replace(r#""minDisk": 1"#, r#""minDisk": -0"#);
    let mut list = Big::new();
    list.parse_detail(doc.as_bytes()).unwrap();
    let img = list.get(0).unwrap();
    assert_eq!(
        (img.progress(), img.min_disk(), img.size()),
        (0, 0, Some(0))
    );
    let err = list
        .parse_detail(
            doc.replace(r#""minDisk": -0"#, r#""minDisk": -1"#)
                .as_bytes(),
        )
        .unwrap_err();
    assert_eq!(
        (err.kind, err.field),
        (ErrorKind::NumberOutOfRange, Field::MinDisk)
    );
}

/// Found by an outside audit: a snapshot whose server links could be checked only against
/// endpoints that a later image gives was refused, and accepted after that image. The order of
/// the images no longer decides; the endpoints still have to derive the server's links.
#[test]
fn a_snapshot_before_the_image_that_gives_the_endpoints_is_read_as_after_it() {
    let (a, b, s) = (
        "155d900f-4e14-4e4c-a73d-069cbf4541e6",
        "255d900f-4e14-4e4c-a73d-069cbf4541e6",
        "355d900f-4e14-4e4c-a73d-069cbf4541e6",
    );
    let image = |id: &str, links: &str, server: &str| {
        format!(
            r#"{{"id": "{id}", "name": "n", "status": "ACTIVE", "progress": 100, "minDisk": 0, "minRam": 0, "created": null, "updated": null, "metadata": {{}}, "links": [{links}]{server}}}"#
        )
    };
    let derived = format!(
        r#"{{"href": "http://c/v2/t/images/{b}", "rel": "self"}}, {{"href": "http://c/t/images/{b}", "rel": "bookmark"}}, {{"href": "http://g/t/images/{b}", "rel": "alternate", "type": "application/vnd.openstack.image"}}"#
    );
    let server = |host: &str| {
        format!(
            r#", "server": {{"id": "{s}", "links": [{{"href": "{host}/v2/t/servers/{s}", "rel": "self"}}, {{"href": "{host}/t/servers/{s}", "rel": "bookmark"}}]}}"#
        )
    };
    let doc = |first: &str, second: &str| format!(r#"{{"images": [{first}, {second}]}}"#);
    let snapshot = image(a, "", &server("http://c"));
    let plain = image(b, &derived, "");
    let mut before = Big::new();
    let mut after = Big::new();
    assert_eq!(
        before.parse_detail(doc(&snapshot, &plain).as_bytes()),
        Ok(2)
    );
    assert_eq!(after.parse_detail(doc(&plain, &snapshot).as_bytes()), Ok(2));
    assert_eq!(before.endpoints(), after.endpoints());
    assert_eq!(before.used(), after.used());
    assert_eq!(
        osimages::Capacity::detail(doc(&snapshot, &plain).as_bytes()),
        Ok(before.used())
    );
    let json = String::from_utf8(render(&before, Style::JsonCompact)).unwrap();
    assert!(
        json.contains(&format!("http://c/v2/t/servers/{s}")),
        "{json}"
    );
    // Endpoints that do not derive the server's links, wherever they come from: refused, and
    // the list as it was.
    let elsewhere = image(a, "", &server("http://elsewhere"));
    for text in [doc(&elsewhere, &plain), doc(&plain, &elsewhere)] {
        let mut list = Big::new();
        let err = list.parse_detail(text.as_bytes()).unwrap_err();
        assert_eq!(
            (err.kind, err.field),
            (ErrorKind::NotDerivable, Field::Server)
        );
        assert_eq!((list.len(), list.endpoints()), (0, None));
    }
    // No image gives them: refused for want of endpoints, as before.
    let mut list = Big::new();
    let err = list
        .parse_show(format!(r#"{{"image": {snapshot}}}"#).as_bytes())
        .unwrap_err();
    assert_eq!(
        (err.kind, err.field),
        (ErrorKind::NoEndpoints, Field::Server)
    );
}

fn refused(doc: &[u8]) -> Error {
    let mut list = Big::new();
    list.parse_detail(&golden("images-details.compact.json"))
        .unwrap();
    let before = render(&list, Style::JsonNova);
    let err = list.parse_detail(doc).unwrap_err();
    assert_eq!(
        render(&list, Style::JsonNova),
        before,
        "list changed by a refused parse"
    );
    assert_eq!(list.len(), 7);
    err
}

/// `doc_with("")` with the first `from` in it replaced by `to`.
fn with(from: &str, to: &str) -> Vec<u8> {
    let doc = String::from_utf8(doc_with("")).unwrap();
    assert!(doc.contains(from), "{from}");
    doc.replacen(from, to, 1).into_bytes()
}

/// `doc_with` a snapshot's server whose links are `links`.
fn with_server_links(links: &str) -> Vec<u8> {
    doc_with(&format!(
        r#", "server": {{"id": "a440c04b-79fa-479c-bed1-0b816eaec379", "links": [{links}]}}"#
    ))
}

#[test]
fn malformed_documents_are_refused_with_the_place_named() {
    // Positions are the document's: its first image is images[0], whatever the list held.
    let at = |kind, field, image: Option<usize>| {
        let e = Error::new(kind, field);
        image.map_or(e, |i| e.at_image(i))
    };
    let cases: Vec<(Vec<u8>, Error, &str)> = vec![
        (
            b"".to_vec(),
            at(ErrorKind::Syntax, Field::Document, None),
            "document: malformed JSON",
        ),
        (
            b"{\"images\": [".to_vec(),
            at(ErrorKind::Syntax, Field::Image, Some(0)),
            "images[0]: malformed JSON",
        ),
        (
            b"{\"images\": []} x".to_vec(),
            at(ErrorKind::Syntax, Field::Document, None),
            "document: malformed JSON",
        ),
        (
            b"{\"image\": {}}".to_vec(),
            at(ErrorKind::UnknownField, Field::Document, None),
            "document: unknown key \"image\"",
        ),
        (
            b"{}".to_vec(),
            at(ErrorKind::MissingField, Field::Images, None),
            "images: missing",
        ),
        (
            doc_with(r#", "id": "x""#),
            at(ErrorKind::DuplicateField, Field::Id, Some(0)),
            "images[0].id: appears twice",
        ),
        (
            doc_with(r#", "bogus": 1"#),
            at(ErrorKind::UnknownField, Field::Image, Some(0)),
            "images[0]: unknown key \"bogus\"",
        ),
        (
            doc_with(r#", "OS-DCF:diskConfig": "auto""#),
            at(ErrorKind::UnknownDiskConfig, Field::DiskConfig, Some(0)),
            "images[0].OS-DCF:diskConfig: not AUTO or MANUAL",
        ),
        (
            doc_with(r#", "OS-EXT-IMG-SIZE:size": -1"#),
            at(ErrorKind::NumberOutOfRange, Field::Size, Some(0)),
            "images[0].OS-EXT-IMG-SIZE:size: number out of range",
        ),
        (
            doc_with(r#", "OS-EXT-IMG-SIZE:size": "1""#),
            at(ErrorKind::WrongType, Field::Size, Some(0)),
            "images[0].OS-EXT-IMG-SIZE:size: wrong JSON type",
        ),
        (
            with_server_links(""),
            at(ErrorKind::NotDerivable, Field::Server, Some(0)),
            "images[0].server: links that the endpoints do not produce",
        ),
        (
            br#"{"images": [], "images_links": [{"href": "h", "rel": "next"}, {"href": "p", "rel": "prev"}]}"#.to_vec(),
            Error::new(ErrorKind::NotNextLink, Field::NextLink).at_entry(1),
            "images_links[1]: a pagination link other than rel \"next\"",
        ),
        // A next link has no type: the key is unknown in it.
        (
            br#"{"images": [], "images_links": [{"href": "h", "rel": "next", "type": "t"}]}"#.to_vec(),
            Error::new(ErrorKind::UnknownField, Field::NextLink).at_entry(0),
            "images_links[0]: unknown key \"type\"",
        ),
        // The parts of a server's links and of the next link are fields of their own, so that
        // a C caller (field, image, entry) can tell them from the image's own links.
        (
            with_server_links(r#"{"href": 1, "rel": "self"}"#),
            at(ErrorKind::WrongType, Field::ServerLinkHref, Some(0)).at_entry(0),
            "images[0].server.links[0].href: wrong JSON type",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "self"}, {"href": "h"}"#),
            at(ErrorKind::MissingField, Field::ServerLinkRel, Some(0)).at_entry(1),
            "images[0].server.links[1].rel: missing",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "self", "type": []}"#),
            at(ErrorKind::WrongType, Field::ServerLinkType, Some(0)).at_entry(0),
            "images[0].server.links[0].type: wrong JSON type",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "self"}, {"href": "h\u0001", "rel": "bookmark"}"#),
            at(ErrorKind::ForbiddenCharacter, Field::ServerLinkHref, Some(0)).at_entry(1),
            "images[0].server.links[1].href: a character XML 1.0 cannot carry",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "\ufffe"}"#),
            at(ErrorKind::ForbiddenCharacter, Field::ServerLinkRel, Some(0)).at_entry(0),
            "images[0].server.links[0].rel: a character XML 1.0 cannot carry",
        ),
        (
            br#"{"images": [], "images_links": [{"href": "h\u0001", "rel": "next"}]}"#.to_vec(),
            Error::new(ErrorKind::ForbiddenCharacter, Field::NextLinkHref).at_entry(0),
            "images_links[0].href: a character XML 1.0 cannot carry",
        ),
        (
            br#"{"images": [], "images_links": [{"href": "h", "rel": 1}]}"#.to_vec(),
            Error::new(ErrorKind::WrongType, Field::NextLinkRel).at_entry(0),
            "images_links[0].rel: wrong JSON type",
        ),
        (
            br#"{"images": [], "images_links": [{"rel": "next"}]}"#.to_vec(),
            Error::new(ErrorKind::MissingField, Field::NextLinkHref).at_entry(0),
            "images_links[0].href: missing",
        ),
        (
            with(r#"{"href": "h", "rel": "r"}"#, r#"{"href": "h", "rel": 1}"#),
            at(ErrorKind::WrongType, Field::LinkRel, Some(0)).at_entry(0),
            "images[0].links[0].rel: wrong JSON type",
        ),
        (
            br#"{"images": [], "images_links": [{"href": "h", "rel": "next"}, {"href": "h", "rel": "next"}]}"#.to_vec(),
            Error::new(ErrorKind::DuplicateField, Field::NextLink).at_entry(1),
            "images_links[1]: appears twice",
        ),
        (
            br#"{"images": [{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6"}]}"#.to_vec(),
            at(ErrorKind::MissingField, Field::Name, Some(0)),
            "images[0].name: missing",
        ),
        (
            String::from_utf8(doc_with(""))
                .unwrap()
                .replace(r#""progress": 5"#, r#""progress": x"#)
                .into_bytes(),
            at(ErrorKind::Syntax, Field::Progress, Some(0)),
            "images[0].progress: malformed JSON",
        ),
    ];
    for (doc, want, text) in cases {
        let got = refused(&doc);
        let place = |e: &Error| (e.kind, e.field, e.image, e.entry, e.needed);
        assert_eq!(
            place(&got),
            place(&want),
            "{}",
            String::from_utf8_lossy(&doc)
        );
        assert_eq!(got.to_string(), text);
    }
}

/// Found by an outside audit: each of these named the object around the value, or a value
/// before it, or called bytes that are no JSON a value of the wrong type.
#[test]
fn a_refusal_names_the_value_it_is_in_and_tells_bad_json_from_a_wrong_type() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        // What follows a value is refused in the value's place.
        (
            with(r#""progress": 5"#, r#""progress": 0x10"#),
            "images[0].progress: malformed JSON",
        ),
        (
            with(r#""name": "x""#, r#""name": "x" "y""#),
            "images[0].name: malformed JSON",
        ),
        (b"{\"images\": [] x}".to_vec(), "images: malformed JSON"),
        (with("{}", "{} x"), "images[0].metadata: malformed JSON"),
        // Between two links, the links.
        (
            with(r#""rel": "r"}]"#, r#""rel": "r"},]"#),
            "images[0].links: malformed JSON",
        ),
        (
            with(r#""rel": "r"}]"#, r#""rel": "r"} {}]"#),
            "images[0].links[0]: malformed JSON",
        ),
        // No JSON value starts so: malformed, not of the wrong type.
        (
            with(r#""progress": 5"#, r#""progress": +1"#),
            "images[0].progress: malformed JSON",
        ),
        (
            with(r#""name": "x""#, r#""name": tru"#),
            "images[0].name: malformed JSON",
        ),
        (
            with(r#""name": "x""#, r#""name": true"#),
            "images[0].name: wrong JSON type",
        ),
        (
            with(r#""progress": 5"#, r#""progress": -"#),
            "images[0].progress: malformed JSON",
        ),
        (
            "\u{feff}{\"images\": []}".as_bytes().to_vec(),
            "document: malformed JSON",
        ),
        (
            b"/* */ {\"images\": []}".to_vec(),
            "document: malformed JSON",
        ),
        // A server's links are named as its own.
        (
            with_server_links(r#"{"href": "h", "rel": "self", "x": 1}"#),
            r#"images[0].server.links[0]: unknown key "x""#,
        ),
        (
            with_server_links(r#"{"href": 1, "rel": "self"}"#),
            "images[0].server.links[0].href: wrong JSON type",
        ),
        (
            with_server_links(r#"{"rel": "self"}"#),
            "images[0].server.links[0].href: missing",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "self"},]"#),
            "images[0].server: malformed JSON",
        ),
        // The server's id is named as such.
        (
            doc_with(r#", "server": {"id": "a440c04b", "links": []}"#),
            "images[0].server.id: not a UUID",
        ),
        (
            doc_with(r#", "server": {"links": [], "id": 7}"#),
            "images[0].server.id: wrong JSON type",
        ),
        // The empty key is a key.
        (
            with(r#""name": "x""#, r#""name": "x", "": 1"#),
            r#"images[0]: unknown key """#,
        ),
        // A link that is no object is that link; so in a server's and in the next link.
        (
            with(r#""rel": "r"}]"#, r#""rel": "r"}, 1]"#),
            "images[0].links[1]: wrong JSON type",
        ),
        (
            with_server_links(r#"{"href": "h", "rel": "self"}, "x""#),
            "images[0].server.links[1]: wrong JSON type",
        ),
        (
            b"{\"images\": [], \"images_links\": [[]]}".to_vec(),
            "images_links[0]: wrong JSON type",
        ),
        (
            b"{\"images\": [], \"images_links\": [{\"href\": \"\\u0001\", \"rel\": \"next\"}]}"
                .to_vec(),
            "images_links[0].href: a character XML 1.0 cannot carry",
        ),
        // A key with a raw control character (or a malformed escape) is no JSON string, even
        // where it would be a key of ours.
        (
            with(r#""name": "x""#, "\"na\tme\": \"x\""),
            "images[0]: malformed string escape",
        ),
        (
            with(r#""name": "x""#, r#""name": "x", "\q": 1"#),
            "images[0]: malformed string escape",
        ),
    ];
    for (doc, text) in cases {
        let got = refused(&doc);
        assert_eq!(got.to_string(), text, "{}", String::from_utf8_lossy(&doc));
    }
    // A show document's image is `image`, whatever is in its place.
    let mut list = Big::new();
    let err = list.parse_show(b"{\"image\": []}").unwrap_err();
    assert_eq!(err.to_string(), "image: wrong JSON type");
    assert_eq!(list.len(), 0);
}

#[test]
fn bad_values_are_refused_like_the_store_api_refuses_them() {
    let fields = |id: &str, status: &str, progress: &str, created: &str, name: &str| {
        format!(
            r#"{{"images": [{{"id": {id}, "name": {name}, "status": {status}, "progress": {progress}, "minDisk": 0, "minRam": 0, "created": {created}, "updated": null, "metadata": {{}}, "links": [{{"href": "h", "rel": "r"}}]}}]}}"#
        )
        .into_bytes()
    };
    let ok = (
        "\"155d900f-4e14-4e4c-a73d-069cbf4541e6\"",
        "\"ACTIVE\"",
        "100",
        "null",
        "\"n\"",
    );
    let cases = [
        (
            fields(
                "\"155d900f4e144e4ca73d069cbf4541e6\"",
                ok.1,
                ok.2,
                ok.3,
                ok.4,
            ),
            ErrorKind::NotUuid,
            Field::Id,
        ),
        (
            fields(ok.0, "\"active\"", ok.2, ok.3, ok.4),
            ErrorKind::UnknownStatus,
            Field::Status,
        ),
        // A short value's escapes: a malformed one, a raw control character, and good ones
        // that make no value.
        (
            fields(
                "\"155d900f-4e14-4e4c-a73d-069cbf4541e\\x\"",
                ok.1,
                ok.2,
                ok.3,
                ok.4,
            ),
            ErrorKind::InvalidEscape,
            Field::Id,
        ),
        (
            fields(ok.0, "\"ACTIVE\u{1}\"", ok.2, ok.3, ok.4),
            ErrorKind::InvalidEscape,
            Field::Status,
        ),
        (
            fields(
                ok.0,
                ok.1,
                ok.2,
                "\"2011-01-01T01:02:03\\u005A\\u0021\"",
                ok.4,
            ),
            ErrorKind::NotDate,
            Field::Created,
        ),
        (
            fields(ok.0, "\"\\u0061ctive\"", ok.2, ok.3, ok.4),
            ErrorKind::UnknownStatus,
            Field::Status,
        ),
        (
            fields(ok.0, ok.1, "101", ok.3, ok.4),
            ErrorKind::ProgressAbove100,
            Field::Progress,
        ),
        (
            fields(ok.0, ok.1, ok.2, "\"2011-02-29T00:00:00Z\"", ok.4),
            ErrorKind::NotDate,
            Field::Created,
        ),
        (
            fields(ok.0, ok.1, ok.2, ok.3, "\"a\\u0001\""),
            ErrorKind::ForbiddenCharacter,
            Field::Name,
        ),
        (
            fields(ok.0, ok.1, ok.2, ok.3, "\"a\\uffff\""),
            ErrorKind::ForbiddenCharacter,
            Field::Name,
        ),
        (
            fields(ok.0, ok.1, ok.2, ok.3, "\"a\\ud800\""),
            ErrorKind::InvalidEscape,
            Field::Name,
        ),
        (
            fields(ok.0, ok.1, ok.2, ok.3, "\"a\u{1}\""),
            ErrorKind::InvalidEscape,
            Field::Name,
        ),
        (
            fields(ok.0, ok.1, ok.2, ok.3, "7"),
            ErrorKind::WrongType,
            Field::Name,
        ),
    ];
    for (doc, kind, field) in cases {
        let err = refused(&doc);
        assert_eq!(
            (err.kind, err.field, err.image),
            (kind, field, Some(0)),
            "{}",
            String::from_utf8_lossy(&doc)
        );
    }
    let mut invalid_utf8 = fields(ok.0, ok.1, ok.2, ok.3, "\"\u{e9}\"");
    let at = invalid_utf8.iter().position(|&b| b == 0xC3).unwrap();
    invalid_utf8[at] = 0xFF;
    assert_eq!(refused(&invalid_utf8).kind, ErrorKind::InvalidUtf8);
}

#[test]
fn duplicate_metadata_keys_and_capacities_are_refused() {
    let dup = doc_with("").into_iter().collect::<Vec<_>>();
    let dup = String::from_utf8(dup).unwrap().replace(
        r#""metadata": {}"#,
        r#""metadata": {"a": "1", "\u0061": "2"}"#,
    );
    let err = refused(dup.as_bytes());
    assert_eq!(
        (err.kind, err.field, err.image, err.entry),
        (
            ErrorKind::DuplicateKey,
            Field::MetadataKey,
            Some(0),
            Some(1)
        )
    );

    // Capacity errors say how much the list would need for the whole document.
    let mut small = SeedList::new();
    let err = small.parse_detail(&doc_with("")).unwrap_err();
    assert_eq!(
        (err.kind, err.field, err.needed),
        (ErrorKind::TooManyLinks, Field::Links, Some(1))
    );
    assert_eq!(small.len(), 0);
    assert_eq!(small.bytes_used(), 0);
    let mut tiny: ImageList<7, 19, 0, 526> = ImageList::new();
    let err = tiny
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!(
        (err.kind, err.needed),
        (ErrorKind::OutOfTextSpace, Some(527))
    );
    assert_eq!((tiny.len(), tiny.bytes_used()), (0, 0));
    let mut six: ImageList<6, 19, 0, 527> = ImageList::new();
    let err = six
        .parse_detail(&golden("images-details.compact.json"))
        .unwrap_err();
    assert_eq!((err.kind, err.needed), (ErrorKind::TooManyImages, Some(7)));
    assert_eq!(
        err.to_string(),
        "images[6]: more images than the list holds (7 images needed)"
    );
}

#[test]
fn show_documents_parse_and_render_back() {
    let mut list = Big::new();
    list.parse_detail(&golden("images-details.compact.json"))
        .unwrap();
    let mut buf = vec![0u8; 8192];
    let n = list
        .show(3)
        .unwrap()
        .render(&mut buf, Style::JsonNova)
        .unwrap();
    let mut other = Big::new();
    assert_eq!(other.parse_show(&buf[..n]).unwrap(), 0);
    let mut again = vec![0u8; 8192];
    let m = other
        .show(0)
        .unwrap()
        .render(&mut again, Style::JsonNova)
        .unwrap();
    assert_eq!(again[..m], buf[..n]);
}

#[test]
fn escaped_slashes_still_give_derived_links_in_the_exact_seed_list() {
    let escaped = String::from_utf8(golden("images-details.compact.json"))
        .unwrap()
        .replace('/', "\\/");
    parses_into_the_exact_seed_list(escaped.as_bytes());
}

/// `doc` (the seed's compact JSON, written another way) parses into the seed list, links
/// derived from the endpoints, which renders the golden file again.
fn parses_into_the_exact_seed_list(doc: &[u8]) {
    let mut list = SeedList::new();
    assert_eq!(list.parse_detail(doc).unwrap(), 7);
    assert_eq!(list.endpoints(), Some(ENDPOINTS));
    assert_eq!(list.links_used(), 0);
    let mut buf = vec![0u8; 8192];
    let n = list.detail().render(&mut buf, Style::JsonCompact).unwrap();
    assert_eq!(buf[..n], golden("images-details.compact.json")[..]);
}

#[test]
fn every_letter_of_every_string_escaped_gives_the_exact_seed_list() {
    // Keys, ids, dates, statuses, names and hrefs all read through their escapes (the parser
    // reads a string with no escape where it lies, so this is the other way for each of them).
    let plain = String::from_utf8(golden("images-details.compact.json")).unwrap();
    let mut escaped = String::new();
    let mut in_string = false;
    for c in plain.chars() {
        match c {
            '"' => {
                in_string = !in_string;
                escaped.push(c);
            }
            c if in_string && c.is_ascii_alphabetic() => {
                escaped.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => escaped.push(c),
        }
    }
    assert!(!escaped.contains("images") && escaped.contains(r#""\u0069\u0064""#));
    parses_into_the_exact_seed_list(escaped.as_bytes());
    // The sizing tally reads the same escapes.
    assert_eq!(
        osimages::Capacity::detail(escaped.as_bytes()).unwrap(),
        osimages::Capacity::detail(plain.as_bytes()).unwrap()
    );
}

#[test]
fn the_size_query_refuses_a_string_for_the_reason_the_parse_does() {
    // Found by the parse fuzz target: a value with an escaped character XML cannot carry (`\f`)
    // before a raw control character (malformed JSON). The parse unescapes the whole string
    // before checking it and refused the malformed string; the size query checked it piece by
    // piece and refused the character.
    let doc = b"{\"image\": {\"metadata\": {\"k\": \"a\\fb\x0cc\"}}}";
    let mut list: ImageList<1, 1, 0, 64> = ImageList::new();
    let parsed = list.parse_show(doc).unwrap_err();
    assert_eq!(parsed.kind, ErrorKind::InvalidEscape);
    assert_eq!(
        parsed.to_string(),
        "image.metadata[0].value: malformed string escape"
    );
    assert_eq!(osimages::Capacity::show(doc), Err(parsed));
    // Either alone is refused for its own reason by both.
    for (doc, kind) in [
        (
            &b"{\"image\": {\"metadata\": {\"k\": \"a\\fb\"}}}"[..],
            ErrorKind::ForbiddenCharacter,
        ),
        (
            &b"{\"image\": {\"metadata\": {\"k\": \"a\x0cb\"}}}"[..],
            ErrorKind::InvalidEscape,
        ),
    ] {
        let parsed = list.parse_show(doc).unwrap_err();
        assert_eq!(parsed.kind, kind);
        assert_eq!(osimages::Capacity::show(doc), Err(parsed));
    }
}
