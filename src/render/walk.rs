//! The document as a flat sequence of units, the same for every style and view.
//!
//! A unit is a piece of the document that writes a bounded number of calls: the prologue, one
//! part of one image (a field, a metadata entry, a link, ...), the epilogue. Rendering walks the
//! units in order; a chunked render restarts at the unit it stopped in, so resuming costs a
//! bounded amount of work whatever the document's length.

use core::cell::OnceCell;

use super::{Format, Style, Target, json, xml};
use crate::source::{Img, Source, Text};

/// A position in the document: stage 0 is the prologue, stage `k` (1..=n) the k-th image
/// rendered, stage n+1 the epilogue; `part` indexes the image's layout; `entry` is the metadata
/// entry or link within a repeated part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Unit {
    pub(crate) stage: u32,
    pub(crate) part: u8,
    pub(crate) entry: u32,
}

/// The top-level keys and parts of an image, in the order one style writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// `{` in JSON; the start tag with every attribute in XML.
    Open,
    /// One scalar key (JSON only).
    Key(Key),
    LinksOpen,
    /// One link (repeated).
    Link,
    LinksClose,
    MetaOpen,
    /// One metadata entry (repeated).
    Meta,
    MetaClose,
    Server,
    Close,
}

/// The scalar keys of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    DiskConfig,
    Size,
    Created,
    Id,
    MinDisk,
    MinRam,
    Name,
    Progress,
    Status,
    Updated,
}

use Key::*;
use Part::{Close, Link, LinksClose, LinksOpen, Meta, MetaClose, MetaOpen, Open, Server};

const fn k(key: Key) -> Part {
    Part::Key(key)
}

/// Compact and pretty JSON: keys in code-point order.
const JSON_SORTED: &[Part] = &[
    Open,
    k(DiskConfig),
    k(Size),
    k(Created),
    k(Id),
    LinksOpen,
    Link,
    LinksClose,
    MetaOpen,
    Meta,
    MetaClose,
    k(MinDisk),
    k(MinRam),
    k(Name),
    k(Progress),
    Server,
    k(Status),
    k(Updated),
    Close,
];
const JSON_SUMMARY: &[Part] = &[Open, k(Id), LinksOpen, Link, LinksClose, k(Name), Close];

/// Nova wire JSON: Python 2 dict order, one layout per combination of optional keys.
const NOVA_BASE: &[Part] = &[
    Open,
    k(Status),
    k(Updated),
    k(Name),
    LinksOpen,
    Link,
    LinksClose,
    k(Created),
    k(Progress),
    k(MinRam),
    k(MinDisk),
    k(Id),
    MetaOpen,
    Meta,
    MetaClose,
    Close,
];
const NOVA_DC: &[Part] = &[
    Open,
    k(Status),
    k(Updated),
    LinksOpen,
    Link,
    LinksClose,
    k(MinDisk),
    k(Id),
    k(Name),
    k(Created),
    k(DiskConfig),
    k(Progress),
    k(MinRam),
    MetaOpen,
    Meta,
    MetaClose,
    Close,
];
const NOVA_SIZE: &[Part] = &[
    Open,
    k(Status),
    k(Updated),
    LinksOpen,
    Link,
    LinksClose,
    k(DiskConfig),
    k(Id),
    k(Size),
    k(Name),
    k(Created),
    k(MinDisk),
    k(Progress),
    k(MinRam),
    MetaOpen,
    Meta,
    MetaClose,
    Close,
];
const NOVA_SERVER: &[Part] = &[
    Open,
    k(Status),
    k(Updated),
    LinksOpen,
    Link,
    LinksClose,
    k(DiskConfig),
    k(Id),
    k(Size),
    k(Name),
    k(Created),
    k(MinDisk),
    Server,
    k(Progress),
    k(MinRam),
    MetaOpen,
    Meta,
    MetaClose,
    Close,
];

/// XML: scalars are attributes of the start tag; children in nova's order.
const XML_DETAIL: &[Part] = &[Open, Server, MetaOpen, Meta, MetaClose, Link, Close];
const XML_SUMMARY: &[Part] = &[Open, Link, Close];

/// One render in progress: the source, the view, the style, and the list-level strings every
/// link repeats (read once per render, not once per link).
pub(crate) struct Ctx<'a, S: Source + ?Sized> {
    pub(crate) src: &'a S,
    pub(crate) target: Target,
    pub(crate) format: Format,
    pub(crate) compute: Text<'a>,
    pub(crate) image_service: Text<'a>,
    pub(crate) tenant: Text<'a>,
    pub(crate) size_extension: bool,
}

/// One image being written: what every part of it needs, computed once per image.
pub(crate) struct ImageCtx<'a> {
    pub(crate) img: Img<'a>,
    /// The list index.
    pub(crate) index: usize,
    pub(crate) layout: &'static [Part],
    /// The layout index of the first key written (JSON: it gets no separator).
    pub(crate) first_key: usize,
    /// The id's 36 characters, formatted the first time a part writes them.
    id: OnceCell<[u8; 36]>,
}

impl ImageCtx<'_> {
    /// The id, lowercase and hyphenated.
    #[inline]
    pub(crate) fn id(&self) -> &[u8; 36] {
        self.id.get_or_init(|| self.img.id.to_bytes())
    }
}

impl<'a, S: Source + ?Sized> Ctx<'a, S> {
    pub(crate) fn new(src: &'a S, target: Target, format: Format) -> Self {
        Ctx {
            src,
            target,
            format,
            compute: src.compute(),
            image_service: src.image_service(),
            tenant: src.tenant(),
            size_extension: src.size_extension(),
        }
    }

    pub(crate) fn is_xml(&self) -> bool {
        self.format.style.is_xml()
    }

    /// How many images the document holds.
    pub(crate) fn images(&self) -> u32 {
        match self.target {
            Target::Show(_) => 1,
            _ => self.src.count() as u32,
        }
    }

    /// The list index of the image rendered at `stage`.
    pub(crate) fn image_index(&self, stage: u32) -> usize {
        match self.target {
            Target::Show(i) => i,
            _ => stage as usize - 1,
        }
    }

    pub(crate) fn is_show(&self) -> bool {
        matches!(self.target, Target::Show(_))
    }

    pub(crate) fn is_summary(&self) -> bool {
        matches!(self.target, Target::Summary)
    }

    /// The parts of `img` in this style, in order.
    fn layout(&self, img: &Img<'_>) -> &'static [Part] {
        match (self.format.style, self.is_summary()) {
            (Style::XmlWire | Style::XmlPretty, true) => XML_SUMMARY,
            (Style::XmlWire | Style::XmlPretty, false) => XML_DETAIL,
            (_, true) => JSON_SUMMARY,
            (Style::JsonNova, false) => {
                match (
                    img.server.is_some(),
                    self.size_extension,
                    img.disk_config.is_some(),
                ) {
                    (false, false, false) => NOVA_BASE,
                    (false, false, true) => NOVA_DC,
                    (false, true, _) => NOVA_SIZE,
                    (true, _, _) => NOVA_SERVER,
                }
            }
            _ => JSON_SORTED,
        }
    }

    /// Whether `part` is written for `img`. Repeated parts with no entries are skipped; their
    /// open and close parts are not.
    fn present(&self, part: Part, img: &Img<'_>) -> bool {
        match part {
            Part::Key(DiskConfig) => img.disk_config.is_some(),
            Part::Key(Size) => self.size_extension,
            Server => img.server.is_some(),
            Meta => img.metadata > 0,
            _ => true,
        }
    }

    fn image_ctx(&self, index: usize, img: Img<'a>) -> ImageCtx<'a> {
        let layout = self.layout(&img);
        let first_key = layout
            .iter()
            .position(|p| {
                matches!(p, Part::Key(_) | LinksOpen | MetaOpen | Server) && self.present(*p, &img)
            })
            .unwrap_or(0);
        ImageCtx {
            img,
            index,
            layout,
            first_key,
            id: OnceCell::new(),
        }
    }

    /// How many links `img` has: its explicit ones, or the three derived ones.
    pub(crate) fn link_count(img: &Img<'_>) -> usize {
        if img.links == 0 { 3 } else { img.links }
    }

    /// Pretty JSON writes metadata sorted by key; every other style in stored order.
    fn sorted_metadata(&self) -> bool {
        self.format.style == Style::JsonPretty
    }

    /// The first metadata entry in writing order.
    pub(crate) fn first_meta(&self, i: usize, img: &Img<'_>) -> usize {
        if !self.sorted_metadata() {
            return 0;
        }
        let mut best = 0;
        for k in 1..img.metadata {
            if self.key(i, k) < self.key(i, best) {
                best = k;
            }
        }
        best
    }

    /// The entry after `k` in writing order.
    fn next_meta(&self, i: usize, img: &Img<'_>, k: usize) -> Option<usize> {
        if !self.sorted_metadata() {
            return (k + 1 < img.metadata).then_some(k + 1);
        }
        let after = self.key(i, k);
        let mut best: Option<usize> = None;
        for c in 0..img.metadata {
            let key = self.key(i, c);
            if key > after && best.is_none_or(|b| key < self.key(i, b)) {
                best = Some(c);
            }
        }
        best
    }

    fn key(&self, i: usize, k: usize) -> &'a [u8] {
        self.src.meta(i, k).map_or(&[], |(key, _)| key.s)
    }

    /// Writes one part of an image (`entry`: the metadata entry or link).
    #[inline]
    fn part<W: super::Writer>(
        &self,
        im: &ImageCtx<'_>,
        p: usize,
        part: Part,
        entry: usize,
        w: &mut W,
    ) -> Result<(), W::Halt> {
        if self.is_xml() {
            xml::part(self, im, part, entry, w)
        } else {
            json::part(self, im, p, part, entry, w)
        }
    }

    /// Writes the image at `stage`, from `resume` if a chunked render stopped inside it.
    fn image<W: super::Writer>(
        &self,
        stage: u32,
        resume: Option<Unit>,
        w: &mut W,
    ) -> Result<(), W::Halt> {
        let index = self.image_index(stage);
        let Some(img) = self.src.image(index) else {
            return Ok(());
        };
        let im = self.image_ctx(index, img);
        let from = resume.map_or(0, |u| usize::from(u.part));
        for (p, &part) in im.layout.iter().enumerate().skip(from) {
            if !self.present(part, &im.img) {
                continue;
            }
            let unit = Unit {
                stage,
                part: p as u8,
                entry: 0,
            };
            let resume_entry = resume
                .filter(|u| usize::from(u.part) == p)
                .map(|u| u.entry as usize);
            match part {
                Meta => {
                    let mut k = resume_entry.unwrap_or_else(|| self.first_meta(index, &im.img));
                    loop {
                        w.begin(Unit {
                            entry: k as u32,
                            ..unit
                        });
                        self.part(&im, p, part, k, w)?;
                        match self.next_meta(index, &im.img, k) {
                            Some(next) => k = next,
                            None => break,
                        }
                    }
                }
                Link => {
                    for k in resume_entry.unwrap_or(0)..Self::link_count(&im.img) {
                        w.begin(Unit {
                            entry: k as u32,
                            ..unit
                        });
                        self.part(&im, p, part, k, w)?;
                    }
                }
                _ => {
                    w.begin(unit);
                    self.part(&im, p, part, 0, w)?;
                }
            }
        }
        Ok(())
    }
}

/// Walks the document from `start` to the end.
pub(crate) fn walk<S: Source + ?Sized, W: super::Writer>(
    ctx: &Ctx<'_, S>,
    start: Unit,
    w: &mut W,
) -> Result<(), W::Halt> {
    let n = ctx.images();
    if start.stage == 0 {
        w.begin(Unit::default());
        if ctx.is_xml() {
            xml::prologue(ctx, w)?;
        } else {
            json::prologue(ctx, w)?;
        }
    }
    for stage in start.stage.max(1)..=n {
        ctx.image(stage, (stage == start.stage).then_some(start), w)?;
    }
    w.begin(Unit {
        stage: n + 1,
        part: 0,
        entry: 0,
    });
    if ctx.is_xml() {
        xml::epilogue(ctx, w)
    } else {
        json::epilogue(ctx, w)
    }
}
