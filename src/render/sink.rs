//! Where rendered bytes go. Every step hands its sink one piece (a few parts: static text and
//! values); the sink checks room for the whole piece once and copies the parts. What happens
//! when there is no room is the buffer's [`Full`]: a one-shot render counts on (so the total is
//! the exact length needed; an empty buffer makes it the length query), a pull chunk stops and
//! says where, a push render hands its full buffer to the caller's writer and goes on.

#[cfg(not(feature = "small"))]
use crate::source::Source;
use crate::source::Text;
#[cfg(feature = "small")]
use crate::text::EscapeFn;
use crate::text::{ESCAPE_MAX, Escape, next_special};
#[cfg(not(feature = "small"))]
use crate::text::{ROOM_PER_BYTE, UNCLASSIFIED, escape_at, escape_into, needs_escape};

/// Where a piece stopped: its part, the offset into it (an input offset for an escaped part),
/// and the bytes of the escape sequence there already delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct At {
    pub(crate) offset: u32,
    pub(crate) part: u8,
    pub(crate) partial: u8,
}

/// The sink stopped the render (a full chunk, a writer's error).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stop(pub(crate) At);

pub(crate) trait Sink: Sized {
    /// A stopped render can be resumed (the pull cursor): the renderer then keeps its place.
    /// (The small build keeps it for every render: one copy of the renderer.)
    #[cfg(not(feature = "small"))]
    const RESUMABLE: bool;

    /// The renderer compiles each plan to straight-line code for this sink (the one-shot and
    /// push renders and the Rust pull cursor, whose speed is measured), else walks the plans at
    /// run time (the C library's pull cursor: one copy of the renderer for every style, as in
    /// the small build).
    const UNROLLED: bool;

    /// Exactly `n` bytes to write to, if there are. (The small build writes part by part,
    /// through `put`, so it needs neither this nor `advance` nor `no_room`.)
    #[cfg(not(feature = "small"))]
    fn room(&mut self, n: usize) -> Option<&mut [u8]>;

    /// `n` bytes of the slice `room` gave were written.
    #[cfg(not(feature = "small"))]
    fn advance(&mut self, n: usize);

    /// Writes `b`; a stop says how many of its bytes were taken.
    fn put(&mut self, b: &[u8]) -> Result<(), usize>;

    /// Whether the render counts on past the end (then `n` more bytes were counted).
    fn counted(&mut self, n: usize) -> bool;

    /// A piece with nothing to escape for which `room` had no room, in a render that
    /// does not count on. The parts by value: passed by reference, they are stored for every
    /// piece, not only on the way that needs them.
    #[cfg(not(feature = "small"))]
    fn no_room<const N: usize>(&mut self, parts: [Text<'_>; N]) -> Result<(), Stop>;
}

/// Writes a piece: `parts`, each escaped as `esc` if its class asks for it, checking room once.
/// Unclassified parts are looked at only if they come from a borrowed source (`src`).
#[cfg(not(feature = "small"))]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn piece<W: Sink, S: Source + ?Sized, const N: usize>(
    w: &mut W,
    parts: &[Text<'_>; N],
    esc: Escape,
    src: &S,
) -> Result<(), Stop> {
    let mask = esc.mask();
    let mut n = 0;
    let mut class = 0;
    for p in parts {
        n += p.s.len();
        class |= p.class;
    }
    // The parts by value to the escaping writer: they stay in registers on the way that has
    // nothing to escape.
    if class & mask != 0 {
        let may_escape = src.may_escape();
        // A source's own constant (the list's 0, a view's `UNCLASSIFIED` or-ed in its
        // method): a list's piece escapes the parts its classes say, with no test of a view's.
        if may_escape & UNCLASSIFIED == 0 {
            return escaped::<W, N, true>(w, *parts, esc, 0);
        }
        let dirty = to_escape(parts, esc, may_escape);
        if dirty != 0 {
            return escaped::<W, N, false>(w, *parts, esc, dirty);
        }
    }
    let Some(dst) = w.room(n) else {
        // Tested before the parts are copied for `no_room`: the length query comes here for
        // every piece.
        if w.counted(n) {
            return Ok(());
        }
        return w.no_room(*parts);
    };
    // One copy per part, written out (not a loop), so that each constant part is a copy of
    // constant length; each split off what is left, one comparison.
    let mut rest = dst;
    macro_rules! parts {
        ($($k:literal)*) => {$(
            if let Some(p) = parts.get($k)
                && let Some((d, r)) =
                    core::mem::take(&mut rest).split_at_mut_checked(p.s.len())
            {
                copy(d, p.s);
                rest = r;
            }
        )*};
    }
    parts!(0 1 2 3 4 5 6);
    const { assert!(N <= 7, "a piece has at most seven parts") };
    w.advance(n);
    Ok(())
}

/// The parts of a piece of a borrowed source that need escaping, as bits (part `k`: bit `k`;
/// 0: none does after all): a classified part that `esc` escapes by its class, an unclassified
/// one that holds a byte `esc` escapes, looked at only if a string of the source may
/// (`may_escape`, the source's [`Source::may_escape`]). Once one part needs escaping, the
/// unclassified parts after it are taken to need it too, unlooked at (the piece is escaped
/// then in any case); the ones before it are copied, not scanned again. Inlined into the
/// piece, where the static parts' classes are constants: only its values are looked at, each
/// by one call.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn to_escape<const N: usize>(parts: &[Text<'_>; N], esc: Escape, may_escape: u8) -> u8 {
    let mask = esc.mask();
    let mut dirty = 0;
    // A loop, not an iterator's fold, which the compiler may leave out of line (the parts
    // then stored for every piece).
    for (k, p) in parts.iter().enumerate() {
        if p.class & mask != 0
            && (p.class & UNCLASSIFIED == 0
                || dirty != 0
                || may_escape & mask != 0 && needs_escape(p.s, esc))
        {
            dirty |= 1 << k;
        }
    }
    dirty
}

/// A piece with something to escape: in the parts `esc` escapes by their class (`BY_CLASS`: a
/// list's piece), else in those `dirty` has a bit of ([`to_escape`]). Straight into the output
/// when there is room for the worst case, else part by part.
#[cfg(not(feature = "small"))]
#[inline(never)]
fn escaped<W: Sink, const N: usize, const BY_CLASS: bool>(
    w: &mut W,
    parts: [Text<'_>; N],
    esc: Escape,
    dirty: u8,
) -> Result<(), Stop> {
    let mask = esc.mask();
    let n = parts
        .iter()
        .fold(0usize, |n, p| n.saturating_add(p.s.len()));
    let Some(dst) = w.room(n.saturating_mul(ROOM_PER_BYTE)) else {
        return piece_from(w, &parts, esc, At::default());
    };
    // Each part written out (not a loop), as in `piece`.
    let mut at = 0;
    macro_rules! parts {
        ($($k:literal)*) => {$(
            if let Some(p) = parts.get($k) {
                let rest = dst.get_mut(at..).unwrap_or(&mut []);
                let escapes = if BY_CLASS {
                    p.class & mask != 0
                } else {
                    dirty & (1 << $k) != 0
                };
                at += if escapes {
                    escape_into(rest, p.s, esc)
                } else if let Some(d) = rest.get_mut(..p.s.len()) {
                    copy(d, p.s);
                    p.s.len()
                } else {
                    0
                };
            }
        )*};
    }
    parts!(0 1 2 3 4 5 6);
    w.advance(at);
    Ok(())
}

/// A piece part by part, from `at`: escaping, and stopping where the sink stops.
#[cfg(not(feature = "small"))]
#[inline(never)]
pub(crate) fn piece_from<W: Sink>(
    w: &mut W,
    parts: &[Text<'_>],
    esc: Escape,
    at: At,
) -> Result<(), Stop> {
    for (k, p) in parts.iter().enumerate().skip(usize::from(at.part)) {
        let (from, partial) = if k == usize::from(at.part) {
            (at.offset as usize, at.partial)
        } else {
            (0, 0)
        };
        text(w, *p, esc, from, partial).map_err(|(offset, partial)| {
            Stop(At {
                offset: offset as u32,
                part: k as u8,
                partial,
            })
        })?;
    }
    Ok(())
}

/// One part of a piece, part `at.part`, from `at`: how the small build writes every piece, a
/// part at a time, in a frame with no iterator over the parts (40 bytes less than
/// `piece_from`'s, under every piece). Each special character escaped by `escape`, the
/// render's (`escape_fn`).
#[cfg(feature = "small")]
#[inline(never)]
pub(crate) fn part_from<W: Sink>(
    w: &mut W,
    t: Text<'_>,
    esc: Escape,
    escape: EscapeFn,
    at: At,
) -> Result<(), Stop> {
    text(w, t, esc, at.offset as usize, at.partial, escape).map_err(|(offset, partial)| {
        Stop(At {
            offset: offset as u32,
            partial,
            ..at
        })
    })
}

/// `t`'s bytes from input offset `from`, escaped as `esc`, the escape sequence at `from` less
/// its first `partial` bytes. A stop returns the input offset and the escape bytes delivered.
/// (The small build escapes each special character with `escape`.)
fn text<W: Sink>(
    w: &mut W,
    t: Text<'_>,
    esc: Escape,
    from: usize,
    mut partial: u8,
    #[cfg(feature = "small")] escape: EscapeFn,
) -> Result<(), (usize, u8)> {
    let s = t.s;
    if t.class & esc.mask() == 0 {
        return w
            .put(s.get(from..).unwrap_or(&[]))
            .map_err(|n| (from + n, 0));
    }
    let mut i = from;
    while i < s.len() {
        let j = next_special(s, i, esc);
        if j > i {
            w.put(s.get(i..j).unwrap_or(&[])).map_err(|n| (i + n, 0))?;
        }
        if j >= s.len() {
            break;
        }
        let mut buf = [0; ESCAPE_MAX];
        #[cfg(feature = "small")]
        let (e, consumed) = {
            let (len, consumed) = escape(s.get(j..).unwrap_or(&[]), esc, &mut buf);
            (buf.get(..len).unwrap_or(&[]), consumed)
        };
        #[cfg(not(feature = "small"))]
        let mut consumed = 0;
        #[cfg(not(feature = "small"))]
        let e = escape_at(s, j, esc, &mut buf, &mut consumed);
        w.put(e.get(usize::from(partial)..).unwrap_or(&[]))
            .map_err(|n| (j, partial + n as u8))?;
        partial = 0;
        i = j + consumed;
    }
    Ok(())
}

/// `dst.copy_from_slice(src)` for slices of equal length, without a call to `memcpy` for the
/// short pieces a document is made of: two overlapping fixed-size moves cover 4 to 64 bytes
/// (an id is 36), three single bytes 1 to 3.
#[inline(always)]
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    #[inline]
    fn pair<const N: usize>(dst: &mut [u8], src: &[u8]) {
        let n = src.len();
        if let (Some(d), Some(s)) = (dst.get_mut(..N), src.get(..N)) {
            crate::bytes::copy(d, s);
        }
        let tail = n.saturating_sub(N);
        if let (Some(d), Some(s)) = (dst.get_mut(tail..), src.get(tail..))
            && let (Some(d), Some(s)) = (d.get_mut(..N), s.get(..N))
        {
            crate::bytes::copy(d, s);
        }
    }
    // A tree of length tests, short strings first.
    let n = src.len();
    if n <= 16 {
        if n >= 8 {
            pair::<8>(dst, src);
        } else if n >= 4 {
            pair::<4>(dst, src);
        } else if n > 0 {
            for at in [0, n / 2, n - 1] {
                if let (Some(d), Some(s)) = (dst.get_mut(at), src.get(at)) {
                    *d = *s;
                }
            }
        }
    } else if n <= 32 {
        pair::<16>(dst, src);
    } else if n <= 64 {
        pair::<32>(dst, src);
    } else {
        crate::bytes::copy(dst, src);
    }
}

/// What a render does when its buffer is full: the one difference between a one-shot render, a
/// pull chunk and a push render.
pub(crate) enum Full<'w> {
    /// Counts on, so that the position ends as the exact length of the document (a one-shot
    /// render; with an empty buffer, the length query).
    Count,
    /// Stops, and says where (a pull chunk).
    Stop,
    /// Hands the full buffer to the caller's writer and goes on (a push render); `false` from
    /// the writer stops the render. Behind a `dyn`, so that one copy of the renderer serves
    /// every writer of a program.
    Flush(&'w mut dyn FnMut(&[u8]) -> bool),
}

/// Which [`Full`] an [`Out`] holds, as its `KIND`: one of them, known at compile time, or
/// [`ANY`] of them, read at run time.
pub(crate) const COUNT: u8 = 0;
pub(crate) const STOP: u8 = 1;
pub(crate) const FLUSH: u8 = 2;
pub(crate) const ANY: u8 = 3;

/// The `KIND` of buffer a render of `kind` writes into. The fast build runs its one-shot, push
/// and pull renders with [`ANY`]: each plan's straight-line code is then compiled once for all
/// three, not three times. The small build walks the plans, one small copy of the walker per
/// kind: a firmware links only the kinds it uses, and a one-shot render no code to resume.
pub(crate) const fn kind(kind: u8) -> u8 {
    if cfg!(feature = "small") { kind } else { ANY }
}

/// The caller's buffer, being filled. Each plan's straight-line code writes into [`ANY`] (the
/// renders whose speed is measured); the walker into the others (the small build, and the C
/// library's pull cursor: one copy of the renderer for every style and document of the C
/// library).
pub(crate) struct Out<'b, 'w, const KIND: u8> {
    buf: &'b mut [u8],
    pub(crate) pos: usize,
    full: Full<'w>,
    /// Bytes handed to the writer so far (a push render).
    pub(crate) written: usize,
}

impl<'b, 'w, const KIND: u8> Out<'b, 'w, KIND> {
    /// `full` is what `KIND` says (any of them for [`ANY`]).
    pub(crate) fn new(buf: &'b mut [u8], full: Full<'w>) -> Self {
        Out {
            buf,
            pos: 0,
            full,
            written: 0,
        }
    }

    /// What the buffer does when full: a constant where `KIND` is one.
    #[inline(always)]
    fn mode(&self) -> u8 {
        match (KIND, &self.full) {
            (ANY, Full::Count) => COUNT,
            (ANY, Full::Stop) => STOP,
            (ANY, Full::Flush(_)) => FLUSH,
            (kind, _) => kind,
        }
    }

    /// Zeroes the buffer: a one-shot render that did not fit leaves no part of a document
    /// behind. By copies from a block of zeros: every render links `memcpy` already, and a
    /// `memset` (what `fill(0)` calls) is 208 more bytes of flash on a Cortex-M4, for this alone.
    fn clear(&mut self) {
        static ZEROS: [u8; 32] = [0; 32];
        for chunk in self.buf.chunks_mut(ZEROS.len()) {
            crate::bytes::copy(chunk, &ZEROS);
        }
    }

    /// A one-shot render's result: the bytes written, or (the buffer zeroed) the length needed.
    #[inline(never)]
    pub(crate) fn finish(&mut self) -> Result<usize, crate::error::BufferTooSmall> {
        if self.pos > self.buf.len() {
            self.clear();
            return Err(crate::error::BufferTooSmall { needed: self.pos });
        }
        Ok(self.pos)
    }

    /// A push render's: hands what the buffer holds to the writer; whether it took it.
    pub(crate) fn flush(&mut self) -> bool {
        let Full::Flush(write) = &mut self.full else {
            return true;
        };
        if self.pos == 0 {
            return true;
        }
        if !write(self.buf.get(..self.pos).unwrap_or(&[])) {
            return false;
        }
        self.written += self.pos;
        self.pos = 0;
        true
    }

    /// A push render's: writes `b`, handing the buffer to the writer each time it is full;
    /// `false` when the writer refused it. Inlined where a whole piece is written, so that a
    /// piece that does not fit costs a loop over its parts, not a call per part.
    #[inline(always)]
    fn push(&mut self, mut b: &[u8]) -> bool {
        loop {
            let rest = self.buf.get_mut(self.pos..).unwrap_or(&mut []);
            if let Some(d) = rest.get_mut(..b.len()) {
                copy(d, b);
                self.pos += b.len();
                return true;
            }
            // What fits completes the buffer.
            let (now, later) = b.split_at(rest.len().min(b.len()));
            copy(rest, now);
            self.pos += now.len();
            b = later;
            if self.pos == 0 {
                // No buffer at all: write straight from the piece.
                let Full::Flush(write) = &mut self.full else {
                    return true;
                };
                if !write(b) {
                    return false;
                }
                self.written += b.len();
                return true;
            }
            if !self.flush() {
                return false;
            }
        }
    }

    /// The bytes of `b` that fit, up to the end of the buffer: how many.
    fn fill(&mut self, b: &[u8]) -> usize {
        let rest = self.buf.get_mut(self.pos..).unwrap_or(&mut []);
        let n = b.len().min(rest.len());
        if let (Some(d), Some(s)) = (rest.get_mut(..n), b.get(..n)) {
            crate::bytes::copy(d, s);
        }
        self.pos += n;
        n
    }

    /// What `put` does with bytes that do not fit, when the render does not count on.
    #[inline(never)]
    fn put_full(&mut self, b: &[u8]) -> Result<(), usize> {
        match self.mode() {
            STOP => {
                let n = self.fill(b);
                if n < b.len() { Err(n) } else { Ok(()) }
            }
            FLUSH if !self.push(b) => Err(0),
            FLUSH => Ok(()),
            _ => {
                self.pos += b.len();
                Ok(())
            }
        }
    }

    /// A piece with nothing to escape that does not fit, when the render does not count on: a
    /// chunk takes what fits of its parts and says where it stopped; a push render completes
    /// the buffer with it, hands the buffer over and starts the next one with the rest (a
    /// push render does not resume, so where it stopped is not kept).
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn full_piece(&mut self, parts: &[Text<'_>]) -> Result<(), Stop> {
        let stops = self.mode() == STOP;
        for (k, p) in parts.iter().enumerate() {
            if stops {
                let n = self.fill(p.s);
                if n < p.s.len() {
                    return Err(Stop(At {
                        offset: n as u32,
                        part: k as u8,
                        partial: 0,
                    }));
                }
            } else if !self.push(p.s) {
                return Err(Stop(At::default()));
            }
        }
        Ok(())
    }
}

impl<const KIND: u8> Sink for Out<'_, '_, KIND> {
    /// Only a pull render resumes (and any render that might be one): the others keep no place.
    #[cfg(not(feature = "small"))]
    const RESUMABLE: bool = KIND == STOP || KIND == ANY;
    const UNROLLED: bool = KIND == ANY;

    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn room(&mut self, n: usize) -> Option<&mut [u8]> {
        self.buf.get_mut(self.pos..self.pos.checked_add(n)?)
    }

    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.pos += n;
    }

    /// The walker (the small build) and a piece part by part come here: a plain copy, not
    /// [`copy`]'s cases for constant lengths.
    #[inline]
    fn put(&mut self, b: &[u8]) -> Result<(), usize> {
        let Some(dst) = self
            .buf
            .get_mut(self.pos..)
            .and_then(|r| r.get_mut(..b.len()))
        else {
            // Counting on inlined too: the length query puts every part of an escaped piece.
            if self.counted(b.len()) {
                return Ok(());
            }
            return self.put_full(b);
        };
        crate::bytes::copy(dst, b);
        self.pos += b.len();
        Ok(())
    }

    /// Past the end of a one-shot render (or the length query): count.
    #[inline(always)]
    fn counted(&mut self, n: usize) -> bool {
        let counts = self.mode() == COUNT;
        if counts {
            self.pos += n;
        }
        counts
    }

    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn no_room<const N: usize>(&mut self, parts: [Text<'_>; N]) -> Result<(), Stop> {
        self.full_piece(&parts)
    }
}

#[cfg(test)]
mod tests {
    use super::copy;

    #[test]
    fn copy_writes_every_byte_of_every_length() {
        let src: std::vec::Vec<u8> = (1..=100).collect();
        for n in 0..=100 {
            let mut dst = [0u8; 100];
            copy(&mut dst[..n], &src[..n]);
            assert_eq!(&dst[..n], &src[..n], "length {n}");
            assert!(
                dst[n..].iter().all(|&b| b == 0),
                "length {n} wrote past its end"
            );
        }
    }
}
