//! The two XML styles: nova wire (no whitespace) and pretty (2-space indent). Scalars are
//! attributes of `<image>`; server, metadata and links are children.

use super::values::{Digits, Link, Val};
use super::walk::{Ctx, ImageCtx, Part};
use super::{Style, Writer};
use crate::Timestamp;
use crate::source::{Source, Text};
use crate::text::Escape;

const DECLARATION: &[u8] = b"<?xml version='1.0' encoding='UTF-8'?>\n";
const NS_DISK_CONFIG: &[u8] =
    b" xmlns:OS-DCF=\"http://docs.openstack.org/compute/ext/disk_config/api/v1.1\"";
const NS_IMAGE_SIZE: &[u8] =
    b" xmlns:OS-EXT-IMG-SIZE=\"http://docs.openstack.org/compute/ext/image_size/api/v1.1\"";
const NS_ATOM: &[u8] = b" xmlns:atom=\"http://www.w3.org/2005/Atom\"";
const NS_DEFAULT: &[u8] = b" xmlns=\"http://docs.openstack.org/compute/api/v1.1\"";
/// A newline and enough indentation for the deepest line (depth 3).
const NL: &[u8] = b"\n        ";
/// What XML writes for a null value.
const NONE: &[u8] = b"None";

fn pretty<S: Source + ?Sized>(ctx: &Ctx<'_, S>) -> bool {
    ctx.format.style == Style::XmlPretty
}

/// Starts a line at `depth` (pretty only).
#[inline]
fn line<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    w: &mut W,
    depth: usize,
) -> Result<(), W::Halt> {
    if pretty(ctx) {
        w.bytes(NL.get(..1 + 2 * depth).unwrap_or(NL))?;
    }
    Ok(())
}

/// The root element's namespace declarations.
fn namespaces<S: Source + ?Sized, W: Writer>(ctx: &Ctx<'_, S>, w: &mut W) -> Result<(), W::Halt> {
    if !ctx.is_summary() {
        w.bytes(NS_DISK_CONFIG)?;
        if ctx.size_extension {
            w.bytes(NS_IMAGE_SIZE)?;
        }
    }
    w.bytes(NS_ATOM)?;
    w.bytes(NS_DEFAULT)
}

/// ` name="value"`, the value escaped for an attribute.
#[inline]
fn attr<W: Writer>(w: &mut W, name: &'static [u8], value: Val<'_>) -> Result<(), W::Halt> {
    w.bytes(name)?;
    value.write(w, Escape::XmlAttr)?;
    w.bytes(b"\"")
}

fn text_or_none(t: Option<Text<'_>>) -> Val<'_> {
    t.map_or(Val::Static(NONE), Val::Text)
}

fn date<W: Writer>(w: &mut W, name: &'static [u8], t: Option<Timestamp>) -> Result<(), W::Halt> {
    w.bytes(name)?;
    match t {
        Some(t) => w.bytes(&t.to_bytes())?,
        None => w.bytes(NONE)?,
    }
    w.bytes(b"\"")
}

fn number<W: Writer>(w: &mut W, name: &'static [u8], n: u64) -> Result<(), W::Halt> {
    w.bytes(name)?;
    w.bytes(Digits::new(n).as_bytes())?;
    w.bytes(b"\"")
}

/// Whether a list's root element has children (else it is written `<images .../>`).
fn root_has_children<S: Source + ?Sized>(ctx: &Ctx<'_, S>) -> bool {
    ctx.images() > 0 || (ctx.is_summary() && ctx.src.next_link().is_some())
}

pub(crate) fn prologue<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    w: &mut W,
) -> Result<(), W::Halt> {
    w.bytes(DECLARATION)?;
    if ctx.is_show() {
        return Ok(());
    }
    w.bytes(b"<images")?;
    namespaces(ctx, w)?;
    w.bytes(if root_has_children(ctx) { b">" } else { b"/>" })
}

pub(crate) fn epilogue<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    w: &mut W,
) -> Result<(), W::Halt> {
    if ctx.is_show() || !root_has_children(ctx) {
        return Ok(());
    }
    if let (true, Some(next)) = (ctx.is_summary(), ctx.src.next_link()) {
        line(ctx, w, 1)?;
        w.bytes(b"<atom:link")?;
        attr(w, b" href=\"", Val::Text(next))?;
        w.bytes(b" rel=\"next\"/>")?;
    }
    line(ctx, w, 0)?;
    w.bytes(b"</images>")
}

/// `<atom:link href=".." type=".." rel=".."/>`
fn link<W: Writer>(w: &mut W, l: Link<'_>) -> Result<(), W::Halt> {
    w.bytes(b"<atom:link href=\"")?;
    l.href.write(w, Escape::XmlAttr)?;
    w.bytes(b"\"")?;
    if let Some(t) = l.media_type {
        attr(w, b" type=\"", t)?;
    }
    attr(w, b" rel=\"", l.rel)?;
    w.bytes(b"/>")
}

/// One part of an image (`entry`: the link or metadata entry).
pub(crate) fn part<S: Source + ?Sized, W: Writer>(
    ctx: &Ctx<'_, S>,
    im: &ImageCtx<'_>,
    p: Part,
    entry: usize,
    w: &mut W,
) -> Result<(), W::Halt> {
    let d = if ctx.is_show() { 0 } else { 1 };
    let img = &im.img;
    match p {
        Part::Open => {
            if ctx.is_show() {
                w.bytes(b"<image")?;
                namespaces(ctx, w)?;
            } else {
                line(ctx, w, d)?;
                w.bytes(b"<image")?;
            }
            if ctx.is_summary() {
                attr(w, b" name=\"", text_or_none(img.name))?;
                w.bytes(b" id=\"")?;
                w.bytes(im.id())?;
                return w.bytes(b"\">");
            }
            attr(
                w,
                b" status=\"",
                Val::Static(img.status.as_str().as_bytes()),
            )?;
            date(w, b" updated=\"", img.updated)?;
            attr(w, b" name=\"", text_or_none(img.name))?;
            date(w, b" created=\"", img.created)?;
            number(w, b" minDisk=\"", img.min_disk)?;
            number(w, b" progress=\"", u64::from(img.progress))?;
            number(w, b" minRam=\"", img.min_ram)?;
            w.bytes(b" id=\"")?;
            w.bytes(im.id())?;
            w.bytes(b"\"")?;
            if ctx.size_extension {
                match img.size {
                    Some(n) => number(w, b" OS-EXT-IMG-SIZE:size=\"", n)?,
                    None => attr(w, b" OS-EXT-IMG-SIZE:size=\"", Val::Static(NONE))?,
                }
            }
            if let Some(c) = img.disk_config {
                attr(
                    w,
                    b" OS-DCF:diskConfig=\"",
                    Val::Static(c.as_str().as_bytes()),
                )?;
            }
            w.bytes(b">")
        }
        Part::Server => {
            let Some(server) = img.server else {
                return Ok(());
            };
            let server = server.to_bytes();
            line(ctx, w, d + 1)?;
            w.bytes(b"<server id=\"")?;
            w.bytes(&server)?;
            w.bytes(b"\">")?;
            for k in 0..2 {
                line(ctx, w, d + 2)?;
                link(w, ctx.server_link(&server, k))?;
            }
            line(ctx, w, d + 1)?;
            w.bytes(b"</server>")
        }
        Part::MetaOpen => {
            line(ctx, w, d + 1)?;
            w.bytes(if img.metadata == 0 {
                b"<metadata/>"
            } else {
                b"<metadata>"
            })
        }
        Part::Meta => {
            let Some((key, value)) = ctx.src.meta(im.index, entry) else {
                return Ok(());
            };
            line(ctx, w, d + 2)?;
            attr(w, b"<meta key=\"", Val::Text(key))?;
            match value {
                Some(v) if v.s.is_empty() => w.bytes(if pretty(ctx) { b"/>" } else { b"></meta>" }),
                _ => {
                    w.bytes(b">")?;
                    match value {
                        Some(v) => w.text(v, Escape::XmlText)?,
                        None => w.bytes(NONE)?,
                    }
                    w.bytes(b"</meta>")
                }
            }
        }
        Part::MetaClose => {
            if img.metadata == 0 {
                return Ok(());
            }
            line(ctx, w, d + 1)?;
            w.bytes(b"</metadata>")
        }
        Part::Link => {
            line(ctx, w, d + 1)?;
            match ctx.image_link(im, entry) {
                Some(l) => link(w, l),
                None => Ok(()),
            }
        }
        Part::Close => {
            line(ctx, w, d)?;
            w.bytes(b"</image>")
        }
        // JSON-only parts never appear in an XML layout.
        Part::Key(_) | Part::LinksOpen | Part::LinksClose => Ok(()),
    }
}
