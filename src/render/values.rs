//! Values both formats write the same way: numbers, and the links of an image or a server.

use super::Writer;
use super::walk::{Ctx, ImageCtx};
use crate::source::{Source, Text};
use crate::text::Escape;

/// The decimal digits of `n`.
pub(crate) struct Digits {
    buf: [u8; 20],
    start: u8,
}

impl Digits {
    #[inline]
    pub(crate) fn new(n: u64) -> Self {
        let mut d = Digits {
            buf: [b'0'; 20],
            start: 20,
        };
        // Above 2^32 the 64-bit divisions run first; below it (nearly every value) only 32-bit
        // ones, which a 32-bit MCU does in hardware rather than with a library call.
        let mut high = n;
        while high > u64::from(u32::MAX) {
            d.push((high % 10) as u8);
            high /= 10;
        }
        let mut low = high as u32;
        loop {
            d.push((low % 10) as u8);
            low /= 10;
            if low == 0 || d.start == 0 {
                return d;
            }
        }
    }

    #[inline]
    fn push(&mut self, digit: u8) {
        self.start = self.start.saturating_sub(1);
        if let Some(slot) = self.buf.get_mut(usize::from(self.start)) {
            *slot = b'0' + digit;
        }
    }

    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(usize::from(self.start)..).unwrap_or(&[])
    }
}

/// A value that is either fixed text or the caller's string.
#[derive(Clone, Copy)]
pub(crate) enum Val<'a> {
    Static(&'static [u8]),
    Text(Text<'a>),
}

impl Val<'_> {
    #[inline]
    pub(crate) fn write<W: Writer>(self, w: &mut W, esc: Escape) -> Result<(), W::Halt> {
        match self {
            Val::Static(b) => w.bytes(b),
            Val::Text(t) => w.text(t, esc),
        }
    }
}

/// A link's `href`: the caller's string, or built from the endpoints and an id.
#[derive(Clone, Copy)]
pub(crate) enum Href<'a> {
    Text(Text<'a>),
    Derived {
        base: Text<'a>,
        versioned: bool,
        tenant: Text<'a>,
        collection: &'static [u8],
        id: &'a [u8; 36],
    },
}

impl Href<'_> {
    pub(crate) fn write<W: Writer>(self, w: &mut W, esc: Escape) -> Result<(), W::Halt> {
        match self {
            Href::Text(t) => w.text(t, esc),
            Href::Derived {
                base,
                versioned,
                tenant,
                collection,
                id,
            } => {
                w.text(base, esc)?;
                w.bytes(if versioned { b"/v2/" } else { b"/" })?;
                w.text(tenant, esc)?;
                w.bytes(collection)?;
                w.bytes(id)
            }
        }
    }
}

/// One link, ready to write.
#[derive(Clone, Copy)]
pub(crate) struct Link<'a> {
    pub(crate) href: Href<'a>,
    pub(crate) rel: Val<'a>,
    pub(crate) media_type: Option<Val<'a>>,
}

const IMAGE_TYPE: &[u8] = b"application/vnd.openstack.image";

impl<'a, S: Source + ?Sized> Ctx<'a, S> {
    /// Link `k` of an image: explicit, or `self`, `bookmark`, `alternate` from the endpoints.
    #[inline]
    pub(crate) fn image_link<'b>(&'b self, im: &'b ImageCtx<'_>, k: usize) -> Option<Link<'b>> {
        if im.img.links > 0 {
            let l = self.src.link(im.index, k)?;
            return Some(Link {
                href: Href::Text(l.href),
                rel: Val::Text(l.rel),
                media_type: l.media_type.map(Val::Text),
            });
        }
        let (base, versioned, rel, media_type): (_, _, &'static [u8], _) = match k {
            0 => (self.compute, true, b"self", None),
            1 => (self.compute, false, b"bookmark", None),
            _ => (
                self.image_service,
                false,
                b"alternate",
                Some(Val::Static(IMAGE_TYPE)),
            ),
        };
        Some(Link {
            href: Href::Derived {
                base,
                versioned,
                tenant: self.tenant,
                collection: b"/images/",
                id: im.id(),
            },
            rel: Val::Static(rel),
            media_type,
        })
    }

    /// Link `k` (0 `self`, 1 `bookmark`) of a snapshot's server, whose id is `server`.
    #[inline]
    pub(crate) fn server_link<'b>(&'b self, server: &'b [u8; 36], k: usize) -> Link<'b> {
        Link {
            href: Href::Derived {
                base: self.compute,
                versioned: k == 0,
                tenant: self.tenant,
                collection: b"/servers/",
                id: server,
            },
            rel: Val::Static(if k == 0 { b"self" } else { b"bookmark" }),
            media_type: None,
        }
    }
}
