//! The JSON reader the parser's seeds run on: a serde `Deserializer` over a byte slice for just
//! what an image document holds (objects, arrays, strings, `null`, non-negative integers). It
//! hands strings over raw (the store unescapes them), recurses only as deep as the seeds ask,
//! and reads every byte with `get`, so no input can make it panic: the C library's parse entry
//! points stay within its link-time no-panic proof (serde-json-core's reader could not).

use core::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use crate::list::unescape::{STRING_END, find};

/// What went wrong in the JSON itself (our own refusals travel as `Custom`, with the real error
/// kept by the parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not well-formed: an unexpected byte, a missing comma or colon, the end too early.
    Syntax,
    /// A value of another JSON type than the one expected.
    WrongType,
    /// A negative number, or one above `u64::MAX`.
    Number,
    /// A string whose bytes are not UTF-8.
    Utf8,
    /// Raised by a visitor (the parser's own errors, serde's type errors).
    Custom,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonError::Syntax => "malformed JSON",
            JsonError::WrongType => "wrong JSON type",
            JsonError::Number => "number out of range",
            JsonError::Utf8 => "not UTF-8",
            JsonError::Custom => "refused",
        })
    }
}

impl core::error::Error for JsonError {}

impl de::Error for JsonError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        JsonError::Custom
    }
}

type Result<T> = core::result::Result<T, JsonError>;

/// The reader: the document and where it stands in it.
pub(crate) struct Json<'de> {
    input: &'de [u8],
    /// The document, when all of it is UTF-8 (checked once: its strings are then slices of it;
    /// otherwise each string is checked, so that the refusal names the one that is not).
    text: Option<&'de str>,
    at: usize,
}

impl<'de> Json<'de> {
    pub(crate) fn new(input: &'de [u8]) -> Self {
        Json {
            input,
            text: core::str::from_utf8(input).ok(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn bump(&mut self) {
        if self.at < self.input.len() {
            self.at += 1;
        }
    }

    /// Skips whitespace; the next byte, if any.
    fn next_token(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.bump();
        }
        self.peek()
    }

    /// The next byte after whitespace, which must be there.
    fn token(&mut self) -> Result<u8> {
        self.next_token().ok_or(JsonError::Syntax)
    }

    /// Only whitespace may follow the document.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.next_token() {
            None => Ok(()),
            Some(_) => Err(JsonError::Syntax),
        }
    }

    /// A string's content as it is written, escapes and all (the opening quote is next), and
    /// whether it holds an escape.
    fn raw_str(&mut self) -> Result<(&'de str, bool)> {
        let start = self.at + 1;
        let rest = self.input.get(start..).unwrap_or(&[]);
        let mut len = 0;
        let mut escaped = false;
        loop {
            let tail = rest.get(len..).unwrap_or(&[]);
            len += find::<STRING_END>(tail).ok_or(JsonError::Syntax)?;
            match rest.get(len) {
                Some(b'"') => break,
                // The escaped byte is the escape's business (the store checks it), but it is
                // never the string's end.
                _ if len + 1 < rest.len() => (len, escaped) = (len + 2, true),
                _ => return Err(JsonError::Syntax),
            }
        }
        self.at = start + len + 1;
        // Both ends are next to a quote: on character boundaries.
        let raw = match self.text {
            Some(text) => text.get(start..start + len).ok_or(JsonError::Utf8),
            None => {
                let raw = rest.get(..len).ok_or(JsonError::Syntax)?;
                core::str::from_utf8(raw).map_err(|_| JsonError::Utf8)
            }
        };
        raw.map(|raw| (raw, escaped))
    }

    /// `null` (its `n` is next).
    fn null(&mut self) -> Result<()> {
        for want in b"null" {
            if self.peek() != Some(*want) {
                return Err(JsonError::Syntax);
            }
            self.bump();
        }
        Ok(())
    }

    /// The refusal of a value that is not of the type asked for, `first` being its first byte:
    /// the wrong type if it is a JSON value of another type (a literal read whole, any other
    /// value from its first byte only), malformed JSON if nothing JSON could start so (`+1`, a
    /// byte order mark, `tru`).
    // Off the way of a value of the type asked for, which the parse's reads inline.
    #[cold]
    #[inline(never)]
    fn other_than_asked(&mut self, first: u8) -> JsonError {
        let literal: &[u8] = match first {
            b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' => return JsonError::WrongType,
            b't' => b"true",
            b'f' => b"false",
            b'n' => b"null",
            _ => return JsonError::Syntax,
        };
        for want in literal {
            if self.peek() != Some(*want) {
                return JsonError::Syntax;
            }
            self.bump();
        }
        JsonError::WrongType
    }

    /// After a value, the byte that goes on with its container (a comma or `close`), so that
    /// anything else is refused in the value's own place: `0x10` names its field.
    fn after_value(&mut self, close: u8) -> Result<()> {
        match self.token()? {
            b',' => Ok(()),
            b if b == close => Ok(()),
            _ => Err(JsonError::Syntax),
        }
    }

    /// A non-negative integer (its first digit is next). What ends it is checked here, so
    /// that the refusal names the value's field, not the object around it: a fraction or an
    /// exponent makes it a JSON number of another kind than an integer (the wrong type, as a
    /// string would be), a digit after a leading zero is not JSON.
    fn unsigned(&mut self) -> Result<u64> {
        let mut n: u64 = 0;
        let first = self.peek();
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .ok_or(JsonError::Number)?;
            self.bump();
            // No leading zeros: `0` is a number on its own.
            if first == Some(b'0') {
                break;
            }
        }
        match self.peek() {
            Some(b'0'..=b'9') => Err(JsonError::Syntax),
            Some(b'.' | b'e' | b'E') => match self.fraction_and_exponent() {
                true => Err(JsonError::WrongType),
                false => Err(JsonError::Syntax),
            },
            _ => Ok(n),
        }
    }

    /// Reads what may follow a number's integer part, `.` digits then `e` or `E`, a sign and
    /// digits, each optional: whether it is well-formed.
    fn fraction_and_exponent(&mut self) -> bool {
        if self.peek() == Some(b'.') {
            self.bump();
            if !self.digits() {
                return false;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            return self.digits();
        }
        true
    }

    /// Reads digits: whether there was at least one.
    fn digits(&mut self) -> bool {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
        self.at > start
    }
}

impl<'de> de::Deserializer<'de> for &mut Json<'de> {
    type Error = JsonError;

    /// No seed asks for "whatever comes": a value of a type it did not ask for is refused
    /// without being read.
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        let first = self.token()?;
        Err(self.other_than_asked(first))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.token()? {
            b'{' => {}
            other => return Err(self.other_than_asked(other)),
        }
        self.bump();
        let value = visitor.visit_map(Entries {
            json: &mut *self,
            first: true,
        })?;
        match self.token()? {
            b'}' => {
                self.bump();
                Ok(value)
            }
            _ => Err(JsonError::Syntax),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.token()? {
            b'[' => {}
            other => return Err(self.other_than_asked(other)),
        }
        self.bump();
        let value = visitor.visit_seq(Entries {
            json: &mut *self,
            first: true,
        })?;
        match self.token()? {
            b']' => {
                self.bump();
                Ok(value)
            }
            _ => Err(JsonError::Syntax),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.token()? {
            b'"' => {}
            other => return Err(self.other_than_asked(other)),
        }
        visitor.visit_borrowed_str(self.raw_str()?.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// A key, raw as a string is: borrowed from the document when it holds no escape (its
    /// bytes are then the key's, or hold a raw control character, which no key has), handed
    /// over for the moment of the call when it does (to be unescaped). Keys are matched as
    /// they are written, with no second look for escapes.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.token()? != b'"' {
            return Err(JsonError::WrongType);
        }
        // A key with escapes as bytes, still raw: the key's visitor matches it through them.
        match self.raw_str()? {
            (raw, false) => visitor.visit_borrowed_str(raw),
            (raw, true) => visitor.visit_borrowed_bytes(raw.as_bytes()),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.token()? == b'n' {
            self.null()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.token()? {
            b'0'..=b'9' => visitor.visit_u64(self.unsigned()?),
            // A negative integer is out of range, but `-0` is zero, as JSON's integers are read
            // (Python's `json` reads it as 0); `-` and no digit is no number.
            b'-' => {
                self.bump();
                match self.peek() {
                    Some(b'0'..=b'9') => match self.unsigned()? {
                        0 => visitor.visit_u64(0),
                        _ => Err(JsonError::Number),
                    },
                    _ => Err(JsonError::Syntax),
                }
            }
            other => Err(self.other_than_asked(other)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct struct enum ignored_any
    }
}

/// The members of an object or the elements of an array, comma by comma.
struct Entries<'a, 'de> {
    json: &'a mut Json<'de>,
    first: bool,
}

impl Entries<'_, '_> {
    /// Whether another member or element follows (`close` ends the container): past its comma
    /// if there is one.
    fn more(&mut self, close: u8) -> Result<bool> {
        let next = self.json.token()?;
        if next == close {
            return Ok(false);
        }
        if self.first {
            self.first = false;
            return if next == b',' {
                Err(JsonError::Syntax)
            } else {
                Ok(true)
            };
        }
        if next != b',' {
            return Err(JsonError::Syntax);
        }
        self.json.bump();
        // A comma is followed by a member or an element, not by the end.
        if self.json.token()? == close {
            return Err(JsonError::Syntax);
        }
        Ok(true)
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.json.token()? != b'"' {
            return Err(JsonError::Syntax);
        }
        seed.deserialize(&mut *self.json).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if self.json.token()? != b':' {
            return Err(JsonError::Syntax);
        }
        self.json.bump();
        let value = seed.deserialize(&mut *self.json)?;
        self.json.after_value(b'}')?;
        Ok(value)
    }
}

impl<'de> de::SeqAccess<'de> for Entries<'_, 'de> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        let element = seed.deserialize(&mut *self.json)?;
        self.json.after_value(b']')?;
        Ok(Some(element))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{Deserializer, IgnoredAny};

    fn u64_of(s: &str) -> Result<u64> {
        struct U;
        impl<'de> Visitor<'de> for U {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("u64")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> core::result::Result<u64, E> {
                Ok(v)
            }
        }
        let mut j = Json::new(s.as_bytes());
        let n = (&mut j).deserialize_u64(U)?;
        j.end().map(|_| n)
    }

    #[test]
    fn numbers_are_non_negative_integers_without_leading_zeros() {
        assert_eq!(u64_of(" 0 "), Ok(0));
        assert_eq!(u64_of("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(u64_of("18446744073709551616"), Err(JsonError::Number));
        assert_eq!(u64_of("-1"), Err(JsonError::Number));
        assert_eq!(u64_of("-18446744073709551616"), Err(JsonError::Number));
        assert_eq!(u64_of("-0"), Ok(0));
        assert_eq!(u64_of("-01"), Err(JsonError::Syntax));
        assert_eq!(u64_of("-1.5"), Err(JsonError::WrongType));
        assert_eq!(u64_of("-0.0"), Err(JsonError::WrongType));
        assert_eq!(u64_of("01"), Err(JsonError::Syntax));
        assert_eq!(u64_of("00"), Err(JsonError::Syntax));
        // Numbers, but not integers: refused as another type would be.
        for float in ["1.5", "1.0", "1e2", "1E+2", "0.5e-3", "0e0"] {
            assert_eq!(u64_of(float), Err(JsonError::WrongType), "{float}");
        }
        // Not numbers at all.
        for bad in ["1.", "1.e2", "1e", "1e+", "1.5e", "1..5", "1ee2"] {
            assert_eq!(u64_of(bad), Err(JsonError::Syntax), "{bad}");
        }
        assert_eq!(u64_of("\"1\""), Err(JsonError::WrongType));
        assert_eq!(u64_of(""), Err(JsonError::Syntax));
        assert_eq!(u64_of("-"), Err(JsonError::Syntax));
    }

    #[test]
    fn a_value_of_another_type_is_told_from_one_that_is_no_json() {
        // JSON values of other types than a number.
        for other in ["true", "false", "null", "{}", "[", "\"x"] {
            assert_eq!(u64_of(other), Err(JsonError::WrongType), "{other}");
        }
        // Nothing JSON starts so: a sign JSON does not have, a byte order mark, a comment, a
        // literal cut short or misspelt.
        for bad in [
            "+1",
            "\u{feff}1",
            "/* */ 1",
            "tru",
            "nul",
            "fals",
            "True",
            "x",
        ] {
            assert_eq!(u64_of(bad), Err(JsonError::Syntax), "{bad}");
        }
    }

    #[test]
    fn strings_end_at_the_first_unescaped_quote() {
        let mut j = Json::new(br#""a/b" x"#);
        assert_eq!(j.raw_str(), Ok(("a/b", false)));
        let mut j = Json::new(br#""a\"b\\" x"#);
        assert_eq!(j.raw_str(), Ok((r#"a\"b\\"#, true)));
        let mut j = Json::new(br#""a\"#);
        assert_eq!(j.raw_str(), Err(JsonError::Syntax));
        let mut j = Json::new(b"\"\xff\"");
        assert_eq!(j.raw_str(), Err(JsonError::Utf8));
        // Past the first words, through multi-byte characters (an escaped one too), in a
        // document that is UTF-8 and in one that is not elsewhere.
        let valid = r#""0123456789\"\é€ ok" "x""#.as_bytes();
        let invalid = b"\"0123456789\\\"\\\xc3\xa9\xe2\x82\xac ok\" \"\xff\"";
        for doc in [valid, invalid] {
            let mut j = Json::new(doc);
            assert_eq!(j.raw_str(), Ok((r#"0123456789\"\é€ ok"#, true)));
            assert_eq!(j.next_token(), Some(b'"'));
        }
    }

    #[test]
    fn anything_else_is_the_wrong_type_and_never_read() {
        let mut j = Json::new(b"[[[[[[[[1]]]]]]]]");
        assert_eq!(
            (&mut j).deserialize_any(IgnoredAny),
            Err(JsonError::WrongType)
        );
        assert_eq!(j.at, 0);
    }
}
