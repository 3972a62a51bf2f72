//! The three JSON styles: compact, pretty (Python's `indent=4, sort_keys=True`) and nova wire
//! (Python 2 defaults). They differ only in separators, indentation and key order.

use super::values::{Digits, Link, Val};
use super::walk::{Ctx, ImageCtx, Key, Part};
use super::{Style, Writer};
use crate::source::{Source, Text};
use crate::text::Escape;

/// A separator, a newline and enough indentation for the deepest line (depth 6): pretty JSON
/// writes `,` and the line break of the next item as one piece.
const SEP_NL: &[u8] = b",\n                                ";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Compact,
    Pretty,
    Nova,
}

struct Json {
    layout: Layout,
    colon: &'static [u8],
    esc: Escape,
}

impl Json {
    #[inline]
    fn of<S: Source + ?Sized>(ctx: &Ctx<'_, S>) -> Json {
        let esc = if ctx.format.ascii_only {
            Escape::JsonAscii
        } else {
            Escape::Json
        };
        let (layout, colon): (_, &'static [u8]) = match ctx.format.style {
            Style::JsonPretty => (Layout::Pretty, b": "),
            Style::JsonNova => (Layout::Nova, b": "),
            _ => (Layout::Compact, b":"),
        };
        Json { layout, colon, esc }
    }

    /// The line break and indentation for `depth`, after a separator unless `first`.
    #[inline]
    fn break_at(first: bool, depth: usize) -> &'static [u8] {
        SEP_NL
            .get(usize::from(first)..2 + 4 * depth)
            .unwrap_or(SEP_NL)
    }

    /// Before an item at `depth`: the separator unless first, then (pretty) a new line.
    #[inline]
    fn item<W: Writer>(&self, w: &mut W, first: bool, depth: usize) -> Result<(), W::Halt> {
        match (self.layout, first) {
            (Layout::Pretty, _) => w.bytes(Self::break_at(first, depth)),
            (_, true) => Ok(()),
            (Layout::Compact, false) => w.bytes(b","),
            (Layout::Nova, false) => w.bytes(b", "),
        }
    }

    /// Closes a container whose opening line is at `depth`.
    #[inline]
    fn close<W: Writer>(
        &self,
        w: &mut W,
        empty: bool,
        depth: usize,
        bracket: &'static [u8],
    ) -> Result<(), W::Halt> {
        if self.layout == Layout::Pretty && !empty {
            w.bytes(Self::break_at(true, depth))?;
        }
        w.bytes(bracket)
    }

    /// An item's key and colon. `lit` is `,"name": `: compact JSON writes it as one piece,
    /// less the space (and the comma for the first key).
    #[inline]
    fn key<W: Writer>(
        &self,
        w: &mut W,
        first: bool,
        depth: usize,
        lit: &'static [u8],
    ) -> Result<(), W::Halt> {
        let end = lit.len().saturating_sub(1);
        match self.layout {
            Layout::Compact => w.bytes(lit.get(usize::from(first)..end).unwrap_or(lit)),
            Layout::Nova | Layout::Pretty => {
                self.item(w, first, depth)?;
                w.bytes(lit.get(1..).unwrap_or(lit))
            }
        }
    }

    #[inline]
    fn string<W: Writer>(&self, w: &mut W, v: Val<'_>) -> Result<(), W::Halt> {
        w.bytes(b"\"")?;
        v.write(w, self.esc)?;
        w.bytes(b"\"")
    }

    fn opt_string<W: Writer>(&self, w: &mut W, v: Option<Text<'_>>) -> Result<(), W::Halt> {
        match v {
            Some(t) => self.string(w, Val::Text(t)),
            None => w.bytes(b"null"),
        }
    }

    /// A link object whose `{` is at `depth`; nova writes `type` before `rel`.
    fn link<W: Writer>(
        &self,
        w: &mut W,
        nova: bool,
        l: Link<'_>,
        depth: usize,
    ) -> Result<(), W::Halt> {
        w.bytes(b"{")?;
        self.key(w, true, depth + 1, b",\"href\": ")?;
        w.bytes(b"\"")?;
        l.href.write(w, self.esc)?;
        w.bytes(b"\"")?;
        if let (true, Some(t)) = (nova, l.media_type) {
            self.key(w, false, depth + 1, b",\"type\": ")?;
            self.string(w, t)?;
        }
        self.key(w, false, depth + 1, b",\"rel\": ")?;
        self.string(w, l.rel)?;
        if let (false, Some(t)) = (nova, l.media_type) {
            self.key(w, false, depth + 1, b",\"type\": ")?;
            self.string(w, t)?;
        }
        self.close(w, false, depth, b"}")
    }
}

/// The depth of an image object: inside `"images": [` in a list, the value of `"image"` in show.
fn image_depth<S: Source + ?Sized>(ctx: &Ctx<'_, S>) -> usize {
    if ctx.is_show() { 1 } else { 2 }
}

pub(crate) fn prologue<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    w: &mut W,
) -> Result<(), W::Halt> {
    let j = Json::of(ctx);
    w.bytes(b"{")?;
    if ctx.is_show() {
        j.key(w, true, 1, b",\"image\": ")
    } else {
        j.key(w, true, 1, b",\"images\": ")?;
        w.bytes(b"[")
    }
}

pub(crate) fn epilogue<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    w: &mut W,
) -> Result<(), W::Halt> {
    let j = Json::of(ctx);
    if !ctx.is_show() {
        j.close(w, ctx.images() == 0, 1, b"]")?;
        if let Some(next) = ctx.src.next_link() {
            j.key(w, false, 1, b",\"images_links\": ")?;
            w.bytes(b"[")?;
            j.item(w, true, 2)?;
            w.bytes(b"{")?;
            j.key(w, true, 3, b",\"href\": ")?;
            j.string(w, Val::Text(next))?;
            j.key(w, false, 3, b",\"rel\": ")?;
            quoted(w, b"next")?;
            j.close(w, false, 2, b"}")?;
            j.close(w, false, 1, b"]")?;
        }
    }
    j.close(w, false, 0, b"}")
}

fn key_name(key: Key) -> &'static [u8] {
    match key {
        Key::DiskConfig => b",\"OS-DCF:diskConfig\": ",
        Key::Size => b",\"OS-EXT-IMG-SIZE:size\": ",
        Key::Created => b",\"created\": ",
        Key::Id => b",\"id\": ",
        Key::MinDisk => b",\"minDisk\": ",
        Key::MinRam => b",\"minRam\": ",
        Key::Name => b",\"name\": ",
        Key::Progress => b",\"progress\": ",
        Key::Status => b",\"status\": ",
        Key::Updated => b",\"updated\": ",
    }
}

/// `"` value `"` for a value that never needs escaping (ids, dates, enum spellings).
#[inline]
fn quoted<W: Writer>(w: &mut W, b: &[u8]) -> Result<(), W::Halt> {
    w.bytes(b"\"")?;
    w.bytes(b)?;
    w.bytes(b"\"")
}

/// One part of an image (`p` its index in the layout, `entry` the link or metadata entry).
pub(crate) fn part<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    im: &ImageCtx<'_>,
    p: usize,
    part: Part,
    entry: usize,
    w: &mut W,
) -> Result<(), W::Halt> {
    let j = Json::of(ctx);
    let nova = j.layout == Layout::Nova;
    let d = image_depth(ctx);
    let first = p == im.first_key;
    let img = &im.img;
    match part {
        Part::Open => {
            if !ctx.is_show() {
                j.item(w, im.index == 0, d)?;
            }
            w.bytes(b"{")
        }
        Part::Key(key) => {
            j.key(w, first, d + 1, key_name(key))?;
            match key {
                Key::DiskConfig => quoted(w, img.disk_config.map_or("", |c| c.as_str()).as_bytes()),
                Key::Size => match img.size {
                    Some(n) => w.bytes(Digits::new(n).as_bytes()),
                    None => w.bytes(b"null"),
                },
                Key::Created | Key::Updated => {
                    match if key == Key::Created {
                        img.created
                    } else {
                        img.updated
                    } {
                        Some(t) => quoted(w, &t.to_bytes()),
                        None => w.bytes(b"null"),
                    }
                }
                Key::Id => quoted(w, im.id()),
                Key::MinDisk => w.bytes(Digits::new(img.min_disk).as_bytes()),
                Key::MinRam => w.bytes(Digits::new(img.min_ram).as_bytes()),
                Key::Progress => w.bytes(Digits::new(u64::from(img.progress)).as_bytes()),
                Key::Name => j.opt_string(w, img.name),
                Key::Status => quoted(w, img.status.as_str().as_bytes()),
            }
        }
        Part::LinksOpen => {
            j.key(w, first, d + 1, b",\"links\": ")?;
            w.bytes(b"[")
        }
        Part::Link => {
            j.item(w, entry == 0, d + 2)?;
            match ctx.image_link(im, entry) {
                Some(l) => j.link(w, nova, l, d + 2),
                None => Ok(()),
            }
        }
        Part::LinksClose => j.close(w, false, d + 1, b"]"),
        Part::MetaOpen => {
            j.key(w, first, d + 1, b",\"metadata\": ")?;
            w.bytes(b"{")
        }
        Part::Meta => {
            let Some((key, value)) = ctx.src.meta(im.index, entry) else {
                return Ok(());
            };
            j.item(w, entry == ctx.first_meta(im.index, img), d + 2)?;
            j.string(w, Val::Text(key))?;
            w.bytes(j.colon)?;
            j.opt_string(w, value)
        }
        Part::MetaClose => j.close(w, img.metadata == 0, d + 1, b"}"),
        Part::Server => {
            let Some(server) = img.server else {
                return Ok(());
            };
            let server = server.to_bytes();
            j.key(w, first, d + 1, b",\"server\": ")?;
            w.bytes(b"{")?;
            j.key(w, true, d + 2, b",\"id\": ")?;
            quoted(w, &server)?;
            j.key(w, false, d + 2, b",\"links\": ")?;
            w.bytes(b"[")?;
            for k in 0..2 {
                j.item(w, k == 0, d + 3)?;
                j.link(w, nova, ctx.server_link(&server, k), d + 3)?;
            }
            j.close(w, false, d + 2, b"]")?;
            j.close(w, false, d + 1, b"}")
        }
        Part::Close => j.close(w, false, d, b"}"),
    }
}
