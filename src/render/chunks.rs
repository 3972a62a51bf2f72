//! The pull cursor: a few words of state, resuming exactly where the last chunk stopped (the C
//! cursor's and the small build's). Outside the small build the Rust cursor also renders a window
//! ahead, so that small chunks do not each pay for finding the place again.

use core::fmt;
use core::hash::{Hash, Hasher};

use super::run::Pos;
use super::sink::{Full, Out, STOP, kind};
use super::{Document, Format, IntoFormat, Target};
use crate::source::{Img, Source, reads};

/// Where a chunked render stands; plain data, so it can live in storage the caller provides.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChunkState {
    pos: Pos,
    finished: bool,
}

impl ChunkState {
    /// Fills `buf` with the next bytes of `doc`, returning how many. By the walker: one copy of
    /// the renderer for every style and document (what the C library's cursor wants).
    pub fn fill<S: Source + ?Sized, F: IntoFormat>(
        &mut self,
        doc: &Document<'_, S>,
        format: F,
        buf: &mut [u8],
    ) -> usize {
        self.fill_by::<STOP, S, F>(doc, format, buf)
    }

    /// The same into a buffer of `KIND` (each plan's straight-line code for [`super::sink::ANY`]).
    fn fill_by<const KIND: u8, S: Source + ?Sized, F: IntoFormat>(
        &mut self,
        doc: &Document<'_, S>,
        format: F,
        buf: &mut [u8],
    ) -> usize {
        if self.finished || buf.is_empty() {
            return 0;
        }
        let mut out = Out::<KIND>::new(buf, Full::Stop);
        if doc.write(&mut out, format, Some(&mut self.pos)).is_ok() {
            self.finished = true;
        }
        out.pos
    }

    /// Whether the cursor stands where `other` stood as [`ChunkState::digest`] sees it: in the
    /// same image and entry, or the same end of the document.
    pub fn same_place(&self, other: &ChunkState) -> bool {
        let at = |c: &ChunkState| (c.pos.stage, c.pos.entry, c.finished);
        at(self) == at(other)
    }

    /// A 64-bit digest of what the rest of the document depends on where the cursor stands: the
    /// number of images, the list-level values and, inside an image, its values, the number of
    /// its metadata entries and links, and the entry or link being written. A source
    /// that can change between fills (the C view, in the caller's memory) compares it to tell
    /// whether the place still means what it meant: resumed elsewhere, a render would write the
    /// end of one document after the start of another. `None`: the source refused the image
    /// being written (the fill reports why).
    pub fn digest<S: Source + ?Sized>(&self, doc: &Document<'_, S>) -> Option<u64> {
        let src = doc.src;
        let mut h = Fnv::default();
        (src.count(), src.size_extension(), self.finished).hash(&mut h);
        (
            src.compute(),
            src.image_service(),
            src.tenant(),
            src.next_link(),
        )
            .hash(&mut h);
        let stage = self.pos.stage as usize;
        let shown = match doc.target {
            Target::Show(i) => Some(i),
            _ => None,
        };
        let images = shown.map_or(src.count(), |_| 1);
        if self.finished || stage == 0 || stage > images {
            return Some(h.finish());
        }
        let index = shown.unwrap_or(0) + (stage - 1);
        let mut img = Img::new(crate::Uuid([0; 16]), Default::default());
        if !src.read_image(index, &mut img, reads::ALL) {
            return None;
        }
        img.hash(&mut h);
        // The metadata entry or link the place is in (or before): the others were written
        // already or will be written as they are when reached.
        let k = self.pos.entry as usize;
        (src.meta(index, k), src.link(index, k)).hash(&mut h);
        Some(h.finish())
    }
}

/// FNV-1a over 64-bit words: a digest for telling a change apart, not for adversaries.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u8(&mut self, b: u8) {
        self.word(u64::from(b));
    }

    fn write_u64(&mut self, w: u64) {
        self.word(w);
    }

    fn write_usize(&mut self, w: usize) {
        self.word(w as u64);
    }

    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut w = [0; 8];
            w.iter_mut().zip(c).for_each(|(d, b)| *d = *b);
            self.word(u64::from_le_bytes(w));
        }
    }
}

impl Fnv {
    fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// Writes a document into successive buffers: the chunks, concatenated, are exactly what
/// [`Document::render`] writes.
#[derive(Clone, Copy)]
pub struct Chunks<'a, S: Source + ?Sized, F = Format> {
    doc: Document<'a, S>,
    format: F,
    state: ChunkState,
    /// What was rendered ahead for chunks smaller than the window. (Not in the small build: a
    /// firmware's cursor stays a few words.)
    #[cfg(not(feature = "small"))]
    ahead: Ahead,
}

impl<S: Source + ?Sized + fmt::Debug, F: fmt::Debug> fmt::Debug for Chunks<'_, S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chunks")
            .field("doc", &self.doc)
            .field("format", &self.format)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// The bytes rendered ahead at a time for chunks smaller than this. A render that resumes
/// finds its place again, at about the cost of writing a few hundred bytes; rendered a window
/// at a time, a document resumes once per window, not once per chunk. (A push render into a
/// smaller buffer is staged through a window too.)
#[cfg(not(feature = "small"))]
pub(crate) const WINDOW: usize = 4096;

/// Bytes rendered ahead of the caller's chunks: `bytes[start..end]` not yet handed out.
#[cfg(not(feature = "small"))]
#[derive(Clone, Copy)]
struct Ahead {
    bytes: [u8; WINDOW],
    start: usize,
    end: usize,
}

#[cfg(not(feature = "small"))]
impl Ahead {
    /// Hands out what fits of the bytes held into `buf`; how many.
    fn take(&mut self, buf: &mut [u8]) -> usize {
        let held = self.bytes.get(self.start..self.end).unwrap_or(&[]);
        let n = held.len().min(buf.len());
        crate::bytes::copy(buf, held);
        self.start += n;
        n
    }

    fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

impl<'a, S: Source + ?Sized, F: IntoFormat> Chunks<'a, S, F> {
    pub(crate) fn new(doc: Document<'a, S>, format: F) -> Self {
        Chunks {
            doc,
            format,
            state: ChunkState::default(),
            #[cfg(not(feature = "small"))]
            ahead: Ahead {
                bytes: [0; WINDOW],
                start: 0,
                end: 0,
            },
        }
    }

    /// Writes the next bytes into `buf`, as many as fit, and returns how many. Returns 0 once
    /// the document is finished (or when `buf` is empty).
    ///
    /// Outside the small build a cursor holds a window of 4 KiB: a chunk smaller than that is
    /// served from it, the document rendered into it a window at a time.
    pub fn fill(&mut self, buf: &mut [u8]) -> usize {
        #[cfg(feature = "small")]
        return self
            .state
            .fill_by::<{ kind(STOP) }, S, F>(&self.doc, self.format, buf);
        #[cfg(not(feature = "small"))]
        {
            let n = self.ahead.take(buf);
            let rest = buf.get_mut(n..).unwrap_or(&mut []);
            if rest.is_empty() {
                return n;
            }
            if rest.len() >= WINDOW {
                return n + self.state.fill_by::<{ kind(STOP) }, S, F>(
                    &self.doc,
                    self.format,
                    rest,
                );
            }
            let ahead = &mut self.ahead;
            ahead.end = self.state.fill_by::<{ kind(STOP) }, S, F>(
                &self.doc,
                self.format,
                &mut ahead.bytes,
            );
            ahead.start = 0;
            n + ahead.take(rest)
        }
    }

    /// Whether the whole document has been written.
    pub fn is_finished(&self) -> bool {
        #[cfg(not(feature = "small"))]
        if !self.ahead.is_empty() {
            return false;
        }
        self.state.finished
    }
}
