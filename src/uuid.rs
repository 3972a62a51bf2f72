//! Image and server ids: parsed once, stored as 16 bytes, written lowercase and hyphenated.

use core::fmt;

/// A UUID, as nova uses for image and server ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Uuid(pub [u8; 16]);

/// The hyphenated form, `8-4-4-4-12`: `0` where a hex digit belongs.
const FORM: &[u8; 36] = b"00000000-0000-0000-0000-000000000000";

/// Where each of the 16 bytes' two digits start in the form, found in it.
const DIGITS: [usize; 16] = {
    let mut at = [0; 16];
    let (mut i, mut k, mut digits) = (0, 0, 0);
    while i < FORM.len() {
        if FORM[i] == b'0' {
            if digits % 2 == 0 {
                at[k] = i;
                k += 1;
            }
            digits += 1;
        }
        i += 1;
    }
    assert!(k == at.len() && digits == 32);
    at
};

/// The value of each byte as a hex digit (either case), or [`NOT_HEX`].
#[cfg(not(feature = "small"))]
const HEX_VALUE: [u8; 256] = {
    let mut t = [NOT_HEX; 256];
    let mut c = 0;
    while c < 256 {
        if let Some(v) = hex_value(c as u8) {
            t[c] = v;
        }
        c += 1;
    }
    t
};

/// A bit no hex digit's value has.
#[cfg(not(feature = "small"))]
const NOT_HEX: u8 = 0x10;

impl Uuid {
    /// Reads the hyphenated form, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits of either case.
    ///
    /// ```
    /// let id = osimages::Uuid::parse("70A599E0-31e7-49b7-b260-868f441e862b").unwrap();
    /// assert_eq!(id.to_string(), "70a599e0-31e7-49b7-b260-868f441e862b");
    /// assert!(osimages::Uuid::parse("70a599e031e749b7b260868f441e862b").is_none());
    /// ```
    pub const fn parse(s: &str) -> Option<Uuid> {
        let Some(b) = s.as_bytes().first_chunk::<{ FORM.len() }>() else {
            return None;
        };
        if s.len() != FORM.len() {
            return None;
        }
        bytes_of(b)
    }

    /// The 36 bytes of the lowercase hyphenated form.
    pub const fn to_bytes(&self) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = *FORM;
        let mut k = 0;
        while k < DIGITS.len() {
            let (at, byte) = (DIGITS[k], self.0[k]);
            out[at] = HEX[(byte >> 4) as usize];
            out[at + 1] = HEX[(byte & 15) as usize];
            k += 1;
        }
        out
    }
}

/// The 16 bytes of the form in `b`: the separators checked, then each byte made from its two
/// digits, by table, with no state carried from one to the next (the fast build unrolls it).
#[cfg(not(feature = "small"))]
const fn bytes_of(b: &[u8; 36]) -> Option<Uuid> {
    let mut bad = 0;
    let mut i = 0;
    while i < FORM.len() {
        if FORM[i] != b'0' && b[i] != FORM[i] {
            return None;
        }
        i += 1;
    }
    let mut out = [0u8; 16];
    let mut k = 0;
    while k < DIGITS.len() {
        let (high, low) = (
            HEX_VALUE[b[DIGITS[k]] as usize],
            HEX_VALUE[b[DIGITS[k] + 1] as usize],
        );
        bad |= high | low;
        out[k] = high << 4 | low;
        k += 1;
    }
    if bad & NOT_HEX != 0 {
        return None;
    }
    Some(Uuid(out))
}

/// The same in the small build: one loop over the form, a separator or a digit, the next
/// nibble (the table and the unrolled code are flash a firmware need not pay).
#[cfg(feature = "small")]
const fn bytes_of(b: &[u8; 36]) -> Option<Uuid> {
    let mut out = [0u8; 16];
    let (mut i, mut nibble) = (0, 0);
    while i < FORM.len() {
        let c = b[i];
        if FORM[i] != b'0' {
            if c != FORM[i] {
                return None;
            }
        } else {
            let Some(v) = hex_value(c) else {
                return None;
            };
            // Never false (32 digits make 16 bytes): it lets the compiler see that the write
            // stays in bounds, so no panic path is left.
            if nibble / 2 < out.len() {
                out[nibble / 2] = out[nibble / 2] << 4 | v;
            }
            nibble += 1;
        }
        i += 1;
    }
    Some(Uuid(out))
}

/// The value of one hex digit, either case.
const fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        // The bytes are ASCII hex and hyphens by construction.
        f.write_str(core::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::Uuid;

    #[test]
    fn parse_reads_the_form_and_refuses_any_byte_out_of_place() {
        let text = "70A599E0-31e7-49b7-b260-868f441e862b";
        let id = Uuid::parse(text).unwrap();
        assert_eq!(
            id.0,
            [
                0x70, 0xa5, 0x99, 0xe0, 0x31, 0xe7, 0x49, 0xb7, 0xb2, 0x60, 0x86, 0x8f, 0x44, 0x1e,
                0x86, 0x2b
            ]
        );
        assert_eq!(
            &id.to_bytes(),
            "70a599e0-31e7-49b7-b260-868f441e862b".as_bytes()
        );
        for i in 0..text.len() {
            let hyphen = [8, 13, 18, 23].contains(&i);
            for c in 0..0x80u8 {
                let mut b = std::vec::Vec::from(text.as_bytes());
                b[i] = c;
                let s = core::str::from_utf8(&b).unwrap();
                let fits = if hyphen {
                    c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                };
                assert_eq!(Uuid::parse(s).is_some(), fits, "{s}");
            }
        }
        assert!(Uuid::parse(&text[..35]).is_none());
        assert!(Uuid::parse(&std::format!("{text}0")).is_none());
        assert!(Uuid::parse("").is_none());
        assert!(Uuid::parse("70a599e031e749b7b260868f441e862b").is_none());
    }

    #[test]
    #[cfg_attr(miri, ignore)] // exhaustive: minutes under Miri
    fn every_byte_value_in_every_place_writes_and_reads_back() {
        for v in 0..=255u8 {
            for k in 0..16 {
                let mut id = Uuid([0x5a; 16]);
                id.0[k] = v;
                let text = id.to_bytes();
                let s = core::str::from_utf8(&text).unwrap();
                assert_eq!(s, std::format!("{id}"));
                assert_eq!(Uuid::parse(s), Some(id), "{s}");
                assert_eq!(Uuid::parse(&s.to_uppercase()), Some(id), "{s}");
            }
        }
    }
}
