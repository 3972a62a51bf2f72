//! What each value writes: one image's values, formatted when an op first needs them.

use super::program::{ENTRY_FACTS, Val, When};
use crate::source::{Img, LinkText, Source, Text};
use crate::text::Escape;

/// A value ready to write: bytes, their escape classes (0 for bytes that never need
/// escaping), and what they are. Four words, so it stays in registers.
#[derive(Clone, Copy)]
pub(crate) struct V<'v> {
    pub(crate) s: &'v [u8],
    pub(crate) class: u8,
    pub(crate) kind: Kind,
}

/// What a value is, which says how the literals around it join.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No value: the op is a literal.
    Lit,
    /// A string (JSON: quoted by the literals around it).
    Str,
    /// A number (JSON: not quoted).
    Num,
    /// null (JSON) / `None` (XML): `s` is that word.
    Null,
    /// A derived link `{base}{mid}{tenant}{collection}{id}`: `s` is the id.
    Href(Href),
}

/// The five derived links.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Href {
    ImageSelf,
    ImageBookmark,
    ImageAlternate,
    ServerSelf,
    ServerBookmark,
}

impl<'v> V<'v> {
    const LIT: V<'static> = V {
        s: &[],
        class: 0,
        kind: Kind::Lit,
    };

    fn str(s: &'v [u8]) -> Self {
        V {
            s,
            class: 0,
            kind: Kind::Str,
        }
    }
}

/// The image being written, and what its ops have formatted so far.
pub(crate) struct Image<'a> {
    /// The list index.
    pub(crate) index: usize,
    pub(crate) img: Img<'a>,
    /// Image-level and entry-level facts (`When` bits).
    pub(crate) facts: u32,
    /// The image's or the server's id, formatted (`IDS_*` says which, if any).
    ids: [u8; 36],
    ids_of: u8,
    /// The metadata entry or explicit link the ops are at.
    entry: Entry<'a>,
    /// Digits of a number or a date.
    scratch: [u8; 20],
}

const IDS_NONE: u8 = 0;
const IDS_IMAGE: u8 = 1;
const IDS_SERVER: u8 = 2;

/// The current metadata entry or explicit link.
#[derive(Clone, Copy)]
enum Entry<'a> {
    None,
    Meta(Text<'a>, Option<Text<'a>>),
    Link(LinkText<'a>),
}

impl<'a> Image<'a> {
    /// Starts image `index` (the prologue and epilogue use a stand-in) in place: the walk
    /// keeps one `Image` for the whole document.
    pub(crate) fn start(&mut self, index: usize, img: Img<'a>) {
        self.facts = Self::facts_of(&img);
        self.index = index;
        self.img = img;
        self.ids_of = IDS_NONE;
        self.entry = Entry::None;
    }

    pub(crate) fn new(index: usize, img: Img<'a>) -> Self {
        Image {
            index,
            facts: Self::facts_of(&img),
            img,
            ids: [0; 36],
            ids_of: IDS_NONE,
            entry: Entry::None,
            scratch: [0; 20],
        }
    }

    fn facts_of(img: &Img<'_>) -> u32 {
        let mut facts = When::Always.bit();
        if img.disk_config.is_some() {
            facts |= When::DiskConfig.bit();
        }
        if img.server.is_some() {
            facts |= When::Server.bit();
        }
        facts |= if img.derived_links() {
            When::Derived.bit()
        } else if img.entries.links == 0 {
            When::Explicit.bit() | When::NoLinks.bit()
        } else {
            When::Explicit.bit() | When::SomeLinks.bit()
        };
        facts |= if img.entries.metadata == 0 {
            When::MetaEmpty.bit()
        } else {
            When::MetaAny.bit()
        };
        facts
    }

    /// Reads metadata entry `k` for the ops that follow.
    pub(crate) fn load_meta<S: Source + ?Sized>(&mut self, src: &'a S, k: usize) {
        let meta = src.meta(self.index, k);
        self.entry = meta.map_or(Entry::None, |(key, v)| Entry::Meta(key, v));
        let empty = matches!(meta, Some((_, Some(v))) if v.s.is_empty());
        self.facts = self.facts & !ENTRY_FACTS
            | if empty {
                When::ValueEmpty.bit()
            } else {
                When::ValueNotEmpty.bit()
            };
    }

    /// Reads explicit link `k` for the ops that follow.
    pub(crate) fn load_link<S: Source + ?Sized>(&mut self, src: &'a S, k: usize) {
        let link = src.link(self.index, k);
        self.entry = link.map_or(Entry::None, Entry::Link);
        self.facts &= !ENTRY_FACTS;
        if matches!(
            link,
            Some(LinkText {
                media_type: Some(_),
                ..
            })
        ) {
            self.facts |= When::HasType.bit();
        }
    }

    #[inline]
    fn id(&mut self) -> &[u8] {
        if self.ids_of != IDS_IMAGE {
            hyphenate(&self.img.id, &mut self.ids);
            self.ids_of = IDS_IMAGE;
        }
        &self.ids
    }

    #[inline]
    fn server(&mut self) -> &[u8] {
        if self.ids_of != IDS_SERVER {
            hyphenate(&self.img.server.unwrap_or_default(), &mut self.ids);
            self.ids_of = IDS_SERVER;
        }
        &self.ids
    }

    fn link(&self) -> Option<LinkText<'a>> {
        match self.entry {
            Entry::Link(l) => Some(l),
            _ => None,
        }
    }

    fn meta(&self) -> Option<(Text<'a>, Option<Text<'a>>)> {
        match self.entry {
            Entry::Meta(k, v) => Some((k, v)),
            _ => None,
        }
    }

    /// The decimal digits of `n`, with 32-bit divisions only: a 32-bit MCU does those in
    /// hardware, where a 64-bit one is a library routine of nearly a kilobyte. Above 10^9
    /// (rare) the high digits come from subtracting powers of ten.
    #[inline]
    fn number(&mut self, n: u64) -> V<'_> {
        let s = self.digits(n);
        V {
            s,
            class: 0,
            kind: Kind::Num,
        }
    }

    #[inline]
    fn digits(&mut self, n: u64) -> &[u8] {
        let mut at = self.scratch.len();
        let (high, low) = split(n);
        if high == 0 {
            self.put_digits(low, 1, &mut at);
        } else {
            self.put_digits(low, 9, &mut at);
            let (top, middle) = split(high);
            if top == 0 {
                self.put_digits(middle, 1, &mut at);
            } else {
                self.put_digits(middle, 9, &mut at);
                self.put_digits(top as u32, 1, &mut at);
            }
        }
        self.scratch.get(at..).unwrap_or(&[])
    }

    /// Writes `v`'s digits (at least `min`, zero-padded) right to left, ending at `at`.
    fn put_digits(&mut self, mut v: u32, min: usize, at: &mut usize) {
        let mut k = 0;
        while v > 0 || k < min {
            *at = at.saturating_sub(1);
            if let Some(d) = self.scratch.get_mut(*at) {
                *d = b'0' + (v % 10) as u8;
            }
            v /= 10;
            k += 1;
        }
    }

    fn date(&mut self, t: Option<crate::Timestamp>, null: &'static [u8]) -> V<'_> {
        match t {
            Some(t) => {
                self.scratch = t.to_bytes();
                V::str(&self.scratch)
            }
            None => V::null(null),
        }
    }
}

/// `(n / 10^9, n % 10^9)` by shifts and subtractions (`n / 10^9 < 2^35`).
#[inline]
fn split(n: u64) -> (u64, u32) {
    const BILLION: u64 = 1_000_000_000;
    let (mut quotient, mut rest) = (0u64, n);
    if rest >= BILLION {
        let mut k = 35;
        while k > 0 {
            k -= 1;
            let step = BILLION << k;
            if rest >= step {
                rest -= step;
                quotient |= 1 << k;
            }
        }
    }
    (quotient, rest as u32)
}

/// Writes an id's 36 lowercase hyphenated characters (as `Uuid::to_bytes`) in straight-line
/// code: the renderer formats one per image.
#[inline(never)]
fn hyphenate(id: &crate::Uuid, out: &mut [u8; 36]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    /// Where each byte's two digits go.
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    for at in [8, 13, 18, 23] {
        if let Some(h) = out.get_mut(at) {
            *h = b'-';
        }
    }
    for (&at, &b) in AT.iter().zip(&id.0) {
        if let Some([hi, lo]) = out.get_mut(at..at + 2) {
            *hi = HEX[usize::from(b >> 4)];
            *lo = HEX[usize::from(b & 15)];
        }
    }
}

/// What the values of a render share: the link endpoints and the escaping of each context.
pub(crate) struct Shared<'a> {
    pub(crate) compute: Text<'a>,
    pub(crate) image_service: Text<'a>,
    pub(crate) tenant: Text<'a>,
    pub(crate) next: Option<Text<'a>>,
    /// Escaping of strings (JSON) or attribute values (XML).
    pub(crate) esc: Escape,
    /// Escaping of metadata values (XML: element text).
    pub(crate) body: Escape,
    /// What a null is written as.
    pub(crate) null: &'static [u8],
}

impl<'v> V<'v> {
    fn null(word: &'static [u8]) -> Self {
        V {
            s: word,
            class: 0,
            kind: Kind::Null,
        }
    }

    fn text(t: Option<Text<'v>>, null: &'static [u8]) -> Self {
        match t {
            Some(t) => V {
                s: t.s,
                class: t.class,
                kind: Kind::Str,
            },
            None => V::null(null),
        }
    }

    fn href(h: Href, id: &'v [u8]) -> Self {
        V {
            s: id,
            class: 0,
            kind: Kind::Href(h),
        }
    }
}

impl<'a> Shared<'a> {
    /// The value `val` writes for `im`.
    #[inline(always)]
    pub(crate) fn value<'v>(&'v self, im: &'v mut Image<'a>, val: Val) -> V<'v> {
        let null = self.null;
        match val {
            Val::Id => V::str(im.id()),
            Val::Name => V::text(im.img.name, null),
            Val::Status => V::str(im.img.status.as_str().as_bytes()),
            Val::Progress => im.number(u64::from(im.img.progress)),
            Val::MinDisk => im.number(im.img.min_disk),
            Val::MinRam => im.number(im.img.min_ram),
            Val::Created => im.date(im.img.created, null),
            Val::Updated => im.date(im.img.updated, null),
            Val::DiskConfig => V::str(im.img.disk_config.map_or("", |c| c.as_str()).as_bytes()),
            Val::Size => match im.img.size() {
                Some(n) => im.number(n),
                None => V::null(null),
            },
            Val::ServerId => V::str(im.server()),
            Val::SelfHref => V::href(Href::ImageSelf, im.id()),
            Val::BookmarkHref => V::href(Href::ImageBookmark, im.id()),
            Val::AlternateHref => V::href(Href::ImageAlternate, im.id()),
            Val::ServerSelfHref => V::href(Href::ServerSelf, im.server()),
            Val::ServerBookmarkHref => V::href(Href::ServerBookmark, im.server()),
            Val::LinkHref => V::text(im.link().map(|l| l.href), null),
            Val::LinkRel => V::text(im.link().map(|l| l.rel), null),
            Val::LinkType => V::text(im.link().and_then(|l| l.media_type), null),
            Val::MetaKey => V::text(im.meta().map(|(k, _)| k), null),
            Val::MetaValue => V::text(im.meta().and_then(|(_, v)| v), null),
            Val::NextLink => V::text(self.next, null),
            Val::Lit | Val::MetaStart | Val::MetaNext | Val::LinkStart | Val::LinkNext => V::LIT,
        }
    }

    /// The pieces of a derived link: base, `/v2/` or `/`, tenant, collection (the id is the
    /// fifth).
    #[inline(always)]
    pub(crate) fn href(&self, h: Href) -> (Text<'a>, &'static [u8], &'static [u8]) {
        match h {
            Href::ImageSelf => (self.compute, b"/v2/", b"/images/"),
            Href::ImageBookmark => (self.compute, b"/", b"/images/"),
            Href::ImageAlternate => (self.image_service, b"/", b"/images/"),
            Href::ServerSelf => (self.compute, b"/v2/", b"/servers/"),
            Href::ServerBookmark => (self.compute, b"/", b"/servers/"),
        }
    }
}
