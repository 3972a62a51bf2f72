//! Where rendered bytes go. Every step hands its sink one piece (a few parts: static text and
//! values); the sink checks room for the whole piece once and copies the parts. What happens
//! when there is no room is the sink's: a one-shot render counts on (so the total is the exact
//! length needed; an empty slice makes it the length query), a pull chunk stops and says where,
//! a push sink hands its full buffer to the caller's writer and goes on.

use crate::source::{Source, Text};
use crate::text::{
    ESCAPE_MAX, Escape, ROOM_PER_BYTE, UNCLASSIFIED, escape_at, escape_into, needs_escape,
    next_special,
};

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
    const RESUMABLE: bool;

    /// The renderer compiles each plan to straight-line code for this sink (the one-shot and
    /// push renders and the Rust pull cursor, whose speed is measured), else walks the plans at
    /// run time (the C library's pull cursor: one copy of the renderer for every style, as in
    /// the small build).
    const UNROLLED: bool;

    /// Exactly `n` bytes to write to, if there are.
    fn room(&mut self, n: usize) -> Option<&mut [u8]>;

    /// `n` bytes of the slice `room` gave were written.
    fn advance(&mut self, n: usize);

    /// Writes `b`; a stop says how many of its bytes were taken.
    fn put(&mut self, b: &[u8]) -> Result<(), usize>;

    /// A piece of `n` bytes, none to escape, for which `room` had no room.
    #[inline(never)]
    fn no_room<const N: usize>(
        &mut self,
        parts: [Text<'_>; N],
        esc: Escape,
        n: usize,
    ) -> Result<(), Stop> {
        let _ = n;
        piece_from(self, &parts, esc, At::default())
    }
}

/// Writes a piece: `parts`, each escaped as `esc` if its class asks for it, checking room once.
/// Unclassified parts are looked at only if they come from a borrowed source (`src`).
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
    if class & mask != 0 && !(class & UNCLASSIFIED != 0 && src.borrowed() && clean(parts, esc)) {
        // By value: the parts stay in registers on the way that has nothing to escape.
        return escaped(w, *parts, esc);
    }
    match w.room(n) {
        Some(dst) => {
            // One copy per part, written out (not a loop), so that each constant part is a
            // copy of constant length; each split off what is left, one comparison.
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
        None => w.no_room(*parts, esc, n),
    }
}

/// Whether no part of a piece with unclassified parts needs escaping after all. Inlined into
/// the piece, where the static parts' classes are constants: only its values are looked at,
/// each by one call.
#[inline(always)]
fn clean<const N: usize>(parts: &[Text<'_>; N], esc: Escape) -> bool {
    let mask = esc.mask();
    parts
        .iter()
        .all(|p| p.class & mask == 0 || (p.class & UNCLASSIFIED != 0 && !needs_escape(p.s, esc)))
}

/// A piece with something to escape: straight into the output when there is room for the
/// worst case, else part by part.
#[inline(never)]
fn escaped<W: Sink, const N: usize>(
    w: &mut W,
    parts: [Text<'_>; N],
    esc: Escape,
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
                at += if p.class & mask != 0 {
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

/// `t`'s bytes from input offset `from`, escaped as `esc`, the escape sequence at `from` less
/// its first `partial` bytes. A stop returns the input offset and the escape bytes delivered.
fn text<W: Sink>(
    w: &mut W,
    t: Text<'_>,
    esc: Escape,
    from: usize,
    mut partial: u8,
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
        let mut consumed = 0;
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

/// A one-shot render into a slice, or with an empty slice the length query: past the end it
/// counts, so `pos` ends as the exact length of the document.
pub(crate) struct Slice<'b> {
    buf: &'b mut [u8],
    pub(crate) pos: usize,
}

impl<'b> Slice<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Slice { buf, pos: 0 }
    }

    /// Whether everything counted was written.
    pub(crate) fn fits(&self) -> bool {
        self.pos <= self.buf.len()
    }

    /// Zeroes the slice: a render that did not fit leaves no part of a document behind. By
    /// copies from a block of zeros: every render links `memcpy` already, and a `memset` (what
    /// `fill(0)` calls) is 208 more bytes of flash on a Cortex-M4, for this alone.
    pub(crate) fn clear(&mut self) {
        static ZEROS: [u8; 32] = [0; 32];
        for chunk in self.buf.chunks_mut(ZEROS.len()) {
            crate::bytes::copy(chunk, &ZEROS);
        }
    }

    /// The one-shot render's result: the bytes written, or (the slice zeroed) the length needed.
    #[inline(never)]
    pub(crate) fn finish(mut self) -> Result<usize, crate::error::BufferTooSmall> {
        if !self.fits() {
            self.clear();
            return Err(crate::error::BufferTooSmall { needed: self.pos });
        }
        Ok(self.pos)
    }
}

impl Sink for Slice<'_> {
    const RESUMABLE: bool = false;
    const UNROLLED: bool = true;

    /// Past the end (or the length query): count.
    #[inline]
    fn no_room<const N: usize>(
        &mut self,
        _: [Text<'_>; N],
        _: Escape,
        n: usize,
    ) -> Result<(), Stop> {
        self.pos += n;
        Ok(())
    }

    #[inline(always)]
    fn room(&mut self, n: usize) -> Option<&mut [u8]> {
        self.buf.get_mut(self.pos..self.pos.checked_add(n)?)
    }

    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.pos += n;
    }

    /// Only the walker (the small build) and a piece near the end of the slice come here: a
    /// plain copy, not [`copy`]'s cases for constant lengths.
    #[inline]
    fn put(&mut self, b: &[u8]) -> Result<(), usize> {
        let end = self.pos + b.len();
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            crate::bytes::copy(dst, b);
        }
        self.pos = end;
        Ok(())
    }
}

/// One chunk of a pull render: stops where the slice is full. `UNROLLED`: rendered by each
/// plan's straight-line code (the Rust cursor, whose speed is measured), else by the walker (the
/// C cursor: one copy of the renderer for every style and document of the C library).
pub(crate) struct Chunk<'b, const UNROLLED: bool> {
    buf: &'b mut [u8],
    pub(crate) pos: usize,
}

impl<'b, const UNROLLED: bool> Chunk<'b, UNROLLED> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Chunk { buf, pos: 0 }
    }
}

impl<const U: bool> Sink for Chunk<'_, U> {
    const RESUMABLE: bool = true;
    const UNROLLED: bool = U;

    #[inline(always)]
    fn room(&mut self, n: usize) -> Option<&mut [u8]> {
        self.buf.get_mut(self.pos..self.pos.checked_add(n)?)
    }

    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.pos += n;
    }

    #[inline]
    fn put(&mut self, b: &[u8]) -> Result<(), usize> {
        let rest = self.buf.get_mut(self.pos..).unwrap_or(&mut []);
        let n = b.len().min(rest.len());
        if let (Some(d), Some(s)) = (rest.get_mut(..n), b.get(..n)) {
            copy(d, s);
        }
        self.pos += n;
        if n < b.len() { Err(n) } else { Ok(()) }
    }

    /// The piece that fills the chunk: what fits of its parts, then where it stopped.
    #[inline(never)]
    fn no_room<const N: usize>(
        &mut self,
        parts: [Text<'_>; N],
        _: Escape,
        _: usize,
    ) -> Result<(), Stop> {
        for (k, p) in parts.iter().enumerate() {
            self.put(p.s).map_err(|n| {
                Stop(At {
                    offset: n as u32,
                    part: k as u8,
                    partial: 0,
                })
            })?;
        }
        Ok(())
    }
}

/// A push render: fills the caller's buffer and hands it to `write` each time it is full (and
/// at the end); `false` from `write` stops the render. The writer is behind a `dyn`, so that one
/// copy of the renderer serves every writer of a program.
pub(crate) struct Push<'b, 'w> {
    buf: &'b mut [u8],
    pos: usize,
    write: &'w mut dyn FnMut(&[u8]) -> bool,
    /// Bytes handed to `write` so far.
    pub(crate) written: usize,
}

impl<'b, 'w> Push<'b, 'w> {
    pub(crate) fn new(buf: &'b mut [u8], write: &'w mut dyn FnMut(&[u8]) -> bool) -> Self {
        Push {
            buf,
            pos: 0,
            write,
            written: 0,
        }
    }

    /// Hands what the buffer holds to `write`; whether it took it.
    pub(crate) fn flush(&mut self) -> bool {
        if self.pos == 0 {
            return true;
        }
        if !(self.write)(self.buf.get(..self.pos).unwrap_or(&[])) {
            return false;
        }
        self.written += self.pos;
        self.pos = 0;
        true
    }

    /// Writes `b`, handing the buffer to the writer each time it is full; `false` when the
    /// writer refused it. Inlined where a whole piece is written, so that a piece that does not
    /// fit costs a loop over its parts, not a call per part.
    #[inline(always)]
    fn put_all(&mut self, mut b: &[u8]) -> bool {
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
                if !(self.write)(b) {
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
}

impl Sink for Push<'_, '_> {
    const RESUMABLE: bool = false;
    const UNROLLED: bool = true;

    #[inline(always)]
    fn room(&mut self, n: usize) -> Option<&mut [u8]> {
        self.buf.get_mut(self.pos..self.pos.checked_add(n)?)
    }

    #[inline(always)]
    fn advance(&mut self, n: usize) {
        self.pos += n;
    }

    #[inline(never)]
    fn put(&mut self, b: &[u8]) -> Result<(), usize> {
        if self.put_all(b) { Ok(()) } else { Err(0) }
    }

    /// A piece with nothing to escape that does not fit: its bytes complete the buffer, which
    /// goes to the writer, and the rest starts the next one (a push render does not resume, so
    /// where it stopped is not kept).
    #[inline(never)]
    fn no_room<const N: usize>(
        &mut self,
        parts: [Text<'_>; N],
        _: Escape,
        _: usize,
    ) -> Result<(), Stop> {
        for p in &parts {
            if !self.put_all(p.s) {
                return Err(Stop(At::default()));
            }
        }
        Ok(())
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
