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
        let mut out = [0u8; 16];
        let mut i = 0; // input position
        let mut o = 0; // output nibble
        while i < 36 {
            if i == HYPHENS[0] || i == HYPHENS[1] || i == HYPHENS[2] || i == HYPHENS[3] {
                if b[i] != b'-' {
                    return None;
                }
                i += 1;
                continue;
            }
            let v = match b[i] {
                c @ b'0'..=b'9' => c - b'0',
                c @ b'a'..=b'f' => c - b'a' + 10,
                c @ b'A'..=b'F' => c - b'A' + 10,
                _ => return None,
            };
            out[o / 2] |= if o % 2 == 0 { v << 4 } else { v };
            o += 1;
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
            out[o] = HEX[usize::from(byte >> 4)];
            out[o + 1] = HEX[usize::from(byte & 15)];
            o += 2;
        }
        out
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        // The bytes are ASCII hex and hyphens by construction.
        f.write_str(core::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}
