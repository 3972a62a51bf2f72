//! The three JSON styles: compact, pretty (Python's `indent=4, sort_keys=True`) and nova wire
//! (Python 2 defaults). They differ only in separators, indentation and key order.

use super::values::{Digits, Link, Val};
use super::walk::{Ctx, Key, Part, Unit};
use super::{Style, Writer};
use crate::source::{Img, Source, Text};
use crate::text::Escape;

/// A newline and enough indentation for the deepest line (depth 6).
const NL: &[u8] = b"\n                                ";

struct Json {
    pretty: bool,
    sep: &'static [u8],
    colon: &'static [u8],
    esc: Escape,
}

impl Json {
    fn of<S: Source + ?Sized>(ctx: &Ctx<'_, S>) -> Json {
        let esc = if ctx.format.ascii_only {
            Escape::JsonAscii
        } else {
            Escape::Json
        };
        match ctx.format.style {
            Style::JsonPretty => Json {
                pretty: true,
                sep: b",",
                colon: b": ",
                esc,
            },
            Style::JsonNova => Json {
                pretty: false,
                sep: b", ",
                colon: b": ",
                esc,
            },
            _ => Json {
                pretty: false,
                sep: b",",
                colon: b":",
                esc,
            },
        }
    }

    /// Before an item at `depth`: the separator unless first, then (pretty) a new line.
    #[inline]
    fn item<W: Writer>(&self, w: &mut W, first: bool, depth: usize) -> Result<(), W::Halt> {
        if !first {
            w.bytes(self.sep)?;
        }
        if self.pretty {
            w.bytes(NL.get(..1 + 4 * depth).unwrap_or(NL))?;
        }
        Ok(())
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
        if self.pretty && !empty {
            w.bytes(NL.get(..1 + 4 * depth).unwrap_or(NL))?;
        }
        w.bytes(bracket)
    }

    /// An item's key: `"name"` and the colon.
    #[inline]
    fn key<W: Writer>(
        &self,
        w: &mut W,
        first: bool,
        depth: usize,
        quoted: &'static [u8],
    ) -> Result<(), W::Halt> {
        self.item(w, first, depth)?;
        w.bytes(quoted)?;
        w.bytes(self.colon)
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

    fn raw_string<W: Writer>(&self, w: &mut W, b: &[u8]) -> Result<(), W::Halt> {
        w.bytes(b"\"")?;
        w.bytes(b)?;
        w.bytes(b"\"")
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
        self.key(w, true, depth + 1, b"\"href\"")?;
        w.bytes(b"\"")?;
        l.href.write(w, self.esc)?;
        w.bytes(b"\"")?;
        if let (true, Some(t)) = (nova, l.media_type) {
            self.key(w, false, depth + 1, b"\"type\"")?;
            self.string(w, t)?;
        }
        self.key(w, false, depth + 1, b"\"rel\"")?;
        self.string(w, l.rel)?;
        if let (false, Some(t)) = (nova, l.media_type) {
            self.key(w, false, depth + 1, b"\"type\"")?;
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
        j.key(w, true, 1, b"\"image\"")
    } else {
        j.key(w, true, 1, b"\"images\"")?;
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
            j.key(w, false, 1, b"\"images_links\"")?;
            w.bytes(b"[")?;
            j.item(w, true, 2)?;
            w.bytes(b"{")?;
            j.key(w, true, 3, b"\"href\"")?;
            j.string(w, Val::Text(next))?;
            j.key(w, false, 3, b"\"rel\"")?;
            j.raw_string(w, b"next")?;
            j.close(w, false, 2, b"}")?;
            j.close(w, false, 1, b"]")?;
        }
    }
    j.close(w, false, 0, b"}")
}

fn key_name(key: Key) -> &'static [u8] {
    match key {
        Key::DiskConfig => b"\"OS-DCF:diskConfig\"",
        Key::Size => b"\"OS-EXT-IMG-SIZE:size\"",
        Key::Created => b"\"created\"",
        Key::Id => b"\"id\"",
        Key::MinDisk => b"\"minDisk\"",
        Key::MinRam => b"\"minRam\"",
        Key::Name => b"\"name\"",
        Key::Progress => b"\"progress\"",
        Key::Status => b"\"status\"",
        Key::Updated => b"\"updated\"",
    }
}

/// One part of image `i`.
pub(crate) fn part<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    u: Unit,
    i: usize,
    img: &Img<'_>,
    layout: &[Part],
    p: Part,
    w: &mut W,
) -> Result<(), W::Halt> {
    let j = Json::of(ctx);
    let nova = ctx.format.style == Style::JsonNova;
    let d = image_depth(ctx);
    let first = || ctx.first_key(layout, usize::from(u.part), img);
    match p {
        Part::Open => {
            if !ctx.is_show() {
                j.item(w, u.stage == 1, d)?;
            }
            w.bytes(b"{")
        }
        Part::Key(key) => {
            j.key(w, first(), d + 1, key_name(key))?;
            match key {
                Key::DiskConfig => {
                    j.raw_string(w, img.disk_config.map_or("", |c| c.as_str()).as_bytes())
                }
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
                        Some(t) => j.raw_string(w, &t.to_bytes()),
                        None => w.bytes(b"null"),
                    }
                }
                Key::Id => j.raw_string(w, &img.id.to_bytes()),
                Key::MinDisk => w.bytes(Digits::new(img.min_disk).as_bytes()),
                Key::MinRam => w.bytes(Digits::new(img.min_ram).as_bytes()),
                Key::Progress => w.bytes(Digits::new(u64::from(img.progress)).as_bytes()),
                Key::Name => j.opt_string(w, img.name),
                Key::Status => j.raw_string(w, img.status.as_str().as_bytes()),
            }
        }
        Part::LinksOpen => {
            j.key(w, first(), d + 1, b"\"links\"")?;
            w.bytes(b"[")
        }
        Part::Link => {
            j.item(w, u.entry == 0, d + 2)?;
            match ctx.image_link(i, img, u.entry as usize) {
                Some(l) => j.link(w, nova, l, d + 2),
                None => Ok(()),
            }
        }
        Part::LinksClose => j.close(w, false, d + 1, b"]"),
        Part::MetaOpen => {
            j.key(w, first(), d + 1, b"\"metadata\"")?;
            w.bytes(b"{")
        }
        Part::Meta => {
            let k = u.entry as usize;
            let Some((key, value)) = ctx.src.meta(i, k) else {
                return Ok(());
            };
            j.item(w, k == ctx.first_meta(i, img), d + 2)?;
            j.string(w, Val::Text(key))?;
            w.bytes(j.colon)?;
            j.opt_string(w, value)
        }
        Part::MetaClose => j.close(w, img.metadata == 0, d + 1, b"}"),
        Part::Server => {
            let Some(server) = img.server else {
                return Ok(());
            };
            j.key(w, first(), d + 1, b"\"server\"")?;
            w.bytes(b"{")?;
            j.key(w, true, d + 2, b"\"id\"")?;
            j.raw_string(w, &server.to_bytes())?;
            j.key(w, false, d + 2, b"\"links\"")?;
            w.bytes(b"[")?;
            for k in 0..2 {
                j.item(w, k == 0, d + 3)?;
                j.link(w, nova, ctx.server_link(server, k), d + 3)?;
            }
            j.close(w, false, d + 2, b"]")?;
            j.close(w, false, d + 1, b"}")
        }
        Part::Close => j.close(w, false, d, b"}"),
    }
}
