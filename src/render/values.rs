//! The values of the image being written, formatted once: its id in hex, numbers and dates
//! through a digit-pair table, with 32-bit arithmetic where a 32-bit MCU has it in hardware.

use super::describe::{Facts, Value, fact};
use crate::record::{Counts, Record};
#[cfg(not(feature = "small"))]
use crate::source::LinkText;
use crate::source::{Img, Reads, Source, Text};
use crate::{Timestamp, Uuid};

/// The two decimal digits of each byte below 100 (of a byte above, its last two), so that a
/// byte indexes it with no bounds check: a date is seven lookups. (The small build divides by
/// ten instead.)
#[cfg(not(feature = "small"))]
static PAIRS: [[u8; 2]; 256] = {
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'0' + (i / 10 % 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The two hex digits of each byte (the small build looks up each digit instead).
#[cfg(not(feature = "small"))]
static HEX_PAIRS: [[u8; 2]; 256] = {
    let mut t = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = [HEX[b >> 4], HEX[b & 15]];
        b += 1;
    }
    t
};

#[inline(always)]
fn hex(b: u8) -> [u8; 2] {
    #[cfg(not(feature = "small"))]
    return HEX_PAIRS[usize::from(b)];
    #[cfg(feature = "small")]
    return [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
}

/// The metadata entry or explicit link being written.
#[cfg(not(feature = "small"))]
#[derive(Clone, Copy)]
enum Entry<'a> {
    None,
    Meta(Text<'a>, Option<Text<'a>>),
    Link(LinkText<'a>),
}

/// The image being written and what its steps have formatted so far. One per render, reused
/// for every image. A piece holds at most two values, so there are two scratch buffers; it
/// never holds two ids (the plan builder sees to it), so there is one id buffer.
pub(crate) struct Image<'a> {
    /// Its index in the source.
    pub(crate) index: usize,
    pub(crate) img: Img<'a>,
    /// The image's id or its server's (`id_of`: `Some(true)` the server's), formatted once
    /// for the steps that write it in a row.
    #[cfg(not(feature = "small"))]
    id: [u8; 36],
    #[cfg(not(feature = "small"))]
    id_of: Option<bool>,
    #[cfg(not(feature = "small"))]
    entry: Entry<'a>,
    /// The small build's metadata entry or explicit link being written: its index, each of its
    /// values read from the source where it is written (no copy of the entry in the run).
    #[cfg(feature = "small")]
    pub(crate) entry: usize,
    /// Digits of a number (from `digits_at`), or a date.
    #[cfg(not(feature = "small"))]
    scratch: [[u8; 20]; 2],
    #[cfg(not(feature = "small"))]
    digits_at: [u8; 2],
}

impl<'a> Image<'a> {
    pub(crate) const fn new() -> Self {
        Image {
            index: 0,
            img: Record::new(
                Uuid([0; 16]),
                Counts {
                    metadata: 0,
                    links: 0,
                },
            ),
            #[cfg(not(feature = "small"))]
            id: [0; 36],
            #[cfg(not(feature = "small"))]
            id_of: None,
            #[cfg(not(feature = "small"))]
            entry: Entry::None,
            #[cfg(feature = "small")]
            entry: 0,
            // Written out, not `[[0; 20]; 2]`: a repeated array is zeroed in a temporary and copied.
            #[cfg(not(feature = "small"))]
            scratch: [[0; 20], [0; 20]],
            #[cfg(not(feature = "small"))]
            digits_at: [0; 2],
        }
    }

    /// Starts image `index` of `src`, which writes what `reads` says of it in place; returns
    /// its facts (`None`: the source refused it).
    #[inline]
    pub(crate) fn start<S: Source + ?Sized>(
        &mut self,
        src: &'a S,
        index: usize,
        reads: Reads,
    ) -> Option<Facts> {
        if !src.read_image(index, &mut self.img, reads) {
            return None;
        }
        self.index = index;
        let img = &self.img;
        #[cfg(not(feature = "small"))]
        {
            self.id_of = None;
            self.entry = Entry::None;
        }
        let mut facts = 0;
        if img.disk_config.is_some() {
            facts |= fact::DISK_CONFIG;
        }
        if img.server.is_some() {
            facts |= fact::SERVER;
        }
        Some(
            facts
                | if img.derived_links() {
                    fact::DERIVED
                } else {
                    fact::EXPLICIT
                },
        )
    }

    /// Reads metadata entry `k`. Out of line in the small build: the source's temporaries then
    /// stay out of the walker's frame (a view's would be in it).
    #[cfg(not(feature = "small"))]
    #[inline]
    pub(crate) fn load_meta<S: Source + ?Sized>(&mut self, src: &'a S, k: usize) {
        self.entry = match src.meta(self.index, k) {
            Some((key, value)) => Entry::Meta(key, value),
            None => Entry::None,
        };
    }

    /// Reads explicit link `k`; returns its facts. (Out of line in the small build, as
    /// [`Image::load_meta`].)
    #[cfg(not(feature = "small"))]
    #[inline]
    pub(crate) fn load_link<S: Source + ?Sized>(&mut self, src: &'a S, k: usize) -> Facts {
        let link = src.link(self.index, k);
        self.entry = link.map_or(Entry::None, Entry::Link);
        match link {
            Some(LinkText {
                media_type: Some(_),
                ..
            }) => fact::HAS_TYPE,
            _ => 0,
        }
    }

    /// The key of metadata entry `k` (for sorting).
    pub(crate) fn key_of<S: Source + ?Sized>(&self, src: &'a S, k: usize) -> &'a [u8] {
        src.meta(self.index, k).map_or(&[], |(key, _)| key.s)
    }

    /// Formats the image's id (`server`: its server's) unless the buffer holds it already.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn format_id(&mut self, server: bool, _slot: usize) {
        if self.id_of != Some(server) {
            let id = if server {
                self.img.server.unwrap_or(Uuid([0; 16]))
            } else {
                self.img.id
            };
            hyphenate(&id, &mut self.id);
            self.id_of = Some(server);
        }
    }

    /// Slot `slot`'s 20 bytes for a number or a date.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn slot_mut(&mut self, slot: usize) -> Option<&mut [u8; 20]> {
        self.scratch.get_mut(slot & 1)
    }

    /// The bytes slot `slot` holds: an id (`N` 36) or a number or date (20).
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn held<const N: usize>(&self, slot: usize) -> &[u8] {
        match N {
            36 => &self.id,
            _ => self.scratch.get(slot & 1).map_or(&[], |s| &s[..]),
        }
    }

    /// The number value `v` writes, if it is a number (a size may be null).
    #[inline(always)]
    fn number_of(&self, v: Value) -> Option<u64> {
        match v {
            Value::Progress => Some(u64::from(self.img.progress)),
            Value::MinDisk => Some(self.img.min_disk),
            Value::MinRam => Some(self.img.min_ram),
            Value::Size => self.img.size(),
            _ => None,
        }
    }

    /// Formats what value `v` needs (the id, digits, a date) into slot `slot` (0 or 1) for
    /// [`Image::get`].
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    pub(crate) fn prepare(&mut self, v: Value, slot: usize) {
        let slot = slot & 1;
        // Which id, number or date: one call of each kind (out of line, the small build keeps
        // one copy of each).
        if let Some(server) = v.id_of_server() {
            return self.format_id(server, slot);
        }
        let number = self.number_of(v);
        if let Some(n) = number {
            return self.number(n, slot);
        }
        match v {
            Value::Created => self.date(self.img.created, slot),
            Value::Updated => self.date(self.img.updated, slot),
            _ => {}
        }
    }

    /// The value `v` writes, prepared in `slot` (`None`: null). For a derived href, the id it
    /// ends with (the rest is the endpoints').
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    pub(crate) fn get(&self, v: Value, slot: usize, next: Option<Text<'a>>) -> Option<Text<'_>> {
        let slot = slot & 1;
        let plain = |s: &'static str| Some(Text::new(s, 0));
        // `get`, not indexing: out of line, the closure does not know that `slot` is 0 or 1.
        let digits = || {
            let at = usize::from(self.digits_at.get(slot).copied().unwrap_or(0));
            let held = self.held::<20>(slot);
            Some(Text::from_stored(held.get(at..).unwrap_or(&[]), 0))
        };
        match v {
            Value::Id | Value::ServerId | Value::Href(_) => {
                Some(Text::from_stored(self.held::<36>(slot), 0))
            }
            Value::Name => self.img.name,
            Value::Status => plain(self.img.status.as_str()),
            Value::DiskConfig => plain(self.img.disk_config.map_or("", |c| c.as_str())),
            // One arm for every number (a null size among them): one copy of the digits' code.
            Value::Progress | Value::MinDisk | Value::MinRam | Value::Size => {
                if v == Value::Size && self.img.size().is_none() {
                    return None;
                }
                digits()
            }
            Value::Created | Value::Updated => {
                let date = if v == Value::Created {
                    self.img.created
                } else {
                    self.img.updated
                };
                date.map(|_| Text::from_stored(self.held::<20>(slot), 0))
            }
            Value::MetaKey => match self.entry {
                Entry::Meta(k, _) => Some(k),
                _ => None,
            },
            Value::MetaVal => match self.entry {
                Entry::Meta(_, v) => v,
                _ => None,
            },
            Value::LinkHref | Value::LinkRel | Value::LinkType => match self.entry {
                Entry::Link(l) => match v {
                    Value::LinkHref => Some(l.href),
                    Value::LinkRel => Some(l.rel),
                    _ => l.media_type,
                },
                _ => None,
            },
            Value::NextLink => next,
        }
    }

    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn date(&mut self, t: Option<Timestamp>, slot: usize) {
        let Some(t) = t else {
            return;
        };
        let Some(out) = self.slot_mut(slot) else {
            return;
        };
        let year = u32::from(t.year());
        // Below 100: a year has four digits.
        pair(out, 0, (year / 100) as u8);
        pair(out, 2, (year % 100) as u8);
        out[4] = b'-';
        pair(out, 5, t.month());
        out[7] = b'-';
        pair(out, 8, t.day());
        out[10] = b'T';
        pair(out, 11, t.hour());
        out[13] = b':';
        pair(out, 14, t.minute());
        out[16] = b':';
        pair(out, 17, t.second());
        out[19] = b'Z';
    }

    /// The same, right to left by the number's digit code: each field's two digits (the year's
    /// four) and the separator before it.
    #[cfg(feature = "small")]
    #[inline(never)]
    fn date(t: Option<Timestamp>, out: &mut [u8; 20]) -> usize {
        let Some(t) = t else {
            return out.len();
        };
        let fields = [t.second(), t.minute(), t.hour(), t.day(), t.month()];
        let mut at = out.len() - 1;
        out[at] = b'Z';
        for (&v, &sep) in fields.iter().zip(b"::T--") {
            digits(out, u32::from(v), 2, &mut at);
            at = at.saturating_sub(1);
            if let Some(b) = out.get_mut(at) {
                *b = sep;
            }
        }
        digits(out, u32::from(t.year()), 4, &mut at);
        0
    }

    /// The decimal digits of `n`, right-aligned in slot `slot`.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn number(&mut self, n: u64, slot: usize) {
        let slot = slot & 1;
        let Some(out) = self.slot_mut(slot) else {
            return;
        };
        let mut at = out.len();
        let (high, low) = split(n);
        if high == 0 {
            digits(out, low, 1, &mut at);
        } else {
            digits(out, low, 9, &mut at);
            let (top, middle) = split(high);
            if top == 0 {
                digits(out, middle, 1, &mut at);
            } else {
                digits(out, middle, 9, &mut at);
                digits(out, top as u32, 1, &mut at);
            }
        }
        self.digits_at[slot] = at as u8;
    }

    /// The same, nine digits at a time from the right: one call of the digit code.
    #[cfg(feature = "small")]
    #[inline(never)]
    fn number(mut n: u64, out: &mut [u8; 20]) -> usize {
        let mut at = out.len();
        loop {
            let (high, low) = split(n);
            digits(out, low, if high == 0 { 1 } else { 9 }, &mut at);
            if high == 0 {
                break;
            }
            n = high;
        }
        at
    }
}

/// The small build's values: each read where its part is written, and an id, a number or a
/// date formatted then into the one buffer.
#[cfg(feature = "small")]
impl<'a> Image<'a> {
    /// Value `v`: `None` null; `Some(None)` a value [`Image::format`] formats (never empty);
    /// else its text, read from the record or (an entry's, the next link) from `src`.
    #[inline(never)]
    pub(crate) fn lookup<S: Source + ?Sized>(
        &self,
        src: &'a S,
        v: Value,
    ) -> Option<Option<Text<'a>>> {
        let plain = |s: &'static str| Some(Some(Text::new(s, 0)));
        let (i, k) = (self.index, self.entry);
        match v {
            Value::Id
            | Value::ServerId
            | Value::Href(_)
            | Value::Progress
            | Value::MinDisk
            | Value::MinRam => Some(None),
            Value::Size => self.img.size().map(|_| None),
            Value::Created => self.img.created.map(|_| None),
            Value::Updated => self.img.updated.map(|_| None),
            Value::Name => self.img.name.map(Some),
            Value::Status => plain(self.img.status.as_str()),
            Value::DiskConfig => plain(self.img.disk_config.map_or("", |c| c.as_str())),
            // One read of the entry for both (the list's is in line in the small build).
            Value::MetaKey | Value::MetaVal => match src.meta(i, k)? {
                (key, _) if v == Value::MetaKey => Some(Some(key)),
                (_, value) => value.map(Some),
            },
            Value::LinkHref | Value::LinkRel | Value::LinkType => {
                let l = src.link(i, k)?;
                match v {
                    Value::LinkHref => Some(Some(l.href)),
                    Value::LinkRel => Some(Some(l.rel)),
                    _ => l.media_type.map(Some),
                }
            }
            Value::NextLink => src.next_link().map(Some),
        }
    }

    /// Enters metadata entry (`meta`) or explicit link `k`; its facts. Its values are read
    /// where they are written.
    #[inline(never)]
    pub(crate) fn enter<S: Source + ?Sized>(&mut self, src: &'a S, k: usize, meta: bool) -> Facts {
        self.entry = k;
        if !meta && self.lookup(src, Value::LinkType).is_some() {
            fact::HAS_TYPE
        } else {
            0
        }
    }

    /// Whether value `v` is null (`None`) or empty, without formatting it.
    #[inline(always)]
    pub(crate) fn presence<S: Source + ?Sized>(&self, src: &'a S, v: Value) -> Option<bool> {
        self.lookup(src, v)
            .map(|t| t.is_some_and(|t| t.s.is_empty()))
    }

    /// Formats value `v` (one [`Image::lookup`] says is formatted) into `buf`, the writer's
    /// (the small build keeps no buffer in the run): its text. In line in that writer's frame,
    /// one frame less under the digits.
    #[inline(always)]
    pub(crate) fn format<'b>(&self, v: Value, buf: &'b mut [u8; 36]) -> Text<'b> {
        if let Some(server) = v.id_of_server() {
            // By reference: no id copied into the frame.
            let id = match (server, &self.img.server) {
                (true, Some(s)) => s,
                (true, None) => &Uuid([0; 16]),
                (false, _) => &self.img.id,
            };
            hyphenate(id, buf);
            return Text::from_stored(buf, 0);
        }
        let Some(out) = buf.first_chunk_mut::<20>() else {
            return Text::from_stored(&[], 0);
        };
        let number = self.number_of(v);
        let at = match (number, v) {
            (Some(n), _) => Self::number(n, out),
            (None, Value::Created) => Self::date(self.img.created, out),
            (None, Value::Updated) => Self::date(self.img.updated, out),
            _ => out.len(),
        };
        Text::from_stored(out.get(at..).unwrap_or(&[]), 0)
    }
}

/// Writes the two digits of `v` (below 100) at `at`.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn pair(out: &mut [u8; 20], at: usize, v: u8) {
    let digits = &PAIRS[usize::from(v)];
    if let Some(d) = out.get_mut(at..at + 2) {
        crate::bytes::copy(d, digits);
    }
}

/// Writes `v`'s digits (at least `min`, zero-padded) right to left, ending at `at`.
#[cfg(not(feature = "small"))]
#[inline]
fn digits(out: &mut [u8; 20], mut v: u32, min: usize, at: &mut usize) {
    let end = *at;
    while v >= 100 {
        *at = at.saturating_sub(2);
        pair(out, *at, (v % 100) as u8);
        v /= 100;
    }
    if v >= 10 {
        *at = at.saturating_sub(2);
        pair(out, *at, v as u8);
    } else {
        *at = at.saturating_sub(1);
        if let Some(d) = out.get_mut(*at) {
            *d = b'0' + v as u8;
        }
    }
    while end - *at < min && *at > 0 {
        *at -= 1;
        if let Some(d) = out.get_mut(*at) {
            *d = b'0';
        }
    }
}

/// The same, a digit at a time (a Cortex-M divides in hardware; no table).
#[cfg(feature = "small")]
#[inline(never)]
fn digits(out: &mut [u8; 20], mut v: u32, min: usize, at: &mut usize) {
    let end = *at;
    while *at > 0 && (v != 0 || end - *at < min) {
        *at -= 1;
        if let Some(d) = out.get_mut(*at) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
    }
}

/// `(n / 10^9, n % 10^9)`. A 64-bit target divides; a 32-bit one, which would call a library
/// routine of nearly a kilobyte for that, subtracts shifted powers of ten.
#[inline]
fn split(n: u64) -> (u64, u32) {
    const BILLION: u64 = 1_000_000_000;
    if n < BILLION {
        return (0, n as u32);
    }
    if cfg!(target_pointer_width = "64") {
        return (n / BILLION, (n % BILLION) as u32);
    }
    split_by_subtraction(n)
}

/// [`split`] without a division: `n / 10^9 < 2^35`, so 35 shifted subtractions. It shifts by
/// one only: a shift by a variable amount is a library call on a 32-bit target.
#[inline]
fn split_by_subtraction(n: u64) -> (u64, u32) {
    const BILLION: u64 = 1_000_000_000;
    let (mut quotient, mut rest, mut step) = (0u64, n, BILLION << 34);
    for _ in 0..35 {
        quotient <<= 1;
        if rest >= step {
            rest -= step;
            quotient |= 1;
        }
        step >>= 1;
    }
    (quotient, rest as u32)
}

/// Writes an id's 36 lowercase hyphenated characters.
#[cfg(not(feature = "small"))]
#[inline(never)]
fn hyphenate(id: &Uuid, out: &mut [u8; 36]) {
    /// Where each byte's two digits go (bytes: a quarter of the table that words make).
    const AT: [u8; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    for at in [8, 13, 18, 23] {
        if let Some(b) = out.get_mut(at) {
            *b = b'-';
        }
    }
    for (&at, &b) in AT.iter().zip(&id.0) {
        let at = usize::from(at);
        if let Some(d) = out.get_mut(at..at + 2) {
            crate::bytes::copy(d, &hex(b));
        }
    }
}

/// The same, a character at a time: a hyphen before bytes 4, 6, 8 and 10, two digits for
/// each byte (no table of places).
#[cfg(feature = "small")]
#[inline(never)]
fn hyphenate(id: &Uuid, out: &mut [u8; 36]) {
    let mut at = 0;
    for (k, &b) in id.0.iter().enumerate() {
        if matches!(k, 4 | 6 | 8 | 10) {
            if let Some(d) = out.get_mut(at) {
                *d = b'-';
            }
            at += 1;
        }
        for c in hex(b) {
            if let Some(d) = out.get_mut(at) {
                *d = c;
            }
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Value `v` of `im`, formatted.
    fn text(im: &mut Image<'_>, v: Value) -> std::vec::Vec<u8> {
        #[cfg(not(feature = "small"))]
        {
            im.prepare(v, 1);
            im.get(v, 1, None).unwrap().s.to_vec()
        }
        #[cfg(feature = "small")]
        {
            let mut buf = [0u8; 36];
            im.format(v, &mut buf).s.to_vec()
        }
    }

    fn number(n: u64) -> std::string::String {
        let mut im = Image::new();
        im.img.min_disk = n;
        std::string::String::from_utf8(text(&mut im, Value::MinDisk)).unwrap()
    }

    #[test]
    fn numbers_are_decimal() {
        for n in [
            0,
            7,
            10,
            99,
            100,
            101,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
            12_345_678_901_234,
            u64::MAX,
        ] {
            assert_eq!(number(n), std::format!("{n}"));
        }
    }

    #[test]
    fn the_32_bit_split_divides() {
        for n in [
            0,
            1,
            999_999_999,
            1_000_000_000,
            12_345_678_901_234,
            u64::MAX - 1,
            u64::MAX,
        ] {
            let (q, r) = split_by_subtraction(n);
            assert_eq!((q, u64::from(r)), (n / 1_000_000_000, n % 1_000_000_000));
        }
    }

    #[test]
    fn dates_and_ids_format_as_spec_says() {
        let mut im = Image::new();
        im.img.created = Timestamp::new(987, 2, 28, 3, 4, 5);
        assert_eq!(text(&mut im, Value::Created), b"0987-02-28T03:04:05Z");
        im.img.id = Uuid::parse("70A599E0-31e7-49b7-b260-868f441e862b").unwrap();
        assert_eq!(
            text(&mut im, Value::Id),
            b"70a599e0-31e7-49b7-b260-868f441e862b"
        );
    }
}
