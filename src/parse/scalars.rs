//! The serde seeds for leaf values: raw strings (unescaped later, by us), numbers, nulls, keys.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::error::Key as Named;
use crate::list::unescape::{Piece, Unescape, equals, is_plain};

/// A JSON string as it appears in the input, escapes and all.
pub(crate) struct RawStr;

impl<'de> DeserializeSeed<'de> for RawStr {
    type Value = &'de str;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'de str, D::Error> {
        d.deserialize_str(RawStrVisitor)
    }
}

struct RawStrVisitor;

impl<'de> Visitor<'de> for RawStrVisitor {
    type Value = &'de str;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<&'de str, E> {
        Ok(v)
    }
}

/// A raw string or null.
pub(crate) struct OptRawStr;

impl<'de> DeserializeSeed<'de> for OptRawStr {
    type Value = Option<&'de str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(OptRawStrVisitor)
    }
}

struct OptRawStrVisitor;

impl<'de> Visitor<'de> for OptRawStrVisitor {
    type Value = Option<&'de str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(RawStrVisitor).map(Some)
    }
}

/// A non-negative integer.
pub(crate) struct U64;

impl<'de> DeserializeSeed<'de> for U64 {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_u64(U64Visitor)
    }
}

struct U64Visitor;

impl<'de> Visitor<'de> for U64Visitor {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }
}

/// A non-negative integer or null.
pub(crate) struct OptU64;

impl<'de> DeserializeSeed<'de> for OptU64 {
    type Value = Option<u64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
        d.deserialize_option(OptU64Visitor)
    }
}

struct OptU64Visitor;

impl<'de> Visitor<'de> for OptU64Visitor {
    type Value = Option<u64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_u64(U64Visitor).map(Some)
    }
}

/// A short string unescaped into a stack buffer: ids, statuses, dates, keys of fixed objects.
pub(crate) struct Short {
    buf: [u8; 40],
    len: usize,
    /// Only the start of the string is here (it was longer, or malformed after it).
    cut: bool,
}

impl Short {
    const EMPTY: Short = Short {
        buf: [0; 40],
        len: 0,
        cut: false,
    };

    /// `None` if `raw` has a malformed escape or unescapes to more than 40 bytes.
    pub(crate) fn new(raw: &str) -> Option<Short> {
        let s = Short::start_of(raw);
        (!s.cut).then_some(s)
    }

    /// `raw` unescaped and read by `parse` (which takes nothing longer than 40 bytes); a
    /// string with no escape read where it lies.
    pub(crate) fn read<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        match is_plain(raw) {
            true => parse(raw),
            false => Short::new(raw).and_then(|s| parse(s.as_str())),
        }
    }

    /// As much of `raw` as fits, in whole characters.
    fn start_of(raw: &str) -> Short {
        let mut s = Short::EMPTY;
        let mut tmp = [0u8; 4];
        for piece in Unescape::new(raw) {
            let b = match piece {
                Ok(Piece::Run(r)) => r.as_bytes(),
                Ok(Piece::Char(c)) => c.encode_utf8(&mut tmp).as_bytes(),
                Err(_) => {
                    s.cut = true;
                    return s;
                }
            };
            if !s.keep(b) {
                return s;
            }
        }
        s
    }

    /// Appends the characters of `b` that fit; `false` (and `cut`) if not all did.
    fn keep(&mut self, b: &[u8]) -> bool {
        let room = self.buf.len() - self.len;
        let mut take = b.len().min(room);
        while take > 0 && take < b.len() && (b.get(take).is_some_and(|&c| c & 0xC0 == 0x80)) {
            take -= 1;
        }
        if let (Some(dst), Some(src)) = (self.buf.get_mut(self.len..self.len + take), b.get(..take))
        {
            crate::bytes::copy(dst, src);
        }
        self.len += take;
        self.cut = take < b.len();
        !self.cut
    }

    /// The string; empty when only its start is here.
    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// [`Short::as_str`]'s bytes, not checked again: what a key is matched on.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self.cut {
            true => &[],
            false => self.start_bytes(),
        }
    }

    fn start_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    fn start(&self) -> &str {
        core::str::from_utf8(self.start_bytes()).unwrap_or("")
    }

    /// The name an error gives a key the object does not have.
    fn named(&self) -> Named {
        Named::of(self.start(), self.cut)
    }
}

/// A key of a fixed object, as it is written, escapes and all: matched where it lies (a key
/// with escapes, which is rare, through them, a byte at a time). Written bytes that are not the
/// key's (a raw control character, a malformed escape) match no key of ours. Two words, where
/// a key unescaped into a buffer took 48 bytes in the frame of every object's visitor.
pub(crate) struct Key<'de> {
    raw: &'de str,
    escaped: bool,
}

impl Key<'_> {
    /// Whether the key is `name`.
    pub(crate) fn is(&self, name: &str) -> bool {
        match self.escaped {
            false => self.raw == name,
            true => equals(self.raw, name.as_bytes()),
        }
    }

    /// Whether the key is not a JSON string's content: a malformed escape or a raw control
    /// character in it.
    pub(crate) fn malformed(&self) -> bool {
        Unescape::new(self.raw).any(|piece| piece.is_err())
    }

    /// The name an error gives a key the object does not have.
    pub(crate) fn named(&self) -> Named {
        Short::start_of(self.raw).named()
    }
}

/// Reads a [`Key`].
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

/// The reader hands a key over borrowed, as a string when it holds no escape, else as bytes
/// (`parse::json`'s `deserialize_identifier`).
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, raw: &'de str) -> Result<Key<'de>, E> {
        Ok(Key {
            raw,
            escaped: false,
        })
    }
    fn visit_borrowed_bytes<E: de::Error>(self, raw: &'de [u8]) -> Result<Key<'de>, E> {
        let raw = core::str::from_utf8(raw).map_err(|_| E::custom(""))?;
        Ok(Key { raw, escaped: true })
    }
}
