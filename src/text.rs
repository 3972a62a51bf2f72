//! Text values: what may be stored, and how each output style escapes it.
//!
//! Every string is checked and classified once, when it is stored, so that rendering a string that
//! needs no escaping in the current style is a single copy.

/// Needs escaping in a JSON string (`"`, `\`, U+0000..U+001F).
pub(crate) const JSON: u8 = 1;
/// Holds bytes that `ascii_only` escapes (U+007F and everything above ASCII).
pub(crate) const NON_ASCII: u8 = 2;
/// Needs escaping in an XML attribute (`&`, `<`, `>`, `"`, TAB, LF, CR).
pub(crate) const XML_ATTR: u8 = 4;
/// Needs escaping in XML text (`&`, `<`, `>`, CR).
pub(crate) const XML_TEXT: u8 = 8;
/// Not classified when it was checked (a borrowed string): the renderer looks at it.
pub const UNCLASSIFIED: u8 = 32;
/// Every bit: a string that may need anything, not classified (a borrowed string).
pub const UNKNOWN: u8 = JSON | NON_ASCII | XML_ATTR | XML_TEXT | UNCLASSIFIED;

/// Which escaping a string gets where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    Json,
    JsonAscii,
    XmlAttr,
    XmlText,
}

impl Escape {
    /// The class bits that mean "this string needs work in this context".
    #[inline]
    pub(crate) const fn mask(self) -> u8 {
        match self {
            Escape::Json => JSON,
            Escape::JsonAscii => JSON | NON_ASCII,
            Escape::XmlAttr => XML_ATTR,
            Escape::XmlText => XML_TEXT,
        }
    }
}

/// Not a class: the byte may start a character no stored value may hold (a control character
/// other than TAB, LF, CR; the first byte of U+FFFE and U+FFFF).
const SUSPECT: u8 = 16;

/// The class bits of each byte, and `SUSPECT`.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let mut c = 0;
        if b < 0x20 || b == b'"' as usize || b == b'\\' as usize {
            c |= JSON;
        }
        if b >= 0x7f {
            c |= NON_ASCII;
        }
        if b == b'&' as usize || b == b'<' as usize || b == b'>' as usize || b == b'\r' as usize {
            c |= XML_ATTR | XML_TEXT;
        }
        if b == b'"' as usize || b == b'\t' as usize || b == b'\n' as usize {
            c |= XML_ATTR;
        }
        if (b < 0x20 && b != b'\t' as usize && b != b'\n' as usize && b != b'\r' as usize)
            || b == 0xEF
        {
            c |= SUSPECT;
        }
        t[b] = c;
        b += 1;
    }
    t
};

/// A string holds a character that no stored value may hold. Not where: every caller names
/// the field, none the place, and without an offset the check's result is two bytes, returned
/// in a register rather than through memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forbidden;

/// Checks that `s` can be written in every style, and returns its class bits.
///
/// XML 1.0 cannot carry U+0000..U+001F other than TAB, LF and CR, nor U+FFFE and U+FFFF.
pub(crate) fn classify(s: &str) -> Result<u8, Forbidden> {
    classify_bytes(s.as_bytes())
}

/// [`classify`] of bytes not yet known to be UTF-8: a class without [`NON_ASCII`] says they
/// are ASCII, so UTF-8 with no other look.
pub(crate) fn classify_bytes(b: &[u8]) -> Result<u8, Forbidden> {
    // Whole words first in the fast build: most strings hold nothing any style escapes (nor
    // anything suspect, which is a control character or above ASCII).
    if cfg!(not(feature = "small")) && !any_special::<{ JSON | NON_ASCII | XML_ATTR }>(b) {
        return Ok(0);
    }
    // One table lookup per byte; only a string with a suspect byte is looked at again.
    let class = b.iter().fold(0u8, |c, &byte| c | CLASS[usize::from(byte)]);
    if class & SUSPECT == 0 {
        return Ok(class);
    }
    for (i, &byte) in b.iter().enumerate() {
        if byte < 0x20 && byte != b'\t' && byte != b'\n' && byte != b'\r' {
            return Err(Forbidden);
        }
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if byte == 0xEF
            && b.get(i + 1) == Some(&0xBF)
            && matches!(b.get(i + 2), Some(0xBE) | Some(0xBF))
        {
            return Err(Forbidden);
        }
    }
    Ok(class & !SUSPECT)
}

/// The index of the first byte at or after `from` that `esc` escapes (or `s.len()`).
#[cfg(not(feature = "small"))]
#[inline]
pub(crate) fn next_special(s: &[u8], from: usize, esc: Escape) -> usize {
    match esc {
        Escape::Json => scan::<JSON>(s, from),
        Escape::JsonAscii => scan::<{ JSON | NON_ASCII }>(s, from),
        Escape::XmlAttr => scan::<XML_ATTR>(s, from),
        Escape::XmlText => scan::<XML_TEXT>(s, from),
    }
}

/// The same in the small build: one byte at a time, the mask a value (one loop for every
/// escape).
#[cfg(feature = "small")]
#[inline]
pub(crate) fn next_special(s: &[u8], from: usize, esc: Escape) -> usize {
    let mask = esc.mask();
    let rest = s.get(from..).unwrap_or(&[]);
    match rest.iter().position(|&b| CLASS[usize::from(b)] & mask != 0) {
        Some(p) => from + p,
        None => s.len(),
    }
}

/// The index of the first byte at or after `from` whose class has a bit of `MASK` (or
/// `s.len()`), eight bytes at a time while none of them can be one.
#[cfg(not(feature = "small"))]
#[inline]
pub(crate) fn scan<const MASK: u8>(s: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = s.get(i..i + 8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        if may_be_special(word, MASK)
            && let Some(p) = chunk
                .iter()
                .position(|&b| CLASS[usize::from(b)] & MASK != 0)
        {
            return i + p;
        }
        i += 8;
    }
    let rest = s.get(i..).unwrap_or(&[]);
    match rest.iter().position(|&b| CLASS[usize::from(b)] & MASK != 0) {
        Some(p) => i + p,
        None => s.len(),
    }
}

/// Whether `esc` escapes a byte of `s` (a string not classified when it was checked): whole
/// words, the last one overlapping, no byte loop. Which test is chosen where it is called,
/// where the piece's context is a constant: XML's, a test of its own called with no table of
/// jumps; JSON's, whose escape is one of two (the ASCII option is the caller's), one function
/// with a branch. (A call of each JSON escape's own test, chosen where it is called, made the
/// view's compact JSON 0.9 % more instructions: each piece then branches.) The fast build's
/// (the small build escapes a part as it writes it).
#[cfg(not(feature = "small"))]
#[inline(always)]
pub(crate) fn needs_escape(s: &[u8], esc: Escape) -> bool {
    match esc {
        Escape::XmlAttr => special_in::<XML_ATTR>(s),
        Escape::XmlText => special_in::<XML_TEXT>(s),
        json => json_special(s, json == Escape::JsonAscii),
    }
}

/// [`any_special`] out of line: a piece calls it only for its unclassified parts.
#[cfg(not(feature = "small"))]
#[inline(never)]
fn special_in<const MASK: u8>(s: &[u8]) -> bool {
    any_special::<MASK>(s)
}

/// The same for JSON, with (`ascii`) or without the ASCII option.
#[cfg(not(feature = "small"))]
#[inline(never)]
fn json_special(s: &[u8], ascii: bool) -> bool {
    if ascii {
        any_special::<{ JSON | NON_ASCII }>(s)
    } else {
        any_special::<JSON>(s)
    }
}

#[inline(always)]
pub(crate) fn any_special<const MASK: u8>(s: &[u8]) -> bool {
    let word = |b: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(b).unwrap_or([0; 8]));
    let half = |b: &[u8]| u64::from(u32::from_le_bytes(<[u8; 4]>::try_from(b).unwrap_or([0; 4])));
    let n = s.len();
    #[cfg(not(feature = "small"))]
    if VECTOR_BLOCKS && n >= 8 {
        return if n < 16 {
            any_special_pair::<MASK>(s.first_chunk(), s.last_chunk())
        } else {
            any_special_blocks::<MASK>(s)
        };
    }
    if n >= 8 {
        // The hits of every whole word and of the last eight bytes, tested once.
        let mut hits = special_bytes(word(s.get(n - 8..).unwrap_or(&[])), MASK);
        for w in s.chunks_exact(8) {
            hits |= special_bytes(word(w), MASK);
        }
        hits != 0
    } else if n >= 4 {
        let (first, last) = (s.get(..4).unwrap_or(&[]), s.get(n - 4..).unwrap_or(&[]));
        may_be_special(half(first) | half(last) << 32, MASK)
    } else {
        s.iter().any(|&b| CLASS[usize::from(b)] & MASK != 0)
    }
}

/// Whether the target tests 16 bytes in a few vector instructions. Where it does not
/// (Cortex-M), the lanes of a block are tested one byte at a time and the eight-byte words are
/// fewer instructions (thumbv7em at opt-level 3, 16 to 32 bytes: 335 against 120); the small
/// build never uses blocks.
#[cfg(not(feature = "small"))]
const VECTOR_BLOCKS: bool = cfg!(any(
    target_feature = "sse2",
    target_feature = "neon",
    target_feature = "simd128"
));

/// [`any_special`] of 8 to 15 bytes: the first and the last eight (overlapping) as the two
/// halves of one block, tested once (x86-64: two loads, one unpack, the block's test).
#[cfg(not(feature = "small"))]
#[inline(always)]
fn any_special_pair<const MASK: u8>(first: Option<&[u8; 8]>, last: Option<&[u8; 8]>) -> bool {
    let block = core::array::from_fn(|i| {
        let half = if i < 8 { first } else { last };
        half.and_then(|h| h.get(i % 8)).copied().unwrap_or(0)
    });
    any_lane(special_lanes::<MASK>(block))
}

/// Whether a lane is not 0. An or of the lanes, not `!= [0; 16]`: the comparison of arrays
/// was turned into byte loads and shifts for some masks (about 100 instructions for XML's
/// test of 16 to 32 bytes), the or into one vector comparison for every mask.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn any_lane(lanes: [u8; 16]) -> bool {
    lanes.iter().fold(0, |a, &b| a | b) != 0
}

/// [`any_special`] of 16 to 32 bytes: the first and the last 16 (overlapping), the hits of
/// both or-ed and tested once. Each byte's test is written as arithmetic on the byte alone,
/// which the compiler turns into a few vector instructions per block (SSE2 on x86-64): half
/// the instructions of the eight-byte words for the borrowed view's strings, which it scans as
/// it writes them. A longer string goes on out of line, so that this stays a function with no
/// frame (a call here costs every string a frame: +1.5 % instructions for the view's render).
#[cfg(not(feature = "small"))]
#[inline(always)]
fn any_special_blocks<const MASK: u8>(s: &[u8]) -> bool {
    if s.len() > 32 {
        return any_special_long::<MASK>(s);
    }
    let block = |b: Option<&[u8; 16]>| special_lanes::<MASK>(*b.unwrap_or(&[0; 16]));
    any_lane(lanes_or(block(s.first_chunk()), block(s.last_chunk())))
}

/// [`any_special`] of more than 32 bytes: every block, the last one overlapping, each through
/// [`block_lanes`].
#[cfg(not(feature = "small"))]
#[inline(never)]
fn any_special_long<const MASK: u8>(s: &[u8]) -> bool {
    let mut hits = block_lanes::<MASK>(s.last_chunk::<16>().unwrap_or(&[0; 16]));
    for b in s.chunks_exact(16) {
        hits = lanes_or(hits, block_lanes::<MASK>(b.try_into().unwrap_or(&[0; 16])));
    }
    any_lane(hits)
}

/// [`special_lanes`] of one block, out of line: inlined, the compiler vectorizes the loop over
/// the blocks across four of them at a time, which took about 900 instructions for a string of
/// 64 bytes or more instead of about 200 (x86-64, callgrind).
#[cfg(not(feature = "small"))]
#[inline(never)]
fn block_lanes<const MASK: u8>(b: &[u8; 16]) -> [u8; 16] {
    special_lanes::<MASK>(*b)
}

#[cfg(not(feature = "small"))]
#[inline(always)]
fn lanes_or(mut a: [u8; 16], b: [u8; 16]) -> [u8; 16] {
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
    a
}

/// For each byte of `b`, 0 unless it may be one `mask` escapes (as [`special_bytes`] says).
#[cfg(not(feature = "small"))]
#[inline(always)]
fn special_lanes<const MASK: u8>(b: [u8; 16]) -> [u8; 16] {
    let yes = |t: bool| u8::from(t).wrapping_neg();
    let markup = XML_ATTR | XML_TEXT;
    let mut lanes = [0u8; 16];
    for (lane, x) in lanes.iter_mut().zip(b) {
        let mut h = 0;
        if MASK & (JSON | XML_ATTR) != 0 {
            // Not 0 exactly when `x` is `"` or below 0x20 (as in `special_bytes`).
            h |= (x ^ 2).min(0x21).wrapping_sub(0x21);
        } else if MASK & XML_TEXT != 0 {
            // Not 0 exactly when `x` is below 0x20.
            h |= x.min(0x20).wrapping_sub(0x20);
        }
        if MASK & JSON != 0 {
            h |= yes(x == b'\\');
        }
        if MASK & NON_ASCII != 0 {
            h |= yes(x >= 0x7f);
        }
        if MASK & markup != 0 {
            h |= yes(x == b'&') | yes(x == b'<') | yes(x == b'>');
        }
        *lane = h;
    }
    lanes
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `n` (`n` at most 0x80) is set, and perhaps of
/// bytes above such a byte; none is set if no byte is below `n`.
#[inline(always)]
const fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * n as u64) & !word
}

/// As [`below`], for the bytes equal to `b`.
#[inline(always)]
const fn equal(word: u64, b: u8) -> u64 {
    below(word ^ (ONES * b as u64), 1)
}

/// Whether a byte of `word` may be one `mask` escapes: never false when one is; true for any
/// control character (XML escapes only TAB, LF, CR, the only ones a stored string may hold).
/// Branch-free: every test is or-ed, then one test of the high bits.
#[inline(always)]
const fn may_be_special(word: u64, mask: u8) -> bool {
    special_bytes(word, mask) != 0
}

/// The high bit of each byte of `word` that may be one `mask` escapes (as for
/// [`may_be_special`]); the lowest one set is the first such byte, exactly (a false hit, from a
/// borrow, is only ever above a true one).
#[inline(always)]
const fn special_bytes(word: u64, mask: u8) -> u64 {
    let mut hits = 0;
    if mask & (JSON | XML_ATTR) != 0 {
        // `"` and the control characters in one test: `"` ^ 2 is 0x20, and a control
        // character ^ 2 is still one (one comparison a word fewer).
        hits |= below(word ^ (ONES * 2), 0x21);
    } else if mask & XML_TEXT != 0 {
        hits |= below(word, 0x20);
    }
    if mask & JSON != 0 {
        hits |= equal(word, b'\\');
    }
    if mask & NON_ASCII != 0 {
        hits |= word | equal(word, 0x7f);
    }
    if mask & (XML_ATTR | XML_TEXT) != 0 {
        hits |= equal(word, b'&') | equal(word, b'<') | equal(word, b'>');
    }
    hits & HIGH
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The longest escape sequence: a surrogate pair, `\ud83d\ude00`.
pub(crate) const ESCAPE_MAX: usize = 12;

/// The most bytes an escaped byte becomes (`\u00XX`, `&quot;`; a 4-byte character is 12).
#[cfg(not(feature = "small"))]
pub(crate) const ROOM_PER_BYTE: usize = 6;

/// Writes `s` escaped as `esc` into `dst`, which must hold [`ROOM_PER_BYTE`] bytes per byte of
/// `s`; returns the bytes written. One loop per escape, chosen once per string. (The fast
/// build's: the small build escapes a part as it writes it.)
#[cfg(not(feature = "small"))]
#[inline(never)]
pub(crate) fn escape_into(dst: &mut [u8], s: &[u8], esc: Escape) -> usize {
    match esc {
        Escape::Json => escape_as::<JSON>(dst, s),
        Escape::JsonAscii => escape_as::<{ JSON | NON_ASCII }>(dst, s),
        Escape::XmlAttr => escape_as::<XML_ATTR>(dst, s),
        Escape::XmlText => escape_as::<XML_TEXT>(dst, s),
    }
}

/// Eight bytes at a time: each word is stored whole (the output's room allows it) and kept up
/// to its first special byte, if it has one, which is then escaped; the last bytes one at a
/// time.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn escape_as<const MASK: u8>(dst: &mut [u8], s: &[u8]) -> usize {
    let (mut i, mut o) = (0, 0);
    while let Some(chunk) = s.get(i..i + 8) {
        let word = <[u8; 8]>::try_from(chunk).unwrap_or([0; 8]);
        if let Some(d) = dst
            .get_mut(o..o + 8)
            .and_then(|d| <&mut [u8; 8]>::try_from(d).ok())
        {
            *d = word;
        }
        let hits = special_bytes(u64::from_le_bytes(word), MASK);
        if hits == 0 {
            (i, o) = (i + 8, o + 8);
        } else {
            let first = (hits.trailing_zeros() / 8) as usize;
            (i, o) = escape_one::<MASK>(dst, s, i + first, o + first);
        }
    }
    while i < s.len() {
        (i, o) = escape_one::<MASK>(dst, s, i, o);
    }
    o
}

/// Writes byte `s[i]` at `dst[o]`, escaped if `MASK` escapes it; returns where both go on.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn escape_one<const MASK: u8>(dst: &mut [u8], s: &[u8], i: usize, o: usize) -> (usize, usize) {
    let b = s.get(i).copied().unwrap_or(0);
    if CLASS[usize::from(b)] & MASK == 0 {
        if let Some(d) = dst.get_mut(o) {
            *d = b;
        }
        return (i + 1, o + 1);
    }
    if MASK & NON_ASCII == 0 || b < 0x80 {
        // Six bytes whatever the escape's length: the output has room for them (at most six
        // bytes for each byte before this one, and six for this one).
        let (e, len) = escape_ascii(b, MASK & (XML_ATTR | XML_TEXT) != 0);
        if let Some(d) = dst
            .get_mut(o..o + ROOM_PER_BYTE)
            .and_then(|d| <&mut [u8; ROOM_PER_BYTE]>::try_from(d).ok())
        {
            *d = e;
        }
        return (i + 1, o + len);
    }
    let mut buf = [0; ESCAPE_MAX];
    let mut consumed = 0;
    let e = escape_at(s, i, Escape::JsonAscii, &mut buf, &mut consumed);
    for (d, s) in dst.get_mut(o..).unwrap_or(&mut []).iter_mut().zip(e) {
        *d = *s;
    }
    (i + consumed, o + e.len())
}

/// The escape sequence for the special character starting at `s[i]`, written into `buf`: an
/// ASCII byte's, or (for `JsonAscii`) a non-ASCII character's `\uXXXX`, twice for a surrogate
/// pair; `consumed` is set to the input bytes it stands for. (A slice is returned in
/// registers, a slice and a count through the caller's frame.)
pub(crate) fn escape_at<'b>(
    s: &[u8],
    i: usize,
    esc: Escape,
    buf: &'b mut [u8; ESCAPE_MAX],
    consumed: &mut usize,
) -> &'b [u8] {
    let byte = s.get(i).copied().unwrap_or(0);
    let (high, low) = buf.split_at_mut(6);
    *consumed = 1;
    let len = if byte < 0x80 {
        let xml = matches!(esc, Escape::XmlAttr | Escape::XmlText);
        let (bytes, len) = escape_ascii(byte, xml);
        if let Ok(h) = <&mut [u8; 6]>::try_from(high) {
            *h = bytes;
        }
        len
    } else {
        non_ascii(s, i, high, low, consumed)
    };
    buf.get(..len).unwrap_or(&[])
}

/// The `\uXXXX` of the non-ASCII character at `s[i]` into `high`, and `low` for the second
/// half of a surrogate pair; its length.
#[inline(always)]
fn non_ascii(s: &[u8], i: usize, high: &mut [u8], low: &mut [u8], consumed: &mut usize) -> usize {
    let (cp, n) = decode_utf8(s, i);
    *consumed = usize::from(n);
    if cp >= 0x10000 {
        let v = cp - 0x10000;
        unicode_escape(high, 0xD800 | (v >> 10));
        unicode_escape(low, 0xDC00 | (v & 0x3FF));
        ESCAPE_MAX
    } else {
        unicode_escape(high, cp);
        6
    }
}

/// How the small build escapes the special character `rest` starts with: into `buf`, returning
/// the escape's length and the input bytes it stands for. A render writes with the one its
/// format can need ([`escape_fn`]), so that a firmware links only those escapes.
#[cfg(feature = "small")]
pub(crate) type EscapeFn = fn(&[u8], Escape, &mut [u8; ESCAPE_MAX]) -> (usize, usize);

/// The escapes a format can need (`IntoFormat::ESCAPES`): any, JSON's of ASCII bytes, those
/// and `ascii_only`'s, XML's.
pub(crate) mod escapes {
    pub(crate) const ANY: u8 = 0;
    pub(crate) const JSON: u8 = 1;
    pub(crate) const JSON_ASCII: u8 = 2;
    pub(crate) const XML: u8 = 3;
}

/// The escape that covers `set` (one of [`escapes`]).
#[cfg(feature = "small")]
pub(crate) const fn escape_fn(set: u8) -> EscapeFn {
    match set {
        escapes::JSON => escape_json,
        escapes::JSON_ASCII => escape_json_ascii,
        escapes::XML => escape_xml,
        _ => escape_any,
    }
}

/// Any escape: [`escape_at`]'s.
#[cfg(feature = "small")]
fn escape_any(rest: &[u8], esc: Escape, buf: &mut [u8; ESCAPE_MAX]) -> (usize, usize) {
    let mut consumed = 1;
    let len = escape_at(rest, 0, esc, buf, &mut consumed).len();
    (len, consumed)
}

/// JSON's escape of an ASCII byte (the only ones `Escape::Json` escapes).
#[cfg(feature = "small")]
#[inline(never)]
fn escape_json(rest: &[u8], _: Escape, buf: &mut [u8; ESCAPE_MAX]) -> (usize, usize) {
    escape_ascii_into(rest, false, buf)
}

/// XML's escape of an ASCII byte (XML escapes no other).
#[cfg(feature = "small")]
#[inline(never)]
fn escape_xml(rest: &[u8], _: Escape, buf: &mut [u8; ESCAPE_MAX]) -> (usize, usize) {
    escape_ascii_into(rest, true, buf)
}

/// `Escape::JsonAscii`'s: an ASCII byte's as JSON's, a non-ASCII character's `\uXXXX`, twice
/// for a surrogate pair.
#[cfg(feature = "small")]
fn escape_json_ascii(rest: &[u8], esc: Escape, buf: &mut [u8; ESCAPE_MAX]) -> (usize, usize) {
    if rest.first().is_some_and(|&b| b < 0x80) {
        return escape_json(rest, esc, buf);
    }
    let (high, low) = buf.split_at_mut(6);
    let mut consumed = 1;
    let len = non_ascii(rest, 0, high, low, &mut consumed);
    (len, consumed)
}

/// The escape of the ASCII byte `rest` starts with, XML's (`xml`) or JSON's.
#[cfg(feature = "small")]
#[inline(always)]
fn escape_ascii_into(rest: &[u8], xml: bool, buf: &mut [u8; ESCAPE_MAX]) -> (usize, usize) {
    let (bytes, len) = escape_ascii(rest.first().copied().unwrap_or(0), xml);
    if let Some(h) = buf.first_chunk_mut::<6>() {
        *h = bytes;
    }
    (len, 1)
}

/// Writes `\uXXXX` (`unit`, lowercase hex) into the six bytes of `out`.
fn unicode_escape(out: &mut [u8], unit: u32) {
    if let Some(d) = out.get_mut(..6) {
        d[0] = b'\\';
        d[1] = b'u';
        for (k, slot) in d[2..].iter_mut().enumerate() {
            *slot = HEX[((unit >> (12 - 4 * k)) & 15) as usize];
        }
    }
}

/// The escape of ASCII byte `b`, one that XML (`xml`) or JSON escapes, as six bytes of which
/// the first `len` count: a whole escape is one fixed-size move. (JSON's `\u00XX` and XML's
/// `&quot;`, the longest, are six bytes, the room the renderer keeps for each byte it escapes.)
#[cfg(not(feature = "small"))]
#[inline(always)]
pub(crate) fn escape_ascii(b: u8, xml: bool) -> ([u8; 6], usize) {
    if xml {
        return match b {
            b'&' => (*b"&amp; ", 5),
            b'<' => (*b"&lt;  ", 4),
            b'>' => (*b"&gt;  ", 4),
            b'"' => (*b"&quot;", 6),
            b'\t' => (*b"&#9;  ", 4),
            b'\n' => (*b"&#10; ", 5),
            _ => (*b"&#13; ", 5),
        };
    }
    match b {
        b'"' => (*b"\\\"    ", 2),
        b'\\' => (*b"\\\\    ", 2),
        0x08 => (*b"\\b    ", 2),
        0x0c => (*b"\\f    ", 2),
        b'\n' => (*b"\\n    ", 2),
        b'\r' => (*b"\\r    ", 2),
        b'\t' => (*b"\\t    ", 2),
        _ => (
            [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4) & 15],
                HEX[usize::from(b & 15)],
            ],
            6,
        ),
    }
}

/// The same in the small build, from two small tables instead of a branch per escape: JSON's
/// and XML's apart, so that a firmware that writes one of them links only its table.
#[cfg(feature = "small")]
#[inline(always)]
pub(crate) fn escape_ascii(b: u8, xml: bool) -> ([u8; 6], usize) {
    if xml {
        escape_xml_byte(b)
    } else {
        escape_json_byte(b)
    }
}

/// XML's escape of ASCII byte `b` (the small build).
#[cfg(feature = "small")]
fn escape_xml_byte(b: u8) -> ([u8; 6], usize) {
    /// The byte, the entity after `&` up to its `;`, padded with spaces.
    const XML: [(u8, [u8; 5]); 7] = [
        (b'&', *b"amp; "),
        (b'<', *b"lt;  "),
        (b'>', *b"gt;  "),
        (b'"', *b"quot;"),
        (b'\t', *b"#9;  "),
        (b'\n', *b"#10; "),
        (b'\r', *b"#13; "),
    ];
    let (_, name) = XML.iter().find(|e| e.0 == b).unwrap_or(&XML[6]);
    let mut out = [b'&'; 6];
    if let Some(d) = out.get_mut(1..) {
        d.copy_from_slice(name);
    }
    let len = name.iter().position(|&c| c == b';').unwrap_or(0) + 2;
    (out, len)
}

/// JSON's escape of ASCII byte `b` (the small build).
#[cfg(feature = "small")]
fn escape_json_byte(b: u8) -> ([u8; 6], usize) {
    /// The two-character escapes: the byte, the letter after the backslash.
    const JSON_SHORT: [[u8; 2]; 7] = [
        *b"\"\"",
        *b"\\\\",
        [0x08, b'b'],
        [0x0c, b'f'],
        *b"\nn",
        *b"\rr",
        *b"\tt",
    ];
    match JSON_SHORT.iter().find(|e| e[0] == b) {
        Some(e) => ([b'\\', e[1], b' ', b' ', b' ', b' '], 2),
        None => {
            let mut out = [0; 6];
            unicode_escape(&mut out, u32::from(b));
            (out, 6)
        }
    }
}

/// Decodes the character at `s[i]` (valid UTF-8 by construction); U+FFFD and a length of 1 if
/// it is not (which `validate::is_utf8` relies on). By hand: `core::str::from_utf8` links a
/// 256-byte table for this one character.
pub(crate) fn decode_utf8(s: &[u8], i: usize) -> (u32, u8) {
    const BAD: (u32, u8) = (0xFFFD, 1);
    let rest = s.get(i..).unwrap_or(&[]);
    let Some(&b) = rest.first() else {
        return BAD;
    };
    // The sequence's length, the least code point it may encode, the lead byte's bits.
    let (len, least, mut cp) = match b {
        0x00..=0x7F => return (u32::from(b), 1),
        0xC0..=0xDF => (2, 0x80, u32::from(b & 0x1F)),
        0xE0..=0xEF => (3, 0x800, u32::from(b & 0x0F)),
        0xF0..=0xF7 => (4, 0x1_0000, u32::from(b & 0x07)),
        _ => return BAD,
    };
    for k in 1..len {
        match rest.get(k) {
            Some(&c) if c & 0xC0 == 0x80 => cp = cp << 6 | u32::from(c & 0x3F),
            _ => return BAD,
        }
    }
    if cp < least || cp > 0x10_FFFF || (0xD800..=0xDFFF).contains(&cp) {
        return BAD;
    }
    (cp, len as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape_all(s: &str, esc: Escape) -> (std::vec::Vec<u8>, usize) {
        let (mut out, mut n, b, mut i) = (std::vec![0u8; s.len() * 12 + 64], 0, s.as_bytes(), 0);
        while i < b.len() {
            let j = next_special(b, i, esc);
            out[n..n + j - i].copy_from_slice(&b[i..j]);
            n += j - i;
            if j < b.len() {
                let mut buf = [0; ESCAPE_MAX];
                let mut consumed = 0;
                let e = escape_at(b, j, esc, &mut buf, &mut consumed);
                out[n..n + e.len()].copy_from_slice(e);
                n += e.len();
                i = j + consumed;
            } else {
                i = j;
            }
        }
        (out, n)
    }

    // The fast build's escaping (the small build escapes a part as it writes it).
    #[cfg(not(feature = "small"))]
    #[test]
    // Every special byte at every place of strings of every length to 24, next to multi-byte
    // characters: the word-at-a-time escape writes what the byte-at-a-time one does. Under
    // Miri only on a big-endian target (the repository's suite runs it there; this code has no
    // `unsafe`, and the host runs it natively), where it took minutes: a special byte of each
    // style at every place of one word and a tail, and of two.
    #[cfg_attr(all(miri, target_endian = "little"), ignore)]
    fn escape_into_writes_what_escape_at_says() {
        let miri = cfg!(miri);
        let all_fill = ["a", "é", "東", "😀", "\u{7f}"];
        let fill = if miri { &all_fill[..1] } else { &all_fill[..] };
        let all_specials = [
            "\"", "\n", "<", "é", "\\", "\r", "\t", "\u{1}", "&", ">", "'",
        ];
        let specials = if miri {
            &all_specials[..4]
        } else {
            &all_specials[..]
        };
        let lens: std::vec::Vec<usize> = if miri {
            std::vec![9, 17]
        } else {
            (0..24).collect()
        };
        for esc in [
            Escape::Json,
            Escape::JsonAscii,
            Escape::XmlAttr,
            Escape::XmlText,
        ] {
            for special in specials {
                for f in fill {
                    for &len in &lens {
                        for at in 0..=len {
                            let mut s = std::string::String::new();
                            for k in 0..len {
                                s.push_str(if k == at { special } else { f });
                            }
                            let (want, n) = escape_all(&s, esc);
                            let mut out = std::vec![0u8; s.len() * ROOM_PER_BYTE];
                            let got = escape_into(&mut out, s.as_bytes(), esc);
                            assert_eq!(&out[..got], &want[..n], "{esc:?} {s:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn json_escapes_follow_python() {
        let (o, n) = escape_all("a\"\\\u{8}\u{c}\n\r\t\u{1}/é", Escape::Json);
        assert_eq!(&o[..n], "a\\\"\\\\\\b\\f\\n\\r\\t\\u0001/é".as_bytes());
        let (o, n) = escape_all("é\u{7f}😀", Escape::JsonAscii);
        assert_eq!(&o[..n], b"\\u00e9\\u007f\\ud83d\\ude00");
    }

    #[test]
    fn xml_escapes_differ_between_attributes_and_text() {
        let (o, n) = escape_all("&<>\"'\t\n\r", Escape::XmlAttr);
        assert_eq!(&o[..n], b"&amp;&lt;&gt;&quot;'&#9;&#10;&#13;");
        let (o, n) = escape_all("&<>\"'\t\n\r", Escape::XmlText);
        assert_eq!(&o[..n], b"&amp;&lt;&gt;\"'\t\n&#13;");
    }

    /// The bytes the word-at-a-time tests put in each place: every byte natively; under Miri,
    /// where every byte took the unit tests 625 s, one of each kind (the ends, a control
    /// character, each byte some style escapes, a plain one, the first non-ASCII). Miri runs
    /// these tests only on a big-endian target (the repository's suite does), where a word's
    /// first byte is its highest: they test safe code, which the host runs natively.
    fn tried_bytes() -> impl Iterator<Item = u8> {
        const UNDER_MIRI: [u8; 15] = [
            0, b'\t', b'\n', b'\r', 0x1f, b' ', b'"', b'&', b'<', b'>', b'\\', b'a', 0x7f, 0x80,
            0xff,
        ];
        (0..=255u8).filter(|b| !cfg!(miri) || UNDER_MIRI.contains(b))
    }

    #[test]
    #[cfg_attr(all(miri, target_endian = "little"), ignore)]
    fn next_special_finds_every_special_byte_wherever_it_is() {
        for esc in [
            Escape::Json,
            Escape::JsonAscii,
            Escape::XmlAttr,
            Escape::XmlText,
        ] {
            for b in tried_bytes() {
                for at in 0..20 {
                    let mut s = [b'a'; 20];
                    s[at] = b;
                    let special = CLASS[usize::from(b)] & esc.mask() != 0;
                    for from in [0, at.min(3), at] {
                        let want = if special { at } else { 20 };
                        assert_eq!(next_special(&s, from, esc), want, "{esc:?} {b} {at}");
                    }
                }
            }
        }
    }

    // The fast build's escaping (the small build escapes a part as it writes it).
    #[cfg(not(feature = "small"))]
    #[test]
    #[cfg_attr(all(miri, target_endian = "little"), ignore)]
    fn needs_escape_sees_every_special_byte_at_every_length() {
        for esc in [
            Escape::Json,
            Escape::JsonAscii,
            Escape::XmlAttr,
            Escape::XmlText,
        ] {
            // Four blocks of 16 and some, from which on a loop over the blocks is worth
            // vectorizing to the compiler (natively: Miri checks the shorter ones).
            let longest = if cfg!(miri) { 20 } else { 70 };
            for b in tried_bytes() {
                let special = CLASS[usize::from(b)] & esc.mask() != 0;
                for len in 1..longest {
                    for at in 0..len {
                        let mut s = [b'a'; 70];
                        s[at] = b;
                        // Control characters other than TAB, LF, CR, which no stored string
                        // holds, may count as special for XML too.
                        let found = needs_escape(&s[..len], esc);
                        assert!(
                            found == special || (found && b < 0x20),
                            "{esc:?} {b} {len} {at}"
                        );
                    }
                }
            }
            assert!(!needs_escape(b"", esc));
        }
    }

    #[test]
    // Every code point: checked natively, too slow under Miri.
    #[cfg_attr(miri, ignore)]
    fn decode_utf8_agrees_with_core() {
        // Every one- to four-byte sequence core accepts, and every lead byte with bad tails.
        let mut buf = [0u8; 4];
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(decode_utf8(s, 0), (u32::from(c), s.len() as u8), "{c:?}");
        }
        for lead in 0x80..=0xFFu8 {
            for tail in [0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF] {
                let s = [lead, tail, tail, tail];
                let len = match lead {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    _ => 2,
                };
                let core = core::str::from_utf8(&s[..len])
                    .ok()
                    .and_then(|t| t.chars().next())
                    .map_or((0xFFFD, 1), |c| (u32::from(c), len as u8));
                assert_eq!(decode_utf8(&s, 0), core, "{lead:x} {tail:x}");
            }
        }
        assert_eq!(decode_utf8(b"\xE2\x82", 0), (0xFFFD, 1));
        assert_eq!(decode_utf8(b"", 0), (0xFFFD, 1));
    }

    #[test]
    fn classify_refuses_what_xml_cannot_carry() {
        assert_eq!(classify("ok\t\n\r"), Ok(JSON | XML_ATTR | XML_TEXT));
        assert_eq!(classify("a\u{0}"), Err(Forbidden));
        assert_eq!(classify("ab\u{fffe}"), Err(Forbidden));
        assert_eq!(classify("\u{ffff}"), Err(Forbidden));
        assert_eq!(classify("\u{fffe}\u{fff0}"), Err(Forbidden));
        assert_eq!(classify("\u{fff0}\u{ffef}"), Ok(NON_ASCII));
        assert_eq!(classify("\u{fffd}"), Ok(NON_ASCII));
        assert_eq!(classify("plain"), Ok(0));
    }

    /// Every ASCII character and a few others, at every place of strings up to 24 bytes long
    /// (the fast build's word test then covers each place of a first, middle and last word):
    /// the class is what a byte-by-byte look finds.
    #[test]
    #[cfg_attr(miri, ignore)] // exhaustive: minutes under Miri
    fn classify_finds_each_byte_anywhere() {
        let others = ['\u{7f}', '\u{e9}', '\u{fffd}', '\u{10348}'];
        for c in (0..0x80u8).map(char::from).chain(others) {
            for len in 0..=24 {
                for at in 0..=len {
                    let mut s = std::string::String::from("x").repeat(len);
                    s.insert(at, c);
                    let by_byte = s.bytes().fold(0, |k, b| k | CLASS[usize::from(b)]);
                    let forbidden = c < ' ' && !matches!(c, '\t' | '\n' | '\r');
                    let want = if forbidden {
                        Err(Forbidden)
                    } else {
                        Ok(by_byte & !SUSPECT)
                    };
                    assert_eq!(classify(&s), want, "{s:?}");
                }
            }
        }
    }
}
