//! The document's shape as data. Each style is a handful of programs (prologue, one image,
//! epilogue); an op writes a literal and then a value, and the one interpreter (`walk`) runs
//! every program of every style. A literal joins everything between two values into one
//! static piece (`","id":"`, `" rel="self"/><atom:link href="`), so an image is a few dozen
//! copies rather than a hundred small writes.
//!
//! Four bits of state make the pieces fit together whatever is optional or null:
//! - a literal's *closer* (`"`, or `">` ending a start tag) is written only right after a
//!   value, so a literal may follow a value, a null or nothing;
//! - its *separator* (JSON) is dropped when it is the first item of its container, and in
//!   pretty JSON the line break before the bracket of an empty container;
//! - a JSON literal ending in the value's opening `"` loses it before a null;
//! - a JSON literal-only op ending in `{` or `[` makes the next item the first.

/// What an op writes after its literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Val {
    /// The literal only.
    Lit,
    Id,
    Name,
    Status,
    Progress,
    MinDisk,
    MinRam,
    Created,
    Updated,
    DiskConfig,
    Size,
    /// A snapshot's server id.
    ServerId,
    /// `{compute}/v2/{tenant}/images/{id}`
    SelfHref,
    /// `{compute}/{tenant}/images/{id}`
    BookmarkHref,
    /// `{image_service}/{tenant}/images/{id}`
    AlternateHref,
    /// `{compute}/v2/{tenant}/servers/{server}`
    ServerSelfHref,
    /// `{compute}/{tenant}/servers/{server}`
    ServerBookmarkHref,
    /// The current explicit link's `href`, `rel`, `type`.
    LinkHref,
    LinkRel,
    LinkType,
    /// The current metadata entry's key and value.
    MetaKey,
    MetaValue,
    /// The list's `images_links` next link.
    NextLink,
    /// Loop control, no output: start the metadata entries (or explicit links) or go on to the
    /// next one. `skip` says how far to jump.
    MetaStart,
    MetaNext,
    LinkStart,
    LinkNext,
}

/// When an op is written: one fact about the document, the image or the current entry, as a
/// bit of one word, so the test is a single `and`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum When {
    Always,
    /// A list document (detail or summary).
    Listed,
    /// The show document.
    Shown,
    /// The show document with the image-size extension on.
    ShownSize,
    /// The detail list.
    ListDetail,
    /// The detail list with the image-size extension on.
    ListDetailSize,
    /// The summary list.
    Summary,
    /// A list whose root element has children (XML).
    RootChildren,
    /// A list whose root element is empty (XML `<images .../>`).
    RootEmpty,
    /// A list with a next link (JSON writes it for both lists).
    NextLink,
    /// The summary list with a next link (XML writes it only there).
    SummaryNext,
    /// The image-size extension is on.
    SizeExt,
    /// The image has a disk config.
    DiskConfig,
    /// The image is a snapshot.
    Server,
    /// The image's links are the three derived ones.
    Derived,
    /// The image has explicit links (possibly none).
    Explicit,
    /// The image has explicit links, and none at all (`"links": []`).
    NoLinks,
    /// The image has explicit links, at least one.
    SomeLinks,
    /// The image has metadata.
    MetaAny,
    /// The image has no metadata.
    MetaEmpty,
    /// The current metadata value is the empty string.
    ValueEmpty,
    /// The current metadata value is not the empty string (null included).
    ValueNotEmpty,
    /// The current explicit link has a media type.
    HasType,
}

impl When {
    #[inline(always)]
    pub(crate) const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// The entry-level facts, recomputed for each metadata entry or link.
pub(crate) const ENTRY_FACTS: u32 =
    When::ValueEmpty.bit() | When::ValueNotEmpty.bit() | When::HasType.bit();

/// One step of a program.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    pub(crate) lit: &'static [u8],
    pub(crate) val: Val,
    pub(crate) when: When,
    /// Where `lit` starts, by the state before the op (`lead[0]` after a literal, `lead[1]`
    /// after a value, `lead[2]` first in its container, `lead[3]` unused): the leading closer of the value
    /// before it is written only after a value; the separator is dropped for a first item.
    pub(crate) lead: [u8; 4],
    /// Loop ops: how far to jump.
    pub(crate) skip: u8,
    pub(crate) flags: u8,
    /// The state after the op (`OPEN`/`FIRST` bits), and after it wrote a null.
    pub(crate) after: u8,
    pub(crate) after_null: u8,
}

/// State bits: the last thing written was a value (the next literal's closer is due) / a
/// container's opening (the next item drops its separator).
pub(crate) const OPEN: u8 = 1;
pub(crate) const FIRST: u8 = 2;

/// Values written without quotes in JSON.
const fn is_number(val: Val) -> bool {
    matches!(val, Val::Progress | Val::MinDisk | Val::MinRam | Val::Size)
}

/// Values that may be null (a JSON literal before them ends with a quote they may not get).
const fn is_nullable(val: Val) -> bool {
    matches!(
        val,
        Val::Name | Val::Created | Val::Updated | Val::MetaValue | Val::Size
    )
}

/// `lit` ends with the value's opening `"`, which a null does not get (JSON).
pub(crate) const TRIM_NULL: u8 = 1;

/// A JSON op.
pub(crate) const fn json(lit: &'static [u8], val: Val, when: When) -> Op {
    let n = lit.len();
    let closer = n > 1 && lit[0] == b'"';
    let mut skip = 0;
    if closer {
        if lit[1] == b',' {
            skip = 1;
            if n > 2 && lit[2] == b' ' {
                skip = 2;
            }
        } else if lit[1] == b'\n' {
            skip = 1;
            while 1 + skip < n && lit[1 + skip] == b' ' {
                skip += 1;
            }
        }
    }
    let last = if n > 0 { lit[n - 1] } else { 0 };
    let mut flags = 0;
    if n > 1 && last == b'"' && is_nullable(val) {
        flags |= TRIM_NULL;
    }
    let after = match val {
        Val::Lit if last == b'{' || last == b'[' => FIRST,
        Val::Lit => 0,
        v if is_number(v) => 0,
        _ => OPEN,
    };
    let closer = closer as u8;
    Op {
        lit,
        val,
        when,
        lead: [closer, 0, closer + skip as u8, 0],
        skip: 0,
        flags,
        after,
        after_null: 0,
    }
}

/// An XML op: a leading `">` or `"` closes the attribute (and start tag) before it; a
/// leading `</meta>` (and `</metadata>`) closes the metadata entry (and element) a value
/// was written in.
pub(crate) const fn xml(lit: &'static [u8], val: Val, when: When) -> Op {
    let n = lit.len();
    let closer = if starts_with(lit, b"</meta></metadata>") {
        18
    } else if starts_with(lit, b"</meta>") {
        7
    } else if n > 1 && lit[0] == b'"' && lit[1] == b'>' {
        2
    } else if n > 0 && lit[0] == b'"' {
        1
    } else {
        0
    };
    let after = if matches!(val, Val::Lit) { 0 } else { OPEN };
    Op {
        lit,
        val,
        when,
        lead: [closer, 0, closer, 0],
        skip: 0,
        flags: 0,
        after,
        after_null: after,
    }
}

const fn starts_with(s: &[u8], prefix: &[u8]) -> bool {
    if s.len() < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if s[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A loop op: `MetaStart`/`LinkStart` jump `skip` ops forward past the loop when there is
/// nothing to repeat; `MetaNext`/`LinkNext` jump `skip` ops back to the loop's first op.
pub(crate) const fn jump(val: Val, skip: u8) -> Op {
    Op {
        lit: b"",
        val,
        when: When::Always,
        lead: [0; 4],
        skip,
        flags: 0,
        after: 0,
        after_null: 0,
    }
}

/// Everything one style writes.
pub(crate) struct Programs {
    pub(crate) prologue: &'static [Op],
    pub(crate) epilogue: &'static [Op],
    pub(crate) summary: &'static [Op],
    /// The detailed image (list and show): by layout, for styles whose key order depends on
    /// the optional keys (nova); `[plain, disk config, size extension, server]`.
    pub(crate) detail: [&'static [Op]; 4],
    /// Pretty styles: spaces dropped after each line break of an image in the show document,
    /// which sits one level less deep than in a list.
    pub(crate) show_shift: u8,
}

/// How many ops `parts` hold together.
pub(crate) const fn total(parts: &[&[Op]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts` one after the other (`N` is `total(parts)`).
pub(crate) const fn concat<const N: usize>(parts: &[&[Op]]) -> [Op; N] {
    let mut out = [jump(Val::Lit, 0); N];
    let (mut i, mut k) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A program made of shared parts, as a `&'static [Op]`.
macro_rules! program {
    ($($part:expr),+ $(,)?) => {{
        const PARTS: &[&[$crate::render::program::Op]] = &[$(&$part),+];
        const N: usize = $crate::render::program::total(PARTS);
        const P: [$crate::render::program::Op; N] = $crate::render::program::concat::<N>(PARTS);
        &P
    }};
}
pub(crate) use program;
