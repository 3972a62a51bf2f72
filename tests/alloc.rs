//! A counting global allocator proves that storing, rendering (one-shot, length query, too-small
//! buffer, chunks, borrowed view, serde oracle) and parsing touch the heap zero times.
//!
//! Counts are per thread, so the test harness and tests running beside this one do not disturb
//! them; everything a measured closure needs is prepared before it runs.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;

use common::{ENDPOINTS, SeedList, golden, seed_images};
use osimages::{
    DiskConfig, Format, ImageList, ImageRef, ImagesView, LinkRef, Links, Source, Status, Style,
    Uuid,
};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: an allocation during thread teardown is not ours to count.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches only a
// const-initialized thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns what it returned and how many heap allocations it made.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

fn formats() -> [Format; 10] {
    let mut out = [Format::default(); 10];
    for (k, style) in Style::ALL.into_iter().enumerate() {
        out[2 * k] = Format {
            style,
            ascii_only: false,
        };
        out[2 * k + 1] = Format {
            style,
            ascii_only: true,
        };
    }
    out
}

/// Renders every document of `src` in every format, every way there is, into `buf` and
/// `chunk`; returns a checksum so that nothing is optimized away.
fn render_everything<S: Source>(
    docs: &[osimages::Document<'_, S>],
    buf: &mut [u8],
    chunk: &mut [u8],
) -> usize {
    let mut sum = 0;
    for d in docs {
        for f in formats() {
            let len = d.rendered_len(f);
            let n = d.render(buf, f).expect("buffer big enough");
            assert_eq!(n, len);
            let too_small = d.render(&mut buf[..len / 2], f).unwrap_err();
            assert_eq!(too_small.needed, len);
            for size in [1, 7, 64] {
                let mut chunks = d.chunks(f);
                let mut total = 0;
                while !chunks.is_finished() {
                    total += chunks.fill(&mut chunk[..size]);
                }
                assert_eq!(total, len);
            }
            let n = serde_json_core::to_slice(d, buf).expect("buffer big enough");
            sum += n + len;
        }
    }
    sum
}

#[test]
fn the_counter_counts() {
    let (v, n) = allocations(|| Vec::<u8>::with_capacity(8));
    assert!(n >= 1, "a Vec allocation was not counted");
    drop(v);
    let (s, n) = allocations(|| format!("{}", 12345));
    assert!(n >= 1, "a String allocation was not counted");
    drop(s);
}

#[test]
fn storing_allocates_nothing() {
    let mut images = Vec::new();
    seed_images(&mut images);
    let server = Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6").unwrap();
    let link = LinkRef {
        href: "http://a/x",
        rel: "self",
        media_type: Some("text/html"),
    };
    let snapshot = ImageRef {
        name: Some("snap é😀 <&>"),
        metadata: &[("k", None), ("", Some(""))],
        links: Links::Explicit(&[link]),
        server: Some(server),
        disk_config: Some(DiskConfig::Auto),
        size: Some(1),
        ..ImageRef::new(server)
    };
    let mut list: Box<ImageList<16, 64, 8, 4096>> = Box::default();
    let bad = "bad\u{1}";
    let ((), n) = allocations(|| {
        list.set_endpoints(ENDPOINTS).unwrap();
        for img in &images {
            list.push(img).unwrap();
        }
        let i = list.push(&snapshot).unwrap();
        list.push_metadata(i, "later", Some("value")).unwrap();
        list.push_link(i, &link).unwrap();
        list.set_next_link(Some("http://n/?marker=1")).unwrap();
        list.set_size_extension(true);
        // Refusals allocate nothing either.
        list.push_metadata(i, "later", None).unwrap_err();
        list.push_metadata(99, "k", None).unwrap_err();
        list.set_next_link(Some(bad)).unwrap_err();
        list.push(&ImageRef {
            name: Some(bad),
            ..snapshot
        })
        .unwrap_err();
        // Reading back.
        let img = list.get(i).unwrap();
        assert_eq!(img.metadata().count(), 3);
        let Links::Explicit(links) = img.links() else {
            panic!("explicit links");
        };
        assert_eq!(links.count(), 2);
        assert_eq!(img.name(), snapshot.name);
        // Updating in place, and removing.
        list.set_status(i, Status::Saving).unwrap();
        list.set_progress(i, 50).unwrap();
        list.set_name(i, Some("renamed, and longer than before"))
            .unwrap();
        list.set_metadata(i, "later", Some("another value"))
            .unwrap();
        list.remove_metadata(i, "k").unwrap();
        list.remove_link(i, 0).unwrap();
        list.set_links(0, Links::Explicit(&[link])).unwrap();
        list.remove(1).unwrap();
        list.set_progress(0, 101).unwrap_err();
    });
    assert_eq!(n, 0, "allocations while storing and updating");
    assert_eq!(list.len(), 7);
}

#[test]
fn rendering_allocates_nothing() {
    let mut list: Box<SeedList> = Box::new(common::seed_list());
    list.set_size_extension(true);
    let mut buf = vec![0u8; 64 * 1024];
    let mut chunk = [0u8; 64];
    let docs: Vec<_> = [list.detail(), list.summary()]
        .into_iter()
        .chain((0..list.len()).map(|i| list.show(i).unwrap()))
        .collect();
    let (sum, n) = allocations(|| render_everything(&docs, &mut buf, &mut chunk));
    assert_eq!(n, 0, "allocations while rendering the owned list");
    assert!(sum > 0);
}

#[test]
fn the_borrowed_view_allocates_nothing() {
    let mut images = Vec::new();
    seed_images(&mut images);
    let mut buf = vec![0u8; 64 * 1024];
    let mut chunk = [0u8; 64];
    let (sum, n) = allocations(|| {
        let view = ImagesView::new(ENDPOINTS, &images)
            .and_then(|v| v.with_next_link(Some("http://n/")))
            .unwrap()
            .with_size_extension(true);
        let docs = [view.detail(), view.summary(), view.show(4).unwrap()];
        render_everything(&docs, &mut buf, &mut chunk)
    });
    assert_eq!(n, 0, "allocations while rendering the borrowed view");
    assert!(sum > 0);
}

#[test]
fn parsing_allocates_nothing() {
    let compact = golden("images-details.compact.json");
    let nova = golden("images-details.nova-wire.json");
    let pretty = golden("images-details.pretty.json");
    let show = {
        let list = common::seed_list();
        let mut b = vec![0u8; 4096];
        let n = list
            .show(0)
            .unwrap()
            .render(&mut b, Style::JsonNova)
            .unwrap();
        b.truncate(n);
        b
    };
    let broken = &compact[..compact.len() / 2];
    let mut lists: Box<[SeedList; 4]> = Box::default();
    let mut message = heapless::String::<128>::new();
    let ((), n) = allocations(|| {
        assert_eq!(lists[0].parse_detail(&compact), Ok(7));
        assert_eq!(lists[1].parse_detail(&nova), Ok(7));
        assert_eq!(lists[2].parse_detail(&pretty), Ok(7));
        assert_eq!(lists[3].parse_show(&show), Ok(0));
        let e = lists[3].parse_detail(broken).unwrap_err();
        write!(message, "{e}").unwrap();
    });
    assert_eq!(n, 0, "allocations while parsing");
    assert!(!message.is_empty());
    assert_eq!(
        lists[3].len(),
        1,
        "the failed parse left the list as it was"
    );
}
