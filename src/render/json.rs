//! The JSON styles' syntax, and the description written in it: compact (no whitespace, keys in
//! code-point order), pretty (Python's `indent=4, sort_keys=True`) and nova wire (Python 2
//! defaults, nova's key order for each layout).

use super::describe::{
    Facts, IMAGE, LIST_KEYS, Layout, Links, Member, NEXT_LINKS, Node, Object, SHOW_KEY,
    SUMMARY_IMAGE, Value, fact,
};
use super::plan::{Builder, Context, Section};

/// How a JSON style writes.
pub(crate) struct Json {
    /// After a key.
    colon: &'static [u8],
    /// Between items.
    comma: &'static [u8],
    /// Spaces per level, each item on its own line; 0: one line.
    indent: usize,
    /// Keys in nova's order (else sorted by code point).
    nova: bool,
}

pub(crate) const COMPACT: Json = Json {
    colon: b":",
    comma: b",",
    indent: 0,
    nova: false,
};

pub(crate) const PRETTY: Json = Json {
    colon: b": ",
    comma: b",",
    indent: 4,
    nova: false,
};

pub(crate) const NOVA: Json = Json {
    colon: b": ",
    comma: b", ",
    indent: 0,
    nova: true,
};

/// Everything before the first image: `{"images":[` or `{"image":`.
pub(crate) const fn prologue(syn: &Json) -> Builder {
    let mut b = Builder::new();
    let w = b.begin_when(fact::LISTED);
    b.lit(b"{");
    newline(&mut b, syn, 1);
    key(&mut b, syn, LIST_KEYS.0);
    b.lit(b"[");
    b.end_when(w);
    let w = b.begin_when(fact::SHOWN);
    b.lit(b"{");
    newline(&mut b, syn, 1);
    key(&mut b, syn, SHOW_KEY);
    b.end_when(w);
    b.finish()
}

/// Everything after the last image: the list's end and next link, the document's end.
pub(crate) const fn epilogue(syn: &Json) -> Builder {
    let mut b = Builder::new();
    let w = b.begin_when(fact::LISTED | fact::ITEMS);
    newline(&mut b, syn, 1);
    b.end_when(w);
    let w = b.begin_when(fact::LISTED);
    b.lit(b"]");
    b.end_when(w);
    let w = b.begin_when(fact::LISTED | fact::NEXT);
    b.lit(syn.comma);
    newline(&mut b, syn, 1);
    key(&mut b, syn, LIST_KEYS.1);
    links(&mut b, syn, &NEXT_LINKS, 1);
    b.end_when(w);
    newline(&mut b, syn, 0);
    b.lit(b"}");
    b.finish()
}

/// A detailed image in `layout`: an item of the detail list, or the show document's image.
pub(crate) const fn image(syn: &Json, layout: Layout, show: bool) -> Builder {
    let mut b = Builder::new();
    if show {
        object(&mut b, syn, &IMAGE, 1, layout);
    } else {
        b.sep(syn.comma, fact::FIRST_ITEM, 0);
        newline(&mut b, syn, 2);
        object(&mut b, syn, &IMAGE, 2, layout);
    }
    b.finish()
}

/// An item of the summary list.
pub(crate) const fn summary(syn: &Json) -> Builder {
    let mut b = Builder::new();
    b.sep(syn.comma, fact::FIRST_ITEM, 0);
    newline(&mut b, syn, 2);
    object(&mut b, syn, &SUMMARY_IMAGE, 2, Layout::Plain);
    b.finish()
}

/// A line break and the indentation of `depth` (pretty only).
const fn newline(b: &mut Builder, syn: &Json, depth: usize) {
    if syn.indent > 0 {
        b.lit(b"\n");
        b.repeat(b' ', syn.indent * depth);
    }
}

/// `"key":`
const fn key(b: &mut Builder, syn: &Json, key: &str) {
    b.lit(b"\"");
    b.lit(plain(key));
    b.lit(b"\"");
    b.lit(syn.colon);
}

/// The bytes of a constant that needs no escaping.
const fn plain(s: &str) -> &[u8] {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        assert!(b[i] >= 0x20 && b[i] < 0x7f && b[i] != b'"' && b[i] != b'\\');
        i += 1;
    }
    b
}

/// An object at `depth`, its keys in the style's order.
const fn object(b: &mut Builder, syn: &Json, obj: &Object, depth: usize, layout: Layout) {
    let (order, n) = order(syn, obj, layout);
    b.lit(b"{");
    // Whether a member was certainly written before, and the facts of optional ones that were.
    let mut certain = false;
    let mut maybe: Facts = 0;
    let mut i = 0;
    while i < n {
        let m = &obj.members[order[i]];
        let w = b.begin_when(m.when);
        if certain {
            b.lit(syn.comma);
        } else if maybe != 0 {
            b.sep(syn.comma, 0, maybe);
        }
        newline(b, syn, depth + 1);
        key(b, syn, m.key);
        node(b, syn, m, depth + 1);
        b.end_when(w);
        if m.when == 0 {
            certain = true;
        } else {
            // A single fact, so that "none of them held" is one test.
            assert!(m.when.count_ones() == 1);
            maybe |= m.when;
        }
        i += 1;
    }
    assert!(certain, "an object always has a member");
    newline(b, syn, depth);
    b.lit(b"}");
}

/// A member's value at `depth`.
const fn node(b: &mut Builder, syn: &Json, m: &Member, depth: usize) {
    match m.node {
        Node::Const(s) => {
            b.lit(b"\"");
            b.lit(plain(s));
            b.lit(b"\"");
        }
        Node::Scalar(v) if v.is_number() => b.value(v, Context::Json, b"", b"", true, None),
        Node::Scalar(v) => b.value(v, Context::Json, b"\"", b"\"", true, None),
        Node::Object(o) => object(b, syn, o, depth, Layout::Plain),
        Node::Links(l) => links(b, syn, l, depth),
        Node::Metadata => metadata(b, syn, depth),
    }
}

/// An array of links: the fixed ones, or a loop over the explicit ones.
const fn links(b: &mut Builder, syn: &Json, links: &Links, depth: usize) {
    b.lit(b"[");
    let Some((explicit, when)) = links.explicit else {
        fixed_links(b, syn, links.fixed, depth);
        return;
    };
    let taken = b.take_pending();
    let w = b.begin_choice(links.fixed_when, taken);
    fixed_links(b, syn, links.fixed, depth);
    b.end_when(w);
    let w = b.begin_choice(when, taken);
    let l = b.begin_loop(Section::Link, b"");
    b.sep(syn.comma, fact::FIRST_ENTRY, 0);
    newline(b, syn, depth + 1);
    object(b, syn, &explicit, depth + 1, Layout::Plain);
    b.loop_empty(l);
    b.lit(b"]");
    b.loop_close(l);
    newline(b, syn, depth);
    b.lit(b"]");
    b.loop_end(l);
    b.end_when(w);
}

const fn fixed_links(b: &mut Builder, syn: &Json, fixed: &[Object], depth: usize) {
    let mut k = 0;
    while k < fixed.len() {
        if k > 0 {
            b.lit(syn.comma);
        }
        newline(b, syn, depth + 1);
        object(b, syn, &fixed[k], depth + 1, Layout::Plain);
        k += 1;
    }
    newline(b, syn, depth);
    b.lit(b"]");
}

/// The metadata object: a loop over the entries.
const fn metadata(b: &mut Builder, syn: &Json, depth: usize) {
    b.lit(b"{");
    let l = b.begin_loop(Section::Meta, b"");
    b.sep(syn.comma, fact::FIRST_ENTRY, 0);
    newline(b, syn, depth + 1);
    b.value(Value::MetaKey, Context::Json, b"\"", b"\"", true, None);
    b.lit(syn.colon);
    b.value(Value::MetaVal, Context::Json, b"\"", b"\"", true, None);
    b.loop_empty(l);
    b.lit(b"}");
    b.loop_close(l);
    newline(b, syn, depth);
    b.lit(b"}");
    b.loop_end(l);
}

/// The most members an object has.
const MAX_MEMBERS: usize = 16;

/// The indices of `obj`'s members in the order `syn` writes them, and how many.
const fn order(syn: &Json, obj: &Object, layout: Layout) -> ([usize; MAX_MEMBERS], usize) {
    let mut out = [0; MAX_MEMBERS];
    if syn.nova {
        let keys = if obj.nova.len() > 1 {
            obj.nova[layout as usize]
        } else {
            obj.nova[0]
        };
        // A layout lists only the members an image in it can have; a link's order names `type`,
        // which only some links have.
        let (mut i, mut n) = (0, 0);
        while i < keys.len() {
            if let Some(m) = member(obj, keys[i]) {
                out[n] = m;
                n += 1;
            }
            i += 1;
        }
        assert!(
            obj.nova.len() > 1 || n == obj.members.len(),
            "an order leaves out a member"
        );
        return (out, n);
    }
    // Sorted by code point: insertion sort of the indices.
    let n = obj.members.len();
    assert!(n <= MAX_MEMBERS);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j > 0 && less(obj.members[i].key, obj.members[out[j - 1]].key) {
            out[j] = out[j - 1];
            j -= 1;
        }
        out[j] = i;
        i += 1;
    }
    (out, n)
}

/// The index of `obj`'s member `key`.
pub(crate) const fn member(obj: &Object, key: &str) -> Option<usize> {
    let mut i = 0;
    while i < obj.members.len() {
        if eq(obj.members[i].key, key) {
            return Some(i);
        }
        i += 1;
    }
    None
}

pub(crate) const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `a < b` by code point (UTF-8 byte order is code-point order).
const fn less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}
