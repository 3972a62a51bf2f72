//! Hostile input, one row per case: each gets its specific error, and the list it was aimed at
//! is left exactly as it was (it still renders byte-identically).

mod common;
use common::*;
use osimages::{Error, ErrorKind, Field, ImageList, Style, Timestamp, Uuid};

type List = ImageList<8, 32, 8, 8192>;

/// The seed list plus one valid image, rendered, so that "unchanged" is checked in every style.
fn snapshot(list: &List) -> Vec<Vec<u8>> {
    Style::ALL
        .iter()
        .map(|&s| {
            let mut buf = vec![0u8; 32768];
            let n = list.detail().render(&mut buf, s).unwrap();
            buf.truncate(n);
            buf
        })
        .collect()
}

fn base_list() -> List {
    let mut list = List::new();
    list.parse_detail(&golden("images-details.compact.json"))
        .unwrap();
    list
}

/// One image document whose `name` value is replaced by the raw bytes `name`.
fn doc_with_name(name: &[u8]) -> Vec<u8> {
    let mut d = br#"{"images": [{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": ""#.to_vec();
    d.extend_from_slice(name);
    d.extend_from_slice(br#"", "status": "ACTIVE", "progress": 5, "minDisk": 1, "minRam": 2, "created": null, "updated": null, "metadata": {}, "links": [{"href": "h", "rel": "r"}]}]}"#);
    d
}

fn refused(doc: &[u8]) -> Error {
    let mut list = base_list();
    let before = snapshot(&list);
    let err = list
        .parse_detail(doc)
        .expect_err("hostile document accepted");
    assert_eq!(
        snapshot(&list),
        before,
        "a refused document changed the list"
    );
    err
}

#[test]
fn every_invalid_utf8_form_is_refused() {
    let forms: [(&str, &[u8]); 12] = [
        ("overlong 2-byte NUL", b"\xC0\x80"),
        ("overlong 2-byte slash", b"\xC1\xAF"),
        ("overlong 3-byte", b"\xE0\x80\xAF"),
        ("overlong 4-byte", b"\xF0\x80\x80\xAF"),
        ("UTF-16 surrogate D800", b"\xED\xA0\x80"),
        ("UTF-16 surrogate DFFF", b"\xED\xBF\xBF"),
        ("truncated 2-byte", b"\xC3"),
        ("truncated 3-byte", b"\xE2\x82"),
        ("truncated 4-byte", b"\xF0\x9F\x98"),
        ("lone continuation", b"\x80"),
        ("above U+10FFFF", b"\xF4\x90\x80\x80"),
        ("invalid lead byte", b"\xFF"),
    ];
    for (what, bytes) in forms {
        let err = refused(&doc_with_name(bytes));
        assert_eq!(err.kind, ErrorKind::InvalidUtf8, "{what}");
    }
}

#[test]
fn every_character_xml_cannot_carry_is_refused() {
    for c in (0u32..0x20)
        .filter(|c| ![9, 10, 13].contains(c))
        .chain([0xFFFE, 0xFFFF])
    {
        let escaped = format!("a\\u{c:04x}b");
        let err = refused(&doc_with_name(escaped.as_bytes()));
        assert_eq!(
            (err.kind, err.field, err.image),
            (ErrorKind::ForbiddenCharacter, Field::Name, Some(0)),
            "U+{c:04X}"
        );
        if c != 0xFFFE && c != 0xFFFF {
            // Raw control characters are not even JSON.
            let raw = [b'a', c as u8, b'b'];
            assert_eq!(
                refused(&doc_with_name(&raw)).kind,
                ErrorKind::InvalidEscape,
                "raw U+{c:04X}"
            );
        } else {
            let raw = char::from_u32(c).unwrap().to_string();
            assert_eq!(
                refused(&doc_with_name(raw.as_bytes())).kind,
                ErrorKind::ForbiddenCharacter,
                "raw U+{c:04X}"
            );
        }
    }
    // What XML can carry is accepted: TAB, LF, CR, DEL, C1 controls, U+FFFD, astral planes.
    let mut list = base_list();
    list.parse_detail(&doc_with_name(br"\t\n\r\u007f\u0085\ufffd\ud83d\ude00"))
        .unwrap();
    assert_eq!(
        list.get(7).unwrap().name(),
        Some("\t\n\r\u{7f}\u{85}\u{fffd}😀")
    );
}

#[test]
fn near_miss_uuids_are_refused() {
    let good = "155d900f-4e14-4e4c-a73d-069cbf4541e6";
    assert!(Uuid::parse(good).is_some());
    let near_misses = [
        "",
        "155d900f4e144e4ca73d069cbf4541e6",       // no hyphens
        "{155d900f-4e14-4e4c-a73d-069cbf4541e6}", // braces
        "urn:uuid:155d900f-4e14-4e4c-a73d-069cbf4541e6",
        "155d900f-4e14-4e4c-a73d-069cbf4541e",   // one short
        "155d900f-4e14-4e4c-a73d-069cbf4541e6a", // one long
        "155d900g-4e14-4e4c-a73d-069cbf4541e6",  // not hex
        "155d900f_4e14-4e4c-a73d-069cbf4541e6",  // wrong separator
        "155d900f-4e144-e4c-a73d-069cbf4541e6",  // hyphen moved
        "155d900f-4e14-4e4c-a73d-069cbf4541e 6", // space
        " 155d900f-4e14-4e4c-a73d-069cbf4541e6", // leading space
        "155d900f-4e14-4e4c-a73d-069cbf4541é",   // non-ASCII, 36 bytes
        "155d900f-4e14-4e4c-a73d-0x9cbf4541e6",  // 0x
        "+55d900f-4e14-4e4c-a73d-069cbf4541e6",  // sign
    ];
    for bad in near_misses {
        assert_eq!(Uuid::parse(bad), None, "{bad:?}");
        let doc = String::from_utf8(doc_with_name(b"n"))
            .unwrap()
            .replace(good, bad);
        let err = refused(doc.as_bytes());
        assert_eq!(
            (err.kind, err.field, err.image),
            (ErrorKind::NotUuid, Field::Id, Some(0)),
            "{bad:?}"
        );
    }
}

#[test]
fn impossible_dates_are_refused() {
    let impossible = [
        "2011-02-30T00:00:00Z",
        "2011-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2011-04-31T00:00:00Z",
        "2011-13-01T00:00:00Z",
        "2011-00-01T00:00:00Z",
        "2011-01-00T00:00:00Z",
        "2011-01-01T24:00:00Z",
        "2011-01-01T23:60:00Z",
        "2011-01-01T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "2011-01-01T00:00:00",
        "2011-01-01T00:00:00.5Z",
        "2011-01-01 00:00:00Z",
        "2011-01-01T00:00:00+00:00",
        "11-01-01T00:00:00Z",
        "2011-1-01T00:00:00Z",
        "２011-01-01T00:00:00Z",
    ];
    for bad in impossible {
        assert!(Timestamp::parse(bad, Field::Created).is_err(), "{bad}");
        let doc = String::from_utf8(doc_with_name(b"n"))
            .unwrap()
            .replace(r#""created": null"#, &format!(r#""created": "{bad}""#));
        let err = refused(doc.as_bytes());
        assert_eq!(
            (err.kind, err.field, err.image),
            (ErrorKind::NotDate, Field::Created, Some(0)),
            "{bad}"
        );
    }
    for fine in [
        "2000-02-29T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        assert!(Timestamp::parse(fine, Field::Created).is_ok(), "{fine}");
    }
}

/// Each case: the good document with `from` replaced by `to` is refused with `kind`, naming
/// `field` of its first image (and the list is left as it was).
fn refused_at_the_first_image(cases: &[(&str, &str, ErrorKind, Field)]) {
    for &(from, to, kind, field) in cases {
        let doc = String::from_utf8(doc_with_name(b"n"))
            .unwrap()
            .replace(from, to);
        assert_ne!(
            doc.as_bytes(),
            doc_with_name(b"n"),
            "{from} is not in the document"
        );
        let err = refused(doc.as_bytes());
        assert_eq!(
            (err.kind, err.field, err.image),
            (kind, field, Some(0)),
            "{to}"
        );
    }
}

#[test]
fn numbers_out_of_range_are_refused() {
    let cases = [
        (
            r#""progress": 5"#,
            r#""progress": 101"#,
            ErrorKind::ProgressAbove100,
            Field::Progress,
        ),
        (
            r#""progress": 5"#,
            r#""progress": 256"#,
            ErrorKind::ProgressAbove100,
            Field::Progress,
        ),
        (
            r#""minDisk": 1"#,
            r#""minDisk": -1"#,
            ErrorKind::NumberOutOfRange,
            Field::MinDisk,
        ),
        (
            r#""minDisk": 1"#,
            r#""minDisk": 18446744073709551616"#,
            ErrorKind::NumberOutOfRange,
            Field::MinDisk,
        ),
        (
            r#""minRam": 2"#,
            r#""minRam": null"#,
            ErrorKind::WrongType,
            Field::MinRam,
        ),
    ];
    refused_at_the_first_image(&cases);
}

/// A number that is not an integer is refused at its own field, as a value of the wrong type;
/// a number that is not JSON (a leading zero, a fraction without digits) as malformed, there too.
#[test]
fn numbers_that_are_not_integers_are_refused_at_their_field() {
    let cases = [
        (
            r#""progress": 5"#,
            r#""progress": 5.0"#,
            ErrorKind::WrongType,
            Field::Progress,
        ),
        (
            r#""progress": 5"#,
            r#""progress": 5e0"#,
            ErrorKind::WrongType,
            Field::Progress,
        ),
        (
            r#""minDisk": 1"#,
            r#""minDisk": 1.5E+3"#,
            ErrorKind::WrongType,
            Field::MinDisk,
        ),
        (
            r#""minRam": 2"#,
            r#""minRam": 0.25"#,
            ErrorKind::WrongType,
            Field::MinRam,
        ),
        (
            r#""progress": 5"#,
            r#""progress": 05"#,
            ErrorKind::Syntax,
            Field::Progress,
        ),
        (
            r#""minDisk": 1"#,
            r#""minDisk": 1."#,
            ErrorKind::Syntax,
            Field::MinDisk,
        ),
        (
            r#""minRam": 2"#,
            r#""minRam": 2e"#,
            ErrorKind::Syntax,
            Field::MinRam,
        ),
    ];
    refused_at_the_first_image(&cases);
}

#[test]
fn deep_nesting_and_huge_inputs_do_not_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(refused(deep.as_bytes()).kind, ErrorKind::WrongType);
    let deep_value = String::from_utf8(doc_with_name(b"n")).unwrap().replace(
        r#""metadata": {}"#,
        &format!(r#""metadata": {{"k": {}}}"#, "[".repeat(100_000)),
    );
    assert_eq!(refused(deep_value.as_bytes()).kind, ErrorKind::WrongType);
    let long_name = vec![b'x'; 1 << 20];
    assert_eq!(
        refused(&doc_with_name(&long_name)).kind,
        ErrorKind::OutOfTextSpace
    );
}

#[test]
fn capacity_plus_one_at_every_level_is_refused() {
    // Images: the seed fills 7 of 8; two more images need 9.
    let one = String::from_utf8(doc_with_name(b"a")).unwrap();
    let image = &one[one.find('[').unwrap() + 1..one.rfind(']').unwrap()];
    let two = format!(
        r#"{{"images": [{image}, {}]}}"#,
        image.replace("155d900f", "255d900f")
    );
    // Positions are the document's (its second image), and the list would need 9 images.
    let err = refused(two.as_bytes());
    assert_eq!(
        (err.kind, err.image, err.needed),
        (ErrorKind::TooManyImages, Some(1), Some(9))
    );
    // Metadata: 19 used of 32; 14 more is one too many.
    let entries: Vec<String> = (0..14).map(|k| format!(r#""k{k}": "v""#)).collect();
    let meta = String::from_utf8(doc_with_name(b"n")).unwrap().replace(
        r#""metadata": {}"#,
        &format!(r#""metadata": {{{}}}"#, entries.join(", ")),
    );
    let err = refused(meta.as_bytes());
    assert_eq!(
        (err.kind, err.image, err.entry, err.needed),
        (ErrorKind::TooManyMetadata, Some(0), Some(13), Some(33))
    );
    // Links: 0 used of 8; nine explicit links.
    let links: Vec<String> = (0..9)
        .map(|k| format!(r#"{{"href": "h{k}", "rel": "r"}}"#))
        .collect();
    let many = String::from_utf8(doc_with_name(b"n")).unwrap().replace(
        r#"[{"href": "h", "rel": "r"}]"#,
        &format!("[{}]", links.join(", ")),
    );
    let err = refused(many.as_bytes());
    assert_eq!(
        (err.kind, err.image, err.entry, err.needed),
        (ErrorKind::TooManyLinks, Some(0), Some(8), Some(9))
    );
    // Bytes: exactly what is left fits; one more byte does not.
    let list = base_list();
    let left = 8192 - list.bytes_used() - "h".len() - "r".len();
    let mut fits = base_list();
    fits.parse_detail(&doc_with_name(&vec![b'x'; left]))
        .unwrap();
    assert_eq!(fits.bytes_used(), 8192);
    // The name still fits; the link's `rel`, stored after it, is the string that does not.
    let err = refused(&doc_with_name(&vec![b'x'; left + 1]));
    assert_eq!(
        (err.kind, err.field, err.image, err.entry, err.needed),
        (
            ErrorKind::OutOfTextSpace,
            Field::LinkRel,
            Some(0),
            Some(0),
            Some(8193)
        )
    );
    let err = refused(&doc_with_name(&vec![b'x'; left + 3]));
    assert_eq!(
        (err.kind, err.field, err.image, err.needed),
        (ErrorKind::OutOfTextSpace, Field::Name, Some(0), Some(8195))
    );
}

#[test]
fn buffers_of_every_size_get_the_exact_need_and_no_overrun() {
    let list = seed_list();
    for style in Style::ALL {
        let doc = list.show(0).unwrap();
        let needed = doc.rendered_len(style);
        for len in 0..=needed + 1 {
            let mut buf = vec![0xA5u8; len + 2];
            let r = doc.render(&mut buf[1..len + 1], style);
            assert_eq!(
                (buf[0], buf[len + 1]),
                (0xA5, 0xA5),
                "{style:?} len {len}: wrote outside"
            );
            match r {
                Ok(n) => assert!(len >= needed && n == needed),
                Err(e) => {
                    assert!(len < needed);
                    assert_eq!(e.needed, needed);
                    assert!(
                        buf[1..len + 1].iter().all(|&b| b == 0),
                        "{style:?} len {len}: partial document left"
                    );
                }
            }
        }
    }
}

/// Applies `op` to the base list and checks it is refused with `want` (kind, field, image,
/// entry), leaving every rendering and counter as it was.
fn mutator_refused(
    name: &str,
    op: impl FnOnce(&mut List) -> Result<(), Error>,
    want: (ErrorKind, Field, Option<u32>, Option<u32>),
) {
    let mut list = base_list();
    let before = (
        snapshot(&list),
        list.used(),
        list.next_link().map(String::from),
    );
    let err = op(&mut list).expect_err(name);
    assert_eq!((err.kind, err.field, err.image, err.entry), want, "{name}");
    let after = (
        snapshot(&list),
        list.used(),
        list.next_link().map(String::from),
    );
    assert!(after == before, "{name}: a refused update changed the list");
}

#[test]
fn hostile_updates_are_refused_and_change_nothing() {
    use osimages::{LinkRef, Links, Status};
    let huge = "x".repeat(1 << 20);
    let forbidden = ["\u{0}", "a\u{1f}b", "\u{fffe}", "\u{ffff}x"];
    let far = usize::MAX;
    let no_such = |i: usize| {
        (
            ErrorKind::NoSuchImage,
            Field::Image,
            Some(i.min(u32::MAX as usize) as u32),
            None,
        )
    };
    mutator_refused(
        "status of an image past the end",
        |l| l.set_status(7, Status::Error),
        no_such(7),
    );
    mutator_refused(
        "progress of usize::MAX",
        |l| l.set_progress(far, 1),
        no_such(far),
    );
    mutator_refused("remove usize::MAX", |l| l.remove(far), no_such(far));
    mutator_refused(
        "links of usize::MAX",
        |l| l.set_links(far, Links::Derived),
        no_such(far),
    );
    mutator_refused(
        "metadata of usize::MAX",
        |l| l.set_metadata(far, "k", None),
        no_such(far),
    );
    mutator_refused(
        "progress 255",
        |l| l.set_progress(0, 255),
        (ErrorKind::ProgressAbove100, Field::Progress, Some(0), None),
    );
    for bad in forbidden {
        mutator_refused(
            "a forbidden name",
            |l| l.set_name(3, Some(bad)),
            (ErrorKind::ForbiddenCharacter, Field::Name, Some(3), None),
        );
        mutator_refused(
            "a forbidden metadata value",
            |l| l.set_metadata(0, "kernel_id", Some(bad)),
            (
                ErrorKind::ForbiddenCharacter,
                Field::MetadataValue,
                Some(0),
                Some(0),
            ),
        );
        mutator_refused(
            "a forbidden new metadata key",
            |l| l.set_metadata(0, bad, None),
            (
                ErrorKind::ForbiddenCharacter,
                Field::MetadataKey,
                Some(0),
                Some(4),
            ),
        );
        let link = [LinkRef {
            href: "h",
            rel: "r",
            media_type: Some(bad),
        }];
        mutator_refused(
            "a forbidden link type",
            |l| l.set_links(1, Links::Explicit(&link)),
            (
                ErrorKind::ForbiddenCharacter,
                Field::LinkType,
                Some(1),
                Some(0),
            ),
        );
        mutator_refused(
            "a forbidden next link",
            |l| l.set_next_link(Some(bad)),
            (ErrorKind::ForbiddenCharacter, Field::NextLink, None, None),
        );
    }
    mutator_refused(
        "a 1 MiB name",
        |l| l.set_name(0, Some(&huge)),
        (ErrorKind::OutOfTextSpace, Field::Name, Some(0), None),
    );
    mutator_refused(
        "a 1 MiB metadata value replacing a short one",
        |l| l.set_metadata(2, "ramdisk_id", Some(&huge)),
        (
            ErrorKind::OutOfTextSpace,
            Field::MetadataValue,
            Some(2),
            Some(1),
        ),
    );
    let many = vec![
        LinkRef {
            href: "h",
            rel: "r",
            media_type: None
        };
        9
    ];
    mutator_refused(
        "nine links into a pool of eight",
        |l| l.set_links(0, Links::Explicit(&many)),
        (ErrorKind::TooManyLinks, Field::Links, Some(0), None),
    );
    mutator_refused(
        "a missing metadata key",
        |l| l.remove_metadata(0, "no such key"),
        (ErrorKind::NoSuchEntry, Field::MetadataKey, Some(0), None),
    );
    mutator_refused(
        "a link of an image with derived links",
        |l| l.remove_link(0, 0),
        (ErrorKind::NoSuchEntry, Field::Links, Some(0), Some(0)),
    );
    mutator_refused(
        "link usize::MAX",
        |l| l.remove_link(0, far),
        (
            ErrorKind::NoSuchEntry,
            Field::Links,
            Some(0),
            Some(u32::MAX),
        ),
    );
}

#[test]
fn emptying_and_refilling_a_list_many_times_leaves_nothing_behind() {
    // Remove every image, metadata entry and link, one way or another, and store the seed
    // again: the list must come back byte for byte, with exactly the seed's usage.
    let seed = base_list();
    let want = snapshot(&seed);
    let mut list = base_list();
    for round in 0..50 {
        match round % 3 {
            0 => {
                while !list.is_empty() {
                    list.remove(list.len() - 1).unwrap();
                }
            }
            1 => {
                for i in 0..list.len() {
                    let keys: Vec<String> = list
                        .get(i)
                        .unwrap()
                        .metadata()
                        .map(|(k, _)| k.into())
                        .collect();
                    for k in keys {
                        list.remove_metadata(i, &k).unwrap();
                    }
                    list.set_name(i, None).unwrap();
                }
                while !list.is_empty() {
                    list.remove(0).unwrap();
                }
            }
            _ => {
                let mid = list.len() / 2;
                for _ in 0..list.len() {
                    list.remove(mid.min(list.len() - 1)).unwrap();
                }
            }
        }
        assert_eq!(
            (
                list.len(),
                list.metadata_used(),
                list.links_used(),
                list.bytes_used()
            ),
            (0, 0, 0, 72),
            "round {round}: only the endpoints are left"
        );
        assert_eq!(
            list.parse_detail(&golden("images-details.compact.json"))
                .unwrap(),
            7
        );
        assert_eq!(snapshot(&list), want, "round {round}");
        assert_eq!(list.used(), seed.used());
    }
}

#[test]
fn a_refused_parse_after_updates_leaves_the_updated_list_as_it_was() {
    // Updates move strings around in the pool; a parse that then fails must put back exactly
    // the updated list (it only ever appends, and rewinds to where it started).
    let mut list = base_list();
    list.set_name(0, Some("renamed")).unwrap();
    list.remove_metadata(1, "kernel_id").unwrap();
    list.set_next_link(Some("http://next")).unwrap();
    list.remove(4).unwrap();
    let before = (snapshot(&list), list.used());
    let two = String::from_utf8(doc_with_name(b"ok")).unwrap().replace(
        r#""links": [{"href": "h", "rel": "r"}]}]"#,
        r#""links": [{"href": "h", "rel": "r"}]}, {"id": "bad"}], "images_links": [{"href": "n", "rel": "next"}]"#,
    );
    let err = list.parse_detail(two.as_bytes()).unwrap_err();
    assert_eq!((err.kind, err.image), (ErrorKind::NotUuid, Some(1)));
    assert!((snapshot(&list), list.used()) == before);
    // And a parse that succeeds replaces the next link, giving the old one's bytes back.
    let one = String::from_utf8(doc_with_name(b"ok")).unwrap().replace(
        "]}]}",
        r#"]}], "images_links": [{"href": "n", "rel": "next"}]}"#,
    );
    let used = list.bytes_used();
    list.parse_detail(one.as_bytes()).unwrap();
    assert_eq!(list.next_link(), Some("n"));
    assert_eq!(
        list.bytes_used(),
        used - "http://next".len() + "n".len() + "ok".len() + 2
    );
}
