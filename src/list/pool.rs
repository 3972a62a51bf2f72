//! The byte pool: every string of a list back to back, with nothing between them. A string that
//! is removed or replaced gives its bytes back at once (the ones after it move down), so a list
//! that is updated forever never runs out of room for values it no longer holds.

use core::num::NonZeroU32;

use heapless::Vec;

use super::unescape::{Part, each_unescaped};
use crate::error::{ErrorKind, Fault, Field};
use crate::source::Text;
use crate::{Uuid, text, validate};

const LEN_BITS: u32 = 27;
const LEN_MASK: u32 = (1 << LEN_BITS) - 1;
const _: () = assert!(LEN_MASK as usize == validate::MAX_TEXT);
/// Always set in `Span::bits`, so that it is never zero and `Option<Span>` is as small as `Span`.
const MARK: u32 = 1 << 31;

/// Where a string lives in the pool, with its class bits (see `text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    /// Length in the low 27 bits, class bits above it, `MARK` on top.
    bits: NonZeroU32,
}

impl Span {
    /// A span of a checked string (`len` within `LEN_MASK`, class within 4 bits).
    fn new(start: usize, len: usize, class: u8) -> Span {
        let bits = (len as u32 & LEN_MASK) | u32::from(class & 0xF) << LEN_BITS | MARK;
        Span {
            start: start as u32,
            bits: NonZeroU32::new(bits).unwrap_or(NonZeroU32::MIN),
        }
    }

    /// A span that stands for a string of `len` bytes kept nowhere (the sizing tally's).
    pub(crate) fn counted(len: usize) -> Span {
        Span::new(0, len.min(LEN_MASK as usize), 0)
    }

    pub(crate) fn start(self) -> usize {
        self.start as usize
    }
    pub(crate) fn len(self) -> usize {
        (self.bits.get() & LEN_MASK) as usize
    }
    fn class(self) -> u8 {
        ((self.bits.get() >> LEN_BITS) & 0xF) as u8
    }

    /// Follows the bytes after a cut of `len` bytes at `at`.
    pub(crate) fn shift(&mut self, at: usize, len: usize) {
        self.start = shifted(self.start, at, len);
    }
}

/// Where a string at `start` moves when `len` bytes at `at` leave the pool. Only an empty string
/// can start inside the cut; it moves to its start.
fn shifted(start: u32, at: usize, len: usize) -> u32 {
    let s = start as usize;
    if s >= at + len {
        (s - len) as u32
    } else if s > at {
        at as u32
    } else {
        start
    }
}

/// Where a snapshot's server id (16 bytes) sits in the pool, plus one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ServerAt(NonZeroU32);

impl ServerAt {
    pub(crate) const LEN: usize = 16;

    fn start(self) -> usize {
        self.0.get() as usize - 1
    }

    pub(crate) fn span(self) -> (usize, usize) {
        (self.start(), Self::LEN)
    }

    pub(crate) fn shift(&mut self, at: usize, len: usize) {
        let start = shifted(self.start() as u32, at, len);
        self.0 = NonZeroU32::new(start + 1).unwrap_or(NonZeroU32::MIN);
    }
}

/// The bytes of a list's strings.
#[derive(Debug, Clone)]
pub(crate) struct Pool<const B: usize> {
    bytes: Vec<u8, B, u32>,
}

impl<const B: usize> Pool<B> {
    pub(crate) const fn new() -> Self {
        Pool { bytes: Vec::new() }
    }

    /// Bytes in use.
    pub(crate) fn used(&self) -> usize {
        self.bytes.len()
    }

    /// Appends a checked string whose room was checked. `checked`: the class bits its check
    /// found, or-ed with those of the strings checked with it (an image's, an entry's): 0, as
    /// for most images, says it has none, so it is not looked at again; else it is classified.
    pub(crate) fn store(&mut self, s: &str, checked: u8) -> Span {
        let class = match checked {
            0 => 0,
            _ => text::classify(s).unwrap_or(text::UNKNOWN),
        };
        self.store_as(s, class)
    }

    /// Appends a string whose room was checked and whose class bits are `class`.
    pub(crate) fn store_as(&mut self, s: &str, class: u8) -> Span {
        let start = self.bytes.len();
        if s.len() > LEN_MASK as usize || self.bytes.extend_from_slice(s.as_bytes()).is_err() {
            // Unreachable after the room check; an empty span is the harmless answer.
            return Span::new(start, 0, 0);
        }
        Span::new(start, s.len(), class)
    }

    /// Appends a server id whose room was checked.
    pub(crate) fn store_id(&mut self, id: &Uuid) -> Option<ServerAt> {
        let start = self.bytes.len();
        if start >= u32::MAX as usize - ServerAt::LEN {
            return None;
        }
        self.bytes.extend_from_slice(&id.0).ok()?;
        NonZeroU32::new(start as u32 + 1).map(ServerAt)
    }

    /// Writes `s`, whose class bits are `class`, over the string at `span`, which has its
    /// length.
    pub(crate) fn overwrite(&mut self, span: Span, s: &str, class: u8) -> Span {
        let (start, len) = (span.start(), span.len());
        match self.bytes.get_mut(start..start + len) {
            Some(dst) if dst.len() == s.len() => {
                crate::bytes::copy(dst, s.as_bytes());
                Span::new(start, len, class)
            }
            _ => span,
        }
    }

    pub(crate) fn bytes(&self, span: Span) -> &[u8] {
        let start = span.start();
        self.bytes.get(start..start + span.len()).unwrap_or(&[])
    }

    /// A stored string as the renderer reads it: bytes and class bits, not checked again.
    /// (The small build keeps one copy: a render reads a dozen of them in as many places.)
    #[cfg_attr(not(feature = "small"), inline)]
    #[cfg_attr(feature = "small", inline(never))]
    pub(crate) fn text(&self, span: Span) -> Text<'_> {
        Text::from_stored(self.bytes(span), span.class())
    }

    /// A stored string (stored from a `&str`, so never the empty fallback).
    pub(crate) fn str(&self, span: Span) -> &str {
        core::str::from_utf8(self.bytes(span)).unwrap_or("")
    }

    pub(crate) fn id(&self, at: ServerAt) -> Uuid {
        let start = at.start();
        let b = self.bytes.get(start..start + ServerAt::LEN);
        Uuid(b.and_then(|b| b.try_into().ok()).unwrap_or([0; 16]))
    }

    /// Unescapes a raw JSON string onto the end of the pool and checks it as `field`; on any
    /// error the pool is as it was.
    pub(crate) fn append_json(&mut self, raw: &str, field: Field) -> Result<Span, Fault> {
        let start = self.bytes.len();
        let result = self.unescape_onto(raw, field);
        if result.is_err() {
            self.bytes.truncate(start);
        }
        result
    }

    fn unescape_onto(&mut self, raw: &str, field: Field) -> Result<Span, Fault> {
        let start = self.bytes.len();
        each_unescaped(raw, Fault::new(ErrorKind::InvalidEscape, field), |bytes| {
            self.bytes
                .extend_from_slice(bytes)
                .map_err(|_| Fault::new(ErrorKind::OutOfTextSpace, field))
        })?;
        self.checked_from(start, field)
    }

    /// Appends what `part` of a raw JSON string unescapes to, checked as `field`; on any error
    /// the pool is as it was.
    pub(crate) fn append_part(&mut self, part: Part<'_>, field: Field) -> Result<Span, Fault> {
        let start = self.bytes.len();
        let room = match part {
            Part::Literal(b) => self.bytes.extend_from_slice(b).is_ok(),
            Part::Escaped { .. } => part.bytes().all(|b| self.bytes.push(b).is_ok()),
        };
        let result = match room {
            true => self.checked_from(start, field),
            false => Err(Fault::new(ErrorKind::OutOfTextSpace, field)),
        };
        if result.is_err() {
            self.bytes.truncate(start);
        }
        result
    }

    /// The bytes from `start` on, checked as `field`: UTF-8 already, as what they were
    /// unescaped from (whole strings, or parts of them cut next to an ASCII byte).
    fn checked_from(&self, start: usize, field: Field) -> Result<Span, Fault> {
        let s = self.bytes.get(start..).unwrap_or(&[]);
        let class = validate::text_bytes(s, field)?;
        if start > u32::MAX as usize {
            return Err(Fault::new(ErrorKind::OutOfTextSpace, field));
        }
        Ok(Span::new(start, s.len(), class))
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        self.bytes.truncate(len);
    }

    /// Removes `len` bytes at `at`; the bytes after them move down by `len`, and the caller
    /// shifts every span after the cut the same way.
    pub(crate) fn cut(&mut self, at: usize, len: usize) {
        let end = self.bytes.len();
        // Bounds in a form the optimiser sees through on every target, so that the move below
        // keeps no panic path (the C archive's link-time proof).
        let Some(rest) = self.bytes.get_mut(at..end) else {
            return;
        };
        if len == 0 || len > rest.len() {
            return;
        }
        crate::bytes::move_down(rest, len);
        self.bytes.truncate(end - len);
    }
}
