//! Arbitrary bytes into the JSON parser, as a detail list and as a show document: never a
//! panic; the sizing tally agrees with it; an accepted document renders in every style and
//! view, and its JSON parses back into the same model.
#![no_main]

#[path = "check.rs"]
mod check;

use libfuzzer_sys::fuzz_target;
use osimages::{Capacity, ErrorKind, ImageList, Style};

type List = ImageList<16, 64, 16, 4096>;

fuzz_target!(|data: &[u8]| {
    // Both readings of every input: a document is one or the other, and the seeds are both.
    parse_as(data, false);
    parse_as(data, true);
});

fn parse_as(data: &[u8], show: bool) {
    let mut list = List::new();
    let before = list.clone();
    let accepted = if show { list.parse_show(data).map(|_| ()) } else { list.parse_detail(data).map(|_| ()) };
    // The tally reads the document as the parser does: what an accepted one uses, what a
    // refusal for want of room says it needs, the same refusal otherwise (but for duplicate
    // metadata keys, which it does not look for).
    let sized = if show { Capacity::show(data) } else { Capacity::detail(data) };
    let for_room = |kind| {
        matches!(
            kind,
            ErrorKind::TooManyImages
                | ErrorKind::TooManyMetadata
                | ErrorKind::TooManyLinks
                | ErrorKind::OutOfTextSpace
        )
    };
    match (&accepted, &sized) {
        (Ok(()), _) => assert_eq!(sized, Ok(list.used()), "sized as parsed"),
        (Err(e), Ok(need)) if e.needed.is_some() => {
            let figure = match e.kind {
                ErrorKind::TooManyImages => need.images,
                ErrorKind::TooManyMetadata => need.metadata,
                ErrorKind::TooManyLinks => need.links,
                _ => need.bytes,
            };
            assert_eq!(e.needed, Some(figure), "{e}");
        }
        // Refused for want of room before what the tally refuses further on: nothing needed.
        (Err(e), Err(_)) if for_room(e.kind) => assert_eq!(e.needed, None, "{e}"),
        (Err(e), Err(s)) if e.kind != ErrorKind::DuplicateKey => assert_eq!(e, s),
        (Err(e), Ok(_)) => assert_eq!(e.kind, ErrorKind::DuplicateKey, "sized but refused: {e}"),
        (Err(_), Err(_)) => {}
    }
    if let Err(e) = accepted {
        // A refusal leaves the list as it was.
        let _ = e.to_string();
        assert_eq!(list.len(), before.len());
        assert_eq!(list.bytes_used(), 0);
        return;
    }
    let chunk = usize::from(data.len() as u8 % 67) + 1;
    let mut docs = vec![list.detail(), list.summary()];
    docs.extend((0..list.len()).filter_map(|i| list.show(i)));
    for doc in &docs {
        for format in check::formats() {
            check::render_everything(doc, format, chunk, data.len() % 5);
        }
    }
    // The compact JSON (and nova JSON) parse back into a list that renders identically.
    for style in [Style::JsonCompact, Style::JsonNova, Style::JsonPretty] {
        let json = check::render_everything(&list.detail(), style.into(), 4096, 0);
        let mut again = List::new();
        again.parse_detail(&json).expect("our own output parses");
        let twice = check::render_everything(&again.detail(), Style::JsonCompact.into(), 4096, 0);
        let once = check::render_everything(&list.detail(), Style::JsonCompact.into(), 4096, 0);
        if style != Style::JsonPretty {
            assert_eq!(once, twice, "round trip changed the model");
        } else {
            // Pretty sorts metadata keys; everything else is the same.
            assert_eq!(once.len(), twice.len());
        }
    }
}
