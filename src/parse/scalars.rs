//! The serde seeds for leaf values: raw strings (unescaped later, by us), numbers, nulls, keys.

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use super::unescape::{Piece, Unescape};

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
}

impl Short {
    /// `None` if `raw` has a malformed escape or unescapes to more than 40 bytes.
    pub(crate) fn new(raw: &str) -> Option<Short> {
        let mut s = Short {
            buf: [0; 40],
            len: 0,
        };
        let mut tmp = [0u8; 4];
        for piece in Unescape::new(raw) {
            let b = match piece.ok()? {
                Piece::Run(r) => r.as_bytes(),
                Piece::Char(c) => c.encode_utf8(&mut tmp).as_bytes(),
            };
            s.buf.get_mut(s.len..s.len + b.len())?.copy_from_slice(b);
            s.len += b.len();
        }
        Some(s)
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
}

/// A key of a fixed object, unescaped (`""` for a key too long to be one of ours).
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Short;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Short, D::Error> {
        let raw = d.deserialize_str(RawStrVisitor)?;
        Ok(Short::new(raw).unwrap_or(Short {
            buf: [0; 40],
            len: 0,
        }))
    }
}
