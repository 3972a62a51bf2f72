//! The benchmark data as a C program holds it for the zero-copy path: a table of
//! `osimages_image` (ids and dates as text, as C gives them) and an `osimages_view` over it,
//! rendered through the C ABI: `osimages_view_render` (the `osimages_ffi` contender), and
//! `osimages_view_render_checked` after one `osimages_view_check` (`osimages_ffi_checked`).

use std::ptr::{null, null_mut};

use osimages::{Endpoints, ImageRef, Links, Style};
use osimages_capi::osimages_status::OSIMAGES_STATUS_OK;
use osimages_capi::{
    OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_DOCUMENT_SUMMARY, OSIMAGES_STYLE_JSON_COMPACT,
    OSIMAGES_STYLE_JSON_NOVA, OSIMAGES_STYLE_JSON_PRETTY, OSIMAGES_STYLE_XML_PRETTY,
    OSIMAGES_STYLE_XML_WIRE, osimages_checked_image, osimages_image, osimages_link,
    osimages_meta_entry, osimages_str, osimages_view, osimages_view_check, osimages_view_render,
    osimages_view_render_checked,
};

fn s(text: &str) -> osimages_str {
    osimages_str {
        ptr: text.as_ptr().cast(),
        len: text.len(),
    }
}

const EMPTY: osimages_str = osimages_str {
    ptr: null(),
    len: 0,
};

/// The C table of one data set. It points into the images' own strings (which outlive it) and
/// into the text it formats (ids, dates), which it keeps.
pub struct CTable {
    // Heap blocks that never move once made: the table's pointers stay valid as it moves.
    _text: Vec<String>,
    _metadata: Vec<Vec<osimages_meta_entry>>,
    _links: Vec<Vec<osimages_link>>,
    images: Vec<osimages_image>,
    view: osimages_view,
    /// What `osimages_view_check` kept of each image.
    checked: Vec<osimages_checked_image>,
}

impl CTable {
    pub fn new(endpoints: &Endpoints<'static>, images: &[ImageRef<'static>]) -> Self {
        let mut text = Vec::new();
        let mut keep = |t: String| {
            let out = s(&t);
            text.push(t);
            out
        };
        let mut metadata = Vec::new();
        let mut links = Vec::new();
        let mut table = Vec::new();
        for img in images {
            let meta: Vec<osimages_meta_entry> = img
                .metadata
                .iter()
                .map(|(k, v)| osimages_meta_entry {
                    key: s(k),
                    value: v.map_or(EMPTY, s),
                    has_value: u8::from(v.is_some()),
                })
                .collect();
            let explicit: Vec<osimages_link> = match img.links {
                Links::Explicit(l) => l,
                Links::Derived => &[],
            }
            .iter()
            .map(|l| osimages_link {
                href: s(l.href),
                rel: s(l.rel),
                media_type: l.media_type.map_or(EMPTY, s),
                has_media_type: u8::from(l.media_type.is_some()),
            })
            .collect();
            table.push(osimages_image {
                id: keep(img.id.to_string()),
                name: img.name.map_or(EMPTY, s),
                has_name: u8::from(img.name.is_some()),
                status: img.status as u32,
                progress: u32::from(img.progress),
                min_disk: img.min_disk,
                min_ram: img.min_ram,
                created: img.created.map_or(EMPTY, |t| keep(t.to_string())),
                updated: img.updated.map_or(EMPTY, |t| keep(t.to_string())),
                metadata: if meta.is_empty() {
                    null()
                } else {
                    meta.as_ptr()
                },
                metadata_len: meta.len(),
                links: if explicit.is_empty() {
                    null()
                } else {
                    explicit.as_ptr()
                },
                links_len: explicit.len(),
                server_id: img.server.map_or(EMPTY, |u| keep(u.to_string())),
                disk_config: img.disk_config.map_or(0, |d| d as u32),
                has_size: u8::from(img.size.is_some()),
                size: img.size.unwrap_or(0),
                explicit_links: u8::from(matches!(img.links, Links::Explicit(_))),
            });
            metadata.push(meta);
            links.push(explicit);
        }
        let view = osimages_view {
            compute: s(endpoints.compute),
            image_service: s(endpoints.image_service),
            tenant: s(endpoints.tenant),
            images: table.as_ptr(),
            images_len: table.len(),
            next_link: EMPTY,
            has_next_link: 0,
            size_extension: 0,
        };
        let mut table = CTable {
            _text: text,
            _metadata: metadata,
            _links: links,
            images: table,
            view,
            checked: Vec::new(),
        };
        table.checked = vec![osimages_checked_image::default(); table.images.len()];
        // SAFETY: as in `render`; `checked` has an entry for every image and overlaps nothing
        // the view points to.
        let status = unsafe {
            osimages_view_check(
                &table.view,
                table.checked.as_mut_ptr(),
                table.checked.len(),
                null_mut(),
            )
        };
        assert_eq!(status, OSIMAGES_STATUS_OK, "osimages_view_check");
        table
    }

    /// Renders the detail (or summary) list in `style` into `buf` through
    /// `osimages_view_render`, checking every value of the view as a C caller's call does;
    /// the document's length.
    pub fn render(&self, detail: bool, style: Style, buf: &mut [u8]) -> usize {
        let (document, format) = request(detail, style);
        debug_assert_eq!(self.view.images, self.images.as_ptr());
        let mut len = 0;
        // SAFETY: the view and everything it points to live in `self` or in the data set's
        // images, which outlive it, and nothing changes them; `buf` is `buf.len()` writable
        // bytes that overlap none of it; `err` may be NULL.
        let status = unsafe {
            osimages_view_render(
                &self.view,
                document,
                0,
                format,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(status, OSIMAGES_STATUS_OK, "osimages_view_render");
        len
    }

    /// [`CTable::render`] through `osimages_view_render_checked`, with the check made when the
    /// table was.
    pub fn render_checked(&self, detail: bool, style: Style, buf: &mut [u8]) -> usize {
        let (document, format) = request(detail, style);
        let mut len = 0;
        // SAFETY: as in `render`; `checked` is the view's check, which `buf` does not overlap.
        let status = unsafe {
            osimages_view_render_checked(
                &self.view,
                self.checked.as_ptr(),
                self.checked.len(),
                document,
                0,
                format,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(status, OSIMAGES_STATUS_OK, "osimages_view_render_checked");
        len
    }
}

/// The C codes of the detail (or summary) list in `style`.
fn request(detail: bool, style: Style) -> (u32, u32) {
    let document = match detail {
        true => OSIMAGES_DOCUMENT_DETAIL,
        false => OSIMAGES_DOCUMENT_SUMMARY,
    };
    let format = match style {
        Style::JsonCompact => OSIMAGES_STYLE_JSON_COMPACT,
        Style::JsonPretty => OSIMAGES_STYLE_JSON_PRETTY,
        Style::JsonNova => OSIMAGES_STYLE_JSON_NOVA,
        Style::XmlWire => OSIMAGES_STYLE_XML_WIRE,
        Style::XmlPretty => OSIMAGES_STYLE_XML_PRETTY,
    };
    (document, format)
}
