//! Where rendered bytes go: a caller's slice (one-shot, and the length query), or successive
//! chunks that resume exactly where the last one stopped.

use core::convert::Infallible;

use super::walk::Unit;
use crate::source::Text;
use crate::text::{Escape, escape_at, next_special};

/// The renderer writes through this; every call is numbered within its unit so that a chunked
/// render can skip what earlier chunks already delivered.
pub(crate) trait Writer {
    /// Why rendering stopped early (`Infallible` for writers that never stop).
    type Halt;
    /// A unit starts: the point a chunked render can restart from.
    fn begin(&mut self, unit: Unit);
    /// Literal bytes.
    fn bytes(&mut self, b: &[u8]) -> Result<(), Self::Halt>;
    /// A string, escaped as `esc` says.
    fn text(&mut self, t: Text<'_>, esc: Escape) -> Result<(), Self::Halt>;
}

/// Feeds `put` the escaped form of `s[from..]` piece by piece: runs copied as they are
/// (`raw = true`) and escape sequences, the first one less its first `partial` bytes.
/// `put` also gets the input offset each piece starts at.
#[inline]
pub(crate) fn for_each_piece<H>(
    s: &[u8],
    from: usize,
    mut partial: usize,
    esc: Escape,
    mut put: impl FnMut(&[u8], usize, bool) -> Result<(), H>,
) -> Result<(), H> {
    let mask = esc.mask();
    let mut i = from;
    while i < s.len() {
        let j = next_special(s, i, mask);
        if j > i {
            put(s.get(i..j).unwrap_or(&[]), i, true)?;
        }
        if j >= s.len() {
            break;
        }
        let e = escape_at(s, j, esc);
        put(e.as_slice().get(partial..).unwrap_or(&[]), j, false)?;
        partial = 0;
        i = j + usize::from(e.consumed);
    }
    Ok(())
}

/// `dst.copy_from_slice(src)` for slices of equal length, without a call to `memcpy` for the
/// short pieces a document is made of: two overlapping fixed-size moves cover 4 to 32 bytes.
#[inline]
fn copy(dst: &mut [u8], src: &[u8]) {
    #[inline]
    fn pair<const N: usize>(dst: &mut [u8], src: &[u8]) {
        let n = src.len();
        if let (Some(d), Some(s)) = (dst.get_mut(..N), src.get(..N)) {
            d.copy_from_slice(s);
        }
        let tail = n.saturating_sub(N);
        if let (Some(d), Some(s)) = (dst.get_mut(tail..), src.get(tail..)) {
            if let (Some(d), Some(s)) = (d.get_mut(..N), s.get(..N)) {
                d.copy_from_slice(s);
            }
        }
    }
    match src.len() {
        0 => {}
        1..=3 => dst.iter_mut().zip(src).for_each(|(d, s)| *d = *s),
        4..=7 => pair::<4>(dst, src),
        8..=15 => pair::<8>(dst, src),
        16..=32 => pair::<16>(dst, src),
        _ => {
            if dst.len() == src.len() {
                dst.copy_from_slice(src);
            }
        }
    }
}

/// One-shot output into a slice. Past the end it keeps counting, so the total is the exact
/// length needed; an empty slice makes it the length query.
pub(crate) struct SliceWriter<'b> {
    pub(crate) buf: &'b mut [u8],
    pub(crate) pos: usize,
}

impl Writer for SliceWriter<'_> {
    type Halt = Infallible;

    #[inline(always)]
    fn begin(&mut self, _unit: Unit) {}

    #[inline(always)]
    fn bytes(&mut self, b: &[u8]) -> Result<(), Infallible> {
        let end = self.pos + b.len();
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            copy(dst, b);
        }
        self.pos = end;
        Ok(())
    }

    #[inline]
    fn text(&mut self, t: Text<'_>, esc: Escape) -> Result<(), Infallible> {
        if t.class & esc.mask() == 0 {
            return self.bytes(t.s);
        }
        for_each_piece(t.s, 0, 0, esc, |piece, _, _| self.bytes(piece))
    }
}

/// Where a chunked render stopped: the unit, the call within it, and how far into that call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Resume {
    pub(crate) unit: Unit,
    pub(crate) call: u32,
    /// Bytes into a literal, or input bytes into a string.
    pub(crate) offset: usize,
    /// Bytes of the escape sequence at `offset` already delivered.
    pub(crate) partial: u8,
}

/// The chunk buffer is full.
pub(crate) struct Full;

/// Fills one chunk, skipping what earlier chunks delivered.
pub(crate) struct ChunkWriter<'b> {
    out: &'b mut [u8],
    pub(crate) written: usize,
    unit: Unit,
    call: u32,
    resume: Option<Resume>,
    pub(crate) stopped: Resume,
}

impl<'b> ChunkWriter<'b> {
    pub(crate) fn new(out: &'b mut [u8], resume: Resume) -> Self {
        ChunkWriter {
            out,
            written: 0,
            unit: resume.unit,
            call: 0,
            resume: Some(resume),
            stopped: resume,
        }
    }

    /// The common case, past the resume point with room left: copies `b` whole as one call.
    #[inline(always)]
    fn fits_whole(&mut self, b: &[u8]) -> bool {
        if self.resume.is_some() {
            return false;
        }
        let end = self.written + b.len();
        match self.out.get_mut(self.written..end) {
            Some(dst) => {
                copy(dst, b);
                self.written = end;
                self.call += 1;
                true
            }
            None => false,
        }
    }

    /// Numbers the call and says where in it to start, or `None` to skip it whole.
    #[inline]
    fn start_call(&mut self) -> Option<(u32, usize, usize)> {
        let call = self.call;
        self.call += 1;
        match self.resume {
            Some(r) if call < r.call => None,
            Some(r) => {
                self.resume = None;
                Some((call, r.offset, usize::from(r.partial)))
            }
            None => Some((call, 0, 0)),
        }
    }

    /// Copies what fits; on overflow records where to go on and stops.
    #[inline]
    fn put(
        &mut self,
        piece: &[u8],
        call: u32,
        at: usize,
        raw: bool,
        partial: usize,
    ) -> Result<(), Full> {
        let room = self.out.len() - self.written;
        let n = piece.len().min(room);
        if let (Some(dst), Some(src)) = (
            self.out.get_mut(self.written..self.written + n),
            piece.get(..n),
        ) {
            dst.copy_from_slice(src);
        }
        self.written += n;
        if n == piece.len() {
            return Ok(());
        }
        self.stopped = if raw {
            Resume {
                unit: self.unit,
                call,
                offset: at + n,
                partial: 0,
            }
        } else {
            Resume {
                unit: self.unit,
                call,
                offset: at,
                partial: (partial + n) as u8,
            }
        };
        Err(Full)
    }
}

impl Writer for ChunkWriter<'_> {
    type Halt = Full;

    fn begin(&mut self, unit: Unit) {
        self.unit = unit;
        self.call = 0;
    }

    #[inline]
    fn bytes(&mut self, b: &[u8]) -> Result<(), Full> {
        if self.fits_whole(b) {
            return Ok(());
        }
        let Some((call, offset, _)) = self.start_call() else {
            return Ok(());
        };
        self.put(b.get(offset..).unwrap_or(&[]), call, offset, true, 0)
    }

    #[inline]
    fn text(&mut self, t: Text<'_>, esc: Escape) -> Result<(), Full> {
        if t.class & esc.mask() == 0 && self.fits_whole(t.s) {
            return Ok(());
        }
        let Some((call, offset, partial)) = self.start_call() else {
            return Ok(());
        };
        let s = t.s;
        if t.class & esc.mask() == 0 {
            return self.put(s.get(offset..).unwrap_or(&[]), call, offset, true, 0);
        }
        let mut first_partial = partial;
        for_each_piece(s, offset, partial, esc, |piece, at, raw| {
            let skipped = core::mem::take(&mut first_partial);
            self.put(piece, call, at, raw, if raw { 0 } else { skipped })
        })
    }
}
