//! JSON string unescaping, strict: every escape JSON has, surrogate pairs joined, lone
//! surrogates and raw control characters refused. (serde-json-core's own unescaper refuses
//! surrogate pairs, so osimages reads raw strings and unescapes them here, straight into the
//! byte pool.)

use crate::error::{ErrorKind, Fault, Field};
use crate::{text, validate};

/// A run of the input that needs no unescaping, or one unescaped character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Run(&'a str),
    Char(char),
}

/// The pieces of a raw JSON string's content (between its quotes).
pub(crate) struct Unescape<'a> {
    rest: &'a str,
}

/// A malformed escape or a raw control character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadEscape;

impl<'a> Unescape<'a> {
    pub(crate) fn new(raw: &'a str) -> Self {
        Unescape { rest: raw }
    }

    fn hex4(&mut self) -> Result<u32, BadEscape> {
        let digits = self.rest.get(..4).ok_or(BadEscape)?;
        let mut v = 0u32;
        for b in digits.bytes() {
            v = v * 16 + char::from(b).to_digit(16).ok_or(BadEscape)?;
        }
        self.rest = self.rest.get(4..).ok_or(BadEscape)?;
        Ok(v)
    }

    fn escape(&mut self) -> Result<char, BadEscape> {
        let mut chars = self.rest.chars();
        let c = chars.next().ok_or(BadEscape)?;
        self.rest = chars.as_str();
        Ok(match c {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = self.hex4()?;
                let code = match hi {
                    0xD800..=0xDBFF => {
                        self.rest = self.rest.strip_prefix("\\u").ok_or(BadEscape)?;
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return Err(BadEscape);
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(BadEscape),
                    _ => hi,
                };
                char::from_u32(code).ok_or(BadEscape)?
            }
            _ => return Err(BadEscape),
        })
    }
}

impl<'a> Iterator for Unescape<'a> {
    type Item = Result<Piece<'a>, BadEscape>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.rest.as_bytes();
        let first = *b.first()?;
        let item = if first == b'\\' {
            self.rest = self.rest.get(1..).unwrap_or("");
            self.escape().map(Piece::Char)
        } else if first < 0x20 {
            Err(BadEscape)
        } else {
            let end = find::<ESCAPES>(b).unwrap_or(b.len());
            // Backslash and control bytes are ASCII, so `end` is a char boundary.
            let (run, rest) = self.rest.split_at_checked(end).unwrap_or((self.rest, ""));
            self.rest = rest;
            Ok(Piece::Run(run))
        };
        if item.is_err() {
            self.rest = "";
        }
        Some(item)
    }
}

/// Hands `f` what the raw JSON string `raw` unescapes to, piece by piece (the whole of it at
/// once when it has no escape); stops at `f`'s first error, or with `bad` at a malformed
/// escape.
pub(crate) fn each_unescaped<E>(
    raw: &str,
    bad: E,
    mut f: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    if is_plain(raw) {
        return f(raw.as_bytes());
    }
    let mut buf = [0u8; 4];
    for piece in Unescape::new(raw) {
        match piece {
            Ok(Piece::Run(s)) => f(s.as_bytes())?,
            Ok(Piece::Char(c)) => f(c.encode_utf8(&mut buf).as_bytes())?,
            Err(BadEscape) => return Err(bad),
        }
    }
    Ok(())
}

/// Whether a raw JSON string's bytes are the ones it unescapes to: no escape and no raw
/// control character (which unescaping refuses), as nearly every string a server writes.
pub(crate) fn is_plain(raw: &str) -> bool {
    find::<ESCAPES>(raw.as_bytes()).is_none()
}

/// [`find`]: a backslash or a control character, what ends a run of [`Unescape`].
pub(crate) const ESCAPES: u8 = 1;
/// [`find`]: a backslash or a quote, what may end a raw string in a document.
pub(crate) const STRING_END: u8 = 2;

/// Where the first byte of `s` is that `WHAT` looks for ([`ESCAPES`] or [`STRING_END`]):
/// eight bytes at a time, then the last few one by one (the small build: one by one).
pub(crate) fn find<const WHAT: u8>(s: &[u8]) -> Option<usize> {
    #[cfg(not(feature = "small"))]
    let at = match find_in_words::<WHAT>(s) {
        Ok(hit) => return Some(hit),
        Err(at) => at,
    };
    #[cfg(feature = "small")]
    let at = 0;
    let stop = |b: u8| b == b'\\' || if WHAT == ESCAPES { b < 0x20 } else { b == b'"' };
    let tail = s.get(at..)?;
    tail.iter().position(|&b| stop(b)).map(|k| at + k)
}

/// [`find`] in whole words: where the first byte it looks for is (`Ok`), or where the words
/// end without one (`Err`: the rest is to be looked at byte by byte).
#[cfg(not(feature = "small"))]
fn find_in_words<const WHAT: u8>(s: &[u8]) -> Result<usize, usize> {
    const LO: u64 = u64::from_ne_bytes([1; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each byte below `n` but of bytes after the first such byte, which may
    // be set either way (a borrow): the first flagged byte is always one.
    let below = |x: u64, n: u8| x.wrapping_sub(LO * u64::from(n)) & !x & HI;
    let equal = |x: u64, b: u8| below(x ^ (LO * u64::from(b)), 1);
    let mut words = s.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let x = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        let hits = equal(x, b'\\')
            | match WHAT {
                ESCAPES => below(x, 0x20),
                _ => equal(x, b'"'),
            };
        if hits != 0 {
            return Ok(k * 8 + (hits.trailing_zeros() / 8) as usize);
        }
    }
    Err(s.len() - words.remainder().len())
}

/// Whether the raw JSON string `raw` unescapes to `lit` (a link's relation, its type).
pub(crate) fn equals(raw: &str, lit: &[u8]) -> bool {
    unescapes_to(raw, &[Part::Literal(lit)])
}

/// Whether the raw JSON string `raw` unescapes to exactly the concatenation of `parts`:
/// compared as slices when `raw` has no escape, byte by byte through its escapes otherwise.
#[inline]
pub(crate) fn unescapes_to(raw: &str, parts: &[Part<'_>]) -> bool {
    if is_plain(raw) {
        let rest = parts
            .iter()
            .try_fold(raw.as_bytes(), |r, p| p.strip_from(r));
        return rest.is_some_and(<[u8]>::is_empty);
    }
    let mut got = UnescapedBytes::new(raw);
    parts
        .iter()
        .all(|p| p.bytes().all(|b| got.next() == Some(b)))
        && got.is_done()
}

/// Bytes as a JSON string unescapes them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a> {
    /// Bytes that need no unescaping: a stored string, a literal, or a plain raw string (as
    /// nearly every href).
    Literal(&'a [u8]),
    /// `len` bytes from `skip` of what a raw JSON string with escapes (none malformed)
    /// unescapes to.
    Escaped {
        raw: &'a str,
        skip: usize,
        len: usize,
    },
}

impl<'a> Part<'a> {
    /// All of the raw JSON string `raw`.
    pub(crate) fn of_raw(raw: &'a str) -> Self {
        match is_plain(raw) {
            true => Part::Literal(raw.as_bytes()),
            false => Part::Escaped {
                raw,
                skip: 0,
                len: UnescapedBytes::new(raw).count(),
            },
        }
    }

    pub(crate) fn len(self) -> usize {
        match self {
            Part::Literal(b) => b.len(),
            Part::Escaped { len, .. } => len,
        }
    }

    /// `len` bytes from `at` (within the part: the callers check). Out of line, as
    /// [`Part::same`]: the endpoints' split calls both a dozen times (768 B of flash less in a C
    /// firmware that links the parser, and no slower).
    #[inline(never)]
    pub(crate) fn part(self, at: usize, len: usize) -> Self {
        match self {
            Part::Literal(b) => Part::Literal(b.get(at..at.saturating_add(len)).unwrap_or(&[])),
            Part::Escaped { raw, skip, .. } => Part::Escaped {
                raw,
                skip: skip.saturating_add(at),
                len,
            },
        }
    }

    pub(crate) fn bytes(self) -> core::iter::Take<core::iter::Skip<UnescapedBytes<'a>>> {
        let (all, skip) = match self {
            Part::Literal(b) => (UnescapedBytes::literal(b), 0),
            Part::Escaped { raw, skip, .. } => (UnescapedBytes::new(raw), skip),
        };
        all.skip(skip).take(self.len())
    }

    #[inline(never)]
    pub(crate) fn same(self, other: Part<'_>) -> bool {
        match (self, other) {
            (Part::Literal(a), Part::Literal(b)) => a == b,
            _ => self.len() == other.len() && self.bytes().eq(other.bytes()),
        }
    }

    pub(crate) fn is(self, lit: &[u8]) -> bool {
        self.same(Part::Literal(lit))
    }

    /// What follows these bytes at the start of `s`, if they start it.
    fn strip_from(self, s: &[u8]) -> Option<&[u8]> {
        match self {
            Part::Literal(p) => s.strip_prefix(p),
            Part::Escaped { len, .. } => {
                let (head, rest) = s.split_at_checked(len)?;
                self.is(head).then_some(rest)
            }
        }
    }
}

/// The bytes a raw JSON string unescapes to, one by one, up to a malformed escape.
pub(crate) struct UnescapedBytes<'a> {
    pieces: Unescape<'a>,
    run: &'a [u8],
    char: [u8; 4],
    char_at: u8,
    char_len: u8,
    failed: bool,
}

impl<'a> UnescapedBytes<'a> {
    pub(crate) fn new(raw: &'a str) -> Self {
        UnescapedBytes {
            pieces: Unescape::new(raw),
            run: &[],
            char: [0; 4],
            char_at: 0,
            char_len: 0,
            failed: false,
        }
    }

    /// `bytes` as they are (already unescaped).
    pub(crate) fn literal(bytes: &'a [u8]) -> Self {
        UnescapedBytes {
            run: bytes,
            ..Self::new("")
        }
    }

    /// Whether every byte was read, with no malformed escape on the way.
    pub(crate) fn is_done(&mut self) -> bool {
        self.next().is_none() && !self.failed
    }
}

impl Iterator for UnescapedBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        loop {
            if let Some(&b) = self
                .char
                .get(usize::from(self.char_at))
                .filter(|_| self.char_at < self.char_len)
            {
                self.char_at += 1;
                return Some(b);
            }
            if let Some((&b, rest)) = self.run.split_first() {
                self.run = rest;
                return Some(b);
            }
            match self.pieces.next()? {
                Ok(Piece::Run(s)) => self.run = s.as_bytes(),
                Ok(Piece::Char(c)) => {
                    self.char_len = c.encode_utf8(&mut self.char).len() as u8;
                    self.char_at = 0;
                }
                Err(_) => {
                    self.failed = true;
                    return None;
                }
            }
        }
    }
}

/// The length of a raw JSON string once unescaped, checked as a stored string is (the sizing
/// tally counts what the list would store), refused for the same reason: a malformed escape
/// wherever it is (the list unescapes the whole string first), then as `validate::text_bytes`
/// checks, its length before its characters.
pub(crate) fn checked_len(raw: &str, field: Field) -> Result<usize, Fault> {
    let (len, clean) = if is_plain(raw) {
        (raw.len(), text::classify(raw).is_ok())
    } else {
        let (mut len, mut clean) = (0, true);
        let mut buf = [0u8; 4];
        for piece in Unescape::new(raw) {
            let s = match piece {
                Ok(Piece::Run(s)) => s,
                Ok(Piece::Char(c)) => c.encode_utf8(&mut buf),
                Err(_) => return Err(Fault::new(ErrorKind::InvalidEscape, field)),
            };
            clean &= text::classify(s).is_ok();
            len += s.len();
        }
        (len, clean)
    };
    if len > validate::MAX_TEXT {
        return Err(Fault::new(ErrorKind::OutOfTextSpace, field));
    }
    if !clean {
        return Err(Fault::new(ErrorKind::ForbiddenCharacter, field));
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(raw: &str) -> Result<([u8; 64], usize), BadEscape> {
        let (mut out, mut n) = ([0u8; 64], 0);
        let mut buf = [0u8; 4];
        for p in Unescape::new(raw) {
            let b = match p? {
                Piece::Run(s) => s.as_bytes(),
                Piece::Char(c) => c.encode_utf8(&mut buf).as_bytes(),
            };
            out[n..n + b.len()].copy_from_slice(b);
            n += b.len();
        }
        Ok((out, n))
    }

    #[test]
    fn every_escape_and_surrogate_pairs() {
        let (o, n) = unescape(r#"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00z"#).unwrap();
        assert_eq!(&o[..n], "a\"\\/\u{8}\u{c}\n\r\té😀z".as_bytes());
    }

    #[test]
    fn malformed_escapes_are_refused() {
        for bad in [
            r"\x",
            r"\u12",
            r"\ud83d",
            r"\ud83dx",
            r"\ude00",
            r"\ud83d\u0041",
            "\u{1}",
            "\\",
        ] {
            assert!(unescape(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn find_stops_at_the_first_byte_it_looks_for() {
        let naive = |s: &[u8], what: u8| {
            s.iter()
                .position(|&b| b == b'\\' || if what == ESCAPES { b < 0x20 } else { b == b'"' })
        };
        // Three words and some natively; two and some under Miri, where this is slow.
        let longest = if cfg!(miri) { 20 } else { 40 };
        let mut s = [b'a'; 40];
        for len in 0..longest {
            for at in 0..len {
                for first in [0u8, 0x1F, 0x20, b'"', b'\\', 0x7F, 0x80, 0xFF] {
                    for second in [0u8, b'"', b'\\', b'z'] {
                        s[at] = first;
                        if let Some(next) = s.get_mut(at + 1) {
                            *next = second;
                        }
                        let t = &s[..len];
                        assert_eq!(find::<ESCAPES>(t), naive(t, ESCAPES), "{t:?}");
                        assert_eq!(find::<STRING_END>(t), naive(t, STRING_END), "{t:?}");
                        s = [b'a'; 40];
                    }
                }
            }
        }
    }

    #[test]
    fn equals_compares_after_unescaping() {
        let lit = Part::Literal;
        assert!(equals("http://a", b"http://a") && !equals(r"http:\/\/a", b"http:"));
        assert!(unescapes_to(r"\u00e9t\u00e9", &[lit("été".as_bytes())]));
        let a_v2 = [lit(b"http://a"), lit(b"/v2")];
        assert!(unescapes_to(r"http:\/\/a\/v2", &a_v2));
        assert!(unescapes_to("http://a/v2", &a_v2));
        for longer_or_shorter in [
            "http://a/v2x",
            r"http:\/\/a\/v2x",
            "http://a",
            r"http:\/\/a",
        ] {
            assert!(
                !unescapes_to(longer_or_shorter, &a_v2),
                "{longer_or_shorter}"
            );
        }
        // A malformed escape or a raw control character after the whole match: not equal.
        assert!(!unescapes_to(r"http:\/\/a\/v2\x", &a_v2));
        assert!(!unescapes_to("http://a/v2\u{1}", &a_v2));
        assert!(!unescapes_to("\u{1}", &[lit(b"\x01")]));
    }
}
