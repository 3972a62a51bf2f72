//! Arbitrary sequences of C API calls through the exported `extern "C"` functions, made as a
//! careless (but not lying) C caller would make them: NULL for any pointer, misaligned and
//! too-small storage, uninitialised or scribbled-over storage, strings that are not UTF-8 or
//! hold characters XML refuses, lengths above `PTRDIFF_MAX`, out-of-range enum integers,
//! buffers of any length (inside the list or cursor storage too), out-parameters at odd
//! addresses, cursors interleaved with changes to what they render.
//!
//! What is checked after every call:
//! - no crash, and nothing written outside a buffer (canaries around every buffer, exact-size
//!   allocations for every string and array, so AddressSanitizer sees a one-byte overread);
//! - the status is one the header documents, `*err` repeats it, and a wrong argument gets the
//!   status the call's documented checks give it;
//! - the buffer contract: `*out_len` is what a render into a big buffer writes; a buffer too
//!   small holds zeros only; an error leaves `buf[0] = 0`; a NUL follows a document with room;
//! - the owned list behaves exactly as a Rust `ImageList` with the same capacities given the same
//!   values (the mirror): accepted and refused alike, rendering the same bytes; so a refused call
//!   leaves the list rendering what it rendered before;
//! - a view renders what a Rust `ImagesView` over the same values renders, or is refused when one
//!   of its values is;
//! - cursor chunks concatenate to the one-shot document, a changed list stops its cursor, a view
//!   image made invalid between fills is reported without a partial chunk;
//! - storage a buffer overlaps (`OSIMAGES_STATUS_OVERLAP`) is left bit for bit as it was.
//!
//! The input is a program: an opcode byte (`% OPS`) and its operands, read as needed (missing
//! bytes read as 0), repeated. `fuzz/ffi_seeds.py` writes valid programs in this format; the
//! operand layout of each operation is the order of the `inp` reads in its arm below.
#![no_main]

use std::ffi::{CStr, c_char};
use std::ptr::{NonNull, null, null_mut};

use libfuzzer_sys::fuzz_target;
use osimages_capi::osimages_status::{self, *};
use osimages_capi::*;
use osimages::{
    Capacity, DiskConfig, Document, Endpoints, Field, Format, ImageList, ImageRef, ImagesView,
    LinkRef, Links, Source, Status, Style, Timestamp, Uuid,
};

/// The Rust list the C list must behave like: the C list's capacities.
type Mirror = ImageList<
    OSIMAGES_LIST_MAX_IMAGES,
    OSIMAGES_LIST_MAX_METADATA,
    OSIMAGES_LIST_MAX_LINKS,
    OSIMAGES_LIST_MAX_TEXT,
>;

const CANARY: u8 = 0xA5;
/// Canary bytes on each side of every output buffer.
const PAD: usize = 16;
/// What an output buffer holds before a call, so that what the call wrote can be told apart.
const FILL: u8 = b'#';
/// Operations per input: enough to fill a list, short enough to run fast.
const MAX_OPS: usize = 64;
const MAX_POOL_IMAGES: usize = 24;
const MAX_VIEWS: usize = 6;
/// `u64` words of list storage: an `osimages_list` and 16 bytes to misalign or offset it by.
const LIST_WORDS: usize = OSIMAGES_LIST_SIZE / 8 + 2;
/// `u64` words of cursor storage: an `osimages_cursor` and 8 bytes more.
const CURSOR_WORDS: usize = OSIMAGES_CURSOR_SIZE / 8 + 1;
/// An address nothing is mapped at: a pointer the library must never read (fields whose flag
/// says "absent").
const POISON: usize = 0x10;

// ---------------------------------------------------------------------------------------------
// The input.

struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }
    /// An index below `n` mostly, sometimes just past it, rarely far out of range.
    fn index(&mut self, n: usize) -> usize {
        match self.u8() {
            b @ 0..=0xEF => usize::from(b) % (n + 2),
            b => usize::MAX - usize::from(b & 0xF),
        }
    }
    /// An enum integer: one of the `n` defined values or just past them mostly, any `u32` rarely.
    fn enum_u32(&mut self, n: u8) -> u32 {
        match self.u8() {
            b @ 0..=0xEF => u32::from(b % (n + 1)),
            _ => self.u32(),
        }
    }
    fn big(&mut self) -> u64 {
        match self.u8() % 4 {
            0 => 0,
            1 => u64::from(self.u8()),
            2 => u64::MAX,
            _ => self.u64(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Memory handed to the library, kept alive for the whole input (a cursor keeps pointers).

/// What the library finds behind an `osimages_str` it reads.
#[derive(Clone, Debug)]
enum Text {
    /// Readable bytes (possibly not UTF-8).
    Bytes(Vec<u8>),
    /// A NULL pointer with a length, or a length above `PTRDIFF_MAX`: must be refused if read.
    Fault,
}

impl Text {
    /// The Rust string the C string stands for; `None` when the C call must refuse it.
    fn rust(&self) -> Option<String> {
        match self {
            Text::Bytes(b) => String::from_utf8(b.clone()).ok(),
            Text::Fault => None,
        }
    }
}

const DICT: &[&str] = &[
    "70a599e0-31e7-49b7-b260-868f441e862b",
    "155D900F-4E14-4E4C-A73D-069CBF4541E6",
    "00000000-0000-0000-0000-000000000000",
    "2011-01-01T01:02:03Z",
    "2012-02-29T23:59:59Z",
    "9999-12-31T23:59:59Z",
    "http://openstack.example.com",
    "http://glance.openstack.example.com",
    "openstack",
    "http://openstack.example.com/v2/openstack/images?marker=x&limit=7",
    "self",
    "bookmark",
    "alternate",
    "application/vnd.openstack.image",
    "fakeimage7",
    "snap \"<&>\"\t\r\n caf\u{e9} \u{1f427} /",
    "\u{e9}t\u{e9}",
    "kernel_id",
    "architecture",
    "x86_64",
    "",
    "]]>\u{7f}'",
    "a\u{fffd}b",
    "\u{ffff}",
    "\u{0}",
    "\u{1b}[0m",
];

#[derive(Default)]
struct Arena {
    bytes: Vec<Box<[u8]>>,
    metas: Vec<Box<[osimages_meta_entry]>>,
    links: Vec<Box<[osimages_link]>>,
}

impl Arena {
    /// `bytes` in an allocation of exactly their length (NULL never: an empty one is dangling).
    fn keep(&mut self, bytes: &[u8]) -> *const c_char {
        let b: Box<[u8]> = bytes.into();
        let p = b.as_ptr().cast::<c_char>();
        self.bytes.push(b);
        p
    }

    /// `len` zero bytes at an odd address (for misaligned struct pointers).
    fn misaligned<T>(&mut self, len: usize) -> *const T {
        let b: Box<[u8]> = vec![0u8; len * size_of::<T>() + 8].into();
        let p = b.as_ptr();
        self.bytes.push(b);
        let off = if (p as usize + 1) % align_of::<T>() == 0 { 2 } else { 1 };
        // SAFETY: inside the allocation (8 spare bytes).
        unsafe { p.add(off) }.cast::<T>()
    }

    /// An `osimages_str` the fuzzer chose. `read` says whether the library reads it (a field
    /// whose flag says "absent" is not read, so its pointer may be anything).
    fn string(&mut self, inp: &mut Input<'_>, read: bool) -> (osimages_str, Text) {
        let s = |ptr, len| osimages_str { ptr, len };
        match inp.u8() % 9 {
            0 => (s(null(), 0), Text::Bytes(Vec::new())),
            1 => (s(null(), 1 + usize::from(inp.u8())), Text::Fault),
            2 => (s(NonNull::<c_char>::dangling().as_ptr().cast_const(), 0), Text::Bytes(Vec::new())),
            3 => {
                let n = usize::from(inp.u8());
                let b = inp.take(n).to_vec();
                (s(self.keep(&b), b.len()), Text::Bytes(b))
            }
            4 => {
                let b = DICT[usize::from(inp.u8()) % DICT.len()].as_bytes().to_vec();
                (s(self.keep(&b), b.len()), Text::Bytes(b))
            }
            5 => {
                let p = self.keep(b"x");
                let len = isize::MAX as usize + 1 + usize::from(inp.u8());
                (s(p, len), Text::Fault)
            }
            6 => {
                let n = usize::from(inp.u16()) % 4400;
                let b = vec![inp.u8(); n];
                (s(self.keep(&b), n), Text::Bytes(b))
            }
            7 => {
                let mut b = DICT[usize::from(inp.u8()) % DICT.len()].as_bytes().to_vec();
                let (at, to) = (usize::from(inp.u8()), inp.u8());
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] = to;
                }
                (s(self.keep(&b), b.len()), Text::Bytes(b))
            }
            _ if read => (s(null(), 1 + usize::from(inp.u8())), Text::Fault),
            _ => (s(POISON as *const c_char, 64), Text::Fault),
        }
    }

    /// An array of `items` the library reads: normal, NULL, misaligned, or with a length above
    /// `PTRDIFF_MAX`. The second value says whether the C call must refuse it.
    fn array<T: Copy>(
        &mut self,
        inp: &mut Input<'_>,
        items: Vec<T>,
        keep: impl FnOnce(&mut Self, Box<[T]>) -> *const T,
    ) -> (*const T, usize, bool) {
        let n = items.len();
        match inp.u8() % 8 {
            5 => (null(), n, n > 0),
            6 => (self.misaligned::<T>(n), n, n > 0),
            7 => {
                let p = keep(self, items.into_boxed_slice());
                (p, isize::MAX as usize / size_of::<T>() + 1, true)
            }
            _ => (keep(self, items.into_boxed_slice()), n, false),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Images: the C struct and, when every value in it is one Rust can hold, the Rust values.

#[derive(Clone, Debug)]
struct OwnedImage {
    id: Uuid,
    name: Option<String>,
    status: Status,
    progress: u8,
    min_disk: u64,
    min_ram: u64,
    created: Option<Timestamp>,
    updated: Option<Timestamp>,
    metadata: Vec<(String, Option<String>)>,
    links: Vec<(String, String, Option<String>)>,
    /// The links are exactly `links` even when there are none (`explicit_links`).
    explicit: bool,
    server: Option<Uuid>,
    disk_config: Option<DiskConfig>,
    size: Option<u64>,
}

/// Runs `f` on `ImageRef`s borrowed from `images`.
fn with_refs<R>(images: &[&OwnedImage], f: impl FnOnce(&[ImageRef<'_>]) -> R) -> R {
    let metas: Vec<Vec<(&str, Option<&str>)>> = images
        .iter()
        .map(|i| i.metadata.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect())
        .collect();
    let links: Vec<Vec<LinkRef<'_>>> = images
        .iter()
        .map(|i| {
            i.links
                .iter()
                .map(|(href, rel, t)| LinkRef { href, rel, media_type: t.as_deref() })
                .collect()
        })
        .collect();
    let refs: Vec<ImageRef<'_>> = images
        .iter()
        .zip(metas.iter().zip(&links))
        .map(|(i, (m, l))| ImageRef {
            id: i.id,
            name: i.name.as_deref(),
            status: i.status,
            progress: i.progress,
            min_disk: i.min_disk,
            min_ram: i.min_ram,
            created: i.created,
            updated: i.updated,
            metadata: m,
            links: if l.is_empty() && !i.explicit { Links::Derived } else { Links::Explicit(l) },
            server: i.server,
            disk_config: i.disk_config,
            size: i.size,
        })
        .collect();
    f(&refs)
}

#[derive(Clone)]
struct PoolImage {
    c: osimages_image,
    rust: Option<OwnedImage>,
}

/// Each style's own entry points (`osimages_view_render_json_compact`, ...): the same calls as
/// the generic ones with the style's code taken out of `format`.
struct Own {
    view_render: unsafe extern "C" fn(
        *const osimages_view, u32, usize, u32, *mut c_char, usize, *mut usize, *mut osimages_error,
    ) -> osimages_status,
    view_write: unsafe extern "C" fn(
        *const osimages_view, u32, usize, u32, *mut u8, usize, osimages_write_fn, *mut std::ffi::c_void,
        *mut usize, *mut osimages_error,
    ) -> osimages_status,
    list_render: unsafe extern "C" fn(
        *const osimages_list, u32, usize, u32, *mut c_char, usize, *mut usize, *mut osimages_error,
    ) -> osimages_status,
    list_write: unsafe extern "C" fn(
        *const osimages_list, u32, usize, u32, *mut u8, usize, osimages_write_fn, *mut std::ffi::c_void,
        *mut usize, *mut osimages_error,
    ) -> osimages_status,
}

/// [`Own`] of each style, in `OSIMAGES_STYLE_*` order.
const OWN: [Own; 5] = [
    Own {
        view_render: osimages_view_render_json_compact,
        view_write: osimages_view_write_json_compact,
        list_render: osimages_list_render_json_compact,
        list_write: osimages_list_write_json_compact,
    },
    Own {
        view_render: osimages_view_render_json_pretty,
        view_write: osimages_view_write_json_pretty,
        list_render: osimages_list_render_json_pretty,
        list_write: osimages_list_write_json_pretty,
    },
    Own {
        view_render: osimages_view_render_json_nova,
        view_write: osimages_view_write_json_nova,
        list_render: osimages_list_render_json_nova,
        list_write: osimages_list_write_json_nova,
    },
    Own {
        view_render: osimages_view_render_xml_wire,
        view_write: osimages_view_write_xml_wire,
        list_render: osimages_list_render_xml_wire,
        list_write: osimages_list_write_xml_wire,
    },
    Own {
        view_render: osimages_view_render_xml_pretty,
        view_write: osimages_view_write_xml_pretty,
        list_render: osimages_list_render_xml_pretty,
        list_write: osimages_list_write_xml_pretty,
    },
];

/// Whether a render or push goes through its style's own entry point (for an odd image index,
/// which changes nothing else: the two must answer alike), and with which style and option
/// bits.
fn own_style(format: u32, image: usize) -> Option<(usize, u32)> {
    let style = (format & 0xFF) as usize;
    (style < OWN.len() && image % 2 == 1).then_some((style, format & !0xFF))
}

fn uuid(t: &Text) -> Option<Uuid> {
    t.rust().and_then(|s| Uuid::parse(&s))
}

/// A date field: empty is null; otherwise it must parse.
fn date(c: &osimages_str, t: &Text) -> Option<Option<Timestamp>> {
    if c.len == 0 {
        return Some(None);
    }
    t.rust().and_then(|s| Timestamp::parse(&s, Field::Created).ok()).map(Some)
}

fn build_image(arena: &mut Arena, inp: &mut Input<'_>) -> PoolImage {
    let (id, id_t) = arena.string(inp, true);
    let has_name = inp.u8();
    let (name, name_t) = arena.string(inp, has_name != 0);
    let status = inp.enum_u32(5);
    let progress = match inp.u8() {
        b @ 0..=0xEF => u32::from(b % 104),
        _ => inp.u32(),
    };
    let (min_disk, min_ram) = (inp.big(), inp.big());
    let (created, created_t) = arena.string(inp, true);
    let (updated, updated_t) = arena.string(inp, true);

    let mut meta_ok = true;
    let mut metas = Vec::new();
    let mut c_metas = Vec::new();
    for _ in 0..inp.u8() % 10 {
        let (key, key_t) = arena.string(inp, true);
        let has_value = inp.u8();
        let (value, value_t) = arena.string(inp, has_value != 0);
        c_metas.push(osimages_meta_entry { key, value, has_value });
        let v = if has_value != 0 { value_t.rust().map(Some) } else { Some(None) };
        match (key_t.rust(), v) {
            (Some(k), Some(v)) => metas.push((k, v)),
            _ => meta_ok = false,
        }
    }
    let (metadata, metadata_len, meta_fault) = arena.array(inp, c_metas, |a, b| {
        let p = b.as_ptr();
        a.metas.push(b);
        p
    });

    let mut links_ok = true;
    let mut links = Vec::new();
    let mut c_links = Vec::new();
    for _ in 0..inp.u8() % 5 {
        let (href, href_t) = arena.string(inp, true);
        let (rel, rel_t) = arena.string(inp, true);
        let has_media_type = inp.u8();
        let (media_type, type_t) = arena.string(inp, has_media_type != 0);
        c_links.push(osimages_link { href, rel, media_type, has_media_type });
        let t = if has_media_type != 0 { type_t.rust().map(Some) } else { Some(None) };
        match (href_t.rust(), rel_t.rust(), t) {
            (Some(h), Some(r), Some(t)) => links.push((h, r, t)),
            _ => links_ok = false,
        }
    }
    let (links_ptr, links_len, links_fault) = arena.array(inp, c_links, |a, b| {
        let p = b.as_ptr();
        a.links.push(b);
        p
    });

    let (server_id, server_t) = arena.string(inp, true);
    let disk_config = inp.enum_u32(3);
    let has_size = inp.u8();
    let size = inp.big();
    // A spare bit of the size flag (so that programs written before the field still read the
    // same): the image's links are explicit even when there are none.
    let explicit_links = u8::from(has_size & 2 != 0);

    let c = osimages_image {
        id,
        name,
        has_name,
        status,
        progress,
        min_disk,
        min_ram,
        created,
        updated,
        metadata,
        metadata_len,
        links: links_ptr,
        links_len,
        server_id,
        disk_config,
        has_size,
        size,
        explicit_links,
    };
    let rust = (|| {
        if !meta_ok || !links_ok || meta_fault || links_fault {
            return None;
        }
        Some(OwnedImage {
            id: uuid(&id_t)?,
            name: if has_name != 0 { Some(name_t.rust()?) } else { None },
            status: Status::from_u32(status)?,
            progress: u8::try_from(progress).ok()?,
            min_disk,
            min_ram,
            created: date(&c.created, &created_t)?,
            updated: date(&c.updated, &updated_t)?,
            metadata: metas,
            explicit: explicit_links != 0 || links_len > 0,
            links,
            server: if server_id.len == 0 { None } else { Some(uuid(&server_t)?) },
            disk_config: match disk_config {
                0 => None,
                1 => Some(DiskConfig::Auto),
                2 => Some(DiskConfig::Manual),
                _ => return None,
            },
            size: (has_size != 0).then_some(size),
        })
    })();
    PoolImage { c, rust }
}

// ---------------------------------------------------------------------------------------------
// Out-parameters, possibly NULL or at odd addresses, read back byte by byte.

/// Storage for an out-parameter of `N` bytes: aligned, at an odd offset, or NULL.
struct OutCell<const N: usize> {
    words: [u64; 12],
    offset: Option<usize>,
}

impl<const N: usize> OutCell<N> {
    fn new(inp: &mut Input<'_>) -> Self {
        let offset = match inp.u8() % 8 {
            6 => None,
            7 => Some(1 + usize::from(inp.u8()) % 7),
            _ => Some(0),
        };
        OutCell { words: [0xEEEE_EEEE_EEEE_EEEE; 12], offset }
    }
    fn valid() -> Self {
        OutCell { words: [0xEEEE_EEEE_EEEE_EEEE; 12], offset: Some(0) }
    }
    fn ptr<T>(&mut self) -> *mut T {
        const { assert!(N + 7 <= 96) };
        match self.offset {
            // SAFETY: the offset is below 8 and N + 7 bytes fit in the words.
            Some(o) => unsafe { self.words.as_mut_ptr().cast::<u8>().add(o) }.cast::<T>(),
            None => null_mut(),
        }
    }
    fn bytes(&self) -> Option<[u8; N]> {
        let o = self.offset?;
        let all: Vec<u8> = self.words.iter().flat_map(|w| w.to_ne_bytes()).collect();
        Some(all[o..o + N].try_into().unwrap())
    }
    fn untouched(&self) -> bool {
        self.bytes().is_none_or(|b| b.iter().all(|&x| x == 0xEE))
    }
}

type SizeOut = OutCell<{ size_of::<usize>() }>;
type ErrOut = OutCell<{ size_of::<osimages_error>() }>;

impl SizeOut {
    fn get(&self) -> Option<usize> {
        self.bytes().map(usize::from_ne_bytes)
    }
}

/// What the push sink writes from.
enum Pushed {
    List(*mut osimages_list),
    View(*const osimages_view),
}

/// The push sink's other end: keeps what it accepts, refuses call `fail_at` with `code`.
struct Sink {
    bytes: Vec<u8>,
    calls: usize,
    fail_at: usize,
    code: i32,
}

impl Sink {
    unsafe extern "C" fn receive(ctx: *mut std::ffi::c_void, bytes: *const u8, len: usize) -> std::ffi::c_int {
        // SAFETY: `ctx` is the `Sink` op_write passed; `bytes` readable for `len` (the contract).
        let (sink, bytes) = unsafe { (&mut *ctx.cast::<Sink>(), std::slice::from_raw_parts(bytes, len)) };
        assert!(len > 0, "write: an empty call");
        sink.calls += 1;
        if sink.calls - 1 == sink.fail_at {
            return sink.code;
        }
        sink.bytes.extend_from_slice(bytes);
        0
    }
}

/// `osimages_error` as integers and bytes (read without trusting the enum's bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ErrRecord {
    status: u32,
    field: u32,
    image: u32,
    entry: u32,
    argument: u32,
    write_result: i32,
    needed: usize,
    key: [u8; OSIMAGES_ERROR_KEY_SIZE],
}

impl ErrOut {
    fn get(&self) -> Option<ErrRecord> {
        let b = self.bytes()?;
        let w = |i: usize| u32::from_ne_bytes(b[4 * i..4 * i + 4].try_into().unwrap());
        let at = std::mem::offset_of!(osimages_error, write_result);
        let write_result = i32::from_ne_bytes(b[at..at + 4].try_into().unwrap());
        let at = std::mem::offset_of!(osimages_error, needed);
        let needed = usize::from_ne_bytes(b[at..at + size_of::<usize>()].try_into().unwrap());
        let at = std::mem::offset_of!(osimages_error, key);
        let key = b[at..at + OSIMAGES_ERROR_KEY_SIZE].try_into().unwrap();
        Some(ErrRecord { status: w(0), field: w(1), image: w(2), entry: w(3), argument: w(4), write_result, needed, key })
    }
}

/// The statuses these functions are documented to return (125 cannot occur: a document nested
/// deeper than its shape is the wrong type first; 900 only in builds with `std`).
fn documented(status: u32) -> bool {
    matches!(status, 0..=12 | 101..=116 | 120..=124 | 126..=129 | 200 | 201)
}

/// An image or entry index as `osimages_error` reports it.
fn c_index(i: Option<u32>) -> u32 {
    i.map_or(OSIMAGES_NO_INDEX, |i| i.min(OSIMAGES_NO_INDEX - 1))
}

/// Whether to print every checked call (`OSIMAGES_FUZZ_TRACE=1`, to see what an input does).
fn tracing() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("OSIMAGES_FUZZ_TRACE").is_some_and(|v| v == "1"))
}

/// The status is documented and `*err`, when given, reports it consistently.
fn check_status(what: &str, st: osimages_status, err: &ErrOut) {
    if tracing() {
        eprintln!("{what}: {st:?}");
    }
    let code = st as u32;
    assert!(documented(code), "{what}: undocumented status {code}");
    let Some(e) = err.get() else { return };
    assert_eq!(e.status, code, "{what}: *err repeats the status");
    if code == 0 {
        let ok = ErrRecord {
            status: 0,
            field: OSIMAGES_FIELD_NONE,
            image: OSIMAGES_NO_INDEX,
            entry: OSIMAGES_NO_INDEX,
            argument: 0,
            write_result: 0,
            needed: 0,
            key: [0; OSIMAGES_ERROR_KEY_SIZE],
        };
        assert_eq!(e, ok, "{what}: OK reports nothing else");
        return;
    }
    assert!(e.field <= OSIMAGES_FIELD_NEXT_LINK_REL || e.field == OSIMAGES_FIELD_NONE, "{what}: field {e:?}");
    assert!(e.argument <= 9, "{what}: argument {e:?}");
    assert_eq!(e.write_result != 0, code == 201, "{what}: write_result {e:?}");
    if (101..=129).contains(&code) {
        assert_ne!(e.field, OSIMAGES_FIELD_NONE, "{what}: a refused value names its field");
    }
    // What is needed only for a capacity refusal, the key only for an unknown one, and the key
    // always NUL-terminated.
    if e.needed != 0 {
        assert!((110..=113).contains(&code), "{what}: needed {} with {code}", e.needed);
    }
    assert_eq!(e.key[OSIMAGES_ERROR_KEY_SIZE - 1], 0, "{what}: the key is NUL-terminated");
    if e.key[0] != 0 {
        assert_eq!(code, OSIMAGES_STATUS_UNKNOWN_FIELD as u32, "{what}: a key with {code}");
    }
}

// ---------------------------------------------------------------------------------------------
// Requests: which document, in which format, as the library must read the integers.

#[derive(Clone, Copy, Debug)]
enum Target {
    Detail,
    Summary,
    Show(usize),
}

fn request(document: u32, image: usize, format: u32) -> Result<(Target, Format), osimages_status> {
    let target = match document {
        OSIMAGES_DOCUMENT_DETAIL => Target::Detail,
        OSIMAGES_DOCUMENT_SUMMARY => Target::Summary,
        OSIMAGES_DOCUMENT_SHOW => Target::Show(image),
        _ => return Err(OSIMAGES_STATUS_INVALID_DOCUMENT),
    };
    if format & !(0xFF | OSIMAGES_OPTION_ASCII_ONLY) != 0 {
        return Err(OSIMAGES_STATUS_INVALID_FORMAT);
    }
    let style = *Style::ALL.get((format & 0xFF) as usize).ok_or(OSIMAGES_STATUS_INVALID_FORMAT)?;
    Ok((target, Format { style, ascii_only: format & OSIMAGES_OPTION_ASCII_ONLY != 0 }))
}

fn read_request(inp: &mut Input<'_>, images: usize) -> (u32, usize, u32) {
    let document = inp.enum_u32(3);
    let image = inp.index(images);
    let format = match inp.u8() {
        b @ 0..=0xDF => u32::from(b % 6) | if b & 0x80 != 0 { OSIMAGES_OPTION_ASCII_ONLY } else { 0 },
        _ => inp.u32(),
    };
    (document, image, format)
}

fn rust_render<S: Source + ?Sized>(doc: &Document<'_, S>, format: Format) -> Vec<u8> {
    let mut buf = vec![0u8; doc.rendered_len(format)];
    let n = doc.render(&mut buf, format).expect("an exact buffer is enough");
    assert_eq!(n, buf.len());
    buf
}

/// What the Rust source renders for a checked request; `Err` for a show index past the end.
fn rust_request<'a, S: Source>(
    detail: Document<'a, S>,
    summary: Document<'a, S>,
    show: impl FnOnce(usize) -> Option<Document<'a, S>>,
    target: Target,
    format: Format,
) -> Result<Vec<u8>, osimages_status> {
    let doc = match target {
        Target::Detail => detail,
        Target::Summary => summary,
        Target::Show(i) => show(i).ok_or(OSIMAGES_STATUS_NO_SUCH_IMAGE)?,
    };
    Ok(rust_render(&doc, format))
}

// ---------------------------------------------------------------------------------------------
// Storage: two lists (one at the start of its block, one 8 bytes in), two cursors.

struct ListSlot {
    block: Box<[u64]>,
    /// Byte offset of the aligned list in `block`.
    at: usize,
    /// The Rust list this one must equal; `None` when the storage holds no list.
    mirror: Option<Box<Mirror>>,
    /// Successful changes so far (a cursor started before one must stop).
    changes: u64,
}

impl ListSlot {
    fn new(at: usize) -> Self {
        ListSlot { block: vec![0u64; LIST_WORDS].into(), at, mirror: None, changes: 0 }
    }
    fn base(&mut self) -> *mut u8 {
        self.block.as_mut_ptr().cast::<u8>()
    }
    fn list(&mut self) -> *mut osimages_list {
        // SAFETY: `at` + OSIMAGES_LIST_SIZE is within the block.
        unsafe { self.base().add(self.at) }.cast()
    }
    /// Bytes from the list's start to the block's end: what may be passed as `list_size`.
    fn room(&self) -> usize {
        LIST_WORDS * 8 - self.at
    }
    fn snapshot(&self) -> Vec<u64> {
        self.block.to_vec()
    }
}

/// A list pointer the fuzzer chose, and the status the list checks must give it.
#[derive(Clone, Copy)]
enum ListArg {
    Slot(usize),
    Null,
    Misaligned(usize, usize),
}

fn read_list_arg(inp: &mut Input<'_>) -> ListArg {
    match inp.u8() {
        b @ 0..=0xDF => ListArg::Slot(usize::from(b & 1)),
        0xE0..=0xEF => ListArg::Null,
        b => ListArg::Misaligned(usize::from(b & 1), 1 + usize::from(b >> 1) % 7),
    }
}

#[derive(Clone, Debug)]
enum Over {
    List { slot: usize, changes: u64 },
    View(usize),
}

#[derive(Clone, Debug)]
struct Started {
    over: Over,
    /// The whole document; `None` once the harness itself broke the contract under the cursor
    /// (scribbled on its list, shrank its view): then only safety is checked.
    expected: Option<Vec<u8>>,
    pos: usize,
}

struct CursorSlot {
    block: Box<[u64]>,
    started: Option<Started>,
}

impl CursorSlot {
    fn cursor(&mut self) -> *mut osimages_cursor {
        self.block.as_mut_ptr().cast()
    }
}

/// A view the fuzzer built, the array of images it points to, and the Rust values.
struct ViewEntry {
    c: Box<osimages_view>,
    /// The array `c.images` points to (when it is a real one).
    images: Box<[osimages_image]>,
    array_fault: bool,
    /// Endpoints and next link, when Rust can hold them.
    list_level: Option<([String; 3], Option<String>)>,
    rust_images: Vec<Option<OwnedImage>>,
    /// Images made invalid after the view was built (progress 1000), and their old progress.
    corrupted: Vec<Option<u32>>,
}

impl ViewEntry {
    /// What the view must render for a checked request, or `None` when it must be refused.
    fn render(&self, target: Target, format: Format) -> Option<Result<Vec<u8>, osimages_status>> {
        let ([compute, image_service, tenant], next) = self.list_level.as_ref()?;
        let endpoints = Endpoints { compute, image_service, tenant };
        if self.array_fault || self.corrupted.iter().any(Option::is_some) {
            return None;
        }
        let images: Option<Vec<&OwnedImage>> = self.rust_images.iter().map(Option::as_ref).collect();
        with_refs(&images?, |refs| {
            let view = ImagesView::new(endpoints, refs).ok()?.with_next_link(next.as_deref()).ok()?;
            let view = view.with_size_extension(self.c.size_extension != 0);
            Some(rust_request(view.detail(), view.summary(), |i| view.show(i), target, format))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Output buffers.

/// Where a render or fill writes, as the fuzzer chose it.
#[derive(Clone, Copy, Debug)]
enum BufSpec {
    /// A real buffer of a length derived from the document's (`needed`) length.
    Len(LenSpec),
    /// NULL with this length (0 is a size query).
    Null(usize),
    /// A real 1-byte buffer with a length above `PTRDIFF_MAX`.
    Huge,
    /// Inside the storage the call reads (the list, the cursor, the view): `offset`, `len`.
    Inside(u16, u16, Protected),
}

#[derive(Clone, Copy, Debug)]
enum LenSpec {
    Exact,
    Plus(u8),
    Short(u16),
    Fixed(u16),
}

#[derive(Clone, Copy, Debug)]
enum Protected {
    List,
    Cursor,
    View,
}

fn read_buf(inp: &mut Input<'_>, inside: &[Protected]) -> BufSpec {
    match inp.u8() % 16 {
        0..=2 => BufSpec::Len(LenSpec::Exact),
        3..=5 => BufSpec::Len(LenSpec::Plus(inp.u8())),
        6..=8 => BufSpec::Len(LenSpec::Short(inp.u16())),
        9..=11 => BufSpec::Len(LenSpec::Fixed(inp.u16() % 2048)),
        12 => BufSpec::Null(0),
        13 => BufSpec::Null(1 + usize::from(inp.u8())),
        14 => BufSpec::Huge,
        _ => {
            let (o, l, w) = (inp.u16(), inp.u16(), inp.u8());
            match inside.get(usize::from(w) % inside.len().max(1)) {
                Some(&p) => BufSpec::Inside(o, l, p),
                None => BufSpec::Len(LenSpec::Exact),
            }
        }
    }
}

impl LenSpec {
    fn len(self, needed: usize) -> usize {
        match self {
            LenSpec::Exact => needed,
            LenSpec::Plus(k) => needed + usize::from(k),
            LenSpec::Short(k) => needed.saturating_sub(1 + usize::from(k)),
            LenSpec::Fixed(k) => usize::from(k),
        }
    }
}

/// A real buffer of `len` bytes filled with `FILL`, canaries on each side.
struct Guarded(Vec<u8>);

impl Guarded {
    fn new(len: usize) -> Self {
        let mut v = vec![CANARY; len + 2 * PAD];
        v[PAD..PAD + len].fill(FILL);
        Guarded(v)
    }
    fn ptr(&mut self) -> *mut c_char {
        self.0[PAD..].as_mut_ptr().cast()
    }
    fn inner(&self) -> &[u8] {
        &self.0[PAD..self.0.len() - PAD]
    }
    fn check_canaries(&self, what: &str) {
        let n = self.0.len();
        assert!(
            self.0[..PAD].iter().chain(&self.0[n - PAD..]).all(|&b| b == CANARY),
            "{what}: a byte outside the buffer was written"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The harness.

struct Harness {
    arena: Arena,
    lists: [ListSlot; 2],
    cursors: [CursorSlot; 2],
    pool: Vec<PoolImage>,
    views: Vec<ViewEntry>,
}

type RenderCall<'a> =
    dyn FnMut(u32, usize, u32, *mut c_char, usize, *mut usize, *mut osimages_error) -> osimages_status + 'a;

impl Harness {
    fn new() -> Self {
        let cursor = || CursorSlot { block: vec![0u64; CURSOR_WORDS].into(), started: None };
        Harness {
            arena: Arena::default(),
            lists: [ListSlot::new(0), ListSlot::new(8)],
            cursors: [cursor(), cursor()],
            pool: Vec::new(),
            views: Vec::new(),
        }
    }

    fn list_ptr(&mut self, arg: ListArg) -> *mut osimages_list {
        match arg {
            ListArg::Slot(i) => self.lists[i].list(),
            ListArg::Null => null_mut(),
            // SAFETY: within the block (offsets below 8, block has 16 spare bytes).
            ListArg::Misaligned(i, o) => unsafe { self.lists[i].base().add(o) }.cast(),
        }
    }

    /// The status the list checks give `arg` (NULL, alignment, initialisation), if any.
    fn list_fault(&self, arg: ListArg) -> Option<osimages_status> {
        match arg {
            ListArg::Slot(i) if self.lists[i].mirror.is_some() => None,
            ListArg::Slot(_) => Some(OSIMAGES_STATUS_NOT_INITIALIZED),
            ListArg::Null => Some(OSIMAGES_STATUS_NULL_POINTER),
            ListArg::Misaligned(..) => Some(OSIMAGES_STATUS_MISALIGNED),
        }
    }

    /// One document of the C list in slot `i`, rendered into an exact buffer.
    fn c_list_doc(&mut self, i: usize, document: u32, format: u32) -> Vec<u8> {
        let list = self.lists[i].list();
        let mut len = 0usize;
        // SAFETY: an initialised list; a size query writes only `len`.
        let st = unsafe { osimages_list_render(list, document, 0, format, null_mut(), 0, &mut len, null_mut()) };
        assert_eq!(st, OSIMAGES_STATUS_OK, "size query of a stored list");
        let mut buf = vec![0u8; len];
        let mut n = 0usize;
        // SAFETY: `buf` is writable for `len` bytes.
        let st = unsafe {
            osimages_list_render(list, document, 0, format, buf.as_mut_ptr().cast(), len, &mut n, null_mut())
        };
        assert_eq!((st, n), (OSIMAGES_STATUS_OK, len), "a stored list always renders");
        buf
    }

    /// The C list in slot `i` renders what its mirror renders (what a refused call must keep).
    fn check_against_mirror(&mut self, i: usize, what: &str) {
        let Some(m) = self.lists[i].mirror.take() else { return };
        // SAFETY: the slot's list pointer.
        assert_eq!(unsafe { osimages_list_len(self.lists[i].list()) }, m.len(), "{what}: length");
        let docs = [
            (OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_STYLE_JSON_NOVA, Format::from(Style::JsonNova), m.detail()),
            (OSIMAGES_DOCUMENT_SUMMARY, OSIMAGES_STYLE_XML_WIRE, Format::from(Style::XmlWire), m.summary()),
        ];
        for (document, code, format, doc) in docs {
            let want = rust_render(&doc, format);
            let got = self.c_list_doc(i, document, code);
            assert!(
                got == want,
                "{what}: the list renders differently from its mirror\n  C: {}\n  R: {}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
        self.lists[i].mirror = Some(m);
    }

    /// After a list call: its status, and what the mirror says. `outcome` is the mirror's
    /// verdict (`Some(true)`: must succeed; `Some(false)`: must be refused; `None`: the C values
    /// cannot be given to Rust, so must be refused); `exact` a status the call must return.
    fn after_change(
        &mut self,
        what: &str,
        arg: ListArg,
        st: osimages_status,
        err: &ErrOut,
        exact: Option<osimages_status>,
        accepted_by_mirror: Option<bool>,
        undo: Option<Box<Mirror>>,
    ) {
        check_status(what, st, err);
        if let Some(e) = exact {
            assert_eq!(st, e, "{what}");
        } else {
            let ok = st == OSIMAGES_STATUS_OK;
            match accepted_by_mirror {
                Some(true) => assert!(ok, "{what}: refused ({st:?}) what Rust accepts"),
                Some(false) => assert!(!ok, "{what}: accepted what Rust refuses"),
                None => assert!(!ok, "{what}: accepted a value Rust cannot even hold"),
            }
        }
        let ListArg::Slot(i) = arg else { return };
        if st == OSIMAGES_STATUS_OK {
            self.lists[i].changes += 1;
        } else if let Some(before) = undo {
            // The mirror was changed to try the value; a refusal restores it.
            self.lists[i].mirror = Some(before);
        }
        if st != OSIMAGES_STATUS_OK {
            self.check_against_mirror(i, what);
        }
    }

    /// Checks one render call under the buffer contract. `expected`: the document, or the exact
    /// error, or `Err(None)` for "some error". `inside` is the storage a buffer inside it must
    /// leave untouched.
    fn check_render(
        what: &str,
        call: &mut RenderCall<'_>,
        (document, image, format): (u32, usize, u32),
        expected: Result<Vec<u8>, Option<osimages_status>>,
        spec: BufSpec,
        out: &mut SizeOut,
        err: &mut ErrOut,
        inside: Option<(*mut u8, usize)>,
    ) {
        // The size query.
        let mut q = SizeOut::valid();
        let mut qerr = ErrOut::valid();
        let st = call(document, image, format, null_mut(), 0, q.ptr(), qerr.ptr());
        check_status(what, st, &qerr);
        let needed = q.get().unwrap();
        match &expected {
            Ok(doc) => {
                assert_eq!(st, OSIMAGES_STATUS_OK, "{what}: size query");
                assert_eq!(needed, doc.len(), "{what}: size query length");
            }
            Err(Some(e)) => assert_eq!(st, *e, "{what}: size query"),
            Err(None) => assert_ne!(st, OSIMAGES_STATUS_OK, "{what}: size query accepted a refused value"),
        }
        if st != OSIMAGES_STATUS_OK {
            assert_eq!(needed, 0, "{what}: *out_len after an error");
        }
        let refused = (st != OSIMAGES_STATUS_OK).then_some(st);

        // A big buffer: the document and a NUL (or the same error, nothing left behind).
        let mut big = Guarded::new(needed + 64);
        let mut n = SizeOut::valid();
        let st = call(document, image, format, big.ptr(), needed + 64, n.ptr(), null_mut());
        big.check_canaries(what);
        match refused {
            None => {
                assert_eq!((st, n.get().unwrap()), (OSIMAGES_STATUS_OK, needed), "{what}: big buffer");
                if let Ok(doc) = &expected {
                    assert!(big.inner()[..needed] == doc[..], "{what}: differs from the Rust rendering");
                }
                assert_eq!(big.inner()[needed], 0, "{what}: NUL after the document");
                assert!(big.inner()[needed + 1..].iter().all(|&b| b == FILL), "{what}: wrote past the NUL");
            }
            Some(e) => {
                assert_eq!((st, n.get().unwrap()), (e, 0), "{what}: big buffer, same error");
                assert_eq!(big.inner()[0], 0, "{what}: buf[0] after an error");
                assert!(big.inner()[1..].iter().all(|&b| b == FILL), "{what}: wrote after an error");
            }
        }

        // The fuzzer's buffer, out-parameters and err.
        let out_null = out.get().is_none();
        match spec {
            BufSpec::Inside(o, l, _) => {
                let (at, size) = inside.expect("an inside buffer comes with its storage");
                let o = usize::from(o) % size;
                let l = usize::from(l) % (size - o) + 1;
                // SAFETY: the storage is `size` bytes; every pointer below stays inside it.
                let before = unsafe { std::slice::from_raw_parts(at, size) }.to_vec();
                let p = unsafe { at.add(o) }.cast::<c_char>();
                let st = call(document, image, format, p, l, out.ptr(), err.ptr());
                check_status(what, st, err);
                // SAFETY: as above.
                let after = unsafe { std::slice::from_raw_parts(at, size) };
                assert!(before == after, "{what}: a buffer overlapping the storage was written ({st:?})");
                let want = if out_null { OSIMAGES_STATUS_NULL_POINTER } else { OSIMAGES_STATUS_OVERLAP };
                assert_eq!(st, want, "{what}: a buffer inside the storage");
                if !out_null {
                    assert_eq!(out.get(), Some(0), "{what}: *out_len after OVERLAP");
                }
            }
            BufSpec::Null(len) => {
                let st = call(document, image, format, null_mut(), len, out.ptr(), err.ptr());
                check_status(what, st, err);
                let want = match (out_null, len, refused) {
                    (true, ..) => OSIMAGES_STATUS_NULL_POINTER,
                    (false, 0, None) => OSIMAGES_STATUS_OK,
                    (false, 0, Some(e)) => e,
                    (false, _, _) => OSIMAGES_STATUS_NULL_POINTER,
                };
                assert_eq!(st, want, "{what}: NULL buffer of {len}");
                if !out_null {
                    let n = if st == OSIMAGES_STATUS_OK { needed } else { 0 };
                    assert_eq!(out.get(), Some(n), "{what}: *out_len, NULL buffer");
                }
            }
            BufSpec::Huge => {
                let mut one = Guarded::new(1);
                let st = call(document, image, format, one.ptr(), isize::MAX as usize + 1, out.ptr(), err.ptr());
                check_status(what, st, err);
                one.check_canaries(what);
                // Such a range may also cover the storage the call reads: then OVERLAP is as
                // right, and `buf[0]` is left alone with that storage.
                let want = if out_null { OSIMAGES_STATUS_NULL_POINTER } else { OSIMAGES_STATUS_INVALID_LENGTH };
                assert!(st == want || st == OSIMAGES_STATUS_OVERLAP, "{what}: a length above PTRDIFF_MAX: {st:?}");
                assert!(matches!(one.inner()[0], 0 | FILL), "{what}: buf[0] after an error");
            }
            BufSpec::Len(l) => {
                let len = l.len(needed);
                let mut buf = Guarded::new(len);
                let st = call(document, image, format, buf.ptr(), len, out.ptr(), err.ptr());
                check_status(what, st, err);
                buf.check_canaries(what);
                let inner = buf.inner();
                let untouched = |from: usize| inner.get(from..).is_none_or(|r| r.iter().all(|&b| b == FILL));
                if out_null {
                    assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "{what}: out_len NULL");
                    assert!(len == 0 || inner[0] == 0, "{what}: buf[0] after an error");
                    assert!(untouched(1), "{what}: wrote after an error");
                    return;
                }
                let got = out.get().unwrap();
                match refused {
                    Some(e) => {
                        assert_eq!((st, got), (e, 0), "{what}: buffer of {len}, same error");
                        assert!(len == 0 || inner[0] == 0, "{what}: buf[0] after an error");
                        assert!(untouched(1), "{what}: wrote after an error");
                    }
                    None if len == 0 => {
                        assert_eq!((st, got), (OSIMAGES_STATUS_OK, needed), "{what}: size query");
                    }
                    None if len < needed => {
                        assert_eq!((st, got), (OSIMAGES_STATUS_BUFFER_TOO_SMALL, needed), "{what}: {len} < {needed}");
                        assert!(inner.iter().all(|&b| b == 0), "{what}: a partial document was left");
                    }
                    None => {
                        assert_eq!((st, got), (OSIMAGES_STATUS_OK, needed), "{what}: buffer of {len}");
                        assert!(inner[..needed] == big.inner()[..needed], "{what}: differs from the big buffer");
                        if len > needed {
                            assert_eq!(inner[needed], 0, "{what}: NUL when there is room");
                        }
                        assert!(untouched(needed + 1), "{what}: wrote past the NUL");
                    }
                }
            }
        }
    }

    fn run(&mut self, inp: &mut Input<'_>) {
        for _ in 0..MAX_OPS {
            if inp.0.is_empty() {
                return;
            }
            match inp.u8() % 25 {
                0 => self.op_init(inp),
                1 => self.op_endpoints(inp),
                2 => self.op_next_link(inp),
                3 => self.op_simple(inp),
                4 | 5 => {
                    if self.pool.len() < MAX_POOL_IMAGES {
                        let img = build_image(&mut self.arena, inp);
                        self.pool.push(img);
                    }
                }
                6 | 7 => self.op_push(inp),
                8 => self.op_push_metadata(inp),
                9 => self.op_push_link(inp),
                10 | 11 => self.op_render_list(inp),
                12 => self.op_build_view(inp),
                13 => self.op_render_view(inp),
                14 => self.op_start_list(inp),
                15 => self.op_start_view(inp),
                16 | 17 => self.op_fill(inp),
                18 => self.op_change_view(inp),
                19 => self.op_texts_and_scribble(inp),
                20 => self.op_update(inp),
                21 => self.op_parse(inp),
                22 => self.op_measure(inp),
                23 => self.op_write(inp),
                _ => self.op_render_checked(inp),
            }
        }
    }

    fn op_init(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let size_kind = inp.u8() % 6;
        let mut err = ErrOut::new(inp);
        let size = match (arg, size_kind) {
            (ListArg::Slot(i), 3) => self.lists[i].room(),
            (_, 4) => OSIMAGES_LIST_SIZE - 1,
            (_, 5) => usize::from(inp.u8()),
            _ => OSIMAGES_LIST_SIZE,
        };
        let p = self.list_ptr(arg);
        // SAFETY: NULL, or storage of at least `size` bytes (the slot's room) in a live block.
        let st = unsafe { osimages_list_init(p, size, err.ptr()) };
        check_status("init", st, &err);
        let want = match arg {
            ListArg::Null => OSIMAGES_STATUS_NULL_POINTER,
            ListArg::Misaligned(..) => OSIMAGES_STATUS_MISALIGNED,
            ListArg::Slot(_) if size < OSIMAGES_LIST_SIZE => OSIMAGES_STATUS_STORAGE_TOO_SMALL,
            ListArg::Slot(_) => OSIMAGES_STATUS_OK,
        };
        assert_eq!(st, want, "init of {size} bytes");
        if let (ListArg::Slot(i), OSIMAGES_STATUS_OK) = (arg, st) {
            self.lists[i].mirror = Some(Box::new(Mirror::new()));
            self.lists[i].changes += 1;
        }
    }

    fn op_endpoints(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let (c, ct) = self.arena.string(inp, true);
        let (g, gt) = self.arena.string(inp, true);
        let (t, tt) = self.arena.string(inp, true);
        let mut err = ErrOut::new(inp);
        let p = self.list_ptr(arg);
        // SAFETY: the list pointer and the strings are as the harness made them.
        let st = unsafe { osimages_list_set_endpoints(p, c, g, t, err.ptr()) };
        let fault = self.list_fault(arg);
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            let (c, g, t) = (ct.rust()?, gt.rust()?, tt.rust()?);
            Some(m.set_endpoints(Endpoints { compute: &c, image_service: &g, tenant: &t }).is_ok())
        });
        self.after_change("set_endpoints", arg, st, &err, fault, verdict, undo);
    }

    /// Tries a change on the mirror of `arg`'s list (when the C call gets that far): the
    /// verdict and the mirror as it was before.
    fn try_mirror(
        &mut self,
        arg: ListArg,
        fault: Option<osimages_status>,
        f: impl FnOnce(&mut Mirror) -> Option<bool>,
    ) -> (Option<bool>, Option<Box<Mirror>>) {
        if fault.is_some() {
            return (None, None);
        }
        let ListArg::Slot(i) = arg else { return (None, None) };
        let m = self.lists[i].mirror.as_mut().expect("no fault: initialised");
        let before = m.clone();
        (f(m), Some(before))
    }

    fn op_next_link(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let (h, ht) = self.arena.string(inp, true);
        let mut err = ErrOut::new(inp);
        let p = self.list_ptr(arg);
        // SAFETY: as the harness made them.
        let st = unsafe { osimages_list_set_next_link(p, h, err.ptr()) };
        let fault = self.list_fault(arg);
        let (verdict, undo) = self.try_mirror(arg, fault, |m| Some(m.set_next_link(Some(&ht.rust()?)).is_ok()));
        self.after_change("set_next_link", arg, st, &err, fault, verdict, undo);
    }

    /// remove_next_link, set_size_extension, clear, len.
    fn op_simple(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let which = inp.u8();
        let on = inp.u8();
        let mut err = ErrOut::new(inp);
        let p = self.list_ptr(arg);
        let fault = self.list_fault(arg);
        // SAFETY (each call): the list pointer as the harness made it.
        let (what, st) = match which % 4 {
            0 => ("remove_next_link", unsafe { osimages_list_remove_next_link(p, err.ptr()) }),
            1 => ("set_size_extension", unsafe { osimages_list_set_size_extension(p, on, err.ptr()) }),
            2 => ("clear", unsafe { osimages_list_clear(p, err.ptr()) }),
            _ => {
                let len = unsafe { osimages_list_len(p) };
                let want = match arg {
                    ListArg::Slot(i) => self.lists[i].mirror.as_ref().map_or(0, |m| m.len()),
                    _ => 0,
                };
                assert_eq!(len, want, "list_len");
                return;
            }
        };
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            match which % 4 {
                0 => m.set_next_link(None).expect("removing never fails"),
                1 => m.set_size_extension(on != 0),
                _ => m.clear(),
            }
            Some(true)
        });
        self.after_change(what, arg, st, &err, fault, verdict, undo);
    }

    fn pool_image(&mut self, inp: &mut Input<'_>) -> PoolImage {
        let k = usize::from(inp.u8());
        self.pool.get(k % self.pool.len().max(1)).cloned().unwrap_or_else(|| {
            // An all-zero image: its empty id is refused.
            // SAFETY: osimages_image is integers, NULL pointers and flags: all-zero is valid.
            PoolImage { c: unsafe { std::mem::zeroed() }, rust: None }
        })
    }

    fn op_push(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let img = self.pool_image(inp);
        let where_ = inp.u8() % 8;
        let mut index = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        let image: *const osimages_image = match where_ {
            6 => null(),
            7 => self.arena.misaligned::<osimages_image>(1),
            _ => &img.c,
        };
        let p = self.list_ptr(arg);
        // SAFETY: the image and everything it points to live in the arena.
        let st = unsafe { osimages_list_push(p, image, index.ptr(), err.ptr()) };
        let fault = if index.get().is_none() || where_ == 6 {
            Some(OSIMAGES_STATUS_NULL_POINTER)
        } else if where_ == 7 {
            Some(OSIMAGES_STATUS_MISALIGNED)
        } else {
            self.list_fault(arg)
        };
        let mut at = None;
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            let r = img.rust.as_ref()?;
            let pushed = with_refs(&[r], |refs| m.push(&refs[0]));
            at = pushed.as_ref().ok().copied();
            Some(pushed.is_ok())
        });
        self.after_change("push", arg, st, &err, fault, verdict, undo);
        match (st, at) {
            (OSIMAGES_STATUS_OK, Some(i)) => assert_eq!(index.get(), Some(i), "push: *out_index"),
            _ => assert!(index.untouched(), "push: *out_index written on a refusal"),
        }
    }

    fn op_push_metadata(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let image = inp.index(OSIMAGES_LIST_MAX_IMAGES);
        let (key, kt) = self.arena.string(inp, true);
        let has_value = inp.u8();
        let (value, vt) = self.arena.string(inp, has_value != 0);
        let where_ = inp.u8() % 8;
        let mut err = ErrOut::new(inp);
        let entry = osimages_meta_entry { key, value, has_value };
        let e: *const osimages_meta_entry = match where_ {
            6 => null(),
            7 => self.arena.misaligned::<osimages_meta_entry>(1),
            _ => &entry,
        };
        let p = self.list_ptr(arg);
        // SAFETY: as the harness made them.
        let st = unsafe { osimages_list_push_metadata(p, image, e, err.ptr()) };
        let fault = match where_ {
            6 => Some(OSIMAGES_STATUS_NULL_POINTER),
            7 => Some(OSIMAGES_STATUS_MISALIGNED),
            _ => self.list_fault(arg),
        };
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            if image >= m.len() {
                return Some(false);
            }
            let v = if has_value != 0 { Some(vt.rust()?) } else { None };
            Some(m.push_metadata(image, &kt.rust()?, v.as_deref()).is_ok())
        });
        self.after_change("push_metadata", arg, st, &err, fault, verdict, undo);
    }

    fn op_push_link(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let image = inp.index(OSIMAGES_LIST_MAX_IMAGES);
        let (href, ht) = self.arena.string(inp, true);
        let (rel, rt) = self.arena.string(inp, true);
        let has_media_type = inp.u8();
        let (media_type, tt) = self.arena.string(inp, has_media_type != 0);
        let where_ = inp.u8() % 8;
        let mut err = ErrOut::new(inp);
        let link = osimages_link { href, rel, media_type, has_media_type };
        let l: *const osimages_link = match where_ {
            6 => null(),
            7 => self.arena.misaligned::<osimages_link>(1),
            _ => &link,
        };
        let p = self.list_ptr(arg);
        // SAFETY: as the harness made them.
        let st = unsafe { osimages_list_push_link(p, image, l, err.ptr()) };
        let fault = match where_ {
            6 => Some(OSIMAGES_STATUS_NULL_POINTER),
            7 => Some(OSIMAGES_STATUS_MISALIGNED),
            _ => self.list_fault(arg),
        };
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            if image >= m.len() {
                return Some(false);
            }
            let t = if has_media_type != 0 { Some(tt.rust()?) } else { None };
            let (h, r) = (ht.rust()?, rt.rust()?);
            let link = LinkRef { href: &h, rel: &r, media_type: t.as_deref() };
            Some(m.push_link(image, &link).is_ok())
        });
        self.after_change("push_link", arg, st, &err, fault, verdict, undo);
    }

    /// One of the update-in-place functions (`osimages_list_set_*`, `_remove*`) on image
    /// `image`, against the mirror's same change.
    fn op_update(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let which = inp.u8() % 12;
        let image = inp.index(OSIMAGES_LIST_MAX_IMAGES);
        let mut err = ErrOut::new(inp);
        let p = self.list_ptr(arg);
        let mut fault = self.list_fault(arg);
        // The Rust change the C call must match; `None` when the C values cannot be given to
        // Rust (the call must refuse them).
        type Change = Box<dyn FnOnce(&mut Mirror) -> Option<Result<(), osimages::Error>>>;
        // SAFETY (each call): the list pointer and every string as the harness made them.
        let (what, st, change): (&str, osimages_status, Change) = match which {
            0 => {
                let v = inp.enum_u32(5);
                let st = unsafe { osimages_list_set_status(p, image, v, err.ptr()) };
                ("set_status", st, Box::new(move |m| Some(m.set_status(image, Status::from_u32(v)?))))
            }
            1 => {
                let v = match inp.u8() {
                    b @ 0..=0xEF => u32::from(b % 104),
                    _ => inp.u32(),
                };
                let st = unsafe { osimages_list_set_progress(p, image, v, err.ptr()) };
                let change = move |m: &mut Mirror| match u8::try_from(v) {
                    Ok(v) => Some(m.set_progress(image, v)),
                    // Above 255: refused as above 100 once the image is found.
                    Err(_) => Some(m.set_progress(image, 101)),
                };
                ("set_progress", st, Box::new(change))
            }
            2 | 3 => {
                let (s, t) = self.arena.string(inp, true);
                let st = unsafe {
                    if which == 2 {
                        osimages_list_set_created(p, image, s, err.ptr())
                    } else {
                        osimages_list_set_updated(p, image, s, err.ptr())
                    }
                };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.set_created(image, None));
                    }
                    let at = date(&s, &t)?;
                    Some(if which == 2 { m.set_created(image, at) } else { m.set_updated(image, at) })
                };
                (if which == 2 { "set_created" } else { "set_updated" }, st, Box::new(change))
            }
            4 => {
                let has_name = inp.u8();
                let (s, t) = self.arena.string(inp, has_name != 0);
                let st = unsafe { osimages_list_set_name(p, image, s, has_name, err.ptr()) };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.set_name(image, None));
                    }
                    let name = if has_name != 0 { Some(t.rust()?) } else { None };
                    Some(m.set_name(image, name.as_deref()))
                };
                ("set_name", st, Box::new(change))
            }
            5 => {
                let (has_size, size) = (inp.u8(), inp.big());
                let st = unsafe { osimages_list_set_size(p, image, has_size, size, err.ptr()) };
                ("set_size", st, Box::new(move |m| Some(m.set_size(image, (has_size != 0).then_some(size)))))
            }
            6 => {
                let v = inp.enum_u32(3);
                let st = unsafe { osimages_list_set_disk_config(p, image, v, err.ptr()) };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.set_disk_config(image, None));
                    }
                    let c = match v {
                        0 => None,
                        1 => Some(DiskConfig::Auto),
                        2 => Some(DiskConfig::Manual),
                        _ => return None,
                    };
                    Some(m.set_disk_config(image, c))
                };
                ("set_disk_config", st, Box::new(change))
            }
            7 => {
                let (key, kt) = self.arena.string(inp, true);
                let has_value = inp.u8();
                let (value, vt) = self.arena.string(inp, has_value != 0);
                let where_ = inp.u8() % 8;
                let entry = osimages_meta_entry { key, value, has_value };
                let e: *const osimages_meta_entry = match where_ {
                    6 => null(),
                    7 => self.arena.misaligned::<osimages_meta_entry>(1),
                    _ => &entry,
                };
                fault = match where_ {
                    6 => Some(OSIMAGES_STATUS_NULL_POINTER),
                    7 => Some(OSIMAGES_STATUS_MISALIGNED),
                    _ => fault,
                };
                let st = unsafe { osimages_list_set_metadata(p, image, e, err.ptr()) };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.set_metadata(image, "", None));
                    }
                    let v = if has_value != 0 { Some(vt.rust()?) } else { None };
                    Some(m.set_metadata(image, &kt.rust()?, v.as_deref()))
                };
                ("set_metadata", st, Box::new(change))
            }
            8 => {
                let (key, kt) = self.arena.string(inp, true);
                let st = unsafe { osimages_list_remove_metadata(p, image, key, err.ptr()) };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.remove_metadata(image, ""));
                    }
                    Some(m.remove_metadata(image, &kt.rust()?))
                };
                ("remove_metadata", st, Box::new(change))
            }
            9 => {
                let mut ok = true;
                let (mut links, mut c_links) = (Vec::new(), Vec::new());
                for _ in 0..inp.u8() % 5 {
                    let (href, ht) = self.arena.string(inp, true);
                    let (rel, rt) = self.arena.string(inp, true);
                    let has_media_type = inp.u8();
                    let (media_type, tt) = self.arena.string(inp, has_media_type != 0);
                    c_links.push(osimages_link { href, rel, media_type, has_media_type });
                    let t = if has_media_type != 0 { tt.rust().map(Some) } else { Some(None) };
                    match (ht.rust(), rt.rust(), t) {
                        (Some(h), Some(r), Some(t)) => links.push((h, r, t)),
                        _ => ok = false,
                    }
                }
                let explicit_links = inp.u8() & 1;
                let (ptr, len, array_fault) = self.arena.array(inp, c_links, |a, b| {
                    let p = b.as_ptr();
                    a.links.push(b);
                    p
                });
                let st = unsafe { osimages_list_set_links(p, image, ptr, len, explicit_links, err.ptr()) };
                let change = move |m: &mut Mirror| {
                    if image >= m.len() {
                        return Some(m.remove(image));
                    }
                    if array_fault || !ok {
                        return None;
                    }
                    let refs: Vec<LinkRef<'_>> =
                        links.iter().map(|(h, r, t)| LinkRef { href: h, rel: r, media_type: t.as_deref() }).collect();
                    let state = if explicit_links == 0 && refs.is_empty() {
                        Links::Derived
                    } else {
                        Links::Explicit(&refs[..])
                    };
                    Some(m.set_links(image, state))
                };
                ("set_links", st, Box::new(change))
            }
            10 => {
                let k = inp.index(4);
                let st = unsafe { osimages_list_remove_link(p, image, k, err.ptr()) };
                ("remove_link", st, Box::new(move |m| Some(m.remove_link(image, k))))
            }
            _ => {
                let st = unsafe { osimages_list_remove(p, image, err.ptr()) };
                ("remove", st, Box::new(move |m| Some(m.remove(image))))
            }
        };
        let mut refusal = None;
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            let r = change(m)?;
            refusal = r.err();
            Some(r.is_ok())
        });
        // A value Rust refuses is refused with Rust's status, field, image, entry and need.
        if let (Some(e), Some(got)) = (refusal, err.get()) {
            if st != OSIMAGES_STATUS_OK && fault.is_none() {
                assert_eq!(got.status, osimages_status::from(e.kind) as u32, "{what}: status of {e}");
                assert_eq!(
                    (got.field, got.image, got.entry, got.needed),
                    (e.field as u32, c_index(e.image), c_index(e.entry), e.needed.unwrap_or(0)),
                    "{what}: {e}"
                );
            }
        }
        self.after_change(what, arg, st, &err, fault, verdict, undo);
    }

    /// A JSON document for the parser: the fuzzer's bytes, a rendering of the other list's
    /// mirror (so that real documents are parsed too), or one with a byte changed.
    fn json_document(&mut self, inp: &mut Input<'_>, show: bool) -> Vec<u8> {
        match inp.u8() % 4 {
            0 => {
                let n = usize::from(inp.u16()) % 4096;
                inp.take(n).to_vec()
            }
            k => {
                let style = [Style::JsonCompact, Style::JsonPretty, Style::JsonNova][usize::from(inp.u8()) % 3];
                let mirror = self.lists[usize::from(inp.u8() & 1)].mirror.as_ref();
                let mut doc = match mirror {
                    Some(m) if show => m.show(0).map(|d| rust_render(&d, style.into())).unwrap_or_default(),
                    Some(m) => rust_render(&m.detail(), style.into()),
                    None => b"{\"images\": []}".to_vec(),
                };
                if k == 3 && !doc.is_empty() {
                    let at = usize::from(inp.u16()) % doc.len();
                    doc[at] = inp.u8();
                }
                doc
            }
        }
    }

    /// `osimages_list_parse_detail` / `_parse_show` against the mirror's parse of the same
    /// bytes: the same images added, or the same refusal, with the list as it was.
    fn op_parse(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let show = inp.u8() & 1 != 0;
        let doc = self.json_document(inp, show);
        let where_ = inp.u8() % 8;
        let mut out = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        let p = self.list_ptr(arg);
        let kept = self.arena.keep(&doc);
        let (json, len): (*const c_char, usize) = match where_ {
            5 => (null(), doc.len() + 1),
            6 => (kept, isize::MAX as usize + 1),
            // Inside the list's storage (refused: it would be read while the list is written).
            7 if matches!(arg, ListArg::Slot(_)) => (p.cast_const().cast(), 16),
            _ => (kept, doc.len()),
        };
        // SAFETY: the list as the harness made it; `json` readable for `len` bytes (or a case
        // the library refuses before reading).
        let st = unsafe {
            if show {
                osimages_list_parse_show(p, json, len, out.ptr(), err.ptr())
            } else {
                osimages_list_parse_detail(p, json, len, out.ptr(), err.ptr())
            }
        };
        let what = if show { "parse_show" } else { "parse_detail" };
        // The checks in the order the function makes them: the out-parameter, the document,
        // its overlap with the list, then the list.
        let inside = where_ == 7 && matches!(arg, ListArg::Slot(_));
        let fault = match (out.get(), where_) {
            (None, _) => Some(OSIMAGES_STATUS_NULL_POINTER),
            (Some(_), 5) => Some(OSIMAGES_STATUS_NULL_POINTER),
            (Some(_), 6) => Some(OSIMAGES_STATUS_INVALID_LENGTH),
            _ if inside => Some(OSIMAGES_STATUS_OVERLAP),
            _ => self.list_fault(arg),
        };
        let mut result = None;
        let (verdict, undo) = self.try_mirror(arg, fault, |m| {
            let r = if show { m.parse_show(&doc) } else { m.parse_detail(&doc) };
            let ok = r.is_ok();
            result = Some(r);
            Some(ok)
        });
        if let (Some(Err(e)), Some(got)) = (&result, err.get()) {
            assert_eq!(got.status, osimages_status::from(e.kind) as u32, "{what}: status of {e}");
            assert_eq!(
                (got.field, got.image, got.entry, got.needed),
                (e.field as u32, c_index(e.image), c_index(e.entry), e.needed.unwrap_or(0)),
                "{what}: {e}"
            );
            let key = got.key.iter().position(|&b| b == 0).map(|n| &got.key[..n]).unwrap_or(&[]);
            let want = e.key().map(|k| {
                let mut k = k.as_bytes().to_vec();
                if e.key_is_cut() {
                    k.extend_from_slice(b"...");
                }
                k
            });
            assert_eq!(key, want.as_deref().unwrap_or(&[]), "{what}: the key");
        }
        self.after_change(what, arg, st, &err, fault, verdict, undo);
        match (st, &result) {
            (OSIMAGES_STATUS_OK, Some(Ok(n))) => assert_eq!(out.get(), Some(*n), "{what}: *out"),
            _ => assert!(out.untouched(), "{what}: *out written on a refusal"),
        }
    }

    /// `osimages_capacity_of_document` against `Capacity`, and `osimages_list_used` against
    /// the mirror's usage.
    fn op_measure(&mut self, inp: &mut Input<'_>) {
        let detail = inp.u8() & 1;
        let doc = self.json_document(inp, detail == 0);
        let null_out = inp.u8() % 8 == 7;
        let mut err = ErrOut::new(inp);
        let mut out = osimages_capacity::default();
        let out_ptr: *mut osimages_capacity = if null_out { null_mut() } else { &mut out };
        let json = self.arena.keep(&doc);
        // SAFETY: `json` readable for its length; `out` NULL or a local.
        let st = unsafe { osimages_capacity_of_document(json, doc.len(), detail, out_ptr, err.ptr()) };
        check_status("capacity_of_document", st, &err);
        let want = if detail != 0 { Capacity::detail(&doc) } else { Capacity::show(&doc) };
        match (null_out, want) {
            (true, _) => assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER),
            (false, Ok(c)) => {
                assert_eq!(st, OSIMAGES_STATUS_OK, "capacity_of_document");
                assert_eq!((out.images, out.metadata, out.links, out.bytes), (c.images, c.metadata, c.links, c.bytes));
            }
            (false, Err(e)) => assert_eq!(st, osimages_status::from(e.kind), "capacity_of_document: {e}"),
        }
        // What a list uses.
        let arg = read_list_arg(inp);
        let p = self.list_ptr(arg);
        let mut used = osimages_capacity::default();
        let mut err = ErrOut::new(inp);
        // SAFETY: the list pointer as the harness made it; `used` a local.
        let st = unsafe { osimages_list_used(p, &mut used, err.ptr()) };
        check_status("list_used", st, &err);
        match (self.list_fault(arg), arg) {
            (Some(f), _) => assert_eq!(st, f, "list_used"),
            (None, ListArg::Slot(i)) => {
                let u = self.lists[i].mirror.as_ref().expect("initialised").used();
                assert_eq!(st, OSIMAGES_STATUS_OK);
                assert_eq!((used.images, used.metadata, used.links, used.bytes), (u.images, u.metadata, u.links, u.bytes));
            }
            _ => unreachable!("a list argument without a fault is a slot"),
        }
    }

    /// What a list call must give: the document, or a known status.
    fn list_expected(&self, arg: ListArg, req: (u32, usize, u32)) -> Result<Vec<u8>, Option<osimages_status>> {
        let (target, format) = request(req.0, req.1, req.2).map_err(Some)?;
        match (self.list_fault(arg), arg) {
            (Some(e), _) => Err(Some(e)),
            (None, ListArg::Slot(i)) => {
                let m = self.lists[i].mirror.as_ref().unwrap();
                rust_request(m.detail(), m.summary(), |i| m.show(i), target, format).map_err(Some)
            }
            (None, _) => unreachable!(),
        }
    }

    fn op_render_list(&mut self, inp: &mut Input<'_>) {
        let arg = read_list_arg(inp);
        let req = read_request(inp, OSIMAGES_LIST_MAX_IMAGES);
        let inside = matches!(arg, ListArg::Slot(_));
        let spec = read_buf(inp, if inside { &[Protected::List] } else { &[] });
        let mut out = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        let expected = self.list_expected(arg, req);
        let p = self.list_ptr(arg);
        let storage = match arg {
            ListArg::Slot(_) => Some((p.cast::<u8>(), OSIMAGES_LIST_SIZE)),
            _ => None,
        };
        let mut call = |d, i, f: u32, buf, len, out, err| {
            // SAFETY: the list and buffers as the harness made them.
            unsafe {
                match own_style(f, i) {
                    Some((style, options)) => (OWN[style].list_render)(p, d, i, options, buf, len, out, err),
                    None => osimages_list_render(p, d, i, f, buf, len, out, err),
                }
            }
        };
        Self::check_render("list_render", &mut call, req, expected, spec, &mut out, &mut err, storage);
    }

    fn op_build_view(&mut self, inp: &mut Input<'_>) {
        if self.views.len() >= MAX_VIEWS {
            return;
        }
        let (compute, ct) = self.arena.string(inp, true);
        let (image_service, gt) = self.arena.string(inp, true);
        let (tenant, tt) = self.arena.string(inp, true);
        let has_next_link = inp.u8();
        let (next_link, nt) = self.arena.string(inp, has_next_link != 0);
        let size_extension = inp.u8();
        let (start, count) = (usize::from(inp.u8()), usize::from(inp.u8() % 20));
        let mut chosen: Vec<PoolImage> = Vec::new();
        for k in 0..count {
            if let Some(img) = self.pool.get((start + k) % self.pool.len().max(1)) {
                chosen.push(img.clone());
            }
        }
        let images: Box<[osimages_image]> = chosen.iter().map(|i| i.c).collect();
        let n = images.len();
        let (ptr, len, array_fault) = match inp.u8() % 8 {
            5 => (null(), n, n > 0),
            6 => (self.arena.misaligned::<osimages_image>(n), n, n > 0),
            7 => (images.as_ptr(), isize::MAX as usize / size_of::<osimages_image>() + 1, true),
            _ => (images.as_ptr(), n, false),
        };
        let next = if has_next_link != 0 { nt.rust().map(Some) } else { Some(None) };
        let list_level = match (ct.rust(), gt.rust(), tt.rust(), next) {
            (Some(c), Some(g), Some(t), Some(next)) => Some(([c, g, t], next)),
            _ => None,
        };
        let c = Box::new(osimages_view {
            compute,
            image_service,
            tenant,
            images: ptr,
            images_len: len,
            next_link,
            has_next_link,
            size_extension,
        });
        self.views.push(ViewEntry {
            c,
            images,
            array_fault,
            list_level,
            rust_images: chosen.into_iter().map(|i| i.rust).collect(),
            corrupted: vec![None; n],
        });
    }

    /// A view pointer: one of the views, NULL, or misaligned; and its index when real.
    fn view_arg(&mut self, inp: &mut Input<'_>) -> (*const osimages_view, Option<usize>) {
        match inp.u8() {
            b @ 0..=0xDF if !self.views.is_empty() => {
                let v = usize::from(b) % self.views.len();
                (&*self.views[v].c, Some(v))
            }
            0xF0.. => (self.arena.misaligned::<osimages_view>(1), None),
            _ => (null(), None),
        }
    }

    /// What a view call must give: the document, or a known status, or some refusal.
    fn view_expected(&self, view: (*const osimages_view, Option<usize>), req: (u32, usize, u32)) -> Result<Vec<u8>, Option<osimages_status>> {
        let (target, format) = request(req.0, req.1, req.2).map_err(Some)?;
        let v = match view {
            (_, Some(v)) => v,
            (p, None) if p.is_null() => return Err(Some(OSIMAGES_STATUS_NULL_POINTER)),
            _ => return Err(Some(OSIMAGES_STATUS_MISALIGNED)),
        };
        match self.views[v].render(target, format) {
            Some(Ok(doc)) => Ok(doc),
            Some(Err(e)) => Err(Some(e)),
            None => Err(None),
        }
    }

    fn op_render_view(&mut self, inp: &mut Input<'_>) {
        let view = self.view_arg(inp);
        let req = read_request(inp, 20);
        let spec = read_buf(inp, if view.1.is_some() { &[Protected::View] } else { &[] });
        let mut out = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        let expected = self.view_expected(view, req);
        let storage = view.1.map(|_| (view.0.cast::<u8>().cast_mut(), size_of::<osimages_view>()));
        let mut call = |d, i, f: u32, buf, len, out, err| {
            // SAFETY: the view and everything it points to live in the arena.
            unsafe {
                match own_style(f, i) {
                    Some((style, options)) => (OWN[style].view_render)(view.0, d, i, options, buf, len, out, err),
                    None => osimages_view_render(view.0, d, i, f, buf, len, out, err),
                }
            }
        };
        Self::check_render("view_render", &mut call, req, expected, spec, &mut out, &mut err, storage);
    }

    /// A view checked once (`osimages_view_check`) and rendered with its check
    /// (`osimages_view_render_checked`): the check refuses what a view render refuses, and the
    /// render then writes what a view render writes. Then the same render with the check
    /// misused: an array too short, entries scribbled over, the view changed after its check.
    fn op_render_checked(&mut self, inp: &mut Input<'_>) {
        let view = self.view_arg(inp);
        let how = inp.u8() % 4;
        let req = read_request(inp, 20);
        let spec = read_buf(inp, if view.1.is_some() { &[Protected::View] } else { &[] });
        let mut out = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        let expected = self.view_expected(view, req);
        // Whether every value of the view is valid (its detail list renders).
        let valid = view.1.is_some_and(|v| matches!(self.views[v].render(Target::Detail, Format::default()), Some(Ok(_))));
        let n = view.1.map_or(0, |v| self.views[v].c.images_len.min(64));
        let mut checked = vec![osimages_checked_image::default(); n];
        let mut check_err = ErrOut::valid();
        // SAFETY: the view and everything it points to live in the arena; `checked` is ours.
        let st = unsafe { osimages_view_check(view.0, checked.as_mut_ptr(), n, check_err.ptr()) };
        check_status("view_check", st, &check_err);
        match valid {
            true => assert_eq!(st, OSIMAGES_STATUS_OK, "view_check refused a valid view"),
            false => assert_ne!(st, OSIMAGES_STATUS_OK, "view_check accepted a refused value"),
        }
        if st != OSIMAGES_STATUS_OK {
            assert!(checked.iter().all(|c| c.id_at == 0), "view_check: a refused check kept an entry");
        }
        let mut len = n;
        let expected = match how {
            // The check as made.
            0 if st == OSIMAGES_STATUS_OK => expected,
            // An array one short: the last image has no check.
            1 if n > 0 => {
                len = n - 1;
                match expected {
                    Ok(_) => Err(Some(OSIMAGES_STATUS_NOT_CHECKED)),
                    Err(_) => Err(None),
                }
            }
            // Entries scribbled over (but where the ids are), or the view changed after its
            // check: memory-safe, and refused or rendered whole; not compared.
            2 | 3 if st == OSIMAGES_STATUS_OK && n > 0 => {
                let k = usize::from(inp.u8()) % n;
                let v = view.1.expect("a checked view is real");
                let restore = match how {
                    2 => {
                        let entry = &mut checked[k];
                        entry.created ^= u64::from(inp.u32()) << inp.u8() % 33;
                        entry.updated ^= u64::from(inp.u32()) << inp.u8() % 33;
                        entry.id[usize::from(inp.u8()) % 16] ^= inp.u8();
                        entry.has_server ^= inp.u8();
                        // What the check found in the strings: a bit cleared, a string is
                        // written as it is.
                        entry.classes ^= inp.u8();
                        None
                    }
                    _ => {
                        let entry = &mut self.views[v];
                        (k < entry.images.len() && entry.c.images == entry.images.as_ptr()).then(|| {
                            let old = entry.images[k].progress;
                            entry.images[k].progress = 1000;
                            old
                        })
                    }
                };
                let mut big = Guarded::new(1 << 16);
                let mut got = SizeOut::valid();
                let mut e = ErrOut::valid();
                // SAFETY: as above; `big` is `1 << 16` bytes.
                let st = unsafe {
                    osimages_view_render_checked(view.0, checked.as_ptr(), n, req.0, req.1, req.2, big.ptr(), 1 << 16, got.ptr(), e.ptr())
                };
                check_status("view_render_checked, misused", st, &e);
                big.check_canaries("view_render_checked, misused");
                let written = got.get().unwrap();
                match st {
                    OSIMAGES_STATUS_OK => assert_eq!(big.inner()[written], 0, "view_render_checked: NUL"),
                    OSIMAGES_STATUS_BUFFER_TOO_SMALL => {}
                    _ => {
                        assert_eq!(written, 0, "view_render_checked: *out_len after an error");
                        assert!(big.inner().iter().all(|&b| b == 0 || b == FILL), "view_render_checked: part of a document left after an error");
                    }
                }
                if let Some(old) = restore {
                    self.views[v].images[k].progress = old;
                }
                return;
            }
            // No check at all (zeroed entries).
            _ => {
                checked.fill(osimages_checked_image::default());
                match expected {
                    Ok(_) if n > 0 => Err(Some(OSIMAGES_STATUS_NOT_CHECKED)),
                    Ok(doc) => Ok(doc),
                    Err(e) => Err(e.filter(|_| n == 0)),
                }
            }
        };
        let storage = view.1.map(|_| (view.0.cast::<u8>().cast_mut(), size_of::<osimages_view>()));
        let checked = &checked;
        let mut call = |d, i, f: u32, buf, blen, out, err| {
            // SAFETY: as above.
            unsafe { osimages_view_render_checked(view.0, checked.as_ptr(), len, d, i, f, buf, blen, out, err) }
        };
        Self::check_render("view_render_checked", &mut call, req, expected, spec, &mut out, &mut err, storage);
    }

    /// The push sink, over a list or a view: the callback receives the document the Rust side
    /// renders, in pieces of the scratch buffer's size, until it refuses one (with the value
    /// the caller then finds in `err->write_result`).
    fn op_write(&mut self, inp: &mut Input<'_>) {
        let on_view = inp.u8() & 1 == 1;
        let (source, (document, image, format), expected) = if on_view {
            let view = self.view_arg(inp);
            let req = read_request(inp, 20);
            (Pushed::View(view.0), req, self.view_expected(view, req))
        } else {
            let arg = read_list_arg(inp);
            let req = read_request(inp, OSIMAGES_LIST_MAX_IMAGES);
            (Pushed::List(self.list_ptr(arg)), req, self.list_expected(arg, req))
        };
        let len = match inp.u8() % 4 {
            0 => 0,
            1 => 1 + usize::from(inp.u8() % 16),
            _ => usize::from(inp.u16() % 2048),
        };
        let null_buf = len > 0 && inp.u8() % 16 == 0;
        let null_write = inp.u8() % 16 == 0;
        // The call the callback refuses (from 0), and with what.
        let fail = inp.u8();
        let mut sink = Sink { bytes: Vec::new(), calls: 0, fail_at: usize::from(fail), code: -1 - i32::from(fail) };
        let mut scratch = vec![0u8; len];
        let buf = if null_buf { null_mut() } else { scratch.as_mut_ptr() };
        let write: osimages_write_fn = if null_write { None } else { Some(Sink::receive) };
        let ctx: *mut std::ffi::c_void = (&raw mut sink).cast();
        let mut written = SizeOut::valid();
        let mut err = ErrOut::valid();
        // SAFETY: the list or view as the harness made it; the scratch buffer and `sink` locals.
        let st = unsafe {
            match source {
                Pushed::List(p) => match own_style(format, image) {
                    Some((style, options)) => {
                        (OWN[style].list_write)(p, document, image, options, buf, len, write, ctx, written.ptr(), err.ptr())
                    }
                    None => osimages_list_write(p, document, image, format, buf, len, write, ctx, written.ptr(), err.ptr()),
                },
                Pushed::View(p) => match own_style(format, image) {
                    Some((style, options)) => {
                        (OWN[style].view_write)(p, document, image, options, buf, len, write, ctx, written.ptr(), err.ptr())
                    }
                    None => osimages_view_write(p, document, image, format, buf, len, write, ctx, written.ptr(), err.ptr()),
                },
            }
        };
        check_status("write", st, &err);
        let written = written.get().unwrap();
        assert_eq!(written, sink.bytes.len(), "write: *out_written is what the callback accepted");
        if null_write {
            assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "write: NULL callback");
        } else if null_buf {
            assert_eq!(st, OSIMAGES_STATUS_NULL_POINTER, "write: NULL buffer");
        }
        match expected {
            _ if st == OSIMAGES_STATUS_NULL_POINTER && (null_write || null_buf) => {}
            Err(Some(e)) => assert_eq!(st, e, "write"),
            Err(None) => assert_ne!(st, OSIMAGES_STATUS_OK, "write: accepted a refused value"),
            Ok(doc) => {
                assert!(doc.starts_with(&sink.bytes), "write: differs from the Rust rendering");
                if sink.calls > sink.fail_at {
                    assert_eq!(st, OSIMAGES_STATUS_WRITE_FAILED, "write: a refused call");
                    assert_eq!(err.get().unwrap().write_result, sink.code);
                    assert_eq!(sink.calls, sink.fail_at + 1, "write: a call after the refusal");
                } else {
                    assert_eq!(st, OSIMAGES_STATUS_OK, "write");
                    assert_eq!(sink.bytes.len(), doc.len(), "write: the whole document");
                }
            }
        }
        if st != OSIMAGES_STATUS_OK && st != OSIMAGES_STATUS_WRITE_FAILED {
            assert_eq!(sink.calls, 0, "write: the callback called before a refusal");
        }
    }

    /// A cursor pointer: a slot, NULL, or misaligned; and the slot when real.
    fn cursor_arg(&mut self, inp: &mut Input<'_>) -> (*mut osimages_cursor, Option<usize>) {
        match inp.u8() {
            b @ 0..=0xDF => {
                let c = usize::from(b & 1);
                (self.cursors[c].cursor(), Some(c))
            }
            0xE0..=0xEF => (null_mut(), None),
            b => {
                let c = usize::from(b & 1);
                let o = 1 + usize::from(b >> 1) % 7;
                // SAFETY: inside the block (one spare word).
                (unsafe { self.cursors[c].cursor().cast::<u8>().add(o) }.cast(), None)
            }
        }
    }

    fn cursor_size(&self, inp: &mut Input<'_>) -> usize {
        match inp.u8() % 6 {
            4 => OSIMAGES_CURSOR_SIZE - 1 - usize::from(inp.u8() % 8),
            5 => 0,
            _ => OSIMAGES_CURSOR_SIZE,
        }
    }

    /// After a cursor start: the status, and the slot's state (a refusal writes nothing).
    fn after_start(
        &mut self,
        what: &str,
        cursor: (*mut osimages_cursor, Option<usize>),
        before: Option<Vec<u64>>,
        st: osimages_status,
        err: &ErrOut,
        want: Result<(Over, Vec<u8>), Option<osimages_status>>,
        size: usize,
    ) {
        check_status(what, st, err);
        let cursor_fault = match cursor {
            (p, None) if p.is_null() => Some(OSIMAGES_STATUS_NULL_POINTER),
            (_, None) => Some(OSIMAGES_STATUS_MISALIGNED),
            (_, Some(_)) if size < OSIMAGES_CURSOR_SIZE => Some(OSIMAGES_STATUS_STORAGE_TOO_SMALL),
            _ => None,
        };
        match (want, cursor_fault) {
            (Err(Some(e)), _) => assert_eq!(st, e, "{what}"),
            (Err(None), _) => assert_ne!(st, OSIMAGES_STATUS_OK, "{what}: accepted a refused value"),
            (Ok(_), Some(e)) => assert_eq!(st, e, "{what}: cursor storage"),
            (Ok((over, doc)), None) => {
                assert_eq!(st, OSIMAGES_STATUS_OK, "{what}");
                let c = cursor.1.unwrap();
                self.cursors[c].started = Some(Started { over, expected: Some(doc), pos: 0 });
            }
        }
        if st != OSIMAGES_STATUS_OK {
            if let (Some(c), Some(before)) = (cursor.1, before) {
                assert!(*self.cursors[c].block == before[..], "{what}: a refused start wrote the cursor");
            }
        }
    }

    fn op_start_list(&mut self, inp: &mut Input<'_>) {
        let mut cursor = self.cursor_arg(inp);
        let size = self.cursor_size(inp);
        let arg = read_list_arg(inp);
        let req = read_request(inp, OSIMAGES_LIST_MAX_IMAGES);
        // Sometimes the cursor storage is inside the list it renders: refused (OVERLAP).
        let inside = inp.u8() >= 0xF0;
        let mut err = ErrOut::new(inp);
        let mut list_before = None;
        if let (true, ListArg::Slot(i)) = (inside, arg) {
            let o = 8 * (usize::from(inp.u8()) % (OSIMAGES_LIST_SIZE / 8));
            list_before = Some((i, self.lists[i].snapshot()));
            // SAFETY: inside the list's block; the library must refuse to write there.
            cursor = (unsafe { self.lists[i].list().cast::<u8>().add(o) }.cast(), None);
        }
        let before = cursor.1.map(|c| self.cursors[c].block.to_vec());
        let p = self.list_ptr(arg);
        // SAFETY: as the harness made them.
        let st = unsafe { osimages_cursor_start_list(cursor.0, size, p, req.0, req.1, req.2, err.ptr()) };
        let want = match (request(req.0, req.1, req.2), self.list_fault(arg), arg) {
            (Err(e), ..) => Err(Some(e)),
            (_, Some(e), _) => Err(Some(e)),
            (Ok((target, format)), None, ListArg::Slot(i)) => {
                let m = self.lists[i].mirror.as_ref().unwrap();
                match rust_request(m.detail(), m.summary(), |i| m.show(i), target, format) {
                    Err(e) => Err(Some(e)),
                    Ok(_) if list_before.is_some() && size > 0 => Err(Some(OSIMAGES_STATUS_OVERLAP)),
                    Ok(_) if list_before.is_some() => Err(None),
                    Ok(doc) => Ok((Over::List { slot: i, changes: self.lists[i].changes }, doc)),
                }
            }
            _ => unreachable!(),
        };
        if let Some((i, snap)) = list_before {
            assert!(self.lists[i].snapshot() == snap, "start_list: cursor storage inside the list was written");
        }
        self.after_start("start_list", cursor, before, st, &err, want, size);
    }

    fn op_start_view(&mut self, inp: &mut Input<'_>) {
        let mut cursor = self.cursor_arg(inp);
        let size = self.cursor_size(inp);
        let view = self.view_arg(inp);
        let req = read_request(inp, 20);
        // Sometimes the cursor storage is inside the view it renders: refused (OVERLAP).
        let inside = inp.u8() >= 0xF0;
        let mut err = ErrOut::new(inp);
        let mut view_before = None;
        if let (true, Some(v)) = (inside, view.1) {
            let o = 8 * (usize::from(inp.u8()) % (size_of::<osimages_view>() / 8));
            let c: *mut osimages_view = &mut *self.views[v].c;
            view_before = Some((v, *self.views[v].c));
            // SAFETY: inside the view struct; the library must refuse to write there.
            cursor = (unsafe { c.cast::<u8>().add(o) }.cast(), None);
        }
        let before = cursor.1.map(|c| self.cursors[c].block.to_vec());
        // SAFETY: as the harness made them.
        let st = unsafe { osimages_cursor_start_view(cursor.0, size, view.0, req.0, req.1, req.2, err.ptr()) };
        let want = match (self.view_expected(view, req), view.1) {
            (Err(e), _) => Err(e),
            (Ok(_), _) if view_before.is_some() && size > 0 => Err(Some(OSIMAGES_STATUS_OVERLAP)),
            (Ok(_), _) if view_before.is_some() => Err(None),
            (Ok(doc), Some(v)) => Ok((Over::View(v), doc)),
            (Ok(_), None) => unreachable!(),
        };
        if let Some((v, snap)) = view_before {
            let now = *self.views[v].c;
            let same = format!("{now:?}") == format!("{snap:?}");
            assert!(same, "start_view: cursor storage inside the view was written");
        }
        self.after_start("start_view", cursor, before, st, &err, want, size);
    }

    fn op_fill(&mut self, inp: &mut Input<'_>) {
        let cursor = self.cursor_arg(inp);
        let drain = inp.u8() & 1 == 1;
        let chunk = 1 + usize::from(inp.u16() % 700);
        let spec = read_buf(inp, &[Protected::Cursor, Protected::List, Protected::View]);
        let mut out = SizeOut::new(inp);
        let mut err = ErrOut::new(inp);
        if !drain {
            self.fill_once(cursor, chunk, spec, &mut out, &mut err);
            return;
        }
        // Every fill that is not the last writes at least a byte of a bounded document.
        for _ in 0..1_000_000 {
            if !self.fill_once(cursor, chunk, spec, &mut out, &mut err) {
                return;
            }
        }
        panic!("a drained cursor never finished");
    }

    /// One `osimages_cursor_fill`, checked; whether another fill could make progress.
    fn fill_once(
        &mut self,
        cursor: (*mut osimages_cursor, Option<usize>),
        chunk: usize,
        spec: BufSpec,
        out: &mut SizeOut,
        err: &mut ErrOut,
    ) -> bool {
        let what = "cursor_fill";
        let started = cursor.1.and_then(|c| self.cursors[c].started.clone());
        let out_null = out.get().is_none();
        // Where the buffer is, and the storage it overlaps (which must stay as it was).
        let mut guarded = Guarded::new(chunk);
        let mut protected: Option<(*mut u8, usize)> = None;
        let (buf, len): (*mut c_char, usize) = match spec {
            BufSpec::Len(LenSpec::Fixed(0)) => (guarded.ptr(), 0),
            BufSpec::Len(_) => (guarded.ptr(), chunk),
            BufSpec::Null(n) => (null_mut(), n),
            BufSpec::Huge => (guarded.ptr(), isize::MAX as usize + 1),
            BufSpec::Inside(o, l, what) => {
                let region = match (what, cursor.1, &started) {
                    (Protected::Cursor, Some(c), _) => Some((self.cursors[c].cursor().cast::<u8>(), OSIMAGES_CURSOR_SIZE)),
                    (Protected::List, _, Some(Started { over: Over::List { slot, .. }, .. })) => {
                        Some((self.lists[*slot].list().cast::<u8>(), OSIMAGES_LIST_SIZE))
                    }
                    (Protected::View, _, Some(Started { over: Over::View(v), .. })) => {
                        let p: *mut osimages_view = &mut *self.views[*v].c;
                        Some((p.cast::<u8>(), size_of::<osimages_view>()))
                    }
                    _ => None,
                };
                match region {
                    Some((at, size)) => {
                        protected = Some((at, size));
                        let o = usize::from(o) % size;
                        // SAFETY: inside the region.
                        (unsafe { at.add(o) }.cast(), usize::from(l) % (size - o) + 1)
                    }
                    None => (guarded.ptr(), chunk),
                }
            }
        };
        // SAFETY: the region is live storage of that size.
        let snapshot = protected.map(|(at, size)| unsafe { std::slice::from_raw_parts(at, size) }.to_vec());
        // SAFETY: the cursor, buffer and out-parameters as the harness made them.
        let st = unsafe { osimages_cursor_fill(cursor.0, buf, len, out.ptr(), err.ptr()) };
        check_status(what, st, err);
        guarded.check_canaries(what);
        if let (Some((at, size)), Some(snap)) = (protected, &snapshot) {
            // SAFETY: as above.
            let now = unsafe { std::slice::from_raw_parts(at, size) };
            assert!(now == &snap[..], "{what}: a buffer overlapping the storage was written ({st:?})");
        }
        let n = out.get();
        if st != OSIMAGES_STATUS_OK {
            if let Some(n) = n {
                assert_eq!(n, 0, "{what}: *out_written after an error");
            }
            if protected.is_none() && len > 0 && !buf.is_null() && len <= chunk {
                let inner = guarded.inner();
                assert_eq!(inner[0], 0, "{what}: buf[0] after an error");
                assert!(inner.iter().all(|&b| b == 0 || b == FILL), "{what}: document bytes left after an error");
            }
        }
        // The status the documented checks give, in their order.
        let fault = if out_null {
            Some(OSIMAGES_STATUS_NULL_POINTER)
        } else {
            match cursor {
                (p, None) if p.is_null() => Some(OSIMAGES_STATUS_NULL_POINTER),
                (_, None) => Some(OSIMAGES_STATUS_MISALIGNED),
                (_, Some(_)) if started.is_none() => Some(OSIMAGES_STATUS_NOT_INITIALIZED),
                _ if protected.is_some() => Some(OSIMAGES_STATUS_OVERLAP),
                _ if len == 0 => Some(OSIMAGES_STATUS_BUFFER_TOO_SMALL),
                _ if buf.is_null() => Some(OSIMAGES_STATUS_NULL_POINTER),
                _ if len > isize::MAX as usize => Some(OSIMAGES_STATUS_INVALID_LENGTH),
                _ => None,
            }
        };
        if let Some(f) = fault {
            // A range above PTRDIFF_MAX may also cover the storage: OVERLAP is as right.
            let huge_overlaps = f == OSIMAGES_STATUS_INVALID_LENGTH && st == OSIMAGES_STATUS_OVERLAP;
            if !huge_overlaps {
                assert_eq!(st, f, "{what}: {spec:?}");
            }
            return false;
        }
        let c = cursor.1.unwrap();
        let s = started.unwrap();
        let Some(expected) = &s.expected else {
            // The harness broke the contract under this cursor: only safety is checked.
            if st == OSIMAGES_STATUS_OK {
                let n = n.unwrap();
                assert!(n <= len, "{what}: wrote more than the buffer");
                assert!(guarded.inner()[n..].iter().all(|&b| b == FILL), "{what}: past the chunk");
                return n > 0;
            }
            return false;
        };
        let want = match &s.over {
            Over::List { slot, changes } => match &self.lists[*slot].mirror {
                None => Some(OSIMAGES_STATUS_NOT_INITIALIZED),
                Some(_) if self.lists[*slot].changes != *changes => Some(OSIMAGES_STATUS_LIST_CHANGED),
                Some(_) => None,
            },
            Over::View(v) => {
                if self.views[*v].corrupted.iter().any(Option::is_some) && st == OSIMAGES_STATUS_PROGRESS_ABOVE_100 {
                    return false;
                }
                None
            }
        };
        if let Some(w) = want {
            assert_eq!(st, w, "{what}: over a list that changed");
            return false;
        }
        assert_eq!(st, OSIMAGES_STATUS_OK, "{what}");
        let n = n.unwrap();
        let rest = expected.len() - s.pos;
        assert_eq!(n, len.min(rest), "{what}: as many bytes as fit");
        assert!(guarded.inner()[..n] == expected[s.pos..s.pos + n], "{what}: chunk differs from the one-shot document");
        assert!(guarded.inner()[n..].iter().all(|&b| b == FILL), "{what}: past the chunk");
        if let Some(st) = self.cursors[c].started.as_mut() {
            st.pos += n;
        }
        n > 0
    }

    /// Makes a view image invalid or valid again between fills, or shrinks a view.
    fn op_change_view(&mut self, inp: &mut Input<'_>) {
        let (v, k, how) = (inp.u8(), inp.u8(), inp.u8());
        if self.views.is_empty() {
            return;
        }
        let v = usize::from(v) % self.views.len();
        let view = &mut self.views[v];
        let n = view.c.images_len.min(view.images.len());
        if n == 0 || view.c.images != view.images.as_ptr() {
            return;
        }
        let k = usize::from(k) % n;
        match how % 3 {
            0 => {
                if view.corrupted[k].is_none() {
                    view.corrupted[k] = Some(view.images[k].progress);
                    view.images[k].progress = 1000;
                }
            }
            1 => {
                if let Some(p) = view.corrupted[k].take() {
                    view.images[k].progress = p;
                }
            }
            _ => {
                // The first k images only (the array stays where it is, longer than that).
                view.c.images_len = k;
                view.array_fault = false;
                view.rust_images.truncate(k);
                view.corrupted.truncate(k);
                // A cursor over it renders a different document from here on.
                for c in &mut self.cursors {
                    if let Some(s) = c.started.as_mut() {
                        if matches!(s.over, Over::View(w) if w == v) {
                            s.expected = None;
                        }
                    }
                }
            }
        }
    }

    /// The static texts, `osimages_str_from_cstr`, and scribbling over list storage.
    fn op_texts_and_scribble(&mut self, inp: &mut Input<'_>) {
        let code = inp.u32();
        for p in [osimages_status_str(code), osimages_field_str(code)] {
            assert!(!p.is_null());
            // SAFETY: static NUL-terminated strings.
            assert!(unsafe { CStr::from_ptr(p) }.to_str().is_ok());
        }
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(osimages_version()) }.to_str().unwrap();
        assert_eq!(v, format!("{OSIMAGES_VERSION_MAJOR}.{OSIMAGES_VERSION_MINOR}.{OSIMAGES_VERSION_PATCH}"));
        let n = usize::from(inp.u8() % 32);
        let mut s = inp.take(n).to_vec();
        s.push(0);
        // SAFETY: NUL-terminated.
        let c = unsafe { osimages_str_from_cstr(s.as_ptr().cast()) };
        assert_eq!(c.len, s.iter().position(|&b| b == 0).unwrap());
        assert_eq!(c.ptr, s.as_ptr().cast());

        // Scribbling: the caller overwrites list storage (never with the magic): the list is
        // gone; calls see uninitialised storage; a cursor over it is on its own.
        let how = inp.u8();
        if how >= 0xF0 {
            let i = usize::from(how & 1);
            let bytes = inp.take(64).to_vec();
            let slot = &mut self.lists[i];
            let p = slot.list().cast::<u8>();
            for (k, b) in bytes.iter().enumerate() {
                // SAFETY: within the list storage.
                unsafe { p.add(k).write(*b) };
            }
            // Not the magic's first byte ('o'): never a list osimages_list_init did not set up.
            // SAFETY: within the list storage.
            unsafe { p.write(b'O') };
            slot.mirror = None;
            slot.changes += 1;
            for c in &mut self.cursors {
                if let Some(s) = c.started.as_mut() {
                    if matches!(s.over, Over::List { slot, .. } if slot == i) {
                        s.expected = None;
                    }
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    let mut h = Harness::new();
    h.run(&mut inp);
});
