//! Every check a value passes before it is stored or rendered: the one place that says what
//! osimages accepts.

use crate::Timestamp;
use crate::capacity::Capacity;
use crate::error::{Error, ErrorKind, Fault, Field};
use crate::model::{Endpoints, ImageRef, LinkRef};
use crate::text;

/// The longest string a list can store: a stored string's length has 27 bits.
pub(crate) const MAX_TEXT: usize = (1 << 27) - 1;

/// Why one value was refused, and which: what the checks below return (two bytes, returned in
/// a register, where an [`Error`] is returned through memory); the caller adds where the value
/// is ([`Refusal::at_image`], [`Refusal::at_entry`]) or makes it an [`Error`] (`From`, so `?`
/// does).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Why.
    pub kind: ErrorKind,
    /// Which value.
    pub field: Field,
}

impl Refusal {
    /// A value of `field` refused for `kind`.
    pub const fn new(kind: ErrorKind, field: Field) -> Self {
        Refusal { kind, field }
    }

    /// The error, in image `image`.
    pub(crate) const fn at_image(self, image: usize) -> Fault {
        Fault::new(self.kind, self.field).at_image(image)
    }

    /// The error, in entry `entry` of its image.
    pub(crate) const fn at_entry(self, entry: usize) -> Fault {
        Fault::new(self.kind, self.field).at_entry(entry)
    }
}

impl From<Refusal> for Fault {
    fn from(r: Refusal) -> Self {
        Fault::new(r.kind, r.field)
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Fault::from(r).into()
    }
}

/// Checks one string, returning its class bits.
pub fn text(s: &str, field: Field) -> Result<u8, Refusal> {
    text_bytes(s.as_bytes(), field)
}

/// `text` of bytes from outside Rust, before they are known to be UTF-8: a class without
/// `NON_ASCII` says they are ASCII (so UTF-8); any other still needs `decode`, whose refusal
/// comes first. A call in the small build: inlined into each of the checks that call it, it
/// costs a firmware that calls every C function about 450 bytes of flash.
#[cfg_attr(feature = "small", inline(never))]
pub fn text_bytes(b: &[u8], field: Field) -> Result<u8, Refusal> {
    if b.len() > MAX_TEXT {
        return Err(Refusal::new(ErrorKind::OutOfTextSpace, field));
    }
    text::classify_bytes(b).map_err(|_| Refusal::new(ErrorKind::ForbiddenCharacter, field))
}

/// The class bit of a byte above ASCII (or DEL).
pub const NON_ASCII: u8 = text::NON_ASCII;

/// Bytes from outside Rust as a string: all a key that is only looked up must be (what could
/// never be stored is then simply not found, as in Rust).
pub fn decode(b: &[u8], field: Field) -> Result<&str, Refusal> {
    core::str::from_utf8(b).map_err(|_| Refusal::new(ErrorKind::InvalidUtf8, field))
}

/// Whether `b` is UTF-8: the answer of `core::str::from_utf8(b).is_ok()` (Unicode's table of
/// well-formed byte sequences: no overlong form, no surrogate, nothing above U+10FFFF), one
/// character at a time through the decoder the renderer has anyway. For the C layer, which
/// decodes every string it is given: a fraction of the flash of `from_utf8`, whose
/// word-at-a-time ASCII path a firmware does not need.
#[doc(hidden)]
pub fn is_utf8(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        // The renderer's decoder (for `\uXXXX` escapes): U+FFFD from one byte is a sequence that is
        // not UTF-8 (a real U+FFFD takes three).
        match text::decode_utf8(b, i) {
            (0xFFFD, 1) => return false,
            (_, n) => i += usize::from(n),
        }
    }
    true
}

/// Checks bytes from outside Rust that are to be stored: `decode`, then `text`.
pub fn utf8(b: &[u8], field: Field) -> Result<&str, Refusal> {
    let s = decode(b, field)?;
    text(s, field)?;
    Ok(s)
}

/// Checks the endpoints, returning their class bits.
pub fn endpoints(e: &Endpoints<'_>) -> Result<[u8; 3], Refusal> {
    Ok([
        text(e.compute, Field::ComputeEndpoint)?,
        text(e.image_service, Field::ImageEndpoint)?,
        text(e.tenant, Field::Tenant)?,
    ])
}

/// Checks one metadata entry against the image's existing keys, returning the bytes it takes
/// and its strings' class bits, or-ed.
pub fn metadata_entry<'a>(
    key: &str,
    value: Option<&str>,
    existing_keys: impl Iterator<Item = &'a str>,
) -> Result<(usize, u8), Refusal> {
    let mut class = text(key, Field::MetadataKey)?;
    if let Some(v) = value {
        class |= text(v, Field::MetadataValue)?;
    }
    unique(key, existing_keys, |a, b| a == b)?;
    Ok((key.len() + value.map_or(0, str::len), class))
}

/// Checks that `key` is not one of the image's existing keys (their bytes: they were checked
/// before, and need not be decoded again to be compared): the rest of [`metadata_entry`], for
/// the C layer, which checks the strings as it decodes them. The small build compares the keys
/// byte by byte (`same`), where `==` calls `memcmp`: a C firmware that links no other use of it
/// then does not link it.
pub fn new_key<'a>(
    key: &str,
    existing_keys: impl Iterator<Item = &'a [u8]>,
) -> Result<(), Refusal> {
    unique(key.as_bytes(), existing_keys, same)
}

/// The duplicate-key rule, for both callers: `key` is none of `existing_keys` by `eq` (the
/// Rust path's `==`, the C layer's [`same`]).
#[inline(always)]
fn unique<'a, K: ?Sized + 'a>(
    key: &K,
    mut existing_keys: impl Iterator<Item = &'a K>,
    eq: impl Fn(&K, &K) -> bool,
) -> Result<(), Refusal> {
    if existing_keys.any(|k| eq(k, key)) {
        return Err(Refusal::new(ErrorKind::DuplicateKey, Field::MetadataKey));
    }
    Ok(())
}

/// Whether two keys are equal, byte by byte (see [`new_key`]).
#[cfg(feature = "small")]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether two keys are equal.
#[cfg(not(feature = "small"))]
fn same(a: &[u8], b: &[u8]) -> bool {
    a == b
}

/// Checks one explicit link, returning the bytes it takes and its strings' class bits, or-ed.
pub fn link(l: &LinkRef<'_>) -> Result<(usize, u8), Refusal> {
    let mut class = text(l.href, Field::LinkHref)? | text(l.rel, Field::LinkRel)?;
    if let Some(t) = l.media_type {
        class |= text(t, Field::LinkType)?;
        media_type(t)?;
    }
    Ok((
        l.href.len() + l.rel.len() + l.media_type.map_or(0, str::len),
        class,
    ))
}

/// Checks a link `type` (already a valid text): a media type as nova's schema takes one.
pub fn media_type(t: &str) -> Result<(), Refusal> {
    let mut m = MediaType::default();
    m.feed(t.as_bytes());
    m.finish()
}

/// A link `type` read in pieces (the parser's, through its escapes): atom-link.rng's
/// `atomMediaType` is `.+/.+`, a `/` with something on each side, and its `.` matches no line
/// break. Without it a document that nova's schema knows fails it.
#[derive(Default)]
pub(crate) struct MediaType(u8);

impl MediaType {
    /// Some byte came.
    const STARTED: u8 = 1;
    /// A `/` came after some byte.
    const SLASH: u8 = 2;
    /// A byte came after such a `/`: the pattern is met.
    const MET: u8 = 4;
    /// A CR or LF came: it never is.
    const BROKEN: u8 = 8;

    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let mut s = self.0;
            s |= (s & Self::SLASH) << 1;
            s |= (u8::from(b == b'/') & s) << 1;
            s |= Self::STARTED | u8::from(b == b'\n' || b == b'\r') << 3;
            self.0 = s;
        }
    }

    pub(crate) fn finish(&self) -> Result<(), Refusal> {
        if self.0 & (Self::MET | Self::BROKEN) == Self::MET {
            Ok(())
        } else {
            Err(Refusal::new(ErrorKind::NotMediaType, Field::LinkType))
        }
    }
}

/// A date given as text, `YYYY-MM-DDTHH:MM:SSZ` (what [`Timestamp::parse`] reads), as the value
/// of `field`.
pub fn date(s: &str, field: Field) -> Result<Timestamp, Refusal> {
    Timestamp::read(s).ok_or(Refusal::new(ErrorKind::NotDate, field))
}

/// Checks a progress value, 0 to 100.
pub fn progress(p: u64) -> Result<u8, Refusal> {
    match u8::try_from(p) {
        Ok(v) if v <= 100 => Ok(v),
        _ => Err(Refusal::new(ErrorKind::ProgressAbove100, Field::Progress)),
    }
}

/// Checks a whole image, returning what it takes from a list and the class bits of all its
/// strings, or-ed (what a borrowed view keeps of its check). The error names the field and
/// entry; the caller adds the image index.
pub(crate) fn image(img: &ImageRef<'_>) -> Result<(Capacity, u8), Fault> {
    let (mut needs, mut class) = scalars(img)?;
    let (metadata, links) = (img.metadata, img.links.explicit());
    for (j, (key, value)) in metadata.iter().enumerate() {
        let earlier = metadata.get(..j).unwrap_or(&[]).iter().map(|e| e.0);
        let (bytes, c) = metadata_entry(key, *value, earlier).map_err(|e| e.at_entry(j))?;
        needs.bytes = needs.bytes.saturating_add(bytes);
        class |= c;
    }
    for (j, l) in links.iter().enumerate() {
        let (bytes, c) = link(l).map_err(|e| e.at_entry(j))?;
        needs.bytes = needs.bytes.saturating_add(bytes);
        class |= c;
    }
    needs.metadata = metadata.len();
    needs.links = links.len();
    Ok((needs, class))
}

/// Checks an image's own values, not its metadata entries and explicit links (a caller that
/// holds those elsewhere checks each with [`metadata_entry`] and [`link`]), returning what the
/// values take from a list and the name's class bits.
pub fn scalars(img: &ImageRef<'_>) -> Result<(Capacity, u8), Refusal> {
    progress(u64::from(img.progress))?;
    let (mut bytes, mut class) = (0, 0);
    if let Some(name) = img.name {
        class = text(name, Field::Name)?;
        bytes += name.len();
    }
    if img.server.is_some() {
        bytes += 16;
    }
    let needs = Capacity {
        images: 1,
        metadata: 0,
        links: 0,
        bytes,
    };
    Ok((needs, class))
}

#[cfg(test)]
mod tests {
    use super::{MediaType, is_utf8, media_type};

    /// `.+/.+` read as a regular expression: some split at a `/` with text on both sides, no
    /// line break anywhere.
    fn matches_atom_media_type(t: &str) -> bool {
        let one_line = |s: &str| !s.is_empty() && !s.contains(['\n', '\r']);
        t.char_indices()
            .any(|(i, c)| c == '/' && one_line(&t[..i]) && one_line(&t[i + 1..]))
    }

    /// Every string of up to six characters of `a/é` and line breaks: the check, whole or fed
    /// in two pieces split anywhere, agrees with the pattern.
    #[test]
    fn media_type_is_atom_link_pattern() {
        const ALPHABET: [char; 5] = ['a', '/', 'é', '\n', '\r'];
        let (mut tried, longest) = (0, if cfg!(miri) { 3 } else { 6 });
        for len in 0..=longest {
            for mut n in 0..5usize.pow(len) {
                let mut t = std::string::String::new();
                for _ in 0..len {
                    t.push(ALPHABET[n % 5]);
                    n /= 5;
                }
                let expected = matches_atom_media_type(&t);
                assert_eq!(media_type(&t).is_ok(), expected, "{t:?}");
                for cut in 0..=t.len() {
                    let mut m = MediaType::default();
                    m.feed(&t.as_bytes()[..cut]);
                    m.feed(&t.as_bytes()[cut..]);
                    assert_eq!(m.finish().is_ok(), expected, "{t:?} cut at {cut}");
                }
                tried += 1;
            }
        }
        assert_eq!(tried, (0..=longest).map(|l| 5usize.pow(l)).sum::<usize>());
    }

    fn agrees(b: &[u8]) {
        assert_eq!(is_utf8(b), core::str::from_utf8(b).is_ok(), "{b:02x?}");
    }

    /// Every sequence of one to three bytes, and of four from a lead byte at or above F0 with
    /// each following byte at a boundary of the ranges that matter, agree with `from_utf8`.
    #[test]
    #[cfg_attr(miri, ignore)]
    fn is_utf8_agrees_with_from_utf8() {
        agrees(b"");
        for a in 0..=255u8 {
            agrees(&[a]);
            for b in 0..=255u8 {
                agrees(&[a, b]);
                agrees(&[b'x', a, b]);
                if a >= 0xC0 {
                    for c in 0..=255u8 {
                        agrees(&[a, b, c]);
                    }
                }
            }
        }
        let edges = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED,
            0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ];
        for a in 0xF0..=0xFFu8 {
            for &b in &edges {
                for &c in &edges {
                    for &d in &edges {
                        agrees(&[a, b, c, d]);
                        agrees(&[a, b, c, d, b'x']);
                        agrees(&[b'x', a, b, c, d]);
                    }
                }
            }
        }
        agrees("h\u{e9}llo \u{20ac} \u{10348} \u{10ffff}".as_bytes());
    }
}
