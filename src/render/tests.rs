//! What the stored lists cannot show yet: an image with explicitly no links (`"links": []`),
//! rendered from a source made for the test.

use super::{Document, Format, Style};
use crate::source::{Img, LinkText, Sealed, Source, Text};
use crate::{Status, Uuid};
use std::string::String;
use std::vec;

/// One image named "x" with no metadata and explicitly no links.
struct NoLinks;

impl Sealed for NoLinks {}
impl Source for NoLinks {
    fn compute(&self) -> Text<'_> {
        Text::new("http://c", 0)
    }
    fn image_service(&self) -> Text<'_> {
        Text::new("http://i", 0)
    }
    fn tenant(&self) -> Text<'_> {
        Text::new("t", 0)
    }
    fn next_link(&self) -> Option<Text<'_>> {
        None
    }
    fn size_extension(&self) -> bool {
        false
    }
    fn count(&self) -> usize {
        1
    }
    fn image(&self, i: usize) -> Option<Img<'_>> {
        (i == 0).then_some(Img {
            id: Uuid([0x11; 16]),
            name: Some(Text::new("x", 0)),
            status: Status::Active,
            links: Some(0),
            ..Img::NONE
        })
    }
    fn meta(&self, _: usize, _: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        None
    }
    fn link(&self, _: usize, _: usize) -> Option<LinkText<'_>> {
        None
    }
}

fn render(doc: Document<'_, NoLinks>, style: Style) -> String {
    let mut buf = vec![0u8; doc.rendered_len(style)];
    let n = doc.render(&mut buf, Format::from(style)).unwrap();
    String::from_utf8(buf[..n].to_vec()).unwrap()
}

const ID: &str = "11111111-1111-1111-1111-111111111111";

#[test]
fn explicitly_no_links_is_an_empty_array_in_json() {
    let src = NoLinks;
    let detail = render(Document::detail(&src), Style::JsonCompact);
    assert!(detail.contains(r#""id":"11111111-1111-1111-1111-111111111111","links":[],"metadata":{}"#), "{detail}");
    let summary = render(Document::summary(&src), Style::JsonCompact);
    assert_eq!(summary, std::format!(r#"{{"images":[{{"id":"{ID}","links":[],"name":"x"}}]}}"#));
    let nova = render(Document::summary(&src), Style::JsonNova);
    assert_eq!(nova, std::format!(r#"{{"images": [{{"id": "{ID}", "links": [], "name": "x"}}]}}"#));
    let pretty = render(Document::summary(&src), Style::JsonPretty);
    assert!(pretty.contains("\"links\": [],\n"), "{pretty}");
}

#[test]
fn explicitly_no_links_is_no_atom_link_in_xml() {
    let src = NoLinks;
    let summary = render(Document::summary(&src), Style::XmlWire);
    assert!(summary.ends_with(&std::format!(r#"><image name="x" id="{ID}"/></images>"#)), "{summary}");
    let pretty = render(Document::summary(&src), Style::XmlPretty);
    assert!(pretty.ends_with(&std::format!("\n  <image name=\"x\" id=\"{ID}\"/>\n</images>")), "{pretty}");
    for style in [Style::XmlWire, Style::XmlPretty] {
        let detail = render(Document::detail(&src), style);
        assert!(!detail.contains("atom:link"), "{detail}");
        assert!(detail.contains("<metadata/>"), "{detail}");
        let show = render(Document::show(&src, 0).unwrap(), style);
        assert!(!show.contains("atom:link"), "{show}");
    }
}
