//! `created` and `updated`: real UTC dates, stored as fields, written as `YYYY-MM-DDTHH:MM:SSZ`.

use core::fmt;
use core::num::NonZeroU8;

use crate::error::{Error, ErrorKind, Field};

/// A UTC date and time to the second, years 0001 to 9999 of the proleptic Gregorian calendar.
///
/// `Option<Timestamp>` is as small as `Timestamp` (the month is never zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Timestamp {
    year: u16,
    month: NonZeroU8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Timestamp {
    /// A timestamp from its parts, or `None` if they are not a real date and time (a `None`
    /// here is not a null date: refuse it, e.g. with `ok_or`, rather than store it).
    ///
    /// ```
    /// use osimages::Timestamp;
    /// assert!(Timestamp::new(2012, 2, 29, 23, 59, 59).is_some());
    /// assert!(Timestamp::new(2011, 2, 29, 0, 0, 0).is_none());
    /// assert!(Timestamp::new(2011, 1, 1, 24, 0, 0).is_none());
    /// ```
    // Inlined into each caller: `read`'s loop in a firmware (a copy out of line costs flash
    // there as soon as a second caller, the C library's checked view, links it).
    #[inline(always)]
    pub const fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Option<Self> {
        // One test of a date for every reader: the one made for the packed form, which the C
        // library's checked view runs on every date of every render.
        unpacked(pack_parts(year, month, day, hour, minute, second))
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM:SSZ`, a real date, as the value of `field`.
    ///
    /// What is not one is refused with [`ErrorKind::NotDate`] naming `field`, never turned into
    /// a null: an image's date is `None` only when the caller says so.
    ///
    /// ```
    /// use osimages::{Field, Timestamp};
    /// let t = Timestamp::parse("2011-01-01T01:02:03Z", Field::Created)?;
    /// assert_eq!(t.to_string(), "2011-01-01T01:02:03Z");
    /// let err = Timestamp::parse("2011-02-30T00:00:00Z", Field::Updated).unwrap_err();
    /// assert_eq!(err.to_string(), "updated: not a UTC date of the form YYYY-MM-DDTHH:MM:SSZ");
    /// # Ok::<(), osimages::Error>(())
    /// ```
    pub const fn parse(s: &str, field: Field) -> Result<Self, Error> {
        match Self::read(s) {
            Some(t) => Ok(t),
            None => Err(Error::new(ErrorKind::NotDate, field)),
        }
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM:SSZ`, a real date.
    pub(crate) const fn read(s: &str) -> Option<Self> {
        if s.len() != FORM.len() {
            return None;
        }
        let Some([year, month, day, hour, minute, second]) = parts(s.as_bytes()) else {
            return None;
        };
        // Every part but the year has two digits: below 100, so `as u8` keeps it.
        Self::new(
            year,
            month as u8,
            day as u8,
            hour as u8,
            minute as u8,
            second as u8,
        )
    }

    /// The 20 bytes of `YYYY-MM-DDTHH:MM:SSZ`.
    pub const fn to_bytes(&self) -> [u8; 20] {
        let mut out = *FORM;
        let values = [
            self.year,
            self.month.get() as u16,
            self.day as u16,
            self.hour as u16,
            self.minute as u16,
            self.second as u16,
        ];
        let mut k = 0;
        while k < PARTS.len() {
            let ((from, to), mut v) = (PARTS[k], values[k]);
            let mut i = to;
            while i > from {
                i -= 1;
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            k += 1;
        }
        out
    }

    /// The year, 1 to 9999.
    pub const fn year(&self) -> u16 {
        self.year
    }
    /// The month, 1 to 12.
    pub const fn month(&self) -> u8 {
        self.month.get()
    }
    /// The day of the month, from 1.
    pub const fn day(&self) -> u8 {
        self.day
    }
    /// The hour, 0 to 23.
    pub const fn hour(&self) -> u8 {
        self.hour
    }
    /// The minute, 0 to 59.
    pub const fn minute(&self) -> u8 {
        self.minute
    }
    /// The second, 0 to 59.
    pub const fn second(&self) -> u8 {
        self.second
    }
}

/// `t` as one number that keeps its parts apart, a byte each but the year's two: year << 40,
/// month << 32, day << 24, hour << 16, minute << 8, second (never 0: no year is 0). What the C
/// library's checked view keeps of a date in the caller's memory.
#[doc(hidden)]
pub const fn packed(t: &Timestamp) -> u64 {
    pack_parts(t.year, t.month.get(), t.day, t.hour, t.minute, t.second)
}

/// The packed form's layout, for [`packed`] and [`Timestamp::new`] alike.
#[inline(always)]
const fn pack_parts(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> u64 {
    (year as u64) << 40
        | (month as u64) << 32
        | (day as u64) << 24
        | (hour as u64) << 16
        | (minute as u64) << 8
        | second as u64
}

/// The date [`packed`] made of it, if `p` is one: exactly what [`Timestamp::new`] accepts of
/// its parts, and nothing with bits outside them. The checked view reads every date of every
/// image this way on every render (a forged one must be refused), so the day and the time of
/// day are tested in one go, a byte each, against bounds looked up by month.
#[doc(hidden)]
#[inline(always)]
pub const fn unpacked(p: u64) -> Option<Timestamp> {
    // The year with the top byte, which must be 0: 1 to 9999 then.
    let year = p >> 40;
    let month = (p >> 32) as u8;
    if year.wrapping_sub(1) >= 9999 || month.wrapping_sub(1) >= 12 {
        return None;
    }
    // Day - 1 (0xFF for day 0), hour, minute, second: each below its bound iff, added to
    // 0x80 less the bound with its own top bit cleared, it carries into no top bit, and has
    // none of its own. (No byte carries into the next: each sum stays below 0x100.)
    let clock = (p as u32).wrapping_sub(1 << 24);
    let over = ((clock & 0x7F7F_7F7F) + CLOCK_BOUNDS[(month & 0xF) as usize]) | clock;
    if over & 0x8080_8080 != 0 {
        return None;
    }
    // February's bound is 29 days: the 29th of one outside a leap year is refused here.
    if (p >> 24) as u16 == (2 << 8 | 29) && !is_leap(year as u16) {
        return None;
    }
    match NonZeroU8::new(month) {
        Some(month) => Some(Timestamp {
            year: year as u16,
            month,
            day: (p >> 24) as u8,
            hour: (p >> 16) as u8,
            minute: (p >> 8) as u8,
            second: p as u8,
        }),
        None => None,
    }
}

/// For each month (1 to 12), what [`unpacked`] adds to the day (less one), hour, minute and
/// second, a byte each: 0x80 less each bound (the month's days, February's 29; 24; 60; 60).
/// Sixteen entries: indexed by the month's low four bits, with no bounds check to compile.
const CLOCK_BOUNDS: [u32; 16] = {
    let mut bounds = [0; 16];
    let mut month = 1;
    while month <= 12 {
        let days = days_in_month(2000, month as u8) as u32;
        bounds[month] = (0x80 - days) << 24 | (0x80 - 24) << 16 | (0x80 - 60) << 8 | (0x80 - 60);
        month += 1;
    }
    bounds
};

/// The form [`Timestamp::read`] reads: `0` where a digit belongs.
const FORM: &[u8; 20] = b"0000-00-00T00:00:00Z";

/// Where each part of the form (year, month, day, hour, minute, second) starts and ends, found
/// in the form.
const PARTS: [(usize, usize); 6] = {
    let mut parts = [(0, 0); 6];
    let (mut i, mut k) = (0, 0);
    while i < FORM.len() {
        let digit = FORM[i] == b'0';
        if digit && (i == 0 || FORM[i - 1] != b'0') {
            parts[k].0 = i;
        }
        if digit && FORM[i + 1] != b'0' {
            parts[k].1 = i + 1;
            k += 1;
        }
        i += 1;
    }
    assert!(k == parts.len());
    parts
};

/// The numbers of `b`, if it has the form: checked whole first, then each part read from where
/// the form puts it. No state is carried from byte to byte, so the fast build unrolls both into
/// straight-line code.
#[cfg(not(feature = "small"))]
const fn parts(b: &[u8]) -> Option<[u16; 6]> {
    let Some(b) = b.first_chunk::<{ FORM.len() }>() else {
        return None;
    };
    let mut bad = false;
    let mut i = 0;
    while i < FORM.len() {
        bad |= match FORM[i] {
            b'0' => !b[i].is_ascii_digit(),
            separator => b[i] != separator,
        };
        i += 1;
    }
    if bad {
        return None;
    }
    let mut parts = [0; PARTS.len()];
    let mut k = 0;
    while k < PARTS.len() {
        parts[k] = number(b, PARTS[k]);
        k += 1;
    }
    Some(parts)
}

/// The same in the small build: one loop over the form, each part ended by its separator (the
/// fast build's, unrolled, is 440 bytes of Cortex-M4 code).
#[cfg(feature = "small")]
const fn parts(b: &[u8]) -> Option<[u16; 6]> {
    let mut parts = [0u16; 6];
    let mut part = 0;
    let mut i = 0;
    while i < FORM.len() && i < b.len() {
        let (byte, want) = (b[i], FORM[i]);
        if want == b'0' {
            if !byte.is_ascii_digit() || part >= parts.len() {
                return None;
            }
            parts[part] = parts[part] * 10 + (byte - b'0') as u16;
        } else if byte != want {
            return None;
        } else {
            part += 1;
        }
        i += 1;
    }
    Some(parts)
}

/// The digits of `b` from `part.0` to `part.1`, checked to be digits, as a number.
#[cfg(not(feature = "small"))]
const fn number(b: &[u8; 20], (from, to): (usize, usize)) -> u16 {
    let mut n = 0;
    let mut i = from;
    while i < to && i < b.len() {
        n = n * 10 + b[i].wrapping_sub(b'0') as u16;
        i += 1;
    }
    n
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        f.write_str(core::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;
    use std::format;
    use std::string::String;

    /// What `read` must accept, written the obvious way.
    fn reference(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        let digits = |r: core::ops::Range<usize>| {
            let part = b.get(r)?;
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
        };
        if b.len() != 20
            || [
                (4, b'-'),
                (7, b'-'),
                (10, b'T'),
                (13, b':'),
                (16, b':'),
                (19, b'Z'),
            ]
            .iter()
            .any(|&(i, c)| b[i] != c)
        {
            return None;
        }
        let two = |at: usize| digits(at..at + 2).map(|n| n as u8);
        Timestamp::new(
            digits(0..4)?,
            two(5)?,
            two(8)?,
            two(11)?,
            two(14)?,
            two(17)?,
        )
    }

    #[test]
    #[cfg_attr(miri, ignore)] // exhaustive: minutes under Miri
    fn read_agrees_with_the_obvious_reader_on_every_one_byte_change() {
        for base in [
            "2012-02-29T23:59:59Z",
            "1999-12-31T00:00:00Z",
            "0001-01-01T09:09:09Z",
        ] {
            assert!(Timestamp::read(base).is_some(), "{base}");
            for at in 0..base.len() {
                for byte in 0..=127u8 {
                    let mut b = base.as_bytes().to_vec();
                    b[at] = byte;
                    let s = String::from_utf8(b).unwrap();
                    assert_eq!(Timestamp::read(&s), reference(&s), "{s:?}");
                }
            }
            assert_eq!(Timestamp::read(&base[..19]), None);
            assert_eq!(Timestamp::read(&format!("{base} ")), None);
        }
    }

    /// What `unpacked` (and so `Timestamp::new`) must accept, written plainly: the parts, each
    /// read from its place, a real date and a time of day.
    fn unpacked_reference(p: u64) -> Option<Timestamp> {
        let year = u16::try_from(p >> 40).ok()?;
        let [second, minute, hour, day, month, ..] = p.to_le_bytes();
        let real = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=super::days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        if !real {
            return None;
        }
        Some(Timestamp {
            year,
            month: core::num::NonZeroU8::new(month)?,
            day,
            hour,
            minute,
            second,
        })
    }

    #[test]
    #[cfg_attr(miri, ignore)] // exhaustive: minutes under Miri
    fn unpacked_accepts_exactly_the_real_dates() {
        let years = [
            0u64, 1, 2, 4, 100, 400, 1600, 1700, 1900, 1999, 2000, 2001, 2004, 2100,
        ];
        let high = [
            9996u64, 9999, 10000, 0xFFFF, 0x1_0000, 0x1_07DC, 0xFF_0000, 0xFF_FFFF,
        ];
        let clock = [0u64, 1, 23, 24, 59, 60, 127, 128, 255];
        let check = |p: u64| {
            let t = super::unpacked(p);
            assert_eq!(t, unpacked_reference(p), "{p:#x}");
            if let Some(t) = t {
                assert_eq!(super::packed(&t), p);
            }
        };
        for &year in years.iter().chain(&high) {
            for month in 0..=255u64 {
                for day in 0..=255u64 {
                    let date = year << 40 | month << 32 | day << 24;
                    if month > 13 || day > 32 {
                        check(date);
                        continue;
                    }
                    for hour in clock {
                        for minute in clock {
                            for second in clock {
                                check(date | hour << 16 | minute << 8 | second);
                            }
                        }
                    }
                }
            }
        }
        // Every byte of a few good dates replaced by every value.
        for base in [
            Timestamp::new(2012, 2, 29, 23, 59, 59),
            Timestamp::new(1, 1, 1, 0, 0, 0),
            Timestamp::new(9999, 12, 31, 0, 0, 0),
        ] {
            let base = super::packed(&base.unwrap());
            for at in 0..8 {
                for byte in 0..=255u64 {
                    let p = base & !(0xFF << (8 * at)) | byte << (8 * at);
                    assert_eq!(super::unpacked(p), unpacked_reference(p), "{p:#x}");
                }
            }
        }
    }

    #[test]
    #[cfg_attr(miri, ignore)] // exhaustive: minutes under Miri
    fn every_day_of_four_centuries_writes_and_reads_back() {
        for year in (1600..2000).chain([1, 9999]) {
            for month in 1..=12 {
                for day in 1..=31 {
                    let Some(t) = Timestamp::new(year, month, day, 23, 5, 59) else {
                        assert!(day > 28, "{year}-{month}-{day}");
                        continue;
                    };
                    let b = t.to_bytes();
                    let s = core::str::from_utf8(&b).unwrap();
                    assert_eq!(s, format!("{year:04}-{month:02}-{day:02}T23:05:59Z"));
                    assert_eq!(Timestamp::read(s), Some(t));
                }
            }
        }
    }
}
