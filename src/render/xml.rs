//! The XML styles' syntax, and the description written in it: nova wire (no whitespace between
//! elements) and pretty (two spaces per level, one element per line). Scalars are attributes in
//! the description's XML order; objects, metadata and links are child elements.

use super::describe::{
    IMAGE, Links, NAMESPACES, NEXT_LINKS, Node, Object, SUMMARY_IMAGE, Value, XML_DECLARATION,
    XML_LIST_ROOT, fact,
};
use super::json::member;
use super::plan::{Builder, Context, Section};

/// How an XML style writes.
pub(crate) struct Xml {
    /// Spaces per level, each element on its own line; 0: no whitespace.
    indent: usize,
    /// An empty text element is written `<x/>` (else `<x></x>`).
    self_close_empty: bool,
}

pub(crate) const WIRE: Xml = Xml {
    indent: 0,
    self_close_empty: false,
};

pub(crate) const PRETTY: Xml = Xml {
    indent: 2,
    self_close_empty: true,
};

/// The declaration, and a list's root start tag (the show document's root is its image).
pub(crate) const fn prologue(syn: &Xml) -> Builder {
    let mut b = Builder::new();
    b.lit(XML_DECLARATION.as_bytes());
    let w = b.begin_when(fact::LISTED);
    b.lit(b"<");
    b.lit(XML_LIST_ROOT.as_bytes());
    namespaces(&mut b);
    let c = b.begin_when(fact::ROOT_CHILDREN);
    b.lit(b">");
    b.end_when(c);
    let c = b.begin_when(fact::ROOT_EMPTY);
    b.lit(b"/>");
    b.end_when(c);
    b.end_when(w);
    let _ = syn;
    b.finish()
}

/// The summary list's next link (nova wrote none in the detail list), the root's end tag.
pub(crate) const fn epilogue(syn: &Xml) -> Builder {
    let mut b = Builder::new();
    let w = b.begin_when(fact::SUMMARY | fact::NEXT);
    newline(&mut b, syn, 1);
    element(&mut b, syn, &NEXT_LINKS.fixed[0], 1, false);
    b.end_when(w);
    let w = b.begin_when(fact::ROOT_CHILDREN);
    newline(&mut b, syn, 0);
    b.lit(b"</");
    b.lit(XML_LIST_ROOT.as_bytes());
    b.lit(b">");
    b.end_when(w);
    b.finish()
}

/// A detailed image: a child of the detail list's root, or the show document's root.
pub(crate) const fn image(syn: &Xml, show: bool) -> Builder {
    let mut b = Builder::new();
    if show {
        element(&mut b, syn, &IMAGE, 0, true);
    } else {
        newline(&mut b, syn, 1);
        element(&mut b, syn, &IMAGE, 1, false);
    }
    b.finish()
}

/// An image of the summary list.
pub(crate) const fn summary(syn: &Xml) -> Builder {
    let mut b = Builder::new();
    newline(&mut b, syn, 1);
    element(&mut b, syn, &SUMMARY_IMAGE, 1, false);
    b.finish()
}

const fn newline(b: &mut Builder, syn: &Xml, depth: usize) {
    if syn.indent > 0 {
        b.lit(b"\n");
        b.repeat(b' ', syn.indent * depth);
    }
}

/// The namespace declarations the root carries.
const fn namespaces(b: &mut Builder) {
    let mut i = 0;
    while i < NAMESPACES.len() {
        let (name, url, when) = NAMESPACES[i];
        let w = b.begin_when(when);
        b.lit(b" ");
        b.lit(name.as_bytes());
        b.lit(b"=\"");
        b.lit(url.as_bytes());
        b.lit(b"\"");
        b.end_when(w);
        i += 1;
    }
}

/// `obj` as an element at `depth`: its attributes, then its children (`root`: with the
/// namespace declarations).
const fn element(b: &mut Builder, syn: &Xml, obj: &Object, depth: usize, root: bool) {
    b.lit(b"<");
    b.lit(obj.xml.as_bytes());
    if root {
        namespaces(b);
    }
    // Every member is an attribute or a child (the orders name some absent ones: `type`).
    let mut placed = 0;
    let mut i = 0;
    while i < obj.attributes.len() {
        let Some(k) = member(obj, obj.attributes[i]) else {
            i += 1;
            continue;
        };
        placed += 1;
        let m = &obj.members[k];
        let w = b.begin_when(m.when);
        b.lit(b" ");
        b.lit(m.key.as_bytes());
        b.lit(b"=");
        match m.node {
            Node::Scalar(v) => b.value(v, Context::XmlAttr, b"\"", b"\"", false, None),
            Node::Const(s) => {
                b.lit(b"\"");
                b.lit(s.as_bytes());
                b.lit(b"\"");
            }
            _ => panic!("an attribute holds a scalar"),
        }
        b.end_when(w);
        i += 1;
    }
    let mut i = 0;
    while i < obj.children.len() {
        if member(obj, obj.children[i]).is_some() {
            placed += 1;
        }
        i += 1;
    }
    assert!(
        placed == obj.members.len(),
        "a member is neither attribute nor child"
    );
    if obj.children.is_empty() {
        b.lit(b"/>");
        return;
    }
    if let [only] = obj.children {
        // A single child that may be empty: the start tag closes with the alternative.
        let Some(k) = member(obj, only) else {
            panic!("a child is a member");
        };
        if let Node::Links(l) = obj.members[k].node
            && l.explicit.is_some()
        {
            only_links(b, syn, obj, l, depth);
            return;
        }
    }
    b.lit(b">");
    let mut i = 0;
    while i < obj.children.len() {
        let Some(k) = member(obj, obj.children[i]) else {
            panic!("a child is a member");
        };
        let m = &obj.members[k];
        let w = b.begin_when(m.when);
        match m.node {
            Node::Object(o) => {
                newline(b, syn, depth + 1);
                element(b, syn, o, depth + 1, false);
            }
            Node::Links(l) => links(b, syn, l, depth),
            Node::Metadata => metadata(b, syn, depth + 1),
            Node::Scalar(_) | Node::Const(_) => panic!("a child is an element"),
        }
        b.end_when(w);
        i += 1;
    }
    end_tag(b, syn, obj, depth);
}

const fn end_tag(b: &mut Builder, syn: &Xml, obj: &Object, depth: usize) {
    newline(b, syn, depth);
    b.lit(b"</");
    b.lit(obj.xml.as_bytes());
    b.lit(b">");
}

/// The links of an element that has no other child: `>`, the links, the end tag; or, for no
/// explicit links, `/>`.
const fn only_links(b: &mut Builder, syn: &Xml, obj: &Object, links: &Links, depth: usize) {
    let Some((explicit, when)) = links.explicit else {
        panic!("only explicit links may be none");
    };
    let taken = b.take_pending();
    let w = b.begin_choice(links.fixed_when, taken);
    b.lit(b">");
    fixed_links(b, syn, links.fixed, depth);
    end_tag(b, syn, obj, depth);
    b.end_when(w);
    let w = b.begin_choice(when, taken);
    let l = b.begin_loop(Section::Link, b">");
    newline(b, syn, depth + 1);
    element(b, syn, &explicit, depth + 1, false);
    b.loop_empty(l);
    b.lit(b"/>");
    b.loop_close(l);
    end_tag(b, syn, obj, depth);
    b.loop_end(l);
    b.end_when(w);
}

/// Links among other children of an element at `depth`.
const fn links(b: &mut Builder, syn: &Xml, links: &Links, depth: usize) {
    let Some((explicit, when)) = links.explicit else {
        fixed_links(b, syn, links.fixed, depth);
        return;
    };
    let w = b.begin_when(links.fixed_when);
    fixed_links(b, syn, links.fixed, depth);
    b.end_when(w);
    let w = b.begin_when(when);
    let l = b.begin_loop(Section::Link, b"");
    newline(b, syn, depth + 1);
    element(b, syn, &explicit, depth + 1, false);
    b.loop_empty(l);
    b.loop_close(l);
    b.loop_end(l);
    b.end_when(w);
}

const fn fixed_links(b: &mut Builder, syn: &Xml, fixed: &[Object], depth: usize) {
    let mut k = 0;
    while k < fixed.len() {
        newline(b, syn, depth + 1);
        element(b, syn, &fixed[k], depth + 1, false);
        k += 1;
    }
}

/// `<metadata>` at `depth` with a `<meta key="K">V</meta>` per entry; `<metadata/>` for none.
const fn metadata(b: &mut Builder, syn: &Xml, depth: usize) {
    newline(b, syn, depth);
    b.lit(b"<metadata");
    let l = b.begin_loop(Section::Meta, b">");
    newline(b, syn, depth + 1);
    b.lit(b"<meta key=");
    b.value(Value::MetaKey, Context::XmlAttr, b"\"", b"\"", false, None);
    let empty: Option<&[u8]> = if syn.self_close_empty {
        Some(b"/>")
    } else {
        None
    };
    b.value(
        Value::MetaVal,
        Context::XmlText,
        b">",
        b"</meta>",
        false,
        empty,
    );
    b.loop_empty(l);
    b.lit(b"/>");
    b.loop_close(l);
    newline(b, syn, depth);
    b.lit(b"</metadata>");
    b.loop_end(l);
}
