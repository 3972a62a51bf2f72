//! Where rendered bytes go: the caller's slice. A one-shot render keeps counting past its end
//! (so the total is the exact length needed; an empty slice makes it the length query); a chunk
//! stops there and says how much of the piece fit.

use crate::source::Text;
use crate::text::{Escape, escape_at, next_special};

/// `dst.copy_from_slice(src)` for slices of equal length, without a call to `memcpy` for the
/// short pieces a document is made of: two overlapping fixed-size moves cover 4 to 32 bytes.
#[inline]
fn copy(dst: &mut [u8], src: &[u8]) {
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
    match src.len() {
        0 => {}
        1..=3 => crate::bytes::copy(dst, src),
        4..=7 => pair::<4>(dst, src),
        8..=15 => pair::<8>(dst, src),
        16..=32 => pair::<16>(dst, src),
        _ => crate::bytes::copy(dst, src),
    }
}

/// The output of one render or one chunk.
pub(crate) struct Out<'b> {
    buf: &'b mut [u8],
    /// Bytes written (one-shot: bytes the document needs so far).
    pub(crate) pos: usize,
    /// Past the end: count (one-shot) or stop (chunk).
    count: bool,
}

impl<'b> Out<'b> {
    /// A one-shot render (or, with an empty slice, the length query).
    pub(crate) fn one_shot(buf: &'b mut [u8]) -> Self {
        Out {
            buf,
            pos: 0,
            count: true,
        }
    }

    /// One chunk.
    pub(crate) fn chunk(buf: &'b mut [u8]) -> Self {
        Out {
            buf,
            pos: 0,
            count: false,
        }
    }

    /// Whether everything counted was written.
    pub(crate) fn fits(&self) -> bool {
        self.pos <= self.buf.len()
    }

    /// Zeroes the slice: a render that did not fit leaves no part of a document behind.
    pub(crate) fn clear(&mut self) {
        self.buf.fill(0);
    }

    /// Writes `b`; a chunk that fills up returns how many bytes of `b` it took.
    #[inline(always)]
    pub(crate) fn put(&mut self, b: &[u8]) -> Result<(), usize> {
        let end = self.pos + b.len();
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                copy(dst, b);
                self.pos = end;
                Ok(())
            }
            // Past the end of a one-shot render, or the length query: count.
            None if self.count => {
                self.pos = end;
                Ok(())
            }
            None => self.overflow(b),
        }
    }

    /// A chunk is full: copies what fits.
    #[cold]
    #[inline(never)]
    fn overflow(&mut self, b: &[u8]) -> Result<(), usize> {
        let room = self.buf.len().saturating_sub(self.pos);
        if let (Some(dst), Some(src)) = (self.buf.get_mut(self.pos..), b.get(..room))
            && dst.len() == src.len()
        {
            crate::bytes::copy(dst, src);
        }
        self.pos += room;
        Err(room)
    }

    /// Copies `len` bytes this output already holds at `at` to its end; `false` (nothing
    /// written) if they are not all there or do not all fit.
    #[inline]
    pub(crate) fn copy_back(&mut self, at: usize, len: usize) -> bool {
        let Some((done, rest)) = self.buf.split_at_mut_checked(self.pos) else {
            return false;
        };
        match (done.get(at..at + len), rest.get_mut(..len)) {
            (Some(src), Some(dst)) => {
                copy(dst, src);
                self.pos += len;
                true
            }
            _ => false,
        }
    }

    /// `t`'s bytes from input offset `from`, escaped as `esc`, the escape sequence at `from`
    /// less its first `partial` bytes. A chunk that fills up returns the input offset and the
    /// bytes of the escape sequence there already delivered.
    #[inline]
    pub(crate) fn text(
        &mut self,
        t: Text<'_>,
        esc: Escape,
        from: usize,
        partial: u8,
    ) -> Result<(), (usize, u8)> {
        if t.class & esc.mask() == 0 {
            return self
                .put(t.s.get(from..).unwrap_or(&[]))
                .map_err(|n| (from + n, 0));
        }
        self.escaped(t.s, esc, from, usize::from(partial))
    }

    fn escaped(
        &mut self,
        s: &[u8],
        esc: Escape,
        from: usize,
        mut partial: usize,
    ) -> Result<(), (usize, u8)> {
        let mask = esc.mask();
        let mut i = from;
        while i < s.len() {
            let j = next_special(s, i, mask);
            if j > i {
                self.put(s.get(i..j).unwrap_or(&[]))
                    .map_err(|n| (i + n, 0))?;
            }
            if j >= s.len() {
                break;
            }
            let e = escape_at(s, j, esc);
            self.put(e.as_slice().get(partial..).unwrap_or(&[]))
                .map_err(|n| (j, (partial + n) as u8))?;
            partial = 0;
            i = j + usize::from(e.consumed);
        }
        Ok(())
    }
}
