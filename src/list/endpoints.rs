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
/// service (the shortest compute that fits all three).
///
/// In time linear in the hrefs, escaped or not (a document's hrefs are the sender's, of any
/// length): each href is read from its start a fixed number of times. Compute is a common start
/// of the two compute links, the tenant a common end of all three bases; what is left to find,
/// the `/v2/` and the two `/` before the tenant, is one pass over the compute lengths those
/// allow.
fn split_endpoints(
    versioned: Part<'_>,
    bookmark: Part<'_>,
    alternate: Part<'_>,
    id: &[u8; 36],
) -> Option<(usize, usize, usize)> {
    const IMAGES: &[u8] = b"/images/";
    const V2: u32 = u32::from_be_bytes(*b"/v2/");
    // The length before `/images/{id}`.
    let base = |h: Part<'_>| -> Option<usize> {
        let at = h.len().checked_sub(IMAGES.len() + id.len())?;
        let ends = h.part(at, IMAGES.len()).is(IMAGES) && h.part(at + IMAGES.len(), 36).is(id);
        ends.then_some(at)
    };
    let (v, b, a) = (base(versioned)?, base(bookmark)?, base(alternate)?);
    // `{c}/v2/{t}` is `{c}/{t}` with `v2/` put in.
    let longest_tenant = v.checked_sub(4).filter(|_| b + 3 == v)?;
    let (vs, bs, als) = (
        versioned.part(0, v),
        bookmark.part(0, b),
        alternate.part(0, a),
    );
    // A tenant of length t: the three bases end with the same t bytes, after a `/` in the
    // alternate's.
    let longest_tenant = longest_tenant
        .min(common_end(vs, bs))
        .min(common_end(vs, als))
        .min(a.checked_sub(1)?);
    // Compute of length c: the two compute links start with the same c bytes, then a `/` each.
    let (first, last) = (v - 4 - longest_tenant, v - 4);
    let last = last.min(common_start(vs, bs).checked_sub(1)?);
    if first > last {
        return None;
    }
    let mut at_versioned = vs.part(first, v - first).bytes();
    let mut at_bookmark = bs.part(first, b - first).bytes();
    let mut at_alternate = als.part(a - longest_tenant - 1, longest_tenant + 1).bytes();
    // The four bytes of `versioned` from c.
    let mut four = 0u32;
    for _ in 0..3 {
        four = four << 8 | u32::from(at_versioned.next()?);
    }
    for c in first..=last {
        four = four << 8 | u32::from(at_versioned.next()?);
        // Before the tenant: `/` in the bookmark at c, and in the alternate at a - t - 1.
        let (slash, alternate_slash) = (at_bookmark.next()?, at_alternate.next()?);
        if four == V2 && slash == b'/' && alternate_slash == b'/' {
            let t = v - 4 - c;
            return Some((c, t, a - t - 1));
        }
    }
    None
}

/// How many bytes `x` and `y` start with in common.
fn common_start(x: Part<'_>, y: Part<'_>) -> usize {
    x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count()
}

/// How many bytes `x` and `y` end with in common.
fn common_end(x: Part<'_>, y: Part<'_>) -> usize {
    let n = x.len().min(y.len());
    let (x, y) = (x.part(x.len() - n, n), y.part(y.len() - n, n));
    x.bytes()
        .zip(y.bytes())
        .fold(0, |run, (p, q)| if p == q { run + 1 } else { 0 })
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

    /// The split by its definition, over plain bytes: the shortest compute that fits, tried
    /// one by one (quadratic, as the split was before it read each href a fixed number of
    /// times).
    fn split_by_definition(v: &[u8], b: &[u8], a: &[u8]) -> Option<(usize, usize, usize)> {
        fn base(h: &[u8]) -> Option<&[u8]> {
            let at = h.len().checked_sub(8 + 36)?;
            (h[at..] == [b"/images/".as_slice(), ID].concat()).then_some(&h[..at])
        }
        let (v, b, a) = (base(v)?, base(b)?, base(a)?);
        (0..v.len()).find_map(|c| {
            let t = v.len().checked_sub(c + 4)?;
            let i = a.len().checked_sub(t + 1)?;
            let tenant = &v[c + 4..];
            let fits = &v[c..c + 4] == b"/v2/"
                && b.len() == c + 1 + t
                && b[..c] == v[..c]
                && b[c] == b'/'
                && &b[c + 1..] == tenant
                && a[i] == b'/'
                && &a[i + 1..] == tenant;
            fits.then_some((c, t, i))
        })
    }

    /// Endpoints made of `/`, `v`, `2` and `x` (every way a `/v2/` or a `/` can be found where
    /// it does not belong), the three hrefs from one set of endpoints or from three: the split
    /// is the one by definition, plain and escaped.
    #[test]
    fn the_split_is_the_shortest_compute_that_fits() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        // Under Miri (the suite runs the core's unit tests so, big-endian), a hundredth.
        let rounds = if cfg!(miri) { 200 } else { 20_000 };
        let (mut splits, mut none) = (0, 0);
        for _ in 0..rounds {
            let mut word = |max: usize| -> String {
                let len = next(max + 1);
                (0..len).map(|_| ['/', 'v', '2', 'x'][next(4)]).collect()
            };
            let (c, t, i) = (word(6), word(5), word(3));
            let (c2, t2, t3) = (word(6), word(5), word(5));
            let [v, mut b, mut a] = hrefs(&c, &t, &i);
            if next(4) == 0 {
                b = hrefs(&c2, &t2, &i)[1].clone();
            }
            if next(4) == 0 {
                a = hrefs(&c, &t3, &i)[2].clone();
            }
            let want = split_by_definition(v.as_bytes(), b.as_bytes(), a.as_bytes());
            let plain = [&v, &b, &a].map(|h| Part::Literal(h.as_bytes()));
            assert_eq!(
                split_endpoints(plain[0], plain[1], plain[2], ID),
                want,
                "{v} {b} {a}"
            );
            let escaped = [&v, &b, &a].map(|h| h.replace('/', r"\/").replace('2', r"\u0032"));
            let [ev, eb, ea] = escaped.each_ref().map(|h| Part::of_raw(h));
            assert_eq!(split_endpoints(ev, eb, ea, ID), want, "{escaped:?}");
            match want {
                Some(_) => splits += 1,
                None => none += 1,
            }
        }
        // Both outcomes, many times each.
        assert!(
            splits > rounds / 20 && none > rounds / 20,
            "{splits} {none}"
        );
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
