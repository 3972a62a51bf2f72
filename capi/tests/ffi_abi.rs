//! The C ABI called from Rust as C would call it: every exported function with NULL for each
//! pointer, integers out of range, misaligned and uninitialised storage, buffers of every length
//! from 0 to the length needed with canary bytes around them, and the same documents as the Rust
//! API renders, through both paths and the cursor.
#![allow(clippy::undocumented_unsafe_blocks)] // every call here is unsafe for the same reason: raw C pointers

#[path = "../../tests/common/mod.rs"]
mod common;

use std::ffi::{CStr, c_int, c_void};
use std::ptr::{null, null_mut};

use common::*;
use osimages::{DiskConfig, Endpoints, Format, ImageList, ImageRef, ImagesView, LinkRef, Links};
use osimages::{Status, Style, Timestamp, Uuid};
use osimages_capi::osimages_status::*;
use osimages_capi::*;

// ---------------------------------------------------------------------------------------------
// C-side values built from Rust ones, kept alive as long as the table.

fn s(text: &str) -> osimages_str {
    osimages_str {
        ptr: text.as_ptr().cast(),
        len: text.len(),
    }
}

/// Storage as C holds it: allocated once, then used only through this one raw pointer. (A
/// reference made later would invalidate the pointer a cursor keeps to its list, under Miri's
/// aliasing rules.)
struct CBox<T>(*mut T);

impl<T> CBox<T> {
    fn new(value: T) -> Self {
        CBox(Box::into_raw(Box::new(value)))
    }
    fn ptr(&self) -> *mut T {
        self.0
    }
}

impl<T> Drop for CBox<T> {
    fn drop(&mut self) {
        drop(unsafe { Box::from_raw(self.0) });
    }
}

const EMPTY: osimages_str = osimages_str {
    ptr: null(),
    len: 0,
};

/// C structs describing images, with every string and array they point to owned here.
#[derive(Default)]
struct Table {
    // String and Vec, not Box: moving a Box would invalidate the pointers taken from it (Miri).
    strings: Vec<String>,
    metas: Vec<Vec<osimages_meta_entry>>,
    links: Vec<Vec<osimages_link>>,
    images: Vec<osimages_image>,
}

impl Table {
    fn keep(&mut self, text: &str) -> osimages_str {
        let b = text.to_owned();
        let out = s(&b);
        self.strings.push(b);
        out
    }

    fn add(&mut self, img: &ImageRef<'_>) {
        let metadata: Vec<osimages_meta_entry> = img
            .metadata
            .iter()
            .map(|(k, v)| osimages_meta_entry {
                key: self.keep(k),
                value: v.map_or(EMPTY, |v| self.keep(v)),
                has_value: u8::from(v.is_some()),
            })
            .collect();
        let explicit: &[LinkRef<'_>] = match img.links {
            Links::Explicit(l) => l,
            Links::Derived => &[],
        };
        let links: Vec<osimages_link> = explicit
            .iter()
            .map(|l| osimages_link {
                href: self.keep(l.href),
                rel: self.keep(l.rel),
                media_type: l.media_type.map_or(EMPTY, |t| self.keep(t)),
                has_media_type: u8::from(l.media_type.is_some()),
            })
            .collect();
        let c = osimages_image {
            id: self.keep(&img.id.to_string()),
            name: img.name.map_or(EMPTY, |n| self.keep(n)),
            has_name: u8::from(img.name.is_some()),
            status: img.status as u32,
            progress: u32::from(img.progress),
            min_disk: img.min_disk,
            min_ram: img.min_ram,
            created: img.created.map_or(EMPTY, |t| self.keep(&t.to_string())),
            updated: img.updated.map_or(EMPTY, |t| self.keep(&t.to_string())),
            metadata: if metadata.is_empty() {
                null()
            } else {
                metadata.as_ptr()
            },
            metadata_len: metadata.len(),
            links: if links.is_empty() {
                null()
            } else {
                links.as_ptr()
            },
            links_len: links.len(),
            server_id: img.server.map_or(EMPTY, |u| self.keep(&u.to_string())),
            disk_config: img.disk_config.map_or(0, |d| d as u32),
            has_size: u8::from(img.size.is_some()),
            size: img.size.unwrap_or(0),
            explicit_links: u8::from(matches!(img.links, Links::Explicit(_))),
        };
        self.metas.push(metadata);
        self.links.push(links);
        self.images.push(c);
    }

    fn view(&mut self, e: Endpoints<'_>, next: Option<&str>, size_ext: bool) -> osimages_view {
        osimages_view {
            compute: self.keep(e.compute),
            image_service: self.keep(e.image_service),
            tenant: self.keep(e.tenant),
            images: self.images.as_ptr(),
            images_len: self.images.len(),
            next_link: next.map_or(EMPTY, |n| self.keep(n)),
            has_next_link: u8::from(next.is_some()),
            size_extension: u8::from(size_ext),
        }
    }
}

/// Images that use every field: a snapshot, escapes and non-ASCII text, null values, explicit
/// links, every status and disk config, sizes.
fn extra_images() -> Vec<ImageRef<'static>> {
    let id = |s| Uuid::parse(s).unwrap();
    vec![
        ImageRef {
            name: Some("snap \"<&>\"\t\r\n caf\u{e9} \u{1f427} /"),
            status: Status::Saving,
            progress: 42,
            min_disk: 20,
            min_ram: u64::MAX,
            created: Timestamp::new(2012, 2, 29, 23, 59, 59),
            updated: None,
            metadata: &[
                ("z-last", Some("")),
                ("a \"quoted\" <key>", None),
                ("\u{e9}t\u{e9}", Some("\u{2603} & \u{1f600}")),
            ],
            server: Some(id("8c35b4e5-7e7f-4b39-9a4e-0d6a3c2f4f11")),
            disk_config: Some(DiskConfig::Manual),
            size: Some(25165824),
            ..ImageRef::new(id("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"))
        },
        ImageRef {
            name: None,
            status: Status::Error,
            links: Links::Explicit(&[
                LinkRef {
                    href: "http://elsewhere.example/v2/x/images/1",
                    rel: "self",
                    media_type: None,
                },
                LinkRef {
                    href: "http://elsewhere.example/x/images/1?a=1&b=<2>",
                    rel: "alternate",
                    media_type: Some("application/vnd.openstack.image"),
                },
            ]),
            ..ImageRef::new(id("FFFFFFFF-0000-4000-8000-000000000000"))
        },
        ImageRef {
            name: Some(""),
            status: Status::Deleted,
            disk_config: Some(DiskConfig::Auto),
            ..ImageRef::new(id("12345678-9abc-def0-1234-56789abcdef0"))
        },
        ImageRef {
            status: Status::Unknown,
            progress: 100,
            ..ImageRef::new(id("00000000-0000-0000-0000-000000000000"))
        },
    ]
}

const NEXT: &str = "http://openstack.example.com/v2/openstack/images?marker=x&limit=7";

/// Everything the Rust side and the C side both render.
struct Fixture {
    rust: Box<ImageList<16, 128, 16, 4096>>,
    images: Vec<ImageRef<'static>>,
    table: Table,
    view: osimages_view,
    list: CBox<osimages_list>,
    /// The index of the snapshot (the first of `extra_images()`), for show.
    snapshot: usize,
}

fn fixture(size_ext: bool) -> Fixture {
    let mut images = Vec::new();
    seed_images(&mut images);
    if MIRI {
        // Under Miri, three of the seed's seven alike images: what each image costs there is
        // most of what these tests cost.
        images.truncate(3);
    }
    let snapshot = images.len();
    images.extend(extra_images());
    let mut rust = Box::new(ImageList::new());
    rust.set_endpoints(ENDPOINTS).unwrap();
    rust.set_next_link(Some(NEXT)).unwrap();
    rust.set_size_extension(size_ext);
    let mut table = Table::default();
    for img in &images {
        rust.push(img).unwrap();
        table.add(img);
    }
    let view = table.view(ENDPOINTS, Some(NEXT), size_ext);
    let list = c_list(&table.images, ENDPOINTS, Some(NEXT), size_ext);
    Fixture {
        rust,
        images,
        table,
        view,
        list,
        snapshot,
    }
}

fn new_list() -> CBox<osimages_list> {
    let list = CBox::new(osimages_list { opaque: [0; 985] });
    let status = unsafe { osimages_list_init(list.ptr(), size_of::<osimages_list>(), null_mut()) };
    assert_eq!(status, OSIMAGES_STATUS_OK);
    list
}

fn c_list(
    images: &[osimages_image],
    e: Endpoints<'_>,
    next: Option<&str>,
    size_ext: bool,
) -> CBox<osimages_list> {
    let list = new_list();
    let mut err = osimages_error_default();
    unsafe {
        let l = list.ptr();
        let st =
            osimages_list_set_endpoints(l, s(e.compute), s(e.image_service), s(e.tenant), &mut err);
        assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
        if let Some(n) = next {
            assert_eq!(
                osimages_list_set_next_link(l, s(n), &mut err),
                OSIMAGES_STATUS_OK
            );
        }
        assert_eq!(
            osimages_list_set_size_extension(l, u8::from(size_ext), &mut err),
            OSIMAGES_STATUS_OK
        );
        for (i, img) in images.iter().enumerate() {
            let mut index = usize::MAX;
            let st = osimages_list_push(l, img, &mut index, &mut err);
            assert_eq!(st, OSIMAGES_STATUS_OK, "image {i}: {err:?}");
            assert_eq!(index, i);
        }
    }
    list
}

fn osimages_error_default() -> osimages_error {
    osimages_error {
        status: OSIMAGES_STATUS_PANIC,
        field: 12345,
        image: 12345,
        entry: 12345,
        argument: 12345,
        write_result: 12345,
        needed: 12345,
        key: [7; OSIMAGES_ERROR_KEY_SIZE],
    }
}

const DOCUMENTS: [u32; 3] = [
    OSIMAGES_DOCUMENT_DETAIL,
    OSIMAGES_DOCUMENT_SUMMARY,
    OSIMAGES_DOCUMENT_SHOW,
];

/// Miri runs these tests some thousand times slower. Under it they make every call and every
/// refusal, so every `unsafe` block of capi/src still runs, with fewer repetitions of the same
/// paths: two formats instead of ten, buffer lengths at the edges instead of all, a few chunk
/// sizes. (The renderer itself runs every style under Miri in tests/golden.rs.)
const MIRI: bool = cfg!(miri);

/// Every format: five styles, with and without ascii_only (under Miri, one JSON and one XML).
fn formats() -> impl Iterator<Item = (u32, Format)> {
    let miri = [
        OSIMAGES_STYLE_JSON_COMPACT | OSIMAGES_OPTION_ASCII_ONLY,
        OSIMAGES_STYLE_XML_PRETTY,
    ];
    Style::ALL
        .into_iter()
        .flat_map(|style| {
            [false, true].map(|ascii_only| {
                let code = style as u32
                    | if ascii_only {
                        OSIMAGES_OPTION_ASCII_ONLY
                    } else {
                        0
                    };
                (code, Format { style, ascii_only })
            })
        })
        .filter(move |(code, _)| !MIRI || miri.contains(code))
}

/// Every document in every format; under Miri, each document in one format (one JSON, one XML).
fn requests() -> Vec<(u32, u32, Format)> {
    let all = DOCUMENTS
        .into_iter()
        .flat_map(|d| formats().map(move |(code, format)| (d, code, format)));
    if !MIRI {
        return all.collect();
    }
    let formats: Vec<(u32, Format)> = formats().collect();
    DOCUMENTS
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let (code, format) = formats[i % formats.len()];
            (d, code, format)
        })
        .collect()
}

/// `requests()` for the whole fixture. Under Miri without the detail list, whose images cost
/// most: the summary still reads every explicit link and the show of the snapshot every
/// kind of value through the C structs (and the detail list goes through both paths in the
/// golden-file test).
fn fixture_requests() -> Vec<(u32, u32, Format)> {
    let mut r = requests();
    r.retain(|&(document, ..)| !MIRI || document != OSIMAGES_DOCUMENT_DETAIL);
    r
}

/// What the Rust API renders for one request.
fn rust_render<S: osimages::Source>(
    detail: osimages::Document<'_, S>,
    summary: osimages::Document<'_, S>,
    show: Option<osimages::Document<'_, S>>,
    document: u32,
    format: Format,
) -> Vec<u8> {
    let doc = match document {
        OSIMAGES_DOCUMENT_DETAIL => detail,
        OSIMAGES_DOCUMENT_SUMMARY => summary,
        _ => show.unwrap(),
    };
    let mut buf = vec![0u8; doc.rendered_len(format)];
    let n = doc.render(&mut buf, format).unwrap();
    assert_eq!(n, buf.len());
    buf
}

type RenderFn<'a> = dyn Fn(
        u32,
        usize,
        u32,
        *mut std::ffi::c_char,
        usize,
        *mut usize,
        *mut osimages_error,
    ) -> osimages_status
    + 'a;

fn list_renderer(list: *const osimages_list) -> Box<RenderFn<'static>> {
    Box::new(move |d, i, f, buf, len, out, err| unsafe {
        osimages_list_render(list, d, i, f, buf, len, out, err)
    })
}

fn view_renderer(view: &osimages_view) -> Box<RenderFn<'_>> {
    Box::new(move |d, i, f, buf, len, out, err| unsafe {
        osimages_view_render(view, d, i, f, buf, len, out, err)
    })
}

/// A style's own `osimages_view_render_*`, and `osimages_list_render_*`.
type OwnRender<T> = unsafe extern "C" fn(
    *const T,
    u32,
    usize,
    u32,
    *mut std::ffi::c_char,
    usize,
    *mut usize,
    *mut osimages_error,
) -> osimages_status;

/// Each style's own `osimages_view_render_*`, in `OSIMAGES_STYLE_*` order.
const OWN_VIEW_RENDER: [OwnRender<osimages_view>; 5] = [
    osimages_view_render_json_compact,
    osimages_view_render_json_pretty,
    osimages_view_render_json_nova,
    osimages_view_render_xml_wire,
    osimages_view_render_xml_pretty,
];

/// Each style's own `osimages_list_render_*`, in `OSIMAGES_STYLE_*` order.
const OWN_LIST_RENDER: [OwnRender<osimages_list>; 5] = [
    osimages_list_render_json_compact,
    osimages_list_render_json_pretty,
    osimages_list_render_json_nova,
    osimages_list_render_xml_wire,
    osimages_list_render_xml_pretty,
];

/// `source` rendered through the format's style's own entry point (of `own`), given the
/// format's option bits.
fn own_style_renderer<T>(
    own: &'static [OwnRender<T>; 5],
    source: *const T,
) -> Box<RenderFn<'static>> {
    Box::new(move |d, i, f, buf, len, out, err| unsafe {
        own[(f & 0xFF) as usize](source, d, i, f & !0xFF, buf, len, out, err)
    })
}

/// One render through the C contract into an exact-size buffer.
fn c_render(render: &RenderFn<'_>, document: u32, image: usize, format: u32) -> Vec<u8> {
    let mut needed = usize::MAX;
    let mut err = osimages_error_default();
    let st = render(
        document,
        image,
        format,
        null_mut(),
        0,
        &mut needed,
        &mut err,
    );
    assert_eq!(st, OSIMAGES_STATUS_OK, "size query: {err:?}");
    assert_eq!(err.status, OSIMAGES_STATUS_OK);
    let mut buf = vec![0u8; needed];
    let mut len = usize::MAX;
    let st = render(
        document,
        image,
        format,
        buf.as_mut_ptr().cast(),
        buf.len(),
        &mut len,
        &mut err,
    );
    assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
    assert_eq!(len, needed);
    buf
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ---------------------------------------------------------------------------------------------
// Both paths render exactly what the Rust API renders.

#[test]
fn the_owned_and_zero_copy_paths_render_what_the_rust_api_renders() {
    let size_exts: &[bool] = if MIRI { &[true] } else { &[false, true] };
    for &size_ext in size_exts {
        let f = fixture(size_ext);
        let rust_view = ImagesView::new(ENDPOINTS, &f.images)
            .unwrap()
            .with_next_link(Some(NEXT))
            .unwrap()
            .with_size_extension(size_ext);
        let paths: [(&str, Box<RenderFn<'_>>); 4] = [
            ("list", list_renderer(f.list.ptr())),
            ("view", view_renderer(&f.view)),
            (
                "list, the style's own",
                own_style_renderer(&OWN_LIST_RENDER, f.list.ptr()),
            ),
            (
                "view, the style's own",
                own_style_renderer(&OWN_VIEW_RENDER, &f.view),
            ),
        ];
        let image = f.snapshot;
        for (document, code, format) in fixture_requests() {
            let want = rust_render(
                f.rust.detail(),
                f.rust.summary(),
                f.rust.show(image),
                document,
                format,
            );
            let also = rust_render(
                rust_view.detail(),
                rust_view.summary(),
                rust_view.show(image),
                document,
                format,
            );
            assert_eq!(text(&want), text(&also));
            for (path, render) in &paths {
                let got = c_render(render.as_ref(), document, image, code);
                assert_eq!(
                    text(&got),
                    text(&want),
                    "{path}, document {document}, format {code:#x}"
                );
            }
        }
    }
}

#[test]
fn the_seed_renders_every_golden_file_through_both_paths() {
    let mut images = Vec::new();
    seed_images(&mut images);
    let mut table = Table::default();
    for img in &images {
        table.add(img);
    }
    let view = table.view(ENDPOINTS, None, false);
    let list = c_list(&table.images, ENDPOINTS, None, false);
    let golden_files = [
        (OSIMAGES_STYLE_JSON_COMPACT, "images-details.compact.json"),
        (OSIMAGES_STYLE_JSON_PRETTY, "images-details.pretty.json"),
        (OSIMAGES_STYLE_JSON_NOVA, "images-details.nova-wire.json"),
        (OSIMAGES_STYLE_XML_WIRE, "images-details.nova-wire.xml"),
        (OSIMAGES_STYLE_XML_PRETTY, "images-details.pretty.xml"),
    ];
    for (n, (style, file)) in golden_files.into_iter().enumerate() {
        let want = golden(file);
        let paths = [list_renderer(list.ptr()), view_renderer(&view)];
        // Under Miri each file goes through one path, the two paths taking turns.
        for (p, render) in paths.iter().enumerate() {
            if MIRI && p != n % 2 {
                continue;
            }
            let got = c_render(render.as_ref(), OSIMAGES_DOCUMENT_DETAIL, 0, style);
            assert_eq!(text(&got), text(&want), "{file}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The buffer contract, at every length, with canaries.

const CANARY: u8 = 0xA5;
const PAD: usize = 32;

/// A buffer of `len` bytes (filled with `fill`) with `PAD` canary bytes on each side.
struct Guarded(Vec<u8>);

impl Guarded {
    fn new(len: usize, fill: u8) -> Self {
        let mut v = vec![CANARY; len + 2 * PAD];
        v[PAD..PAD + len].fill(fill);
        Guarded(v)
    }
    fn ptr(&mut self) -> *mut std::ffi::c_char {
        self.0[PAD..].as_mut_ptr().cast()
    }
    fn inner(&self) -> &[u8] {
        &self.0[PAD..self.0.len() - PAD]
    }
    fn assert_canaries(&self, what: &str) {
        let n = self.0.len();
        assert!(
            self.0[..PAD]
                .iter()
                .chain(&self.0[n - PAD..])
                .all(|&b| b == CANARY),
            "{what}: a byte outside the buffer was written"
        );
    }
}

/// Renders `want` (the full document) into buffers of every length from 0 to `want.len() + 1`.
fn every_length(render: &RenderFn<'_>, document: u32, image: usize, format: u32, want: &[u8]) {
    let needed = want.len();
    let lengths: Vec<usize> = if MIRI {
        vec![0, 1, needed / 2, needed - 1, needed, needed + 1]
    } else {
        (0..=needed + 1).collect()
    };
    for len in lengths {
        let mut buf = Guarded::new(len, b'#');
        let mut out_len = usize::MAX;
        let mut err = osimages_error_default();
        let st = render(
            document,
            image,
            format,
            buf.ptr(),
            len,
            &mut out_len,
            &mut err,
        );
        let what = format!("document {document}, format {format:#x}, buffer of {len}");
        buf.assert_canaries(&what);
        assert_eq!(
            out_len, needed,
            "{what}: *out_len is always the full length"
        );
        assert_eq!(err.status, st, "{what}");
        let inner = buf.inner();
        match len {
            0 => assert_eq!(st, OSIMAGES_STATUS_OK, "{what}: a size query"),
            _ if len < needed => {
                assert_eq!(st, OSIMAGES_STATUS_BUFFER_TOO_SMALL, "{what}");
                assert_eq!(err.argument, 6, "{what}: buf_len is at fault");
                assert!(inner.iter().all(|&b| b == 0), "{what}: no partial document");
            }
            _ if len == needed => {
                assert_eq!(st, OSIMAGES_STATUS_OK, "{what}");
                assert_eq!(inner, want, "{what}: exactly full, no room for a NUL");
            }
            _ => {
                assert_eq!(st, OSIMAGES_STATUS_OK, "{what}");
                assert_eq!(&inner[..needed], want, "{what}");
                assert_eq!(
                    inner[needed], 0,
                    "{what}: NUL-terminated when there is room"
                );
            }
        }
    }
}

#[test]
fn buffers_of_every_length_get_the_whole_document_or_nothing() {
    // A small list (one image of each kind) keeps every length of every document affordable.
    let mut table = Table::default();
    let images = extra_images();
    for img in images.iter().take(2) {
        table.add(img);
    }
    let view = table.view(ENDPOINTS, Some(NEXT), true);
    let list = c_list(&table.images, ENDPOINTS, Some(NEXT), true);
    for render in [list_renderer(list.ptr()), view_renderer(&view)] {
        for (document, code, _) in requests() {
            let want = c_render(render.as_ref(), document, 0, code);
            every_length(render.as_ref(), document, 0, code, &want);
        }
    }
}

#[test]
fn the_seed_detail_list_at_every_buffer_length() {
    let mut images = Vec::new();
    seed_images(&mut images);
    let mut table = Table::default();
    for img in &images {
        table.add(img);
    }
    let list = c_list(&table.images, ENDPOINTS, None, false);
    let view = table.view(ENDPOINTS, None, false);
    let want = golden("images-details.nova-wire.xml");
    every_length(
        list_renderer(list.ptr()).as_ref(),
        OSIMAGES_DOCUMENT_DETAIL,
        0,
        OSIMAGES_STYLE_XML_WIRE,
        &want,
    );
    let want = golden("images-details.compact.json");
    every_length(
        view_renderer(&view).as_ref(),
        OSIMAGES_DOCUMENT_DETAIL,
        0,
        OSIMAGES_STYLE_JSON_COMPACT,
        &want,
    );
}

/// Streams a started cursor through chunks of `size` bytes, each guarded by canaries.
fn stream(cursor: *mut osimages_cursor, size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let mut chunk = Guarded::new(size, b'#');
        let mut n = usize::MAX;
        let mut err = osimages_error_default();
        let st = unsafe { osimages_cursor_fill(cursor, chunk.ptr(), size, &mut n, &mut err) };
        chunk.assert_canaries(&format!("chunk of {size}"));
        assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
        assert!(n <= size);
        assert!(
            chunk.inner()[n..].iter().all(|&b| b == b'#'),
            "nothing past the chunk's bytes is written"
        );
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&chunk.inner()[..n]);
    }
}

fn new_cursor() -> CBox<osimages_cursor> {
    CBox::new(osimages_cursor { opaque: [0; 12] })
}

/// Streams one document through a list cursor and a view cursor, in chunks of each size.
fn stream_both(
    list: *const osimages_list,
    view: &osimages_view,
    document: u32,
    image: usize,
    format: u32,
    sizes: impl Iterator<Item = usize>,
) {
    let want = c_render(list_renderer(list).as_ref(), document, image, format);
    let size_of_cursor = size_of::<osimages_cursor>();
    for size in sizes {
        let cursor = new_cursor();
        let mut err = osimages_error_default();
        let st = unsafe {
            osimages_cursor_start_list(
                cursor.ptr(),
                size_of_cursor,
                list,
                document,
                image,
                format,
                &mut err,
            )
        };
        assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
        let what = format!("document {document}, format {format:#x}, chunks of {size}");
        assert_eq!(
            text(&stream(cursor.ptr(), size)),
            text(&want),
            "list, {what}"
        );
        let st = unsafe {
            osimages_cursor_start_view(
                cursor.ptr(),
                size_of_cursor,
                view,
                document,
                image,
                format,
                &mut err,
            )
        };
        assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
        assert_eq!(
            text(&stream(cursor.ptr(), size)),
            text(&want),
            "view, {what}"
        );
    }
}

#[test]
fn cursors_of_every_chunk_size_concatenate_to_the_one_shot_document() {
    // Every chunk size for the richest image (escapes, non-ASCII, a server, explicit links)...
    let mut table = Table::default();
    for img in extra_images().iter().take(2) {
        table.add(img);
    }
    let view = table.view(ENDPOINTS, Some(NEXT), true);
    let list = c_list(&table.images, ENDPOINTS, Some(NEXT), true);
    for (code, _) in formats() {
        let len = c_render(
            list_renderer(list.ptr()).as_ref(),
            OSIMAGES_DOCUMENT_SHOW,
            0,
            code,
        )
        .len();
        let sizes: Vec<usize> = if MIRI {
            vec![64, len + 1]
        } else {
            (1..=len + 1).collect()
        };
        stream_both(
            list.ptr(),
            &view,
            OSIMAGES_DOCUMENT_SHOW,
            0,
            code,
            sizes.into_iter(),
        );
    }

    // ...and a range of sizes for every document of the whole fixture.
    let f = fixture(true);
    for (document, code, _) in fixture_requests() {
        let sizes: &[usize] = if MIRI {
            &[1000]
        } else {
            &[1, 2, 3, 13, 64, 1000, 100_000]
        };
        stream_both(
            f.list.ptr(),
            &f.view,
            document,
            f.snapshot,
            code,
            sizes.iter().copied(),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The push sink: the callback receives exactly the one-shot document, a bufferful at a time.

/// What a write callback saw; it refuses call number `fail_at.0` (from 0) with `fail_at.1`.
#[derive(Default)]
struct Received {
    bytes: Vec<u8>,
    calls: Vec<usize>,
    fail_at: Option<(usize, c_int)>,
}

unsafe extern "C" fn receive(ctx: *mut c_void, bytes: *const u8, len: usize) -> c_int {
    let r = unsafe { &mut *ctx.cast::<Received>() };
    if let Some((call, code)) = r.fail_at
        && call == r.calls.len()
    {
        r.calls.push(len);
        return code;
    }
    r.calls.push(len);
    r.bytes
        .extend_from_slice(unsafe { std::slice::from_raw_parts(bytes, len) });
    0
}

type WriteFn<'a> = dyn Fn(
        u32,
        usize,
        u32,
        *mut u8,
        usize,
        osimages_write_fn,
        *mut c_void,
        *mut usize,
        *mut osimages_error,
    ) -> osimages_status
    + 'a;

fn list_writer(list: *const osimages_list) -> Box<WriteFn<'static>> {
    Box::new(move |d, i, f, buf, len, w, ctx, out, err| unsafe {
        osimages_list_write(list, d, i, f, buf, len, w, ctx, out, err)
    })
}

fn view_writer(view: &osimages_view) -> Box<WriteFn<'_>> {
    Box::new(move |d, i, f, buf, len, w, ctx, out, err| unsafe {
        osimages_view_write(view, d, i, f, buf, len, w, ctx, out, err)
    })
}

/// A style's own `osimages_view_write_*`, and `osimages_list_write_*`.
type OwnWrite<T> = unsafe extern "C" fn(
    *const T,
    u32,
    usize,
    u32,
    *mut u8,
    usize,
    osimages_write_fn,
    *mut c_void,
    *mut usize,
    *mut osimages_error,
) -> osimages_status;

/// Each style's own `osimages_view_write_*`, in `OSIMAGES_STYLE_*` order.
const OWN_VIEW_WRITE: [OwnWrite<osimages_view>; 5] = [
    osimages_view_write_json_compact,
    osimages_view_write_json_pretty,
    osimages_view_write_json_nova,
    osimages_view_write_xml_wire,
    osimages_view_write_xml_pretty,
];

/// Each style's own `osimages_list_write_*`, in `OSIMAGES_STYLE_*` order.
const OWN_LIST_WRITE: [OwnWrite<osimages_list>; 5] = [
    osimages_list_write_json_compact,
    osimages_list_write_json_pretty,
    osimages_list_write_json_nova,
    osimages_list_write_xml_wire,
    osimages_list_write_xml_pretty,
];

/// As [`own_style_renderer`], pushed.
fn own_style_writer<T>(own: &'static [OwnWrite<T>; 5], source: *const T) -> Box<WriteFn<'static>> {
    Box::new(move |d, i, f, buf, len, w, ctx, out, err| unsafe {
        own[(f & 0xFF) as usize](source, d, i, f & !0xFF, buf, len, w, ctx, out, err)
    })
}

/// One push render through a scratch buffer of `len` bytes (canaries around it).
fn c_write(
    write: &WriteFn<'_>,
    document: u32,
    image: usize,
    format: u32,
    len: usize,
    received: &mut Received,
) -> (osimages_status, osimages_error, usize) {
    let mut buf = Guarded::new(len, b'#');
    let mut written = usize::MAX;
    let mut err = osimages_error_default();
    let st = write(
        document,
        image,
        format,
        buf.ptr().cast(),
        len,
        Some(receive),
        (received as *mut Received).cast(),
        &mut written,
        &mut err,
    );
    buf.assert_canaries("push");
    (st, err, written)
}

#[test]
fn pushed_documents_are_the_one_shot_documents_for_every_buffer_size() {
    let f = fixture(true);
    let paths: [(&str, Box<RenderFn<'_>>, Box<WriteFn<'_>>); 4] = [
        (
            "list",
            list_renderer(f.list.ptr()),
            list_writer(f.list.ptr()),
        ),
        ("view", view_renderer(&f.view), view_writer(&f.view)),
        (
            "list, the style's own",
            own_style_renderer(&OWN_LIST_RENDER, f.list.ptr()),
            own_style_writer(&OWN_LIST_WRITE, f.list.ptr()),
        ),
        (
            "view, the style's own",
            own_style_renderer(&OWN_VIEW_RENDER, &f.view),
            own_style_writer(&OWN_VIEW_WRITE, &f.view),
        ),
    ];
    let sizes: &[usize] = if MIRI {
        &[0, 7]
    } else {
        &[0, 1, 2, 7, 64, 1000, 1 << 16]
    };
    let image = f.snapshot;
    for (document, code, _) in fixture_requests() {
        for (path, render, write) in &paths {
            let want = c_render(render.as_ref(), document, image, code);
            for &size in sizes {
                let mut r = Received::default();
                let (st, err, written) =
                    c_write(write.as_ref(), document, image, code, size, &mut r);
                let what = format!("{path}, document {document}, format {code:#x}, buffer {size}");
                assert_eq!(st, OSIMAGES_STATUS_OK, "{what}: {err:?}");
                assert_eq!(err, osimages_error_ok(), "{what}");
                assert_eq!(text(&r.bytes), text(&want), "{what}");
                assert_eq!(written, want.len(), "{what}");
                // Never an empty call; with a buffer, every call but the last is a full one.
                assert!(r.calls.iter().all(|&n| n > 0), "{what}: {:?}", r.calls);
                if size > 0 {
                    let (last, full) = r.calls.split_last().unwrap();
                    assert!(full.iter().all(|&n| n == size), "{what}: {:?}", r.calls);
                    assert!(*last <= size, "{what}");
                }
            }
        }
    }
}

#[test]
fn a_style_s_own_entry_points_take_option_bits_only_and_report_as_the_generic_ones() {
    let f = fixture(false);
    let (list, view): (*const osimages_list, *const osimages_view) = (f.list.ptr(), &f.view);
    for style in 0..5 {
        let renders = [
            own_style_renderer(&OWN_LIST_RENDER, list),
            own_style_renderer(&OWN_VIEW_RENDER, view),
        ];
        let writes = [
            own_style_writer(&OWN_LIST_WRITE, list),
            own_style_writer(&OWN_VIEW_WRITE, view),
        ];
        // A style code in `options` (the next style's) or an unknown bit is refused as an
        // invalid format, naming `options` (argument 4); a bad document names `document`. (The
        // helpers take the style from the format's low byte and pass the rest as `options`.)
        let next = ((style + 1) % 5).max(1);
        for (document, options, status, argument) in [
            (0, 0x200, OSIMAGES_STATUS_INVALID_FORMAT, 4),
            (3, 0, OSIMAGES_STATUS_INVALID_DOCUMENT, 2),
        ] {
            let what = format!("style {style}, document {document}, options {options:#x}");
            for (render, write) in renders.iter().zip(&writes) {
                let mut len = usize::MAX;
                let mut err = osimages_error_default();
                let format = style | options;
                let st = render(document, 0, format, null_mut(), 0, &mut len, &mut err);
                assert_eq!(st, status, "{what}");
                err_is(&err, status, argument);
                assert_eq!(len, 0, "{what}");
                let mut r = Received::default();
                let (st, err, written) = c_write(write.as_ref(), document, 0, format, 0, &mut r);
                assert_eq!(st, status, "{what}");
                err_is(&err, status, argument);
                assert_eq!((written, r.calls.len()), (0, 0), "{what}");
            }
        }
        // A style code where only option bits belong, straight through the functions.
        let mut len = usize::MAX;
        let mut err = osimages_error_default();
        for options in [next, next | OSIMAGES_OPTION_ASCII_ONLY] {
            let st = unsafe {
                OWN_VIEW_RENDER[style as usize](
                    view,
                    0,
                    0,
                    options,
                    null_mut(),
                    0,
                    &mut len,
                    &mut err,
                )
            };
            assert_eq!(
                st, OSIMAGES_STATUS_INVALID_FORMAT,
                "style {style}, {options:#x}"
            );
            err_is(&err, OSIMAGES_STATUS_INVALID_FORMAT, 4);
            let st = unsafe {
                OWN_LIST_RENDER[style as usize](
                    list,
                    0,
                    0,
                    options,
                    null_mut(),
                    0,
                    &mut len,
                    &mut err,
                )
            };
            assert_eq!(
                st, OSIMAGES_STATUS_INVALID_FORMAT,
                "style {style}, {options:#x}"
            );
            err_is(&err, OSIMAGES_STATUS_INVALID_FORMAT, 4);
        }
        // ASCII only: the generic functions' bytes with the same option (under Miri, the show
        // of the snapshot, which holds non-ASCII text: the entry points are the same code for
        // every document).
        let ascii = style | OSIMAGES_OPTION_ASCII_ONLY;
        let (document, image) = match MIRI {
            true => (OSIMAGES_DOCUMENT_SHOW, f.snapshot),
            false => (OSIMAGES_DOCUMENT_DETAIL, 0),
        };
        let want = c_render(view_renderer(&f.view).as_ref(), document, image, ascii);
        let want = text(&want);
        for render in &renders {
            assert_eq!(
                text(&c_render(render.as_ref(), document, image, ascii)),
                want,
                "style {style}"
            );
        }
    }
}

#[test]
fn a_failing_write_stops_the_render_and_its_value_reaches_the_caller() {
    let f = fixture(false);
    for write in [list_writer(f.list.ptr()), view_writer(&f.view)] {
        for (size, fail_at) in [(7, 0), (7, 3), (1, 10), (0, 2)] {
            let mut r = Received {
                fail_at: Some((fail_at, -42)),
                ..Received::default()
            };
            let (st, err, written) = c_write(write.as_ref(), 0, 0, 0, size, &mut r);
            assert_eq!(st, OSIMAGES_STATUS_WRITE_FAILED);
            err_is(&err, OSIMAGES_STATUS_WRITE_FAILED, 7);
            assert_eq!(err.write_result, -42);
            // Nothing after the refused call; `out_written` is what came before it.
            assert_eq!(r.calls.len(), fail_at + 1, "buffer {size}");
            assert_eq!(written, r.bytes.len());
            assert_eq!(written, r.calls[..fail_at].iter().sum::<usize>());
        }
    }
}

#[test]
fn write_arguments_are_checked_before_anything_is_written() {
    let f = fixture(false);
    for write in [list_writer(f.list.ptr()), view_writer(&f.view)] {
        let mut r = Received::default();
        let ctx: *mut c_void = (&mut r as *mut Received).cast();
        let mut err = osimages_error_default();
        let mut written = 9usize;
        let mut buf = [0u8; 16];
        let b = buf.as_mut_ptr();
        // write NULL.
        let st = write(0, 0, 0, b, 16, None, ctx, &mut written, &mut err);
        assert_eq!((st, written), (OSIMAGES_STATUS_NULL_POINTER, 0));
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 7);
        // buf NULL with a length.
        let st = write(
            0,
            0,
            0,
            null_mut(),
            16,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 5);
        assert_eq!((st, written), (OSIMAGES_STATUS_NULL_POINTER, 0));
        // out_written NULL.
        let st = write(0, 0, 0, b, 16, Some(receive), ctx, null_mut(), &mut err);
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 9);
        // A format, a document and a show index that do not exist.
        write(0, 0, 5, b, 16, Some(receive), ctx, &mut written, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_FORMAT, 4);
        write(3, 0, 0, b, 16, Some(receive), ctx, &mut written, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_DOCUMENT, 2);
        write(2, 99, 0, b, 16, Some(receive), ctx, &mut written, &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_NO_SUCH_IMAGE);
        assert!(r.calls.is_empty(), "no call after a refusal");
        // NULL with no buffer at all is fine: each piece is handed over as it is made.
        let st = write(
            1,
            0,
            0,
            null_mut(),
            0,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
        assert_eq!(written, r.bytes.len());
        assert!(r.bytes.starts_with(b"{\"images\": [") || r.bytes.starts_with(b"{\"images\":["));
    }
    let mut written = 9usize;
    let mut err = osimages_error_default();
    let mut r = Received::default();
    let ctx: *mut c_void = (&mut r as *mut Received).cast();
    unsafe {
        osimages_list_write(
            null(),
            0,
            0,
            0,
            null_mut(),
            0,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_view_write(
            null(),
            0,
            0,
            0,
            null_mut(),
            0,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        // The list storage, or the view struct, as the scratch buffer.
        let inside = f.list.ptr().cast::<u8>().add(100);
        osimages_list_write(
            f.list.ptr(),
            0,
            0,
            0,
            inside,
            64,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 5);
        let view = (&f.view as *const osimages_view).cast::<u8>().cast_mut();
        osimages_view_write(
            &f.view,
            0,
            0,
            0,
            view,
            8,
            Some(receive),
            ctx,
            &mut written,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 5);
    }
    assert_eq!(written, 0);
    assert!(r.calls.is_empty());
}

// ---------------------------------------------------------------------------------------------
// NULL for every pointer.

/// A write callback that breaks the contract: on its first call it changes the list being
/// written (`ctx` is the list), then lets the render go on.
unsafe extern "C" fn change_the_list(ctx: *mut c_void, _: *const u8, _: usize) -> c_int {
    let list = ctx.cast::<osimages_list>();
    CHANGES.with(|changes| {
        let n = changes.get();
        changes.set(n + 1);
        if n == 0 {
            let change = CHANGE.with(|c| c.get());
            let st = unsafe { change(list) };
            assert_eq!(st, OSIMAGES_STATUS_OK);
        }
    });
    0
}

type ListChange = unsafe fn(*mut osimages_list) -> osimages_status;

thread_local! {
    static CHANGES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static CHANGE: std::cell::Cell<ListChange> = const { std::cell::Cell::new(rename) };
}

unsafe fn rename(l: *mut osimages_list) -> osimages_status {
    unsafe { osimages_list_set_name(l, 0, s("renamed"), 1, null_mut()) }
}
unsafe fn reinit(l: *mut osimages_list) -> osimages_status {
    unsafe { osimages_list_init(l, size_of::<osimages_list>(), null_mut()) }
}
unsafe fn clear(l: *mut osimages_list) -> osimages_status {
    unsafe { osimages_list_clear(l, null_mut()) }
}

/// The detail list in compact JSON through `write`, 64 bytes at a time: the status, the bytes
/// written and the error record.
fn push_detail(
    l: *mut osimages_list,
    write: unsafe extern "C" fn(*mut c_void, *const u8, usize) -> c_int,
    ctx: *mut c_void,
) -> (osimages_status, usize, osimages_error) {
    let mut buf = [0u8; 64];
    let (mut written, mut err) = (usize::MAX, osimages_error_default());
    let st = unsafe {
        osimages_list_write(
            l,
            OSIMAGES_DOCUMENT_DETAIL,
            0,
            OSIMAGES_STYLE_JSON_COMPACT,
            buf.as_mut_ptr(),
            buf.len(),
            Some(write),
            ctx,
            &mut written,
            &mut err,
        )
    };
    (st, written, err)
}

/// Found by an outside audit: a callback that changed its list got the rest of the document
/// rendered from the changed list's pool (another field's text, NUL bytes) and a success. The
/// render now stops after that callback: `OSIMAGES_STATUS_LIST_CHANGED`, the list's argument,
/// and the bytes handed over until then; the change stands.
#[test]
#[cfg_attr(
    miri,
    ignore = "the callback breaks the contract: it writes the list the render holds shared"
)]
fn a_push_whose_callback_changes_the_list_stops_with_list_changed() {
    let changes: [(&str, ListChange); 3] = [("rename", rename), ("init", reinit), ("clear", clear)];
    for (what, change) in changes {
        let f = fixture(false);
        let l = f.list.ptr();
        let whole = c_render(
            &list_renderer(l),
            OSIMAGES_DOCUMENT_DETAIL,
            0,
            OSIMAGES_STYLE_JSON_COMPACT,
        );
        CHANGES.with(|c| c.set(0));
        CHANGE.with(|c| c.set(change));
        let (st, written, err) = push_detail(l, change_the_list, l.cast());
        assert_eq!(st, OSIMAGES_STATUS_LIST_CHANGED, "{what}");
        err_is(&err, OSIMAGES_STATUS_LIST_CHANGED, 1);
        assert_eq!(
            CHANGES.with(|c| c.get()),
            1,
            "{what}: one callback, then the stop"
        );
        assert_eq!(written, 64.min(whole.len()), "{what}");
        // The change stands, and the list renders as it is now.
        let now = c_render(
            &list_renderer(l),
            OSIMAGES_DOCUMENT_DETAIL,
            0,
            OSIMAGES_STYLE_JSON_COMPACT,
        );
        assert_ne!(now, whole, "{what}");
    }
    // A callback that leaves the list alone writes it all, as before.
    let f = fixture(false);
    let l = f.list.ptr();
    let mut r = Received::default();
    let (st, written, _) = push_detail(l, receive, (&mut r as *mut Received).cast());
    assert_eq!(st, OSIMAGES_STATUS_OK);
    assert_eq!(r.bytes.len(), written);
}

/// Initialising storage reads nothing of it (valgrind saw a jump on its uninitialised bytes,
/// found by an outside audit), and a cursor over what the storage held before still notices.
#[test]
fn init_reads_nothing_and_a_cursor_over_the_old_list_notices() {
    let f = fixture(false);
    let l = f.list.ptr();
    let mut cursor = osimages_cursor {
        opaque: [0; OSIMAGES_CURSOR_SIZE / 8],
    };
    let mut err = osimages_error_default();
    let st = unsafe {
        osimages_cursor_start_list(
            &mut cursor,
            size_of::<osimages_cursor>(),
            l,
            OSIMAGES_DOCUMENT_DETAIL,
            0,
            OSIMAGES_STYLE_JSON_COMPACT,
            &mut err,
        )
    };
    assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
    assert_eq!(unsafe { reinit(l) }, OSIMAGES_STATUS_OK);
    let mut chunk = [0u8; 16];
    let mut n = 0;
    let st = unsafe {
        osimages_cursor_fill(&mut cursor, chunk.as_mut_ptr().cast(), 16, &mut n, &mut err)
    };
    assert_eq!(st, OSIMAGES_STATUS_LIST_CHANGED);
    // Storage that never held a list, whatever its bytes, initialises alike.
    for fill in [0u8, 0xa5, 0xff] {
        let storage = CBox::new(osimages_list {
            opaque: [u64::from_ne_bytes([fill; 8]); 985],
        });
        let st =
            unsafe { osimages_list_init(storage.ptr(), size_of::<osimages_list>(), null_mut()) };
        assert_eq!(st, OSIMAGES_STATUS_OK);
        assert_eq!(unsafe { osimages_list_len(storage.ptr()) }, 0);
    }
}

fn err_is(err: &osimages_error, status: osimages_status, argument: u32) {
    assert_eq!(err.status, status, "{err:?}");
    assert_eq!(err.argument, argument, "{err:?}");
}

#[test]
fn static_texts_exist_for_every_code_and_the_version_is_the_crate_version() {
    for code in (0..=1000).chain([u32::MAX, 0x8000_0000]) {
        for p in [osimages_status_str(code), osimages_field_str(code)] {
            assert!(!p.is_null());
            let text = unsafe { CStr::from_ptr(p) };
            assert!(text.to_str().is_ok());
        }
    }
    assert_eq!(
        unsafe { CStr::from_ptr(osimages_status_str(5000)) }.to_str(),
        Ok("unknown status")
    );
    let v = unsafe { CStr::from_ptr(osimages_version()) };
    assert_eq!(v.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    let header =
        format!("{OSIMAGES_VERSION_MAJOR}.{OSIMAGES_VERSION_MINOR}.{OSIMAGES_VERSION_PATCH}");
    assert_eq!(header, env!("CARGO_PKG_VERSION"));
}

#[test]
fn str_from_cstr_measures_and_maps_null_to_empty() {
    let e = unsafe { osimages_str_from_cstr(null()) };
    assert!(e.ptr.is_null());
    assert_eq!(e.len, 0);
    let c = c"openstack";
    let t = unsafe { osimages_str_from_cstr(c.as_ptr()) };
    assert_eq!(t.ptr, c.as_ptr());
    assert_eq!(t.len, 9);
}

#[test]
fn null_list_pointers_are_refused_on_every_list_function() {
    let mut err = osimages_error_default();
    let l: *mut osimages_list = null_mut();
    unsafe {
        let checks: [(&str, osimages_status); 9] = [
            (
                "init",
                osimages_list_init(l, size_of::<osimages_list>(), &mut err),
            ),
            (
                "endpoints",
                osimages_list_set_endpoints(l, s("a"), s("b"), s("c"), &mut err),
            ),
            ("next", osimages_list_set_next_link(l, s("n"), &mut err)),
            ("remove next", osimages_list_remove_next_link(l, &mut err)),
            ("size ext", osimages_list_set_size_extension(l, 1, &mut err)),
            (
                "push",
                osimages_list_push(l, &Table::default().images_one(), &mut 0, &mut err),
            ),
            (
                "push meta",
                osimages_list_push_metadata(l, 0, &meta("k", Some("v")), &mut err),
            ),
            (
                "push link",
                osimages_list_push_link(l, 0, &link(), &mut err),
            ),
            ("clear", osimages_list_clear(l, &mut err)),
        ];
        for (what, st) in checks {
            assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "{what}");
        }
        let json = b"{}";
        let updates: [(&str, osimages_status); 16] = [
            ("status", osimages_list_set_status(l, 0, 0, &mut err)),
            ("progress", osimages_list_set_progress(l, 0, 1, &mut err)),
            ("created", osimages_list_set_created(l, 0, EMPTY, &mut err)),
            ("updated", osimages_list_set_updated(l, 0, EMPTY, &mut err)),
            ("name", osimages_list_set_name(l, 0, s("n"), 1, &mut err)),
            ("size", osimages_list_set_size(l, 0, 1, 1, &mut err)),
            (
                "disk config",
                osimages_list_set_disk_config(l, 0, 0, &mut err),
            ),
            (
                "set meta",
                osimages_list_set_metadata(l, 0, &meta("k", None), &mut err),
            ),
            (
                "remove meta",
                osimages_list_remove_metadata(l, 0, s("k"), &mut err),
            ),
            (
                "set links",
                osimages_list_set_links(l, 0, null(), 0, 1, &mut err),
            ),
            ("remove link", osimages_list_remove_link(l, 0, 0, &mut err)),
            ("remove", osimages_list_remove(l, 0, &mut err)),
            (
                "parse detail",
                osimages_list_parse_detail(l, json.as_ptr().cast(), 2, &mut 0, &mut err),
            ),
            (
                "parse show",
                osimages_list_parse_show(l, json.as_ptr().cast(), 2, &mut 0, &mut err),
            ),
            (
                "used",
                osimages_list_used(l, &mut osimages_capacity::default(), &mut err),
            ),
            (
                "set meta, NULL entry",
                osimages_list_set_metadata(new_list().ptr(), 0, null(), &mut err),
            ),
        ];
        for (what, st) in updates {
            assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "{what}");
            assert_eq!(err.status, OSIMAGES_STATUS_NULL_POINTER, "{what}");
        }
        assert_eq!(osimages_list_len(null()), 0);
    }
}

impl Table {
    /// One valid image (the table keeps its strings).
    fn images_one(&mut self) -> osimages_image {
        let img = ImageRef {
            name: Some("one"),
            ..ImageRef::new(Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6").unwrap())
        };
        self.add(&img);
        *self.images.last().unwrap()
    }
}

fn meta(key: &'static str, value: Option<&'static str>) -> osimages_meta_entry {
    osimages_meta_entry {
        key: s(key),
        value: value.map_or(EMPTY, s),
        has_value: u8::from(value.is_some()),
    }
}

fn link() -> osimages_link {
    osimages_link {
        href: s("http://h/x"),
        rel: s("self"),
        media_type: EMPTY,
        has_media_type: 0,
    }
}

#[test]
fn null_arguments_of_push_functions_are_refused_by_position() {
    let list = new_list();
    let l = list.ptr();
    let mut table = Table::default();
    let img = table.images_one();
    let mut err = osimages_error_default();
    let mut index = 77usize;
    unsafe {
        // Derived links need endpoints (empty ones take no room).
        osimages_list_set_endpoints(l, EMPTY, EMPTY, EMPTY, null_mut());
        osimages_list_push(l, null(), &mut index, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 2);
        osimages_list_push(l, &img, null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
        assert_eq!(index, 77, "untouched on error");
        assert_eq!(osimages_list_len(l), 0, "nothing was pushed");
        assert_eq!(
            osimages_list_push(l, &img, &mut index, null_mut()),
            OSIMAGES_STATUS_OK,
            "err may be NULL"
        );
        assert_eq!(index, 0);
        osimages_list_push_metadata(l, 0, null(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
        osimages_list_push_link(l, 0, null(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
    }
}

#[test]
fn null_pointers_with_a_length_inside_structs_name_their_field() {
    let list = new_list();
    let l = list.ptr();
    let mut table = Table::default();
    let good = table.images_one();
    let bad = |p: fn(&mut osimages_image)| {
        let mut img = good;
        p(&mut img);
        img
    };
    let nul = |len| osimages_str { ptr: null(), len };
    let one_meta = [meta("k", Some("v"))];
    let cases: Vec<(osimages_image, u32, u32)> = vec![
        (
            bad(|i| {
                i.id = osimages_str {
                    ptr: null(),
                    len: 36,
                }
            }),
            OSIMAGES_FIELD_ID,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| i.name.ptr = null()),
            OSIMAGES_FIELD_NAME,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| {
                i.created = osimages_str {
                    ptr: null(),
                    len: 20,
                }
            }),
            OSIMAGES_FIELD_CREATED,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| {
                i.updated = osimages_str {
                    ptr: null(),
                    len: 20,
                }
            }),
            OSIMAGES_FIELD_UPDATED,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| {
                i.server_id = osimages_str {
                    ptr: null(),
                    len: 36,
                }
            }),
            OSIMAGES_FIELD_SERVER_ID,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| i.metadata_len = 2),
            OSIMAGES_FIELD_METADATA,
            OSIMAGES_NO_INDEX,
        ),
        (
            bad(|i| i.links_len = 1),
            OSIMAGES_FIELD_LINKS,
            OSIMAGES_NO_INDEX,
        ),
    ];
    let with_meta = |entry: osimages_meta_entry, store: &mut Vec<[osimages_meta_entry; 2]>| {
        store.push([one_meta[0], entry]);
        let mut img = good;
        img.metadata = store.last().unwrap().as_ptr();
        img.metadata_len = 2;
        img
    };
    let mut store = Vec::with_capacity(2);
    let mut all = cases;
    all.push((
        with_meta(
            osimages_meta_entry {
                key: nul(3),
                ..meta("x", None)
            },
            &mut store,
        ),
        OSIMAGES_FIELD_METADATA_KEY,
        1,
    ));
    all.push((
        with_meta(
            osimages_meta_entry {
                value: nul(3),
                ..meta("x", Some("y"))
            },
            &mut store,
        ),
        OSIMAGES_FIELD_METADATA_VALUE,
        1,
    ));
    for (n, (img, field, entry)) in all.iter().enumerate() {
        let mut err = osimages_error_default();
        let st = unsafe { osimages_list_push(l, img, &mut 0, &mut err) };
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "case {n}");
        assert_eq!(
            (err.field, err.image, err.entry),
            (*field, 0, *entry),
            "case {n}"
        );
        assert_eq!(err.argument, 2, "case {n}: inside the image argument");
        // The same struct through the zero-copy path.
        let view = osimages_view {
            images: img,
            images_len: 1,
            ..table.view(ENDPOINTS, None, false)
        };
        let mut len = 9;
        let st = unsafe { osimages_view_render(&view, 0, 0, 0, null_mut(), 0, &mut len, &mut err) };
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "view case {n}");
        assert_eq!(
            (err.field, err.image, err.entry),
            (*field, 0, *entry),
            "view case {n}"
        );
        assert_eq!(err.argument, 1, "view case {n}");
        assert_eq!(len, 0);
    }
    assert_eq!(unsafe { osimages_list_len(l) }, 0);
}

#[test]
fn null_render_arguments_are_refused_and_leave_no_document() {
    let f = fixture(false);
    let mut err = osimages_error_default();
    for render in [list_renderer(f.list.ptr()), view_renderer(&f.view)] {
        let mut buf = Guarded::new(16, b'#');
        let mut len = 9usize;
        // buf NULL with a length.
        let st = render(0, 0, 0, null_mut(), 16, &mut len, &mut err);
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 5);
        assert_eq!(len, 0);
        // out_len NULL: refused, and buf[0] = 0.
        let st = render(0, 0, 0, buf.ptr(), 16, null_mut(), &mut err);
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 7);
        assert_eq!(buf.inner()[0], 0);
        assert!(buf.inner()[1..].iter().all(|&b| b == b'#'));
        buf.assert_canaries("out_len NULL");
    }
    let mut buf = Guarded::new(16, b'#');
    let mut len = 9usize;
    unsafe {
        osimages_list_render(null(), 0, 0, 0, buf.ptr(), 16, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        assert_eq!((len, buf.inner()[0]), (0, 0));
        osimages_view_render(null(), 0, 0, 0, buf.ptr(), 16, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
    }
    buf.assert_canaries("NULL source");
}

#[test]
fn null_cursor_arguments_are_refused() {
    let f = fixture(false);
    let cursor = new_cursor();
    let c = cursor.ptr();
    let size = size_of::<osimages_cursor>();
    let mut err = osimages_error_default();
    let mut n = 5usize;
    let mut buf = Guarded::new(8, b'#');
    unsafe {
        osimages_cursor_start_list(null_mut(), size, f.list.ptr(), 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_cursor_start_list(c, size, null(), 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
        osimages_cursor_start_view(null_mut(), size, &f.view, 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_cursor_start_view(c, size, null(), 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
        // Never started: the storage is zeroed.
        osimages_cursor_fill(c, buf.ptr(), 8, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NOT_INITIALIZED, 1);
        assert_eq!((n, buf.inner()[0]), (0, 0));
        assert_eq!(
            osimages_cursor_start_list(c, size, f.list.ptr(), 0, 0, 0, null_mut()),
            OSIMAGES_STATUS_OK
        );
        osimages_cursor_fill(null_mut(), buf.ptr(), 8, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_cursor_fill(c, null_mut(), 8, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 2);
        osimages_cursor_fill(c, buf.ptr(), 0, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_BUFFER_TOO_SMALL, 3);
        let mut fresh = Guarded::new(8, b'#');
        osimages_cursor_fill(c, fresh.ptr(), 8, null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 4);
        assert_eq!(fresh.inner()[0], 0);
        // None of the refused fills moved the cursor: the document still starts at byte 0.
        let want = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
        assert_eq!(text(&stream(cursor.ptr(), 100)), text(&want));
    }
    buf.assert_canaries("cursor");
}

// ---------------------------------------------------------------------------------------------
// Storage: alignment, size, initialisation.

#[test]
fn storage_is_checked_for_alignment_size_and_initialisation() {
    let mut err = osimages_error_default();
    // Misaligned by one byte inside a big enough, aligned block.
    let mut block = vec![0u64; 985 + 13];
    let misaligned = unsafe { block.as_mut_ptr().cast::<u8>().add(1) }.cast::<osimages_list>();
    unsafe {
        osimages_list_init(misaligned, OSIMAGES_LIST_SIZE, &mut err);
        err_is(&err, OSIMAGES_STATUS_MISALIGNED, 1);
        assert_eq!(osimages_list_len(misaligned), 0);
        osimages_list_render(misaligned, 0, 0, 0, null_mut(), 0, &mut 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_MISALIGNED, 1);
    }
    let list = CBox::new(osimages_list { opaque: [0; 985] });
    let l = list.ptr();
    unsafe {
        osimages_list_init(l, OSIMAGES_LIST_SIZE - 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_STORAGE_TOO_SMALL, 2);
        // Zeroed storage that was never initialised.
        osimages_list_set_size_extension(l, 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_NOT_INITIALIZED, 1);
        let mut len = 3;
        osimages_list_render(l, 0, 0, 0, null_mut(), 0, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NOT_INITIALIZED, 1);
        assert_eq!(len, 0);
        assert_eq!(
            osimages_list_init(l, OSIMAGES_LIST_SIZE, &mut err),
            OSIMAGES_STATUS_OK
        );
        assert_eq!(err, osimages_error_ok());
    }
    let mut cursor = vec![0u64; 13];
    let c = unsafe { cursor.as_mut_ptr().cast::<u8>().add(4) }.cast::<osimages_cursor>();
    unsafe {
        osimages_cursor_start_list(c, OSIMAGES_CURSOR_SIZE, l, 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_MISALIGNED, 1);
        let c = cursor.as_mut_ptr().cast::<osimages_cursor>();
        osimages_cursor_start_list(c, OSIMAGES_CURSOR_SIZE - 8, l, 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_STORAGE_TOO_SMALL, 2);
    }
}

fn osimages_error_ok() -> osimages_error {
    osimages_error {
        status: OSIMAGES_STATUS_OK,
        field: OSIMAGES_FIELD_NONE,
        image: OSIMAGES_NO_INDEX,
        entry: OSIMAGES_NO_INDEX,
        argument: 0,
        write_result: 0,
        needed: 0,
        key: [0; OSIMAGES_ERROR_KEY_SIZE],
    }
}

// ---------------------------------------------------------------------------------------------
// Integers from C are checked.

#[test]
fn documents_formats_and_show_indexes_are_checked() {
    let f = fixture(false);
    for render in [list_renderer(f.list.ptr()), view_renderer(&f.view)] {
        let mut err = osimages_error_default();
        let mut len = 1;
        for document in [3, 4, 255, u32::MAX] {
            render(document, 0, 0, null_mut(), 0, &mut len, &mut err);
            err_is(&err, OSIMAGES_STATUS_INVALID_DOCUMENT, 2);
            assert_eq!(len, 0);
        }
        for format in [5, 0xFF, 0x200, 0x101 | 0x400, 0x8000_0000, u32::MAX] {
            render(0, 0, format, null_mut(), 0, &mut len, &mut err);
            err_is(&err, OSIMAGES_STATUS_INVALID_FORMAT, 4);
        }
        let count = f.images.len();
        for image in [count, count + 1, usize::MAX] {
            render(
                OSIMAGES_DOCUMENT_SHOW,
                image,
                0,
                null_mut(),
                0,
                &mut len,
                &mut err,
            );
            assert_eq!(err.status, OSIMAGES_STATUS_NO_SUCH_IMAGE);
            assert_eq!(err.field, OSIMAGES_FIELD_IMAGE);
            let want = u32::try_from(image).unwrap_or(OSIMAGES_NO_INDEX - 1);
            assert_eq!(err.image, want);
        }
        // The image index is ignored for the lists.
        render(
            OSIMAGES_DOCUMENT_DETAIL,
            usize::MAX,
            0,
            null_mut(),
            0,
            &mut len,
            &mut err,
        );
        assert_eq!(err.status, OSIMAGES_STATUS_OK);
    }
}

/// One bad value in a copy of a valid image: what must be refused and where.
struct Bad {
    what: &'static str,
    image: osimages_image,
    status: osimages_status,
    field: u32,
    entry: u32,
}

fn bad_images(table: &mut Table) -> Vec<Bad> {
    let good = table.images_one();
    let mut out = Vec::new();
    let mut push =
        |what, status, field, entry, change: &dyn Fn(&mut osimages_image, &mut Table)| {
            let mut image = good;
            change(&mut image, table);
            out.push(Bad {
                what,
                image,
                status,
                field,
                entry,
            });
        };
    let none = OSIMAGES_NO_INDEX;
    push(
        "id",
        OSIMAGES_STATUS_NOT_UUID,
        OSIMAGES_FIELD_ID,
        none,
        &|i, t| i.id = t.keep("155d900f-4e14-4e4c-a73d-069cbf4541e"),
    );
    push(
        "id utf8",
        OSIMAGES_STATUS_INVALID_UTF8,
        OSIMAGES_FIELD_ID,
        none,
        &|i, _| {
            i.id = osimages_str {
                ptr: b"\xff".as_ptr().cast(),
                len: 1,
            }
        },
    );
    push(
        "name utf8",
        OSIMAGES_STATUS_INVALID_UTF8,
        OSIMAGES_FIELD_NAME,
        none,
        &|i, _| {
            i.name = osimages_str {
                ptr: b"ab\xc3".as_ptr().cast(),
                len: 3,
            }
        },
    );
    push(
        "name nul",
        OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
        OSIMAGES_FIELD_NAME,
        none,
        &|i, t| i.name = t.keep("a\0b"),
    );
    // Not UTF-8 is refused before a character XML cannot carry, wherever each one is.
    for bad in [b"\x01\xff".as_slice(), b"\xff\x01", b"a\x01\xc3"] {
        push(
            "name utf8 and control",
            OSIMAGES_STATUS_INVALID_UTF8,
            OSIMAGES_FIELD_NAME,
            none,
            &move |i, _| {
                i.name = osimages_str {
                    ptr: bad.as_ptr().cast(),
                    len: bad.len(),
                }
            },
        );
    }
    push(
        "name fffe",
        OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
        OSIMAGES_FIELD_NAME,
        none,
        &|i, t| i.name = t.keep("\u{fffe}"),
    );
    for status in [5, 6, 255, 256, u32::MAX] {
        push(
            "status",
            OSIMAGES_STATUS_UNKNOWN_IMAGE_STATUS,
            OSIMAGES_FIELD_STATUS,
            none,
            &move |i, _| i.status = status,
        );
    }
    for progress in [101, 255, 256, u32::MAX] {
        push(
            "progress",
            OSIMAGES_STATUS_PROGRESS_ABOVE_100,
            OSIMAGES_FIELD_PROGRESS,
            none,
            &move |i, _| i.progress = progress,
        );
    }
    for date in [
        "2011-02-29T00:00:00Z",
        "2011-01-01 01:02:03Z",
        "0000-01-01T00:00:00Z",
        "x",
    ] {
        push(
            "created",
            OSIMAGES_STATUS_NOT_DATE,
            OSIMAGES_FIELD_CREATED,
            none,
            &move |i, t| i.created = t.keep(date),
        );
        push(
            "updated",
            OSIMAGES_STATUS_NOT_DATE,
            OSIMAGES_FIELD_UPDATED,
            none,
            &move |i, t| i.updated = t.keep(date),
        );
    }
    push(
        "server id",
        OSIMAGES_STATUS_NOT_UUID,
        OSIMAGES_FIELD_SERVER_ID,
        none,
        &|i, t| i.server_id = t.keep("not a uuid"),
    );
    for dc in [3, 255, u32::MAX] {
        push(
            "disk config",
            OSIMAGES_STATUS_UNKNOWN_DISK_CONFIG,
            OSIMAGES_FIELD_DISK_CONFIG,
            none,
            &move |i, _| i.disk_config = dc,
        );
    }
    let metas = |t: &mut Table, entries: Vec<osimages_meta_entry>| {
        let b = entries;
        let p = b.as_ptr();
        let n = b.len();
        t.metas.push(b);
        (p, n)
    };
    push(
        "duplicate key",
        OSIMAGES_STATUS_DUPLICATE_KEY,
        OSIMAGES_FIELD_METADATA_KEY,
        2,
        &|i, t| {
            (i.metadata, i.metadata_len) = metas(
                t,
                vec![meta("a", None), meta("b", Some("1")), meta("a", Some("2"))],
            );
        },
    );
    push(
        "meta key utf8",
        OSIMAGES_STATUS_INVALID_UTF8,
        OSIMAGES_FIELD_METADATA_KEY,
        1,
        &|i, t| {
            let bad = osimages_meta_entry {
                key: osimages_str {
                    ptr: b"\xc0\x80".as_ptr().cast(),
                    len: 2,
                },
                ..meta("", None)
            };
            (i.metadata, i.metadata_len) = metas(t, vec![meta("a", None), bad]);
        },
    );
    push(
        "meta value",
        OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
        OSIMAGES_FIELD_METADATA_VALUE,
        0,
        &|i, t| {
            (i.metadata, i.metadata_len) = metas(t, vec![meta("a", Some("bell\u{7}"))]);
        },
    );
    let links = |t: &mut Table, entries: Vec<osimages_link>| {
        let b = entries;
        let p = b.as_ptr();
        let n = b.len();
        t.links.push(b);
        (p, n)
    };
    push(
        "link href",
        OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
        OSIMAGES_FIELD_LINK_HREF,
        1,
        &|i, t| {
            let bad = osimages_link {
                href: s("http://\u{1}"),
                ..link()
            };
            (i.links, i.links_len) = links(t, vec![link(), bad]);
        },
    );
    push(
        "link type",
        OSIMAGES_STATUS_INVALID_UTF8,
        OSIMAGES_FIELD_LINK_TYPE,
        0,
        &|i, t| {
            let bad = osimages_link {
                media_type: osimages_str {
                    ptr: b"\xed\xa0\x80".as_ptr().cast(),
                    len: 3,
                },
                has_media_type: 1,
                ..link()
            };
            (i.links, i.links_len) = links(t, vec![bad]);
        },
    );
    out
}

#[test]
fn every_refused_value_names_its_field_and_leaves_the_list_unchanged() {
    let mut table = Table::default();
    let cases = bad_images(&mut table);
    let f = fixture(true);
    let before = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
    let count = f.images.len();
    for (n, case) in cases.iter().enumerate() {
        let mut err = osimages_error_default();
        let mut index = 99usize;
        let list: *mut osimages_list = f.list.ptr();
        let st = unsafe { osimages_list_push(list, &case.image, &mut index, &mut err) };
        let what = case.what;
        assert_eq!(st, case.status, "{what}: {err:?}");
        assert_eq!(err.status, case.status, "{what}");
        assert_eq!(err.field, case.field, "{what}");
        assert_eq!(
            err.image as usize, count,
            "{what}: the index it would have had"
        );
        assert_eq!(err.entry, case.entry, "{what}");
        assert_eq!(index, 99, "{what}");
        assert_eq!(unsafe { osimages_list_len(list) }, count, "{what}");
        // Under Miri the list is compared once, after every case: a refused push that changed
        // it could not have changed it back.
        if !MIRI || n + 1 == cases.len() {
            let after = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
            assert!(before == after, "{what}: the list changed");
        }

        // The same image as the third of a view is refused the same way, at index 2.
        let images = [f.table.images[0], f.table.images[1], case.image];
        let view = osimages_view {
            images: images.as_ptr(),
            images_len: 3,
            ..f.view
        };
        let mut buf = Guarded::new(64, b'#');
        let mut len = 5;
        let st = unsafe { osimages_view_render(&view, 1, 0, 0, buf.ptr(), 64, &mut len, &mut err) };
        assert_eq!(st, case.status, "view {what}");
        assert_eq!(
            (err.field, err.image, err.entry),
            (case.field, 2, case.entry),
            "view {what}"
        );
        assert_eq!((len, buf.inner()[0]), (0, 0), "view {what}");
        buf.assert_canaries(what);

        // Each document and style, into a buffer the first images fit in: the refusal is the
        // same, and what was written before the bad image was reached is gone. (Under Miri,
        // compact JSON only, one document a case in turn, into a buffer that holds it: each
        // byte of the buffer is zeroed and looked at again.)
        let (formats, room) = if MIRI { (0..1, 2048) } else { (0..5, 8192) };
        let documents = [(0, 0), (1, 0), (2, 2)];
        for (k, &(document, image)) in documents.iter().enumerate() {
            if MIRI && k != n % documents.len() {
                continue;
            }
            for format in formats.clone() {
                let mut buf = Guarded::new(room, b'#');
                let mut len = 5;
                let st = unsafe {
                    osimages_view_render(
                        &view,
                        document,
                        image,
                        format,
                        buf.ptr(),
                        room,
                        &mut len,
                        &mut err,
                    )
                };
                let which = format!("view {what}, document {document}, style {format}");
                assert_eq!(st, case.status, "{which}");
                assert_eq!(
                    (err.field, err.image, err.entry),
                    (case.field, 2, case.entry),
                    "{which}"
                );
                assert_eq!(len, 0, "{which}");
                assert!(
                    buf.inner().iter().all(|&b| b == 0 || b == b'#'),
                    "{which}: part of a document was left in the buffer"
                );
                buf.assert_canaries(what);
            }
        }
    }
}

#[test]
fn list_level_values_are_checked_and_refusals_change_nothing() {
    let list = new_list();
    let l = list.ptr();
    let mut err = osimages_error_default();
    let bad = osimages_str {
        ptr: b"\xff\xff".as_ptr().cast(),
        len: 2,
    };
    unsafe {
        osimages_list_set_endpoints(l, s("http://c"), bad, s("t"), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_INVALID_UTF8);
        assert_eq!(
            (err.field, err.argument),
            (OSIMAGES_FIELD_IMAGE_ENDPOINT, 3)
        );
        osimages_list_set_endpoints(l, s("http://c"), s("http://g"), s("t\u{0}"), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_FORBIDDEN_CHARACTER);
        assert_eq!((err.field, err.argument), (OSIMAGES_FIELD_TENANT, 4));
        osimages_list_set_next_link(l, s("http://n\u{ffff}"), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_FORBIDDEN_CHARACTER);
        assert_eq!(err.field, OSIMAGES_FIELD_NEXT_LINK);
        // Text beyond the pool is refused, and the list renders as before.
        let big = "x".repeat(OSIMAGES_LIST_MAX_TEXT + 1);
        osimages_list_set_next_link(l, s(&big), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_OUT_OF_TEXT_SPACE);
        let empty = c_render(list_renderer(list.ptr()).as_ref(), 1, 0, 0);
        assert_eq!(text(&empty), r#"{"images":[]}"#);
        // push_metadata / push_link: no such image, then a duplicate key with its entry index.
        osimages_list_push_metadata(l, 0, &meta("k", None), &mut err);
        assert_eq!((err.status, err.image), (OSIMAGES_STATUS_NO_SUCH_IMAGE, 0));
        osimages_list_push_link(l, 3, &link(), &mut err);
        assert_eq!((err.status, err.image), (OSIMAGES_STATUS_NO_SUCH_IMAGE, 3));
        let mut table = Table::default();
        let one = table.images_one();
        // Its links are derived: refused until the list has endpoints.
        osimages_list_push(l, &one, &mut 0, &mut err);
        assert_eq!(
            (err.status, err.field),
            (OSIMAGES_STATUS_NO_ENDPOINTS, OSIMAGES_FIELD_LINKS)
        );
        osimages_list_set_endpoints(l, EMPTY, EMPTY, EMPTY, &mut err);
        assert_eq!(
            osimages_list_push(l, &one, &mut 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        assert_eq!(
            osimages_list_push_metadata(l, 0, &meta("k", None), &mut err),
            OSIMAGES_STATUS_OK
        );
        osimages_list_push_metadata(l, 0, &meta("k", Some("again")), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_DUPLICATE_KEY);
        assert_eq!(
            (err.field, err.image, err.entry),
            (OSIMAGES_FIELD_METADATA_KEY, 0, 1)
        );
        assert_eq!(
            osimages_list_push_link(l, 0, &link(), &mut err),
            OSIMAGES_STATUS_OK
        );
        let shown = c_render(list_renderer(list.ptr()).as_ref(), 2, 0, 0);
        assert_eq!(
            text(&shown),
            r#"{"image":{"created":null,"id":"155d900f-4e14-4e4c-a73d-069cbf4541e6","links":[{"href":"http://h/x","rel":"self"}],"metadata":{"k":null},"minDisk":0,"minRam":0,"name":"one","progress":0,"status":"ACTIVE","updated":null}}"#
        );
        assert_eq!(
            osimages_list_remove_next_link(l, &mut err),
            OSIMAGES_STATUS_OK
        );
        assert_eq!(osimages_list_clear(l, &mut err), OSIMAGES_STATUS_OK);
        assert_eq!(osimages_list_len(l), 0);
    }
}

#[test]
fn capacities_are_the_header_constants_and_a_full_list_refuses_whole_images() {
    let list = new_list();
    let l = list.ptr();
    let mut table = Table::default();
    let mut err = osimages_error_default();
    // 16 images of 8 entries each fill the metadata pool exactly.
    let keys: Vec<String> = (0..8).map(|k| format!("key{k}")).collect();
    let entries: Vec<osimages_meta_entry> = keys
        .iter()
        .map(|k| osimages_meta_entry {
            key: s(k),
            value: EMPTY,
            has_value: 0,
        })
        .collect();
    let mut img = table.images_one();
    img.metadata = entries.as_ptr();
    img.metadata_len = entries.len();
    unsafe { osimages_list_set_endpoints(l, EMPTY, EMPTY, EMPTY, null_mut()) };
    for i in 0..OSIMAGES_LIST_MAX_IMAGES {
        assert_eq!(
            unsafe { osimages_list_push(l, &img, &mut 0, &mut err) },
            OSIMAGES_STATUS_OK,
            "image {i}: {err:?}"
        );
    }
    assert_eq!(OSIMAGES_LIST_MAX_IMAGES * 8, OSIMAGES_LIST_MAX_METADATA);
    unsafe {
        osimages_list_push(l, &img, &mut 0, &mut err);
        assert_eq!(
            (err.status, err.image),
            (OSIMAGES_STATUS_TOO_MANY_IMAGES, 16)
        );
        osimages_list_push_metadata(l, 3, &meta("more", None), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_TOO_MANY_METADATA);
        assert_eq!(osimages_list_len(l), 16);
    }
}

#[test]
fn an_image_that_does_not_fit_is_refused_whole_saying_what_it_needs() {
    // Room for the image's scalars and first entries but not its last: the whole image is
    // checked before any of it is stored, and the refusal says what the list would need.
    let list = new_list();
    let l = list.ptr();
    let mut table = Table::default();
    let mut err = osimages_error_default();
    let long = "v".repeat(OSIMAGES_LIST_MAX_TEXT - 100);
    let entries = [
        meta("a", Some("1")),
        osimages_meta_entry {
            value: s(&long),
            ..meta("b", Some(""))
        },
    ];
    let mut img = table.images_one();
    img.metadata = entries.as_ptr();
    img.metadata_len = 2;
    let mut used = osimages_capacity::default();
    unsafe {
        osimages_list_set_endpoints(l, EMPTY, EMPTY, EMPTY, null_mut());
        assert_eq!(
            osimages_list_push(l, &img, &mut 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        assert_eq!(
            osimages_list_used(l, &mut used, &mut err),
            OSIMAGES_STATUS_OK
        );
        let one = used.bytes;
        assert_eq!((used.images, used.metadata, used.links), (1, 2, 0));
        let before = c_render(list_renderer(list.ptr()).as_ref(), 0, 0, 0);
        osimages_list_push(l, &img, &mut 0, &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_OUT_OF_TEXT_SPACE);
        assert_eq!(
            (err.field, err.image, err.entry, err.needed),
            (OSIMAGES_FIELD_IMAGE, 1, OSIMAGES_NO_INDEX, 2 * one)
        );
        assert_eq!(osimages_list_len(l), 1);
        let after = c_render(list_renderer(list.ptr()).as_ref(), 0, 0, 0);
        assert!(before == after);
        osimages_list_used(l, &mut used, &mut err);
        assert_eq!(used.bytes, one);
        // And the room is still there for something that fits.
        img.metadata_len = 1;
        assert_eq!(
            osimages_list_push(l, &img, &mut 0, &mut err),
            OSIMAGES_STATUS_OK
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Cursors: a changed list, a changed view, overlaps.

#[test]
fn a_cursor_over_a_changed_list_stops_and_one_over_a_view_rechecks_it() {
    let f = fixture(false);
    let cursor = new_cursor();
    let size = size_of::<osimages_cursor>();
    let mut err = osimages_error_default();
    let mut n = 0;
    // Under Miri in bigger chunks: fewer fills of the same kind.
    let chunk_len = if MIRI { 64 } else { 16 };
    let mut chunk = vec![0u8; chunk_len];
    unsafe {
        assert_eq!(
            osimages_cursor_start_list(cursor.ptr(), size, f.list.ptr(), 0, 0, 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        osimages_cursor_fill(
            cursor.ptr(),
            chunk.as_mut_ptr().cast(),
            chunk_len,
            &mut n,
            &mut err,
        );
        assert_eq!((err.status, n), (OSIMAGES_STATUS_OK, chunk_len));
        osimages_list_set_size_extension(f.list.ptr(), 1, &mut err);
        osimages_cursor_fill(
            cursor.ptr(),
            chunk.as_mut_ptr().cast(),
            chunk_len,
            &mut n,
            &mut err,
        );
        assert_eq!(
            (err.status, n, chunk[0]),
            (OSIMAGES_STATUS_LIST_CHANGED, 0, 0)
        );
        // Re-initialising the list also stops it, even if as many changes follow.
        assert_eq!(
            osimages_cursor_start_list(cursor.ptr(), size, f.list.ptr(), 0, 0, 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        osimages_list_init(f.list.ptr(), OSIMAGES_LIST_SIZE, &mut err);
        osimages_cursor_fill(
            cursor.ptr(),
            chunk.as_mut_ptr().cast(),
            chunk_len,
            &mut n,
            &mut err,
        );
        assert_eq!(err.status, OSIMAGES_STATUS_LIST_CHANGED);

        // A view whose table turns invalid between two fills: the next fill says why.
        // Changed below through the same pointer the view holds, as C would.
        let mut images = f.table.images.clone();
        let table = images.as_mut_ptr();
        let view = osimages_view {
            images: table,
            images_len: images.len(),
            ..f.view
        };
        assert_eq!(
            osimages_cursor_start_view(cursor.ptr(), size, &view, 0, 0, 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        osimages_cursor_fill(
            cursor.ptr(),
            chunk.as_mut_ptr().cast(),
            chunk_len,
            &mut n,
            &mut err,
        );
        assert_eq!(err.status, OSIMAGES_STATUS_OK);
        // Fills check the images they write: the change is reported when image 4 is reached,
        // and that chunk is dropped (zeroed) without moving the cursor.
        (*table.add(4)).progress = 1000;
        let mut fills = 0;
        loop {
            chunk.fill(b'#');
            osimages_cursor_fill(
                cursor.ptr(),
                chunk.as_mut_ptr().cast(),
                chunk_len,
                &mut n,
                &mut err,
            );
            if err.status != OSIMAGES_STATUS_OK {
                break;
            }
            assert!(n > 0, "the document ended without reaching image 4");
            fills += 1;
        }
        assert!(
            fills * chunk_len > 800,
            "images 0 to 3 were written first ({fills} fills of {chunk_len})"
        );
        assert_eq!(err.status, OSIMAGES_STATUS_PROGRESS_ABOVE_100);
        assert_eq!((err.image, err.field, n), (4, OSIMAGES_FIELD_PROGRESS, 0));
        assert_eq!(chunk[0], 0);
        assert!(chunk.iter().all(|&b| b == 0 || b == b'#'));
        (*table.add(4)).progress = 100;
        osimages_cursor_fill(
            cursor.ptr(),
            chunk.as_mut_ptr().cast(),
            chunk_len,
            &mut n,
            &mut err,
        );
        assert_eq!((err.status, n), (OSIMAGES_STATUS_OK, chunk_len));
    }
}

/// One fill of `len` bytes through `cursor`: its status and what it wrote (`#` where it wrote
/// nothing).
unsafe fn fill_once(cursor: *mut osimages_cursor, len: usize) -> (osimages_status, Vec<u8>) {
    let mut chunk = vec![b'#'; len];
    let (mut n, mut err) = (usize::MAX, osimages_error_default());
    let st =
        unsafe { osimages_cursor_fill(cursor, chunk.as_mut_ptr().cast(), len, &mut n, &mut err) };
    assert_eq!(st, err.status);
    if st != OSIMAGES_STATUS_OK {
        assert_eq!((n, chunk[0], err.field), (0, 0, OSIMAGES_FIELD_NONE));
        assert!(chunk[1..].iter().all(|&b| b == b'#'));
        return (st, Vec::new());
    }
    chunk.truncate(n);
    (st, chunk)
}

#[test]
fn a_cursor_over_a_view_refuses_a_change_where_it_stands_and_renders_one_ahead() {
    let f = fixture(false);
    let cursor = new_cursor();
    let mut err = osimages_error_default();
    let chunk_len = if MIRI { 64 } else { 16 };
    // Changed below through the pointers the view holds, as C would.
    let mut images = f.table.images.clone();
    let table = images.as_mut_ptr();
    let mut view = osimages_view {
        images: table,
        images_len: images.len(),
        ..f.view
    };
    let v: *mut osimages_view = &mut view;
    unsafe {
        assert_eq!(
            osimages_cursor_start_view(cursor.ptr(), OSIMAGES_CURSOR_SIZE, v, 0, 0, 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        let (st, mut out) = fill_once(cursor.ptr(), chunk_len);
        assert_eq!((st, out.len()), (OSIMAGES_STATUS_OK, chunk_len));
        // An image not reached yet: rendered as it is when the cursor gets there.
        let last = (*v).images_len - 1;
        (*table.add(last)).name = osimages_str_from_cstr(c"renamed".as_ptr());
        (*table.add(last)).has_name = 1;
        let (st, chunk) = fill_once(cursor.ptr(), chunk_len);
        assert_eq!(st, OSIMAGES_STATUS_OK);
        out.extend(chunk);
        // Where the cursor stands now (image 0): its metadata, the number of images, an
        // endpoint. Each is refused with the cursor where it was, and it goes on once the view
        // is as it was.
        let length_of = |k: usize| -> *mut usize {
            match k {
                0 => &raw mut (*table).metadata_len,
                1 => &raw mut (*v).images_len,
                _ => &raw mut (*v).tenant.len,
            }
        };
        let changes = ["image 0's metadata", "the number of images", "the tenant"];
        for (k, what) in changes.into_iter().enumerate() {
            *length_of(k) -= 1;
            let (st, _) = fill_once(cursor.ptr(), chunk_len);
            assert_eq!(st, OSIMAGES_STATUS_VIEW_CHANGED, "{what}");
            *length_of(k) += 1;
            let (st, chunk) = fill_once(cursor.ptr(), chunk_len);
            assert_eq!((st, chunk.len()), (OSIMAGES_STATUS_OK, chunk_len), "{what}");
            out.extend(chunk);
        }
        loop {
            let (st, chunk) = fill_once(cursor.ptr(), chunk_len);
            assert_eq!(st, OSIMAGES_STATUS_OK);
            if chunk.is_empty() {
                break;
            }
            out.extend(chunk);
        }
        // The document as the view is now, the renamed image among it.
        let want = c_render(view_renderer(&*v).as_ref(), 0, 0, 0);
        assert!(want.windows(9).any(|w| w == b"\"renamed\""));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }
}

#[test]
fn buffers_overlapping_the_storage_are_refused_before_anything_is_written() {
    let f = fixture(false);
    let mut err = osimages_error_default();
    let mut len = 1;
    unsafe {
        // The list storage itself as the output buffer.
        let inside = (f.list.ptr() as *const osimages_list)
            .cast::<u8>()
            .cast_mut()
            .add(100);
        let before = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
        osimages_list_render(f.list.ptr(), 0, 0, 0, inside.cast(), 64, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 5);
        assert_eq!(len, 0);
        let after = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
        assert!(before == after, "the list was not written");

        let cursor = new_cursor();
        let size = size_of::<osimages_cursor>();
        osimages_cursor_start_list(cursor.ptr(), size, f.list.ptr(), 0, 0, 0, &mut err);
        let c = cursor.ptr();
        osimages_cursor_fill(c, c.cast::<u8>().add(8).cast(), 8, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);
        osimages_cursor_fill(c, inside.cast(), 8, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);
        // A cursor stored inside the list it renders.
        let in_list = inside.cast::<osimages_cursor>().byte_add(4);
        osimages_cursor_start_list(in_list, size, f.list.ptr(), 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 1);
    }
}

#[test]
fn a_length_past_the_address_space_is_refused_as_a_length_before_any_overlap() {
    // `SIZE_MAX` bytes from inside the list would also reach over it: the length is what is
    // wrong, and is named (the argument after the buffer), for every buffer contract.
    let f = fixture(false);
    let mut err = osimages_error_default();
    let mut len = 7;
    let mut r = Received::default();
    let ctx: *mut c_void = (&mut r as *mut Received).cast();
    unsafe {
        let inside = f.list.ptr().cast::<u8>().add(100);
        let before = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
        osimages_list_render(
            f.list.ptr(),
            0,
            0,
            0,
            inside.cast(),
            usize::MAX,
            &mut len,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_INVALID_LENGTH, 6);
        assert_eq!(len, 0);
        osimages_list_write(
            f.list.ptr(),
            0,
            0,
            0,
            inside,
            usize::MAX,
            Some(receive),
            ctx,
            &mut len,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_INVALID_LENGTH, 6);
        assert!(r.calls.is_empty());
        let cursor = new_cursor();
        let size = size_of::<osimages_cursor>();
        osimages_cursor_start_list(cursor.ptr(), size, f.list.ptr(), 0, 0, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_OK, 0);
        osimages_cursor_fill(cursor.ptr(), inside.cast(), usize::MAX, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_LENGTH, 3);
        let after = c_render(list_renderer(f.list.ptr()).as_ref(), 0, 0, 0);
        assert!(before == after, "the list was not written");
        // A buffer that does fit but reaches over the list is still an overlap.
        osimages_cursor_fill(cursor.ptr(), inside.cast(), 64, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);
    }
}

#[test]
fn null_strings_with_a_length_in_list_level_values_name_their_field() {
    let nul = |len| osimages_str { ptr: null(), len };
    let list = new_list();
    let l = list.ptr();
    let mut err = osimages_error_default();
    unsafe {
        osimages_list_set_endpoints(l, nul(4), s("http://g"), s("t"), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_NULL_POINTER);
        assert_eq!(
            (err.field, err.argument),
            (OSIMAGES_FIELD_COMPUTE_ENDPOINT, 2)
        );
        osimages_list_set_endpoints(l, s("http://c"), s("http://g"), nul(1), &mut err);
        assert_eq!((err.field, err.argument), (OSIMAGES_FIELD_TENANT, 4));
        osimages_list_set_next_link(l, nul(9), &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_NULL_POINTER);
        assert_eq!((err.field, err.argument), (OSIMAGES_FIELD_NEXT_LINK, 2));
        // {NULL, 0} is the empty string, not an error.
        assert_eq!(
            osimages_list_set_endpoints(l, EMPTY, EMPTY, EMPTY, &mut err),
            OSIMAGES_STATUS_OK
        );
        let mut table = Table::default();
        table.images_one();
        assert_eq!(
            osimages_list_push(l, &table.images[0], &mut 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        let bad_link = osimages_link {
            rel: nul(4),
            ..link()
        };
        osimages_list_push_link(l, 0, &bad_link, &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_NULL_POINTER);
        assert_eq!(
            (err.field, err.image, err.entry),
            (OSIMAGES_FIELD_LINK_REL, 0, 0)
        );
        let bad_entry = osimages_meta_entry {
            value: nul(2),
            ..meta("k", Some("v"))
        };
        osimages_list_push_metadata(l, 0, &bad_entry, &mut err);
        assert_eq!(
            (err.field, err.image, err.entry),
            (OSIMAGES_FIELD_METADATA_VALUE, 0, 0)
        );
    }
    let mut table = Table::default();
    table.images_one();
    let good = table.view(ENDPOINTS, None, false);
    let views = [
        (
            osimages_view {
                compute: nul(3),
                ..good
            },
            OSIMAGES_FIELD_COMPUTE_ENDPOINT,
        ),
        (
            osimages_view {
                image_service: nul(3),
                ..good
            },
            OSIMAGES_FIELD_IMAGE_ENDPOINT,
        ),
        (
            osimages_view {
                tenant: nul(3),
                ..good
            },
            OSIMAGES_FIELD_TENANT,
        ),
        (
            osimages_view {
                images: null(),
                images_len: 2,
                ..good
            },
            OSIMAGES_FIELD_IMAGES,
        ),
        (
            osimages_view {
                next_link: nul(3),
                has_next_link: 1,
                ..good
            },
            OSIMAGES_FIELD_NEXT_LINK,
        ),
    ];
    for (view, field) in views {
        let mut len = 7;
        let st = unsafe { osimages_view_render(&view, 0, 0, 0, null_mut(), 0, &mut len, &mut err) };
        assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "field {field}");
        assert_eq!(
            (err.field, err.argument, len),
            (field, 1, 0),
            "field {field}"
        );
        let cursor = new_cursor();
        let size = size_of::<osimages_cursor>();
        let st =
            unsafe { osimages_cursor_start_view(cursor.ptr(), size, &view, 0, 0, 0, &mut err) };
        assert_eq!(
            (st, err.field, err.argument),
            (OSIMAGES_STATUS_NULL_POINTER, field, 3)
        );
    }
    // A next link that is not there is not read, whatever its pointer.
    let ignored = osimages_view {
        next_link: nul(3),
        has_next_link: 0,
        ..good
    };
    let mut len = 0;
    let st = unsafe { osimages_view_render(&ignored, 0, 0, 0, null_mut(), 0, &mut len, &mut err) };
    assert_eq!(st, OSIMAGES_STATUS_OK);
    assert!(len > 0);
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the `ffi` fuzz target.

/// The first two words of list or cursor storage: the magic and, for a list, the generation.
/// (Only these are read: other bytes may be padding, which Miri rightly calls uninitialised.)
fn header<T>(p: *const T) -> (u64, u64) {
    let w = p.cast::<u64>();
    unsafe { (w.read(), w.add(1).read()) }
}

#[test]
fn a_buffer_over_the_storage_is_never_written_not_even_its_first_byte() {
    // A refused fill used to zero `buf[0]` after OVERLAP (and a render did when `out_len` was
    // NULL), which wrote into the very cursor or list the check protects: the cursor's magic, so
    // the cursor was gone, or a byte of the list (here its magic and its generation).
    let f = fixture(false);
    let summary = OSIMAGES_DOCUMENT_SUMMARY;
    let want = c_render(list_renderer(f.list.ptr()).as_ref(), summary, 0, 0);
    let list: *const osimages_list = f.list.ptr();
    let inside_list =
        |o: usize| unsafe { list.cast::<u8>().cast_mut().add(o) }.cast::<std::ffi::c_char>();
    let mut err = osimages_error_default();
    let cursor = new_cursor();
    let c = cursor.ptr();
    let size = size_of::<osimages_cursor>();
    unsafe {
        assert_eq!(
            osimages_cursor_start_list(c, size, list, summary, 0, 0, &mut err),
            OSIMAGES_STATUS_OK
        );
        let (list_before, cursor_before) = (header(list), header(c).0);
        for (buf, out) in [
            (c.cast::<std::ffi::c_char>(), &mut 7usize as *mut usize),
            (c.cast::<std::ffi::c_char>(), null_mut()),
            (inside_list(0), &mut 7usize as *mut usize),
            (inside_list(0), null_mut()),
            (inside_list(8), null_mut()),
        ] {
            let st = osimages_cursor_fill(c, buf, 8, out, &mut err);
            assert_ne!(st, OSIMAGES_STATUS_OK);
            assert_eq!(header(c).0, cursor_before, "the cursor was written");
            assert_eq!(header(list), list_before, "the list was written");
        }
        for o in [0, 8] {
            let mut len = 5;
            let st = osimages_list_render(list, 0, 0, 0, inside_list(o), 8, null_mut(), &mut err);
            err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 7);
            assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER);
            osimages_list_render(list, 0, 0, 0, inside_list(o), 8, &mut len, &mut err);
            err_is(&err, OSIMAGES_STATUS_OVERLAP, 5);
            assert_eq!(header(list), list_before, "the list was written");
        }
    }
    // The cursor is intact, and its list unchanged: it streams the whole document.
    assert_eq!(text(&stream(cursor.ptr(), 64)), text(&want));
}

#[test]
fn null_buffers_with_a_length_are_null_even_when_the_source_is_null_too() {
    // NULL with a length was taken for a memory range starting at address 0, and reported as
    // overlapping a NULL list or view: OSIMAGES_STATUS_OVERLAP instead of NULL_POINTER.
    let mut err = osimages_error_default();
    let mut len = 5;
    unsafe {
        osimages_list_render(null(), 0, 0, 0, null_mut(), 16, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 5);
        osimages_view_render(null(), 0, 0, 0, null_mut(), 16, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 5);
        assert_eq!(len, 0);
        let mut n = 3;
        osimages_cursor_fill(null_mut(), null_mut(), 16, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
    }
}

#[test]
fn a_cursor_stored_inside_its_view_is_refused() {
    // start_view did not check the cursor storage against the view it keeps a pointer to (as
    // start_list does against the list): the cursor was written over the caller's
    // `osimages_view`, and later fills read that as pointers.
    let mut table = Table::default();
    table.images_one();
    let view = table.view(ENDPOINTS, None, false);
    // A view with room after it, so that the cursor storage can start inside it.
    let mut block = vec![0u64; size_of::<osimages_view>() / 8 + OSIMAGES_CURSOR_SIZE / 8 + 1];
    let v = block.as_mut_ptr().cast::<osimages_view>();
    unsafe { v.write(view) };
    let view_size = size_of::<osimages_view>();
    let before = format!("{view:?}");
    let mut err = osimages_error_default();
    for o in (0..view_size).step_by(8) {
        let c = unsafe { v.cast::<u8>().add(o) }.cast::<osimages_cursor>();
        let st =
            unsafe { osimages_cursor_start_view(c, OSIMAGES_CURSOR_SIZE, v, 0, 0, 0, &mut err) };
        assert_eq!(
            st, OSIMAGES_STATUS_OVERLAP,
            "cursor at byte {o} of the view"
        );
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 1);
        assert_eq!(
            format!("{:?}", unsafe { *v }),
            before,
            "the view was written"
        );
    }
    // Right after the view is fine.
    let c = unsafe { v.cast::<u8>().add(view_size.next_multiple_of(8)) }.cast::<osimages_cursor>();
    let st = unsafe { osimages_cursor_start_view(c, OSIMAGES_CURSOR_SIZE, v, 0, 0, 0, &mut err) };
    assert_eq!(st, OSIMAGES_STATUS_OK);
}

// ---------------------------------------------------------------------------------------------
// Update in place and parsing from C: the same semantics as the Rust list, refusals included.

type RustList = ImageList<16, 128, 16, 4096>;

type CChange = dyn Fn(*mut osimages_list, &mut osimages_error) -> osimages_status;
type RustChange = dyn Fn(&mut RustList) -> Result<(), osimages::Error>;

/// One change made to the C list and to the Rust list.
struct Step {
    what: &'static str,
    c: Box<CChange>,
    rust: Box<RustChange>,
}

fn step(
    what: &'static str,
    c: impl Fn(*mut osimages_list, &mut osimages_error) -> osimages_status + 'static,
    rust: impl Fn(&mut RustList) -> Result<(), osimages::Error> + 'static,
) -> Step {
    Step {
        what,
        c: Box::new(c),
        rust: Box::new(rust),
    }
}

/// The C list and the Rust list agree: what they hold and what they render, in every document
/// and format (under Miri, where each render is costly and the renderer is not what is tested,
/// one document in one format unless `all`).
fn same_lists(c: *mut osimages_list, rust: &RustList, what: &str, all: bool) {
    let mut used = osimages_capacity::default();
    let mut err = osimages_error_default();
    assert_eq!(
        unsafe { osimages_list_used(c, &mut used, &mut err) },
        OSIMAGES_STATUS_OK
    );
    let want = rust.used();
    assert_eq!(
        (used.images, used.metadata, used.links, used.bytes),
        (want.images, want.metadata, want.links, want.bytes),
        "{what}"
    );
    let render = list_renderer(c);
    let mut requests = requests();
    if MIRI && !all {
        // The show document of the first image, the cheapest.
        requests = vec![(OSIMAGES_DOCUMENT_SHOW, 0, Style::JsonCompact.into())];
    }
    for (document, code, format) in requests {
        let got = c_render(render.as_ref(), document, 0, code);
        let want = rust_render(
            rust.detail(),
            rust.summary(),
            rust.show(0),
            document,
            format,
        );
        assert!(got == want, "{what}: {}\nrust: {}", text(&got), text(&want));
    }
}

/// The steps, then the C list and the Rust list are compared after each (the refusals field by
/// field: status, field, image, entry, what is needed).
fn run_steps(c: *mut osimages_list, rust: &mut RustList, steps: Vec<Step>) {
    for s in steps {
        let mut err = osimages_error_default();
        let status = (s.c)(c, &mut err);
        assert_eq!(status, err.status, "{}", s.what);
        match (s.rust)(rust) {
            Ok(()) => assert_eq!(status, OSIMAGES_STATUS_OK, "{}: {err:?}", s.what),
            Err(e) => {
                let no = OSIMAGES_NO_INDEX;
                assert_eq!(status as u32, 100 + e.kind as u32, "{}: {err:?}", s.what);
                assert_eq!(
                    (err.field, err.image, err.entry, err.needed),
                    (
                        e.field as u32,
                        e.image.unwrap_or(no),
                        e.entry.unwrap_or(no),
                        e.needed.unwrap_or(0)
                    ),
                    "{}",
                    s.what
                );
            }
        }
        same_lists(c, rust, s.what, false);
    }
    same_lists(c, rust, "after every step", true);
}

#[test]
fn every_update_through_c_does_what_the_rust_list_does() {
    let mut f = fixture(false);
    let c = f.list.ptr();
    let bad_utf8 = osimages_str {
        ptr: b"a\xff".as_ptr().cast(),
        len: 2,
    };
    let link_with = |href: &'static str| osimages_link {
        href: s(href),
        rel: s("describedby"),
        media_type: s("text/html"),
        has_media_type: 1,
    };
    let rust_link = |href: &'static str| LinkRef {
        href,
        rel: "describedby",
        media_type: Some("text/html"),
    };
    let ts = |t: &str| Some(Timestamp::parse(t, osimages::Field::Created).unwrap());
    let steps = vec![
        step(
            "status",
            |l, e| unsafe { osimages_list_set_status(l, 0, OSIMAGES_IMAGE_STATUS_SAVING, e) },
            |r| r.set_status(0, Status::Saving),
        ),
        step(
            "status of no image",
            |l, e| unsafe { osimages_list_set_status(l, 99, OSIMAGES_IMAGE_STATUS_SAVING, e) },
            |r| r.set_status(99, Status::Saving),
        ),
        step(
            "progress",
            |l, e| unsafe { osimages_list_set_progress(l, 0, 55, e) },
            |r| r.set_progress(0, 55),
        ),
        step(
            "progress 101",
            |l, e| unsafe { osimages_list_set_progress(l, 0, 101, e) },
            |r| r.set_progress(0, 101),
        ),
        step(
            "created",
            |l, e| unsafe { osimages_list_set_created(l, 0, s("2012-02-29T23:59:59Z"), e) },
            move |r| r.set_created(0, ts("2012-02-29T23:59:59Z")),
        ),
        step(
            "updated null",
            |l, e| unsafe { osimages_list_set_updated(l, 0, EMPTY, e) },
            |r| r.set_updated(0, None),
        ),
        step(
            "updated, not a date",
            |l, e| unsafe { osimages_list_set_updated(l, 0, s("2011-02-29T00:00:00Z"), e) },
            |_| {
                Err(
                    osimages::Timestamp::parse("2011-02-29T00:00:00Z", osimages::Field::Updated)
                        .unwrap_err()
                        .at_image(0),
                )
            },
        ),
        step(
            "name, longer",
            |l, e| unsafe { osimages_list_set_name(l, 0, s("a much longer name <&>"), 1, e) },
            |r| r.set_name(0, Some("a much longer name <&>")),
        ),
        step(
            "name null",
            |l, e| unsafe { osimages_list_set_name(l, 1, s("ignored"), 0, e) },
            |r| r.set_name(1, None),
        ),
        step(
            "name with a forbidden character",
            |l, e| unsafe { osimages_list_set_name(l, 1, s("a\u{1}"), 1, e) },
            |r| r.set_name(1, Some("a\u{1}")),
        ),
        step(
            "name not UTF-8",
            move |l, e| unsafe { osimages_list_set_name(l, 1, bad_utf8, 1, e) },
            |_| {
                Err(
                    osimages::Error::new(osimages::ErrorKind::InvalidUtf8, osimages::Field::Name)
                        .at_image(1),
                )
            },
        ),
        step(
            "size",
            |l, e| unsafe { osimages_list_set_size(l, 2, 1, 4096, e) },
            |r| r.set_size(2, Some(4096)),
        ),
        step(
            "size null",
            |l, e| unsafe { osimages_list_set_size(l, 3, 0, 77, e) },
            |r| r.set_size(3, None),
        ),
        step(
            "disk config",
            |l, e| unsafe { osimages_list_set_disk_config(l, 1, OSIMAGES_DISK_CONFIG_MANUAL, e) },
            |r| r.set_disk_config(1, Some(DiskConfig::Manual)),
        ),
        step(
            "no disk config",
            |l, e| unsafe { osimages_list_set_disk_config(l, 0, OSIMAGES_DISK_CONFIG_NONE, e) },
            |r| r.set_disk_config(0, None),
        ),
        step(
            "unknown disk config",
            |l, e| unsafe { osimages_list_set_disk_config(l, 0, 3, e) },
            |_| {
                Err(osimages::Error::new(
                    osimages::ErrorKind::UnknownDiskConfig,
                    osimages::Field::DiskConfig,
                )
                .at_image(0))
            },
        ),
        step(
            "metadata value replaced",
            |l, e| unsafe {
                osimages_list_set_metadata(l, 0, &meta("kernel_id", Some("vmlinuz")), e)
            },
            |r| r.set_metadata(0, "kernel_id", Some("vmlinuz")),
        ),
        step(
            "metadata value null",
            |l, e| unsafe { osimages_list_set_metadata(l, 0, &meta("ramdisk_id", None), e) },
            |r| r.set_metadata(0, "ramdisk_id", None),
        ),
        step(
            "metadata entry added",
            |l, e| unsafe { osimages_list_set_metadata(l, 0, &meta("new", Some("v")), e) },
            |r| r.set_metadata(0, "new", Some("v")),
        ),
        step(
            "metadata value forbidden",
            |l, e| unsafe { osimages_list_set_metadata(l, 0, &meta("new", Some("\u{ffff}")), e) },
            |r| r.set_metadata(0, "new", Some("\u{ffff}")),
        ),
        step(
            "metadata removed",
            |l, e| unsafe { osimages_list_remove_metadata(l, 0, s("architecture"), e) },
            |r| r.remove_metadata(0, "architecture"),
        ),
        step(
            "metadata, no such key",
            |l, e| unsafe { osimages_list_remove_metadata(l, 0, s("architecture"), e) },
            |r| r.remove_metadata(0, "architecture"),
        ),
        step(
            "metadata, a key no entry could have",
            |l, e| unsafe { osimages_list_remove_metadata(l, 0, s("arch\u{1}"), e) },
            |r| r.remove_metadata(0, "arch\u{1}"),
        ),
        step(
            "explicit links",
            move |l, e| unsafe {
                let links = [link_with("http://a/1"), link_with("http://a/2")];
                osimages_list_set_links(l, 2, links.as_ptr(), 2, 1, e)
            },
            move |r| {
                r.set_links(
                    2,
                    Links::Explicit(&[rust_link("http://a/1"), rust_link("http://a/2")]),
                )
            },
        ),
        step(
            "a link removed",
            |l, e| unsafe { osimages_list_remove_link(l, 2, 0, e) },
            |r| r.remove_link(2, 0),
        ),
        step(
            "no such link",
            |l, e| unsafe { osimages_list_remove_link(l, 2, 1, e) },
            |r| r.remove_link(2, 1),
        ),
        step(
            "no links at all",
            |l, e| unsafe { osimages_list_set_links(l, 3, null(), 0, 1, e) },
            |r| r.set_links(3, Links::Explicit(&[])),
        ),
        step(
            "derived links again",
            |l, e| unsafe { osimages_list_set_links(l, 2, null(), 0, 0, e) },
            |r| r.set_links(2, Links::Derived),
        ),
        step(
            "a forbidden link",
            move |l, e| unsafe {
                let links = [link_with("ok"), link_with("\u{0}")];
                osimages_list_set_links(l, 4, links.as_ptr(), 2, 1, e)
            },
            move |r| r.set_links(4, Links::Explicit(&[rust_link("ok"), rust_link("\u{0}")])),
        ),
        step(
            "more links than the list holds",
            move |l, e| unsafe {
                let links = vec![link_with("x"); 17];
                osimages_list_set_links(l, 5, links.as_ptr(), links.len(), 1, e)
            },
            move |r| r.set_links(5, Links::Explicit(&vec![rust_link("x"); 17])),
        ),
        step(
            "an image removed",
            |l, e| unsafe { osimages_list_remove(l, 1, e) },
            |r| r.remove(1),
        ),
        step(
            "no such image to remove",
            |l, e| unsafe { osimages_list_remove(l, 99, e) },
            |r| r.remove(99),
        ),
    ];
    run_steps(c, &mut f.rust, steps);
    // Pointers C alone can get wrong: a NULL array with a length, the entry itself NULL.
    let mut err = osimages_error_default();
    unsafe {
        osimages_list_set_links(c, 0, null(), 2, 1, &mut err);
        assert_eq!(
            (err.status, err.field, err.image),
            (OSIMAGES_STATUS_NULL_POINTER, OSIMAGES_FIELD_LINKS, 0)
        );
        assert_eq!(err.argument, 3);
        osimages_list_set_metadata(c, 0, null(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 3);
    }
    same_lists(c, &f.rust, "after the refusals", false);
}

/// JSON documents that the parser refuses, each with the status it reports (all of 120..=129
/// that a document can cause; 125, "nested too deeply", cannot happen: any value nested deeper
/// than an image document's shape is refused as the wrong type first).
fn refused_documents() -> Vec<(&'static str, String, osimages_status)> {
    let image = |extra: &str| {
        format!(
            r#"{{"images": [{{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "n", "status": "ACTIVE", "progress": 5, "minDisk": 1, "minRam": 2, "created": null, "updated": null, "metadata": {{}}, "links": [{{"href": "h", "rel": "r"}}]{extra}}}]}}"#
        )
    };
    vec![
        ("syntax", r#"{"images": ["#.into(), OSIMAGES_STATUS_SYNTAX),
        (
            "wrong type",
            image(r#", "OS-EXT-IMG-SIZE:size": "1""#),
            OSIMAGES_STATUS_WRONG_TYPE,
        ),
        ("missing", "{}".into(), OSIMAGES_STATUS_MISSING_FIELD),
        (
            "twice",
            image(r#", "name": "again""#),
            OSIMAGES_STATUS_DUPLICATE_FIELD,
        ),
        (
            "unknown key",
            image(r#", "bogus": 1"#),
            OSIMAGES_STATUS_UNKNOWN_FIELD,
        ),
        (
            "escape",
            image(r#", "OS-DCF:diskConfig": "\x""#),
            OSIMAGES_STATUS_INVALID_ESCAPE,
        ),
        (
            "server links",
            image(r#", "server": {"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "links": []}"#),
            OSIMAGES_STATUS_NOT_DERIVABLE,
        ),
        (
            "number",
            image(r#", "OS-EXT-IMG-SIZE:size": -1"#),
            OSIMAGES_STATUS_NUMBER_OUT_OF_RANGE,
        ),
        (
            "a pagination link other than next",
            r#"{"images": [], "images_links": [{"href": "h", "rel": "prev"}]}"#.into(),
            OSIMAGES_STATUS_NOT_NEXT_LINK,
        ),
        (
            "not a UUID",
            r#"{"images": [{"id": "x"}]}"#.into(),
            OSIMAGES_STATUS_NOT_UUID,
        ),
    ]
}

#[test]
fn json_parsed_from_c_is_the_list_the_rust_parser_makes() {
    let seed = golden("images-details.compact.json");
    let list = new_list();
    let l = list.ptr();
    let mut err = osimages_error_default();
    let mut added = usize::MAX;
    unsafe {
        let st =
            osimages_list_parse_detail(l, seed.as_ptr().cast(), seed.len(), &mut added, &mut err);
        assert_eq!((st, added), (OSIMAGES_STATUS_OK, 7), "{err:?}");
    }
    let mut rust: Box<RustList> = Box::default();
    rust.parse_detail(&seed).unwrap();
    same_lists(l, &rust, "the seed", false);
    // XML out of nova's JSON, byte for byte the reference (off Miri: the golden files are
    // rendered under Miri in tests/golden.rs).
    if !MIRI {
        let render = list_renderer(l);
        let doc = OSIMAGES_DOCUMENT_DETAIL;
        let xml = c_render(render.as_ref(), doc, 0, OSIMAGES_STYLE_XML_PRETTY);
        assert!(xml == golden("images-details.pretty.xml"));
    }
    // A show document, appended.
    let show = rust_render(
        rust.detail(),
        rust.summary(),
        rust.show(3),
        OSIMAGES_DOCUMENT_SHOW,
        Style::JsonNova.into(),
    );
    let mut index = usize::MAX;
    unsafe {
        let st =
            osimages_list_parse_show(l, show.as_ptr().cast(), show.len(), &mut index, &mut err);
        assert_eq!((st, index), (OSIMAGES_STATUS_OK, 7), "{err:?}");
    }
    rust.parse_show(&show).unwrap();
    same_lists(l, &rust, "the seed and a show document", true);
    // The capacity a document needs, up front.
    let mut needs = osimages_capacity::default();
    unsafe {
        let st = osimages_capacity_of_document(
            seed.as_ptr().cast(),
            seed.len(),
            1,
            &mut needs,
            &mut err,
        );
        assert_eq!(st, OSIMAGES_STATUS_OK);
        assert_eq!(
            (needs.images, needs.metadata, needs.links, needs.bytes),
            (7, 19, 0, 527)
        );
        osimages_capacity_of_document(show.as_ptr().cast(), show.len(), 0, &mut needs, &mut err);
        assert_eq!((needs.images, needs.metadata), (1, 4));
    }
}

#[test]
fn parts_of_server_and_next_links_have_fields_of_their_own() {
    // (field, image, entry) alone tells a server's link, the next link and the image's own
    // links apart.
    let image = |links: &str, server: &str| {
        format!(
            r#"{{"images": [{{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "n", "status": "ACTIVE", "progress": 5, "minDisk": 1, "minRam": 2, "created": null, "updated": null, "metadata": {{}}, "links": [{links}]{server}}}]}}"#
        )
    };
    let server = |link: &str| {
        format!(
            r#", "server": {{"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "links": [{{"href": "h", "rel": "self"}}, {link}]}}"#
        )
    };
    let cases = [
        (
            image(r#"{"href": "h", "rel": "r"}, {"href": 1, "rel": "r"}"#, ""),
            OSIMAGES_STATUS_WRONG_TYPE,
            OSIMAGES_FIELD_LINK_HREF,
            (0, 1),
        ),
        (
            image(
                r#"{"href": "h", "rel": "r"}"#,
                &server(r#"{"href": 1, "rel": "r"}"#),
            ),
            OSIMAGES_STATUS_WRONG_TYPE,
            OSIMAGES_FIELD_SERVER_LINK_HREF,
            (0, 1),
        ),
        (
            image(r#"{"href": "h", "rel": "r"}"#, &server(r#"{"href": "h"}"#)),
            OSIMAGES_STATUS_MISSING_FIELD,
            OSIMAGES_FIELD_SERVER_LINK_REL,
            (0, 1),
        ),
        (
            image(
                r#"{"href": "h", "rel": "r"}"#,
                &server(r#"{"href": "h", "rel": "r", "type": 1}"#),
            ),
            OSIMAGES_STATUS_WRONG_TYPE,
            OSIMAGES_FIELD_SERVER_LINK_TYPE,
            (0, 1),
        ),
        (
            r#"{"images": [], "images_links": [{"href": "\u0001", "rel": "next"}]}"#.into(),
            OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
            OSIMAGES_FIELD_NEXT_LINK_HREF,
            (OSIMAGES_NO_INDEX, 0),
        ),
        (
            r#"{"images": [], "images_links": [{"href": "h", "rel": []}]}"#.into(),
            OSIMAGES_STATUS_WRONG_TYPE,
            OSIMAGES_FIELD_NEXT_LINK_REL,
            (OSIMAGES_NO_INDEX, 0),
        ),
    ];
    let list = new_list();
    let mut err = osimages_error_default();
    let mut added = 0;
    for (doc, status, field, (image, entry)) in cases {
        let st = unsafe {
            osimages_list_parse_detail(
                list.ptr(),
                doc.as_ptr().cast(),
                doc.len(),
                &mut added,
                &mut err,
            )
        };
        assert_eq!(
            (st, err.field, err.image, err.entry),
            (status, field, image, entry),
            "{doc}"
        );
    }
}

#[test]
fn refused_json_from_c_names_what_and_where_and_changes_nothing() {
    // Under Miri a list of one image (each parse of the seed is costly there, and goes through
    // the same unsafe code as a small document).
    let seed = if MIRI {
        let doc = refused_documents().remove(4).1;
        doc.replace(r#", "bogus": 1"#, "").into_bytes()
    } else {
        golden("images-details.compact.json")
    };
    let list = new_list();
    let l = list.ptr();
    let mut err = osimages_error_default();
    let mut added = 0;
    unsafe {
        // The seed's endpoints (the small document's links are explicit, and servers' links
        // are checked against the endpoints).
        let e = ENDPOINTS;
        osimages_list_set_endpoints(l, s(e.compute), s(e.image_service), s(e.tenant), &mut err);
        osimages_list_parse_detail(l, seed.as_ptr().cast(), seed.len(), &mut added, &mut err);
        assert_eq!(err.status, OSIMAGES_STATUS_OK);
    }
    let before = c_render(list_renderer(l).as_ref(), OSIMAGES_DOCUMENT_DETAIL, 0, 0);
    for (what, doc, status) in refused_documents() {
        let mut added = 77;
        let st = unsafe {
            osimages_list_parse_detail(l, doc.as_ptr().cast(), doc.len(), &mut added, &mut err)
        };
        assert_eq!(
            (st, err.status, added),
            (status, status, 77),
            "{what}: {err:?}"
        );
        // The document's position, whatever the list held; the argument it came through.
        let image = if what == "missing" || what == "a pagination link other than next" {
            OSIMAGES_NO_INDEX
        } else {
            0
        };
        assert_eq!((err.image, err.argument), (image, 2), "{what}");
        // Only an unknown key's record holds a key: the one an earlier call wrote is gone.
        let key = if what == "unknown key" { "bogus" } else { "" };
        let written = unsafe { CStr::from_ptr(err.key.as_ptr()) }.to_str();
        assert_eq!(written, Ok(key), "{what}");
        let mut needs = osimages_capacity::default();
        let st = unsafe {
            osimages_capacity_of_document(doc.as_ptr().cast(), doc.len(), 1, &mut needs, &mut err)
        };
        // Sized for an empty list, which has no endpoints to build the server's links from.
        let sized = match status {
            OSIMAGES_STATUS_NOT_DERIVABLE => OSIMAGES_STATUS_NO_ENDPOINTS,
            other => other,
        };
        assert_eq!(
            (st, err.status, err.argument),
            (sized, sized, 1),
            "{what}: the sizing refuses it too"
        );
        let written = unsafe { CStr::from_ptr(err.key.as_ptr()) }.to_str();
        assert_eq!(written, Ok(key), "{what}: the sizing names the key too");
        let after = c_render(list_renderer(l).as_ref(), OSIMAGES_DOCUMENT_DETAIL, 0, 0);
        assert!(after == before, "{what}: the list changed");
    }
    let unknown = refused_documents().remove(4).1;
    unsafe {
        osimages_list_parse_detail(
            l,
            unknown.as_ptr().cast(),
            unknown.len(),
            &mut added,
            &mut err,
        );
        assert_eq!(CStr::from_ptr(err.key.as_ptr()).to_str(), Ok("bogus"));
    }
    // Derived links need endpoints: a snapshot first, into a list without them.
    let fresh = new_list();
    let snapshot = r#"{"image": {"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "name": "n", "status": "ACTIVE", "progress": 5, "minDisk": 1, "minRam": 2, "created": null, "updated": null, "metadata": {}, "links": [], "server": {"id": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "links": []}}}"#;
    unsafe {
        let st = osimages_list_parse_show(
            fresh.ptr(),
            snapshot.as_ptr().cast(),
            snapshot.len(),
            &mut added,
            &mut err,
        );
        assert_eq!(
            (st, err.field, err.image),
            (OSIMAGES_STATUS_NO_ENDPOINTS, OSIMAGES_FIELD_SERVER, 0)
        );
        assert_eq!(osimages_list_len(fresh.ptr()), 0);
    }
    // A full list says what the whole document would need.
    let mut full = osimages_capacity::default();
    if MIRI {
        return;
    }
    unsafe {
        for _ in 0..(OSIMAGES_LIST_MAX_IMAGES / 7 + 1) {
            osimages_list_parse_detail(l, seed.as_ptr().cast(), seed.len(), &mut added, &mut err);
        }
        // 14 images held: the third copy's third image is the 17th.
        osimages_list_used(l, &mut full, null_mut());
        assert_eq!(full.images, 14);
        assert_eq!(err.status, OSIMAGES_STATUS_TOO_MANY_IMAGES);
        assert_eq!(
            (err.image, err.needed),
            (2, 21),
            "the document's position; 14 + 7"
        );
    }
}

#[test]
fn parse_arguments_are_checked() {
    let list = new_list();
    let l = list.ptr();
    let doc = b"{\"images\": []}";
    let mut err = osimages_error_default();
    let mut n = 0usize;
    let mut needs = osimages_capacity::default();
    unsafe {
        osimages_list_parse_detail(null_mut(), doc.as_ptr().cast(), doc.len(), &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_list_parse_detail(l, null(), 3, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 2);
        osimages_list_parse_show(l, doc.as_ptr().cast(), usize::MAX, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_LENGTH, 3);
        osimages_list_parse_detail(l, doc.as_ptr().cast(), doc.len(), null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 4);
        // A document inside the list's own storage.
        osimages_list_parse_detail(
            l,
            l.cast::<std::ffi::c_char>().cast_const().add(64),
            8,
            &mut n,
            &mut err,
        );
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);
        // NULL and 0 is the empty document: malformed JSON.
        osimages_list_parse_detail(l, null(), 0, &mut n, &mut err);
        err_is(&err, OSIMAGES_STATUS_SYNTAX, 2);
        osimages_capacity_of_document(null(), 1, 1, &mut needs, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_capacity_of_document(doc.as_ptr().cast(), doc.len(), 1, null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 4);
        assert_eq!(
            osimages_list_parse_detail(l, doc.as_ptr().cast(), doc.len(), &mut n, null_mut()),
            OSIMAGES_STATUS_OK
        );
        assert_eq!(n, 0);
        osimages_list_used(l, null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 2);
    }
}

// ---------------------------------------------------------------------------------------------
// A view checked once (`osimages_view_check`) and rendered many times
// (`osimages_view_render_checked`).

/// `view` checked into an array of its own; panics when the check is refused.
fn check(view: &osimages_view) -> Vec<osimages_checked_image> {
    let mut checked = vec![osimages_checked_image::default(); view.images_len];
    let mut err = osimages_error_default();
    let st = unsafe { osimages_view_check(view, checked.as_mut_ptr(), checked.len(), &mut err) };
    assert_eq!(st, OSIMAGES_STATUS_OK, "{err:?}");
    assert_eq!(err.status, OSIMAGES_STATUS_OK);
    checked
}

/// `view` rendered with `checked`. Its arguments from `document` on are the view render's, two
/// places later: a refusal's argument is reported here as the view render's would be, so that
/// the helpers written for that contract read it.
fn checked_renderer<'a>(
    view: &'a osimages_view,
    checked: &'a [osimages_checked_image],
) -> Box<RenderFn<'a>> {
    Box::new(move |d, i, f, buf, len, out, err| unsafe {
        let st = osimages_view_render_checked(
            view,
            checked.as_ptr(),
            checked.len(),
            d,
            i,
            f,
            buf,
            len,
            out,
            err,
        );
        if !err.is_null() && (*err).argument > 3 {
            (*err).argument -= 2;
        }
        st
    })
}

#[test]
fn a_checked_view_renders_what_the_view_renders() {
    let size_exts: &[bool] = if MIRI { &[true] } else { &[false, true] };
    for &size_ext in size_exts {
        let f = fixture(size_ext);
        let checked = check(&f.view);
        let (view, once) = (view_renderer(&f.view), checked_renderer(&f.view, &checked));
        for (document, code, _) in fixture_requests() {
            let want = c_render(view.as_ref(), document, f.snapshot, code);
            // Rendered twice: a render changes nothing the next one reads.
            for _ in 0..if MIRI { 1 } else { 2 } {
                let got = c_render(once.as_ref(), document, f.snapshot, code);
                assert_eq!(
                    text(&got),
                    text(&want),
                    "document {document}, format {code:#x}"
                );
            }
        }
    }
    // Every buffer length, on a small view.
    let mut table = Table::default();
    for img in extra_images().iter().take(2) {
        table.add(img);
    }
    let view = table.view(ENDPOINTS, Some(NEXT), true);
    let checked = check(&view);
    let once = checked_renderer(&view, &checked);
    for (document, code, _) in requests() {
        let want = c_render(view_renderer(&view).as_ref(), document, 0, code);
        every_length(once.as_ref(), document, 0, code, &want);
    }
}

/// A check keeps which bytes an image's strings hold that a style escapes; a render looks for
/// them only where some image holds one. With none (the seed), and with one string of one image
/// holding each such byte in each of six places, the checked view renders every document in
/// every format as a view render (which looks at every string) does.
#[test]
fn a_checked_view_escapes_what_the_view_escapes_whichever_string_needs_it() {
    let specials = if MIRI { &ESCAPED[..1] } else { &ESCAPED[..] };
    // Under Miri, the detail list alone: it holds each of the six places.
    let mut requests = requests();
    requests.retain(|&(document, ..)| !MIRI || document == OSIMAGES_DOCUMENT_DETAIL);
    for special in [""].iter().chain(specials) {
        with_one_escaped_string(special, |at, images| {
            let mut table = Table::default();
            for img in images {
                table.add(img);
            }
            let view = table.view(ENDPOINTS, Some(NEXT), false);
            let checked = check(&view);
            let (every, once) = (view_renderer(&view), checked_renderer(&view, &checked));
            for &(document, code, _) in &requests {
                let want = c_render(every.as_ref(), document, 2, code);
                let got = c_render(once.as_ref(), document, 2, code);
                assert_eq!(
                    text(&got),
                    text(&want),
                    "{special:?} {at} {document} {code:#x}"
                );
            }
        });
    }
}

#[test]
fn a_refused_check_names_the_value_and_keeps_no_check() {
    let mut table = Table::default();
    let cases = bad_images(&mut table);
    let f = fixture(true);
    for case in &cases {
        let what = case.what;
        let good = [f.table.images[0], f.table.images[1], f.table.images[2]];
        let bad = [good[0], good[1], case.image];
        let view_of = |images: &[osimages_image; 3]| osimages_view {
            images: images.as_ptr(),
            images_len: 3,
            ..f.view
        };
        let mut checked = check(&view_of(&good));
        let view = view_of(&bad);
        let mut err = osimages_error_default();
        let st = unsafe { osimages_view_check(&view, checked.as_mut_ptr(), 3, &mut err) };
        assert_eq!(st, case.status, "{what}: {err:?}");
        assert_eq!(
            (err.field, err.image, err.entry, err.argument),
            (case.field, 2, case.entry, 1),
            "{what}"
        );
        // The earlier images' checks are gone too: none of the view renders with this array.
        let mut buf = Guarded::new(64, b'#');
        let mut len = 5;
        let st = unsafe {
            osimages_view_render_checked(
                &view,
                checked.as_ptr(),
                3,
                1,
                0,
                0,
                buf.ptr(),
                64,
                &mut len,
                &mut err,
            )
        };
        assert_eq!(st, OSIMAGES_STATUS_NOT_CHECKED, "{what}");
        assert_eq!((err.image, err.argument, len), (0, 2, 0), "{what}");
        assert!(buf.inner()[0] == 0 && buf.inner()[1..].iter().all(|&b| b == b'#'));
        buf.assert_canaries(what);
        if MIRI {
            break;
        }
    }
}

#[test]
fn a_render_without_the_view_s_own_check_is_refused_before_anything_is_written() {
    let f = fixture(false);
    let n = f.view.images_len;
    let checked = check(&f.view);
    // The detail list (it reads all of every image; a summary reads no date): the status, the
    // error, and whether the buffer is as it was but for `buf[0]` (else it holds nothing but
    // zeroes where a document was written and was then cleared).
    let render = |checked: &[osimages_checked_image], len: usize| {
        let room = 1 << 14;
        let mut buf = Guarded::new(room, b'#');
        let mut out_len = 5;
        let mut err = osimages_error_default();
        let st = unsafe {
            osimages_view_render_checked(
                &f.view,
                checked.as_ptr(),
                len,
                OSIMAGES_DOCUMENT_DETAIL,
                0,
                0,
                buf.ptr(),
                room,
                &mut out_len,
                &mut err,
            )
        };
        buf.assert_canaries("checked render");
        assert_eq!(out_len, 0, "{err:?}");
        let inner = buf.inner();
        assert!(
            inner.iter().all(|&b| b == 0 || b == b'#'),
            "part of a document was left"
        );
        let untouched = inner[0] == 0 && inner[1..].iter().all(|&b| b == b'#');
        (st, err, untouched)
    };
    let not_checked_at = |image: usize| (OSIMAGES_STATUS_NOT_CHECKED, 2, image as u32, true);
    let result = |(st, err, untouched): (osimages_status, osimages_error, bool)| {
        (st, err.argument, err.image, untouched)
    };
    // Never checked.
    let zeroed = vec![osimages_checked_image::default(); n];
    assert_eq!(result(render(&zeroed, n)), not_checked_at(0));
    // Too short: the first image without an entry.
    assert_eq!(result(render(&checked, n - 1)), not_checked_at(n - 1));
    assert_eq!(result(render(&[], 0)), not_checked_at(0));
    // The check of another table holding the same values: its ids are elsewhere.
    let mut other = Table::default();
    for img in &f.images {
        other.add(img);
    }
    let other_view = other.view(ENDPOINTS, Some(NEXT), false);
    let other_checked = check(&other_view);
    assert_eq!(result(render(&other_checked, n)), not_checked_at(0));
    // The same check with two images' entries swapped: the first one moved is refused.
    let mut swapped = checked.clone();
    swapped.swap(3, 5);
    assert_eq!(result(render(&swapped, n)), not_checked_at(3));
    // An entry no check makes (a date that does not exist) is refused when its image is read:
    // what was written before it is cleared.
    let mut forged = checked.clone();
    forged[n - 1].created = 0xFF << 32;
    let (st, err, untouched) = render(&forged, n);
    assert_eq!(
        (st, err.argument, err.image),
        (OSIMAGES_STATUS_NOT_CHECKED, 2, n as u32 - 1)
    );
    assert!(
        !untouched,
        "the images before it were written, then cleared"
    );
    // A NULL array with a length.
    let mut err = osimages_error_default();
    let mut len = 0;
    let st = unsafe {
        osimages_view_render_checked(
            &f.view,
            null(),
            n,
            0,
            0,
            0,
            null_mut(),
            0,
            &mut len,
            &mut err,
        )
    };
    assert_eq!((st, err.argument), (OSIMAGES_STATUS_NULL_POINTER, 2));
    // Its own check still renders.
    let want = c_render(view_renderer(&f.view).as_ref(), 0, 0, 0);
    let got = c_render(checked_renderer(&f.view, &checked).as_ref(), 0, 0, 0);
    assert_eq!(text(&got), text(&want));
}

#[test]
fn checked_arguments_are_refused_by_position() {
    let f = fixture(false);
    let n = f.view.images_len;
    let mut checked = vec![osimages_checked_image::default(); n + 1];
    let mut err = osimages_error_default();
    unsafe {
        osimages_view_check(null(), checked.as_mut_ptr(), n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 1);
        osimages_view_check(&f.view, null_mut(), n, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 2);
        osimages_view_check(&f.view, checked.as_mut_ptr(), n - 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_STORAGE_TOO_SMALL, 3);
        let misaligned = checked.as_mut_ptr().byte_add(1);
        osimages_view_check(&f.view, misaligned, n, &mut err);
        err_is(&err, OSIMAGES_STATUS_MISALIGNED, 2);
        // Room for more than the view's images: the rest is left alone.
        checked[n].id_at = 1;
        osimages_view_check(&f.view, checked.as_mut_ptr(), n + 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_OK, 0);
        assert_eq!(checked[n].id_at, 1);
        // An array over the view's own table or struct.
        let table = f.view.images.cast::<osimages_checked_image>().cast_mut();
        osimages_view_check(&f.view, table.byte_add(8), 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);
        let mut copy = osimages_view {
            images: null(),
            images_len: 0,
            ..f.view
        };
        let over = (&raw mut copy).cast::<osimages_checked_image>();
        osimages_view_check(&copy, over, 0, &mut err);
        err_is(&err, OSIMAGES_STATUS_OK, 0);
        osimages_view_check(&copy, over, 1, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 2);

        // The render's own arguments, each at its position.
        let mut len = 0;
        let c = checked.as_ptr();
        osimages_view_render_checked(&f.view, c, n, 9, 0, 0, null_mut(), 0, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_DOCUMENT, 4);
        osimages_view_render_checked(&f.view, c, n, 2, n, 0, null_mut(), 0, &mut len, &mut err);
        assert_eq!(
            (err.status, err.image),
            (OSIMAGES_STATUS_NO_SUCH_IMAGE, n as u32)
        );
        osimages_view_render_checked(&f.view, c, n, 0, 0, 99, null_mut(), 0, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_INVALID_FORMAT, 6);
        osimages_view_render_checked(&f.view, c, n, 0, 0, 0, null_mut(), 8, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 7);
        osimages_view_render_checked(&f.view, c, n, 0, 0, 0, null_mut(), 0, null_mut(), &mut err);
        err_is(&err, OSIMAGES_STATUS_NULL_POINTER, 9);
        // A buffer over the checks is never written.
        let before = checked.clone();
        let over = checked.as_mut_ptr().cast::<std::ffi::c_char>().add(4);
        osimages_view_render_checked(&f.view, c, n, 0, 0, 0, over, 16, &mut len, &mut err);
        err_is(&err, OSIMAGES_STATUS_OVERLAP, 7);
        assert!(
            checked
                .iter()
                .zip(&before)
                .all(|(a, b)| a.id_at == b.id_at && a.id == b.id)
        );
    }
}

#[test]
fn a_checked_view_writes_its_strings_as_they_are_at_the_render() {
    // The strings are read by the render: a name changed in place since the check (the
    // caller's mistake) is still escaped as what it now is, not as what was checked. The name
    // is C's memory, written and read only through its raw pointer.
    let name = Box::into_raw(Box::<[u8]>::from(&b"plain name"[..]));
    let mut table = Table::default();
    table.add(&extra_images()[0]);
    table.images[0].name = osimages_str {
        ptr: name.cast(),
        len: name.len(),
    };
    table.images[0].has_name = 1;
    let view = table.view(ENDPOINTS, None, false);
    let checked = check(&view);
    let before = c_render(checked_renderer(&view, &checked).as_ref(), 2, 0, 0);
    assert!(
        text(&before).contains(r#""plain name""#),
        "{}",
        text(&before)
    );
    unsafe { name.cast::<u8>().add(5).write(b'"') };
    let after = c_render(checked_renderer(&view, &checked).as_ref(), 2, 0, 0);
    assert!(
        text(&after).contains(r#""plain\"name""#),
        "{}",
        text(&after)
    );
    drop(unsafe { Box::from_raw(name) });
}

#[test]
fn a_checked_view_changed_since_its_check_is_refused_as_the_view_is() {
    // Each pointer and code of an image changed after the check (the caller's mistake): the
    // checked render of the detail list refuses it with the fault the view render gives the
    // same view; the summary's, where it is in what the summary reads (the name and links),
    // and renders as before where it is not.
    let f = fixture(false);
    let mut images = f.table.images.clone();
    let view = osimages_view {
        images: images.as_ptr(),
        ..f.view
    };
    let checked = check(&view);
    let render = |view: &osimages_view, checked: Option<&[osimages_checked_image]>, d| {
        let mut buf = vec![0u8; 1 << 14];
        let (mut len, mut err) = (0, osimages_error_default());
        let (b, n) = (buf.as_mut_ptr().cast(), buf.len());
        let st = unsafe {
            match checked {
                Some(c) => osimages_view_render_checked(
                    view,
                    c.as_ptr(),
                    c.len(),
                    d,
                    0,
                    0,
                    b,
                    n,
                    &mut len,
                    &mut err,
                ),
                None => osimages_view_render(view, d, 0, 0, b, n, &mut len, &mut err),
            }
        };
        buf.truncate(len);
        (st, err.field, err.image, buf)
    };
    let aligned = [0u64; 2];
    let misaligned = aligned.as_ptr().cast::<u8>().wrapping_add(1);
    /// A change to an image, given a misaligned pointer.
    type Change = fn(&mut osimages_image, *const u8);
    // Each change, and whether the summary reads what it changes.
    let changes: [(&str, Change, bool); 9] = [
        (
            "name NULL",
            |i, _| {
                (i.has_name, i.name) = (
                    1,
                    osimages_str {
                        ptr: null(),
                        len: 4,
                    },
                )
            },
            true,
        ),
        ("name too long", |i, _| i.name.len = usize::MAX, true),
        (
            "metadata misaligned",
            |i, p| (i.metadata, i.metadata_len) = (p.cast(), 1),
            false,
        ),
        (
            "links NULL",
            |i, _| (i.links, i.links_len) = (null(), 2),
            true,
        ),
        ("links too many", |i, _| i.links_len = usize::MAX / 8, true),
        ("status", |i, _| i.status = 9, false),
        ("progress", |i, _| i.progress = 101, false),
        ("disk config", |i, _| i.disk_config = 3, false),
        (
            "status and name",
            |i, _| {
                (i.status, i.has_name, i.name) = (
                    9,
                    1,
                    osimages_str {
                        ptr: null(),
                        len: 1,
                    },
                )
            },
            true,
        ),
    ];
    let at = 3;
    let detail = OSIMAGES_DOCUMENT_DETAIL;
    let summary = OSIMAGES_DOCUMENT_SUMMARY;
    let plain = render(&view, Some(&checked), summary);
    assert_eq!(plain.0, OSIMAGES_STATUS_OK);
    for (what, change, summary_reads) in changes {
        let original = images[at];
        if images[at].has_name == 0 && what == "name too long" {
            images[at].has_name = 1;
        }
        if images[at].links.is_null() && what == "links too many" {
            images[at].links = aligned.as_ptr().cast();
        }
        change(&mut images[at], misaligned);
        let want = render(&view, None, detail);
        assert_ne!(want.0, OSIMAGES_STATUS_OK, "{what}");
        assert_eq!(want.2, at as u32, "{what}");
        assert_eq!(render(&view, Some(&checked), detail), want, "{what}");
        let got = render(&view, Some(&checked), summary);
        if summary_reads {
            assert_eq!(got, render(&view, None, summary), "{what}");
            assert_ne!(got.0, OSIMAGES_STATUS_OK, "{what}");
        } else {
            assert_eq!(got, plain, "{what}");
        }
        images[at] = original;
    }
    assert_eq!(render(&view, Some(&checked), detail).0, OSIMAGES_STATUS_OK);
}
