//! Endpoints read out of derived links: where three hrefs split into compute, tenant and image
//! service, and whether an image's hrefs are the ones a list's endpoints derive. Written once
//! over [`Part`]s: the list and the sizing tally find the endpoints where they lie in the
//! document's hrefs, read through their escapes, so that neither unescapes the hrefs anywhere
//! (the list stores only the endpoints; the tally needs no room at all).

use super::unescape::{Part, checked_len, unescapes_to};
use crate::error::{ErrorKind, Fault, Field};
use crate::model::Endpoints;

impl<'a> Part<'a> {
    /// Endpoints held unescaped, in the order [`derived_by`] takes them.
    pub(crate) fn of_endpoints(e: Endpoints<'a>) -> [Self; 3] {
        [e.compute, e.image_service, e.tenant].map(|s| Part::Literal(s.as_bytes()))
    }
}

/// Where the endpoints are in three derived hrefs (raw: `self`, `bookmark`, `alternate`):
/// compute, image service, tenant. `None` when the hrefs do not have the derived shape, or one
/// of them could not be stored (the explicit path stores it again and says what is wrong);
/// an error when one is longer than any stored string.
pub(crate) fn endpoints_in<'a>(
    hrefs: [&'a str; 3],
    id: &[u8; 36],
) -> Result<Option<[Part<'a>; 3]>, Fault> {
    for raw in hrefs {
        match checked_len(raw, Field::LinkHref) {
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::OutOfTextSpace => return Err(e),
            Err(_) => return Ok(None),
        }
    }
    let [versioned, bookmark, alternate] = hrefs.map(Part::of_raw);
    let split = split_endpoints(versioned, bookmark, alternate, id);
    Ok(split.map(|(c, t, i)| {
        [
            versioned.part(0, c),
            alternate.part(0, i),
            versioned.part(c + 4, t),
        ]
    }))
}

/// Where `{compute}/v2/{tenant}/images/{id}`, `{compute}/{tenant}/images/{id}` and
/// `{image_service}/{tenant}/images/{id}` split: the lengths of compute, tenant and image
/// service (the first compute that fits all three).
fn split_endpoints(
    versioned: Part<'_>,
    bookmark: Part<'_>,
    alternate: Part<'_>,
    id: &[u8; 36],
) -> Option<(usize, usize, usize)> {
    const IMAGES: &[u8] = b"/images/";
    // The length before `/images/{id}`.
    let base = |h: Part<'_>| -> Option<usize> {
        let at = h.len().checked_sub(IMAGES.len() + id.len())?;
        let ends = h.part(at, IMAGES.len()).is(IMAGES) && h.part(at + IMAGES.len(), 36).is(id);
        ends.then_some(at)
    };
    let (v, b, a) = (base(versioned)?, base(bookmark)?, base(alternate)?);
    (0..v).find_map(|c| {
        let t = v.checked_sub(c + 4)?;
        let i = a.checked_sub(t + 1)?;
        let tenant = versioned.part(c + 4, t);
        let fits = versioned.part(c, 4).is(b"/v2/")
            && b == c + 1 + t
            && bookmark.part(0, c).same(versioned.part(0, c))
            && bookmark.part(c, 1).is(b"/")
            && bookmark.part(c + 1, t).same(tenant)
            && alternate.part(i, 1).is(b"/")
            && alternate.part(i + 1, t).same(tenant);
        fits.then_some((c, t, i))
    })
}

/// Whether `hrefs` (raw) are the links that `compute`, `image_service` and `tenant` derive for
/// `{collection}/{id}`: `self`, `bookmark` and, for images (not servers), `alternate`.
pub(crate) fn derived_by(
    [compute, image_service, tenant]: [Part<'_>; 3],
    collection: &[u8],
    id: &[u8; 36],
    hrefs: &[&str],
) -> bool {
    let shapes = [
        (compute, b"/v2/".as_slice()),
        (compute, b"/"),
        (image_service, b"/"),
    ];
    hrefs.len() <= 3
        && hrefs.iter().zip(shapes).all(|(raw, (base, sep))| {
            let lit = Part::Literal;
            let parts = [
                base,
                lit(sep),
                tenant,
                lit(b"/"),
                lit(collection),
                lit(b"/"),
                lit(id),
            ];
            unescapes_to(raw, &parts)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;

    const ID: &[u8; 36] = b"155d900f-4e14-4e4c-a73d-069cbf4541e6";

    fn hrefs(c: &str, t: &str, i: &str) -> [String; 3] {
        let id = core::str::from_utf8(ID).unwrap();
        [
            format!("{c}/v2/{t}/images/{id}"),
            format!("{c}/{t}/images/{id}"),
            format!("{i}/{t}/images/{id}"),
        ]
    }

    #[test]
    fn escaped_hrefs_split_and_compare_as_their_unescaped_bytes() {
        for (c, t, i) in [
            ("http://c:8774", "tenant", "http://g:9292"),
            ("http://a/v2/b", "v2", "http://g"),
            ("http://é", "t\"", "http://g"),
            ("", "t", ""),
        ] {
            let plain = hrefs(c, t, i);
            let escaped = plain.clone().map(|h| {
                h.replace('/', r"\/")
                    .replace('\"', r#"\""#)
                    .replace('é', r"\u00e9")
            });
            let [pv, pb, pa] = plain.each_ref().map(|h| Part::Literal(h.as_bytes()));
            let [ev, eb, ea] = escaped.each_ref().map(|h| Part::of_raw(h));
            assert!(matches!(ev, Part::Escaped { .. }));
            let split = split_endpoints(pv, pb, pa, ID);
            assert_eq!(split, Some((c.len(), t.len(), i.len())), "{c} {t} {i}");
            assert_eq!(split_endpoints(ev, eb, ea, ID), split);
            let (c, t, i) = split.unwrap();
            for [v, a] in [[pv, pa], [ev, ea]] {
                let ends = [v.part(0, c), a.part(0, i), v.part(c + 4, t)];
                for hrefs in [&plain, &escaped] {
                    let raw = hrefs.each_ref().map(String::as_str);
                    assert!(derived_by(ends, b"images", ID, &raw));
                    assert!(derived_by(ends, b"images", ID, &raw[..2]));
                    assert!(!derived_by(ends, b"servers", ID, &raw));
                    assert!(!derived_by(ends, b"images", ID, &[raw[1], raw[0]]));
                    let longer = format!("{}x", raw[2]);
                    assert!(!derived_by(ends, b"images", ID, &[raw[0], raw[1], &longer]));
                }
            }
        }
    }

    #[test]
    fn hrefs_of_another_shape_do_not_split() {
        let [v, b, a] = hrefs("http://c", "t", "http://g");
        let [_, other, other_alternate] = hrefs("http://c", "u", "http://g");
        fn lit(h: &str) -> Part<'_> {
            Part::Literal(h.as_bytes())
        }
        let [v, b, a] = [&v, &b, &a].map(|h| lit(h));
        assert_eq!(split_endpoints(v, lit(&other), a, ID), None);
        assert_eq!(split_endpoints(v, b, lit(&other_alternate), ID), None);
        assert_eq!(split_endpoints(v, b, a.part(0, a.len() - 1), ID), None);
        assert!(split_endpoints(v, b, a, ID).is_some());
    }
}
