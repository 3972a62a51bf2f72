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
        let Some(b) = s.as_bytes().first_chunk::<36>() else {
            return None;
        };
        if s.len() != 36 {
            return None;
        }
        if b[HYPHENS[0]] != b'-'
            || b[HYPHENS[1]] != b'-'
            || b[HYPHENS[2]] != b'-'
            || b[HYPHENS[3]] != b'-'
        {
            return None;
        }
        let mut out = [0u8; 16];
        let mut k = 0;
        while k < 16 {
            let at = digits_of(k);
            // Never taken (`at` is at most 34): it lets the compiler see that the reads below
            // stay in bounds, so no panic path is left.
            if at >= 35 {
                return None;
            }
            let (Some(hi), Some(lo)) = (hex_value(b[at]), hex_value(b[at + 1])) else {
                return None;
            };
            out[k] = hi << 4 | lo;
            k += 1;
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

/// Where the two hex digits of byte `k` start in the hyphenated form.
const fn digits_of(k: usize) -> usize {
    2 * k + (k >= 4) as usize + (k >= 6) as usize + (k >= 8) as usize + (k >= 10) as usize
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
