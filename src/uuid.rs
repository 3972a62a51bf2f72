//! Image and server ids: parsed once, stored as 16 bytes, written lowercase and hyphenated.

use core::fmt;

/// A UUID, as nova uses for image and server ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Uuid(pub [u8; 16]);

/// Where the hyphens of `8-4-4-4-12` sit.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

impl Uuid {
    /// Reads the hyphenated form, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits of either case.
    ///
    /// ```
    /// let id = osimages::Uuid::parse("70A599E0-31e7-49b7-b260-868f441e862b").unwrap();
    /// assert_eq!(id.to_string(), "70a599e0-31e7-49b7-b260-868f441e862b");
    /// assert!(osimages::Uuid::parse("70a599e031e749b7b260868f441e862b").is_none());
    /// ```
    pub const fn parse(s: &str) -> Option<Uuid> {
        let b = s.as_bytes();
        if b.len() != 36 {
            return None;
        }
        // One loop over the form: a hyphen where `HYPHENS` says, else a hex digit, a nibble of
        // the next byte.
        let mut out = [0u8; 16];
        let (mut i, mut nibble) = (0, 0);
        while i < b.len() {
            let c = b[i];
            if i == HYPHENS[0] || i == HYPHENS[1] || i == HYPHENS[2] || i == HYPHENS[3] {
                if c != b'-' {
                    return None;
                }
            } else {
                let Some(v) = hex_value(c) else {
                    return None;
                };
                // Never false (32 digits make 16 bytes): it lets the compiler see that the
                // write stays in bounds, so no panic path is left.
                if nibble / 2 < out.len() {
                    out[nibble / 2] = out[nibble / 2] << 4 | v;
                }
                nibble += 1;
            }
            i += 1;
        }
        Some(Uuid(out))
    }

    /// The 36 bytes of the lowercase hyphenated form.
    pub fn to_bytes(&self) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; 36];
        let mut o = 0;
        for (k, byte) in self.0.iter().enumerate() {
            if k == 4 || k == 6 || k == 8 || k == 10 {
                o += 1;
            }
            // Never taken (`o` is at most 34): it lets the compiler see that the writes below
            // stay in bounds, so no panic path is left.
            if o >= out.len() - 1 {
                break;
            }
            out[o] = HEX[usize::from(byte >> 4)];
            out[o + 1] = HEX[usize::from(byte & 15)];
            o += 2;
        }
        out
    }
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
            for c in [
                b'-', b'0', b'9', b'a', b'f', b'A', b'F', b'g', b'G', b' ', b'/', b':',
            ] {
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
}
