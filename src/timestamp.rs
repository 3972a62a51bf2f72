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
    pub const fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Option<Self> {
        if year == 0 || year > 9999 || month == 0 || month > 12 {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        match NonZeroU8::new(month) {
            Some(month) => Some(Timestamp {
                year,
                month,
                day,
                hour,
                minute,
                second,
            }),
            None => None,
        }
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
    ///
    /// One loop over the form, a digit or the one separator each byte must be (as data, which
    /// takes less flash than a test per position).
    pub(crate) const fn read(s: &str) -> Option<Self> {
        /// The form: `0` where a digit belongs.
        const FORM: &[u8; 20] = b"0000-00-00T00:00:00Z";
        let b = s.as_bytes();
        if b.len() != FORM.len() {
            return None;
        }
        // Year, month, day, hour, minute, second; a separator ends each one.
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
        let [year, month, day, hour, minute, second] = parts;
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
        let mut out = *b"0000-00-00T00:00:00Z";
        let y = self.year;
        out[0] = b'0' + (y / 1000) as u8;
        out[1] = b'0' + (y / 100 % 10) as u8;
        out[2] = b'0' + (y / 10 % 10) as u8;
        out[3] = b'0' + (y % 10) as u8;
        put2(&mut out, 5, self.month.get());
        put2(&mut out, 8, self.day);
        put2(&mut out, 11, self.hour);
        put2(&mut out, 14, self.minute);
        put2(&mut out, 17, self.second);
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

const fn put2(out: &mut [u8; 20], at: usize, v: u8) {
    out[at] = b'0' + v / 10;
    out[at + 1] = b'0' + v % 10;
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        f.write_str(core::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}
