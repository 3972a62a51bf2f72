//! Stack painting: fill the unused stack below the caller with a pattern, run the measured call,
//! and find the deepest word it changed. Run under qemu-system-arm (mps2-an386, a Cortex-M4).
//! Also the list and the table rows that the `stack` and `stack_fast` images share.
#![allow(unsafe_code)]

use core::fmt::Debug;
use core::hint::black_box;

use cortex_m_semihosting::{hprint, hprintln};
use osimages::{ImageList, ImageRef, ImagesView, IntoFormat, Uuid};

use crate::{ENDPOINTS, SEED};

const PAINT: usize = 16 * 1024;
const MARK: u32 = 0x5AA5_C33C;

/// The bytes of stack `f` uses below the point of call, as the deepest changed word says.
#[inline(never)]
pub fn used_by(f: &mut dyn FnMut()) -> usize {
    let sp = cortex_m::register::msp::read() as usize & !3;
    let bottom = sp - PAINT;
    for a in (bottom..sp).step_by(4) {
        // SAFETY: [bottom, sp) is stack below this frame that nothing uses yet (no interrupt
        // is enabled), inside the 4 MiB of RAM memory.x declares; `a` is word-aligned.
        unsafe { core::ptr::write_volatile(a as *mut u32, MARK) };
    }
    // Called through an opaque pointer so that `f` runs in frames of its own, below `sp`.
    (black_box(f))();
    let mut deepest = sp;
    for a in (bottom..sp).step_by(4) {
        // SAFETY: as above; the words were written by the loop before the call.
        if unsafe { core::ptr::read_volatile(a as *const u32) } != MARK {
            deepest = a;
            break;
        }
    }
    sp - deepest
}

/// The list the renders are measured on: room for 512 of the seed's images.
pub type BigList = ImageList<512, 1536, 0, { 64 * 1024 }>;

/// Room for the largest document of 512 images.
pub const OUT: usize = 512 * 1024;

/// The list and the output buffer, in statics (too big for the stack being measured), and the
/// seed's view.
pub fn start() -> (
    &'static mut BigList,
    &'static mut [u8; OUT],
    Option<ImagesView<'static>>,
) {
    let list =
        cortex_m::singleton!(: BigList = BigList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT] = [0; OUT]).unwrap_or_else(|| cortex_m::asm::udf());
    (list, out, ImagesView::new(ENDPOINTS, &SEED).ok())
}

/// Prints the heading of the table [`row`] writes.
pub fn heading() {
    hprintln!(
        "stack in bytes | images | render | rendered_len | chunks(64 B) fill | push (64 B) | view render"
    );
}

/// Makes `list` hold `n` images cycling through the seed's, each with its own id.
pub fn grow(list: &mut BigList, n: usize) -> bool {
    list.clear();
    if list.set_endpoints(ENDPOINTS).is_err() {
        return false;
    }
    (0..n).all(|k| {
        let mut id = SEED[k % SEED.len()].id.0;
        id[12..].copy_from_slice(&(k as u32).to_be_bytes());
        list.push(&ImageRef {
            id: Uuid(id),
            ..SEED[k % SEED.len()]
        })
        .is_ok()
    })
}

/// Prints one row of the table: the stack of each render of `list`'s detail list in `format`,
/// and of the seed's view (`view`, for the list of seven images only).
pub fn row<F: IntoFormat + Debug>(
    list: &BigList,
    view: Option<ImagesView<'_>>,
    format: F,
    out: &mut [u8],
) {
    let mut chunk = [0u8; 64];
    let doc = list.detail();
    let render = used_by(&mut || {
        black_box(doc.render(black_box(&mut *out), format).ok());
    });
    let len = used_by(&mut || {
        black_box(doc.rendered_len(format));
    });
    let chunked = used_by(&mut || {
        let mut c = doc.chunks(format);
        while black_box(c.fill(&mut chunk)) > 0 {}
    });
    let pushed = used_by(&mut || {
        black_box(doc.write_with(&mut chunk, format, |b: &[u8]| {
            black_box(b);
            Ok::<(), ()>(())
        }))
        .ok();
    });
    let n = list.len();
    let view = match view {
        Some(v) if n == SEED.len() => Some(used_by(&mut || {
            black_box(v.detail().render(black_box(&mut *out), format).ok());
        })),
        _ => None,
    };
    hprint!(
        "{:?} | {} | {} | {} | {} | {} | ",
        format,
        n,
        render,
        len,
        chunked,
        pushed
    );
    match view {
        Some(bytes) => hprintln!("{}", bytes),
        None => hprintln!("-"),
    }
}
