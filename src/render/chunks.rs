//! The pull cursor: a few words of state, resuming exactly where the last chunk stopped.

use super::run::Pos;
use super::sink::{Full, Out, STOP, kind};
use super::{Document, Format, IntoFormat};
use crate::source::Source;

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
}

/// Writes a document into successive buffers: the chunks, concatenated, are exactly what
/// [`Document::render`] writes.
#[derive(Debug, Clone, Copy)]
pub struct Chunks<'a, S: Source + ?Sized, F = Format> {
    doc: Document<'a, S>,
    format: F,
    state: ChunkState,
}

impl<'a, S: Source + ?Sized, F: IntoFormat> Chunks<'a, S, F> {
    pub(crate) fn new(doc: Document<'a, S>, format: F) -> Self {
        Chunks {
            doc,
            format,
            state: ChunkState::default(),
        }
    }

    /// Writes the next bytes into `buf`, as many as fit, and returns how many. Returns 0 once
    /// the document is finished (or when `buf` is empty).
    pub fn fill(&mut self, buf: &mut [u8]) -> usize {
        self.state
            .fill_by::<{ kind(STOP) }, S, F>(&self.doc, self.format, buf)
    }

    /// Whether the whole document has been written.
    pub fn is_finished(&self) -> bool {
        self.state.finished
    }
}
