//! The document as a flat sequence of units, the same for every style and view.
//!
//! A unit is a piece of the document that writes a bounded number of calls: the prologue, one
//! part of one image (a field, a metadata entry, a link, ...), the epilogue. Rendering walks the
//! units in order; a chunked render restarts at the unit it stopped in, so resuming costs a
//! bounded amount of work whatever the document's length.

use super::{Format, Style, Target, json, xml};
use crate::source::{Img, Source};

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

/// One render in progress: the source, the view, the style.
pub(crate) struct Ctx<'a, S: Source + ?Sized> {
    pub(crate) src: &'a S,
    pub(crate) target: Target,
    pub(crate) format: Format,
}

impl<'a, S: Source + ?Sized> Ctx<'a, S> {
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
    pub(crate) fn layout(&self, img: &Img<'_>) -> &'static [Part] {
        match (self.format.style, self.is_summary()) {
            (Style::XmlWire | Style::XmlPretty, true) => XML_SUMMARY,
            (Style::XmlWire | Style::XmlPretty, false) => XML_DETAIL,
            (_, true) => JSON_SUMMARY,
            (Style::JsonNova, false) => {
                match (
                    img.server.is_some(),
                    self.src.size_extension(),
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
    pub(crate) fn present(&self, part: Part, img: &Img<'_>) -> bool {
        match part {
            Part::Key(DiskConfig) => img.disk_config.is_some(),
            Part::Key(Size) => self.src.size_extension(),
            Server => img.server.is_some(),
            Meta => img.metadata > 0,
            _ => true,
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
    pub(crate) fn next_meta(&self, i: usize, img: &Img<'_>, k: usize) -> Option<usize> {
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
        self.src.meta(i, k).map_or(&[], |(key, _)| key.s.as_bytes())
    }

    /// The unit after `u`, or `None` at the end of the document.
    pub(crate) fn next(&self, u: Unit, img: Option<&Img<'_>>) -> Option<Unit> {
        let n = self.images();
        let after_image = |stage: u32| Unit {
            stage: stage + 1,
            part: 0,
            entry: 0,
        };
        if u.stage == 0 || u.stage > n {
            return (u.stage == 0).then(|| after_image(0));
        }
        let Some(img) = img else {
            return Some(after_image(u.stage));
        };
        let i = self.image_index(u.stage);
        let layout = self.layout(img);
        match layout.get(usize::from(u.part)) {
            Some(Meta) => {
                if let Some(next) = self.next_meta(i, img, u.entry as usize) {
                    return Some(Unit {
                        entry: next as u32,
                        ..u
                    });
                }
            }
            Some(Link) if (u.entry as usize) + 1 < Self::link_count(img) => {
                return Some(Unit {
                    entry: u.entry + 1,
                    ..u
                });
            }
            _ => {}
        }
        let mut p = usize::from(u.part) + 1;
        while let Some(&part) = layout.get(p) {
            if self.present(part, img) {
                let entry = if part == Meta {
                    self.first_meta(i, img) as u32
                } else {
                    0
                };
                return Some(Unit {
                    stage: u.stage,
                    part: p as u8,
                    entry,
                });
            }
            p += 1;
        }
        Some(after_image(u.stage))
    }

    /// Whether `part` is the first key written in `img`'s object (JSON separators).
    pub(crate) fn first_key(&self, layout: &[Part], part: usize, img: &Img<'_>) -> bool {
        layout.get(1..part).unwrap_or(&[]).iter().all(|p| {
            !matches!(p, Part::Key(_) | LinksOpen | MetaOpen | Server) || !self.present(*p, img)
        })
    }

    /// Writes unit `u`.
    pub(crate) fn emit<W: super::Writer>(
        &self,
        u: Unit,
        img: Option<&Img<'_>>,
        w: &mut W,
    ) -> Result<(), W::Halt> {
        let xml = matches!(self.format.style, Style::XmlWire | Style::XmlPretty);
        let n = self.images();
        match img {
            _ if u.stage == 0 => {
                if xml {
                    xml::prologue(self, w)
                } else {
                    json::prologue(self, w)
                }
            }
            Some(img) if u.stage <= n => {
                let layout = self.layout(img);
                let part = usize::from(u.part);
                let Some(&p) = layout.get(part) else {
                    return Ok(());
                };
                let i = self.image_index(u.stage);
                if xml {
                    xml::part(self, u, i, img, p, w)
                } else {
                    json::part(self, u, i, img, layout, p, w)
                }
            }
            _ => {
                if xml {
                    xml::epilogue(self, w)
                } else {
                    json::epilogue(self, w)
                }
            }
        }
    }
}

/// Walks the document from `start` to the end.
pub(crate) fn walk<S: Source + ?Sized, W: super::Writer>(
    ctx: &Ctx<'_, S>,
    start: Unit,
    w: &mut W,
) -> Result<(), W::Halt> {
    let n = ctx.images();
    let fetch = |stage: u32| {
        if stage >= 1 && stage <= n {
            ctx.src.image(ctx.image_index(stage))
        } else {
            None
        }
    };
    let mut u = start;
    let mut img = fetch(u.stage);
    loop {
        w.begin(u);
        ctx.emit(u, img.as_ref(), w)?;
        let Some(next) = ctx.next(u, img.as_ref()) else {
            return Ok(());
        };
        if next.stage != u.stage {
            img = fetch(next.stage);
        }
        u = next;
    }
}
