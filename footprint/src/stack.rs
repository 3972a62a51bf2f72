//! Stack painting: fill the unused stack below the caller with a pattern, run the measured call,
//! and find the deepest word it changed. Run under qemu-system-arm (mps2-an386, a Cortex-M4).
#![allow(unsafe_code)]

use core::hint::black_box;

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
