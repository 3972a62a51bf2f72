//! What every fuzz target checks of a stored list: every style and view renders, parses strictly,
//! streams in chunks and pushes through buffers of any size to the same bytes, and never overruns
//! a buffer.

use osimages::{Document, Format, Source, Style};

pub const CANARY: u8 = 0xA5;

/// Renders `doc` in `format` one-shot, checks the length query, a too-small buffer with
/// canaries around it, and (with `chunk` > 0) chunks of `chunk` bytes; returns the document.
pub fn render_everything<S: Source + ?Sized>(doc: &Document<'_, S>, format: Format, chunk: usize, short_by: usize) -> Vec<u8> {
    let needed = doc.rendered_len(format);
    let mut buf = vec![CANARY; needed + 2];
    let n = doc.render(&mut buf[1..needed + 1], format).expect("exact-length buffer is enough");
    assert_eq!(n, needed);
    assert_eq!((buf[0], buf[needed + 1]), (CANARY, CANARY), "one-shot wrote outside its buffer");
    let out = buf[1..needed + 1].to_vec();

    // A buffer `short_by` bytes too small: the exact need, nothing outside, no document left.
    if needed > 0 {
        let short = needed - 1 - short_by.min(needed - 1);
        let mut small = vec![CANARY; short + 2];
        let err = doc.render(&mut small[1..short + 1], format).expect_err("too small");
        assert_eq!(err.needed, needed);
        assert_eq!((small[0], small[short + 1]), (CANARY, CANARY));
        assert!(small[1..short + 1].iter().all(|&b| b == 0), "partial document left behind");
    }

    // Chunks concatenate to the one-shot bytes, never overrunning the chunk buffer.
    if chunk > 0 {
        stream(doc, format, chunk, &out);
        push(doc, format, chunk, &out);
    }
    parses(&out, format);
    out
}

/// Streams `doc` in chunks of `chunk` bytes and checks they concatenate to `out`.
fn stream<S: Source + ?Sized>(doc: &Document<'_, S>, format: Format, chunk: usize, out: &[u8]) {
    let needed = out.len();
    let mut chunks = doc.chunks(format);
    let mut streamed = Vec::with_capacity(needed);
    let mut cbuf = vec![CANARY; chunk + 1];
    while !chunks.is_finished() {
        let k = chunks.fill(&mut cbuf[..chunk]);
        assert!(k > 0 || chunks.is_finished(), "no progress");
        assert_eq!(cbuf[chunk], CANARY, "chunk wrote outside its buffer");
        streamed.extend_from_slice(&cbuf[..k]);
        assert!(streamed.len() <= needed);
    }
    assert_eq!(streamed, out, "chunks differ from one-shot");
}

/// Pushes `doc` through a `chunk`-byte buffer and checks the writes concatenate to `out`, every
/// one full but the last.
fn push<S: Source + ?Sized>(doc: &Document<'_, S>, format: Format, chunk: usize, out: &[u8]) {
    let mut buf = vec![CANARY; chunk + 1];
    let mut pushed = Vec::with_capacity(out.len());
    let mut short = false;
    let n = doc
        .write_with(&mut buf[..chunk], format, |b: &[u8]| {
            assert!(!short, "a short write before the last");
            short = b.len() < chunk;
            pushed.extend_from_slice(b);
            Ok::<(), ()>(())
        })
        .expect("the writer never fails");
    assert_eq!(buf[chunk], CANARY, "push wrote outside its buffer");
    assert_eq!((n, &pushed[..]), (out.len(), out), "push differs from one-shot");
}

/// The output parses strictly as what it claims to be.
fn parses(out: &[u8], format: Format) {
    if format.style.is_xml() {
        let text = std::str::from_utf8(out).expect("XML is UTF-8");
        roxmltree::Document::parse(text).expect("XML parses");
    } else {
        let v: serde_json::Value = serde_json::from_slice(out).expect("JSON parses");
        assert!(v.is_object());
        if format.ascii_only {
            assert!(out.iter().all(|&b| b < 0x7f), "ascii_only left non-ASCII");
        }
    }
}

/// Every style, with and without `ascii_only`.
pub fn formats() -> impl Iterator<Item = Format> {
    Style::ALL.into_iter().flat_map(|style| {
        [false, true].into_iter().map(move |ascii_only| Format { style, ascii_only })
    })
}
