//! The one renderer: runs a style's programs (prologue, each image, epilogue) into an `Out`,
//! and for a chunk stops at any byte, keeping where it stood in a `Pos`: resuming goes
//! straight back to that op and offset, so a fill costs what it writes, not what came before.

use super::program::{FIRST, OPEN, Op, Programs, TRIM_NULL, Val, When};
use super::values::{Image, Kind, Shared, V};
use super::writer::Out;
use super::{Format, Style, Target, json, xml};
use core::cell::Cell;

use super::values::Href;
use crate::record::{Counts, Record};
use crate::source::{Img, Source, Text};
use crate::text::Escape;

/// Where the walk stands: a few words of plain data, all a chunked render keeps between fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    /// 0 the prologue, k in 1..=n the k-th image, n+1 the epilogue.
    pub(crate) stage: u32,
    /// The metadata entry or explicit link of the loop in progress.
    pub(crate) entry: u32,
    /// Into the current piece: bytes of the literal, or input bytes of the value's piece.
    pub(crate) offset: usize,
    /// The op within the stage's program.
    pub(crate) pc: u8,
    /// 0 the op's literal; 1.. the pieces of its value.
    pub(crate) piece: u8,
    /// Bytes of the escape sequence at `offset` already delivered.
    pub(crate) partial: u8,
    /// `OPEN`, `FIRST`, `IN_META`, `IN_LINK`.
    pub(crate) flags: u8,
}

/// Inside the metadata loop / the explicit links loop (`entry` says which one).
const IN_META: u8 = 4;
const IN_LINK: u8 = 8;

/// A chunk is full; the `Pos` says where to go on.
pub(crate) struct Full;

/// One render in progress: the source, the style's programs, and what every image shares.
pub(crate) struct Walk<'a, S: Source + ?Sized> {
    src: &'a S,
    programs: &'static Programs,
    shared: Shared<'a>,
    show: Option<usize>,
    summary: bool,
    sorted_metadata: bool,
    /// Where each derived link's prefix (`{base}{mid}{tenant}{collection}`) was last written
    /// whole in this output, to copy it from there rather than piece by piece.
    prefixes: [Cell<(usize, usize)>; 5],
    images: u32,
    /// Document-level facts (`When` bits).
    facts: u32,
}

/// Stands in for an image in the prologue and epilogue, which write no image value.
const NO_IMAGE: Img<'static> = Record::new(
    crate::Uuid([0; 16]),
    Counts {
        metadata: 0,
        links: 0,
    },
);

impl<'a, S: Source + ?Sized> Walk<'a, S> {
    pub(crate) fn new(src: &'a S, target: Target, format: Format) -> Self {
        let (programs, json) = match format.style {
            Style::JsonCompact => (&json::COMPACT, true),
            Style::JsonPretty => (&json::PRETTY, true),
            Style::JsonNova => (&json::NOVA, true),
            Style::XmlWire => (&xml::WIRE, false),
            Style::XmlPretty => (&xml::PRETTY, false),
        };
        let esc = match (json, format.ascii_only) {
            (false, _) => Escape::XmlAttr,
            (true, false) => Escape::Json,
            (true, true) => Escape::JsonAscii,
        };
        let show = match target {
            Target::Show(i) => Some(i),
            _ => None,
        };
        let summary = target == Target::Summary;
        // At most u32::MAX - 1 images, so that the epilogue's stage is a u32 too.
        let images = match show {
            Some(_) => 1,
            None => u32::try_from(src.count()).map_or(u32::MAX - 1, |n| n.min(u32::MAX - 1)),
        };
        let next = src.next_link();
        let size = src.size_extension();
        let listed = show.is_none();
        let root_children = listed && (images > 0 || (summary && next.is_some()));
        let fact = |on: bool, w: When| if on { w.bit() } else { 0 };
        let facts = When::Always.bit()
            | fact(listed, When::Listed)
            | fact(!listed, When::Shown)
            | fact(!listed && size, When::ShownSize)
            | fact(listed && !summary, When::ListDetail)
            | fact(listed && !summary && size, When::ListDetailSize)
            | fact(summary, When::Summary)
            | fact(root_children, When::RootChildren)
            | fact(listed && !root_children, When::RootEmpty)
            | fact(listed && next.is_some(), When::NextLink)
            | fact(summary && next.is_some(), When::SummaryNext)
            | fact(size, When::SizeExt);
        Walk {
            src,
            programs,
            shared: Shared {
                compute: src.compute(),
                image_service: src.image_service(),
                tenant: src.tenant(),
                next,
                esc,
                body: if json { esc } else { Escape::XmlText },
                null: if json { b"null" } else { b"None" },
            },
            show,
            summary,
            prefixes: Default::default(),
            sorted_metadata: format.style == Style::JsonPretty,
            images,
            facts,
        }
    }

    /// Writes the document from `pos` on; a full chunk leaves `pos` where to go on.
    pub(crate) fn run(&self, pos: &mut Pos, out: &mut Out<'_>) -> Result<(), Full> {
        // One image at a time. The prologue and epilogue write no image value and test no
        // image fact, so they run with whatever it holds.
        let mut im = Image::new(0, NO_IMAGE);
        loop {
            let stage = pos.stage;
            let (program, shift) = if stage == 0 {
                (self.programs.prologue, 0)
            } else if stage > self.images {
                (self.programs.epilogue, 0)
            } else {
                let index = self.show.unwrap_or(stage as usize - 1);
                // `None` only from a source that refuses an image as it reads it (the C view),
                // which then discards the output.
                match self.src.image(index) {
                    Some(img) => {
                        im.start(index, img);
                        self.image_program(&im.img)
                    }
                    None => (&[][..], 0),
                }
            };
            self.program(program, &mut im, shift, pos, out)?;
            if stage > self.images {
                return Ok(());
            }
            *pos = Pos {
                stage: stage + 1,
                flags: pos.flags & (OPEN | FIRST),
                ..Pos::default()
            };
        }
    }

    /// The program of an image, and the indentation its literals lose (pretty show).
    fn image_program(&self, img: &Img<'_>) -> (&'static [Op], u8) {
        if self.summary {
            return (self.programs.summary, 0);
        }
        let layout = if img.server.is_some() {
            3
        } else if self.facts & When::SizeExt.bit() != 0 {
            2
        } else {
            usize::from(img.disk_config.is_some())
        };
        let program = self
            .programs
            .detail
            .get(layout)
            .copied()
            .unwrap_or_default();
        let shift = if self.show.is_some() {
            self.programs.show_shift
        } else {
            0
        };
        (program, shift)
    }

    /// Runs one program from `pos` (its op, entry and offset) to its end.
    fn program(
        &self,
        program: &'static [Op],
        im: &mut Image<'a>,
        shift: u8,
        pos: &mut Pos,
        out: &mut Out<'_>,
    ) -> Result<(), Full> {
        let mut pc = usize::from(pos.pc);
        let mut entry = pos.entry as usize;
        let mut flags = pos.flags;
        if flags & IN_META != 0 {
            im.load_meta(self.src, entry);
        }
        if flags & IN_LINK != 0 {
            im.load_link(self.src, entry);
        }
        if pos.piece != 0 || pos.offset != 0 {
            // A chunk stopped inside this op: finish it, then go on with fresh ops.
            if let Some(op) = program.get(pc) {
                let at = (pos.piece, pos.offset, pos.partial);
                match self.resume(op, im, shift, flags, at, out) {
                    Ok(f) => flags = f,
                    Err((piece, offset, partial)) => {
                        return Err(halt(pos, pc, entry, flags, piece, offset, partial));
                    }
                }
            }
            pc += 1;
        }
        let mut facts = self.facts | im.facts;
        while let Some(op) = program.get(pc) {
            if facts & op.when.bit() == 0 {
                pc += 1;
                continue;
            }
            let skip = usize::from(op.skip);
            match op.val {
                Val::MetaStart => {
                    if im.img.entries.metadata == 0 {
                        pc += skip;
                    } else {
                        entry = self.first_meta(im);
                        im.load_meta(self.src, entry);
                        facts = self.facts | im.facts;
                        flags |= IN_META;
                        pc += 1;
                    }
                    continue;
                }
                Val::MetaNext => {
                    match self.next_meta(im, entry) {
                        Some(k) => {
                            entry = k;
                            im.load_meta(self.src, entry);
                            facts = self.facts | im.facts;
                            pc = pc.saturating_sub(skip);
                        }
                        None => {
                            entry = 0;
                            flags &= !IN_META;
                            pc += 1;
                        }
                    }
                    continue;
                }
                Val::LinkStart => {
                    if im.img.entries.links == 0 {
                        pc += skip;
                    } else {
                        entry = 0;
                        im.load_link(self.src, entry);
                        facts = self.facts | im.facts;
                        flags |= IN_LINK;
                        pc += 1;
                    }
                    continue;
                }
                Val::LinkNext => {
                    if entry + 1 < im.img.entries.links {
                        entry += 1;
                        im.load_link(self.src, entry);
                        facts = self.facts | im.facts;
                        pc = pc.saturating_sub(skip);
                    } else {
                        entry = 0;
                        flags &= !IN_LINK;
                        pc += 1;
                    }
                    continue;
                }
                _ => {}
            }
            let v = self.shared.value(im, op.val);
            let start = usize::from(op.lead[usize::from(flags & (OPEN | FIRST))]);
            let null = v.kind == Kind::Null;
            let end = op
                .lit
                .len()
                .saturating_sub(usize::from(null && op.flags & TRIM_NULL != 0));
            if let Err(at) = put_literal(out, op.lit, start, end, shift) {
                return Err(halt(pos, pc, entry, flags, 0, at, 0));
            }
            if let Err((piece, at, partial)) = self.put_value(out, v, op.val, 0, 0, 0) {
                return Err(halt(pos, pc, entry, flags, piece + 1, at, partial));
            }
            flags = flags & !(OPEN | FIRST) | if null { op.after_null } else { op.after };
            pc += 1;
        }
        pos.flags = flags;
        Ok(())
    }

    /// Finishes `op` from where a chunk stopped in it (`at`: piece, offset, escape bytes);
    /// returns the flags after it, or where the next chunk must go on.
    #[inline(never)]
    fn resume(
        &self,
        op: &Op,
        im: &mut Image<'a>,
        shift: u8,
        flags: u8,
        (piece, offset, partial): (u8, usize, u8),
        out: &mut Out<'_>,
    ) -> Result<u8, (u8, usize, u8)> {
        let v = self.shared.value(im, op.val);
        if piece == 0 {
            let trim = v.kind == Kind::Null && op.flags & TRIM_NULL != 0;
            let end = op.lit.len().saturating_sub(usize::from(trim));
            put_literal(out, op.lit, offset, end, shift).map_err(|at| (0, at, 0))?;
            self.put_value(out, v, op.val, 0, 0, 0)
        } else {
            self.put_value(out, v, op.val, piece - 1, offset, partial)
        }
        .map_err(|(p, at, part)| (p + 1, at, part))?;
        let after = if v.kind == Kind::Null {
            op.after_null
        } else {
            op.after
        };
        Ok(flags & !(OPEN | FIRST) | after)
    }

    /// Writes value `v` from its piece `piece` (input offset `offset`, escape bytes `partial`);
    /// a full chunk returns where it stopped.
    #[inline(always)]
    fn put_value(
        &self,
        out: &mut Out<'_>,
        v: V<'_>,
        val: Val,
        piece: u8,
        offset: usize,
        partial: u8,
    ) -> Result<(), (u8, usize, u8)> {
        let esc = if val == Val::MetaValue {
            self.shared.body
        } else {
            self.shared.esc
        };
        let Kind::Href(h) = v.kind else {
            return out
                .text(Text::from_stored(v.s, v.class), esc, offset, partial)
                .map_err(|(at, part)| (0, at, part));
        };
        self.put_href(out, h, v.s, piece, offset, partial)
    }

    /// A derived link's five pieces, from piece `piece`. Every image repeats the same four
    /// first pieces: once they are in the output whole, later links copy them from there.
    #[inline(always)]
    fn put_href(
        &self,
        out: &mut Out<'_>,
        h: Href,
        id: &[u8],
        piece: u8,
        offset: usize,
        partial: u8,
    ) -> Result<(), (u8, usize, u8)> {
        let slot = self.prefixes.get(h as usize);
        let whole = piece == 0 && offset == 0 && partial == 0;
        if whole
            && let Some((at, len)) = slot.map(Cell::get).filter(|&(_, len)| len > 0)
            && out.copy_back(at, len)
        {
            return out.put(id).map_err(|n| (4, n, 0));
        }
        if piece < 4 {
            let start = out.pos;
            self.href_pieces(out, h, piece, offset, partial)?;
            if let (Some(slot), true, true) = (slot, whole, out.fits()) {
                slot.set((start, out.pos - start));
            }
        }
        let from = if piece == 4 { offset } else { 0 };
        out.put(id.get(from..).unwrap_or(&[]))
            .map_err(|n| (4, from + n, 0))
    }

    /// The first four pieces of a derived link, from piece `piece`.
    #[inline(never)]
    fn href_pieces(
        &self,
        out: &mut Out<'_>,
        h: Href,
        piece: u8,
        offset: usize,
        partial: u8,
    ) -> Result<(), (u8, usize, u8)> {
        let (base, mid, collection) = self.shared.href(h);
        let esc = self.shared.esc;
        let tenant = self.shared.tenant;
        if piece == 0 && offset == 0 && (base.class | tenant.class) & esc.mask() == 0 {
            // Nothing to escape (the usual case): four plain copies.
            for (p, b) in (0..).zip([base.s, mid, tenant.s, collection]) {
                out.put(b).map_err(|n| (p, n, 0))?;
            }
            return Ok(());
        }
        for p in piece..4 {
            let (from, part) = if p == piece {
                (offset, partial)
            } else {
                (0, 0)
            };
            let t = match p {
                0 => base,
                1 => Text::from_stored(mid, 0),
                2 => self.shared.tenant,
                _ => Text::from_stored(collection, 0),
            };
            out.text(t, esc, from, part)
                .map_err(|(at, part)| (p, at, part))?;
        }
        Ok(())
    }

    /// The first metadata entry in writing order (pretty JSON sorts by key).
    fn first_meta(&self, im: &Image<'_>) -> usize {
        if !self.sorted_metadata {
            return 0;
        }
        let mut best = 0;
        for k in 1..im.img.entries.metadata {
            if self.key(im, k) < self.key(im, best) {
                best = k;
            }
        }
        best
    }

    /// The entry after `k` in writing order.
    fn next_meta(&self, im: &Image<'_>, k: usize) -> Option<usize> {
        if !self.sorted_metadata {
            return (k + 1 < im.img.entries.metadata).then_some(k + 1);
        }
        let after = self.key(im, k);
        let mut best: Option<usize> = None;
        for c in 0..im.img.entries.metadata {
            let key = self.key(im, c);
            if key > after && best.is_none_or(|b| key < self.key(im, b)) {
                best = Some(c);
            }
        }
        best
    }

    fn key(&self, im: &Image<'_>, k: usize) -> &'a [u8] {
        self.src.meta(im.index, k).map_or(&[], |(key, _)| key.s)
    }
}

/// Records where a chunk stopped.
#[cold]
fn halt(
    pos: &mut Pos,
    pc: usize,
    entry: usize,
    flags: u8,
    piece: u8,
    offset: usize,
    partial: u8,
) -> Full {
    *pos = Pos {
        stage: pos.stage,
        entry: entry as u32,
        offset,
        pc: pc as u8,
        piece,
        partial,
        flags,
    };
    Full
}

/// Writes `lit[start..end]`; a full chunk returns the literal offset reached. Pretty show
/// documents drop `shift` spaces after each line break.
#[inline(always)]
fn put_literal(
    out: &mut Out<'_>,
    lit: &'static [u8],
    start: usize,
    end: usize,
    shift: u8,
) -> Result<(), usize> {
    if shift == 0 {
        return out
            .put(lit.get(start..end).unwrap_or(&[]))
            .map_err(|n| start + n);
    }
    put_shifted(out, lit, start, end, shift)
}

/// `put_literal` for a pretty show document (one image: speed does not matter).
#[inline(never)]
fn put_shifted(
    out: &mut Out<'_>,
    lit: &'static [u8],
    start: usize,
    end: usize,
    shift: u8,
) -> Result<(), usize> {
    let mut i = start;
    while i < end {
        let rest = lit.get(i..end).unwrap_or(&[]);
        let line = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |p| p + 1);
        out.put(rest.get(..line).unwrap_or(&[]))
            .map_err(|n| i + n)?;
        i += line;
        if rest.get(line.wrapping_sub(1)) == Some(&b'\n') {
            let mut k = 0;
            while k < shift && i < end && lit.get(i) == Some(&b' ') {
                i += 1;
                k += 1;
            }
        }
    }
    Ok(())
}
