//! The stack of the fast build (osimages' default features, footprint's `small` off): the
//! renders of `stack`, in compact JSON named at compile time (each plan's straight-line code;
//! a style chosen at run time would compile all five), on lists of 7 and 512 images.
#![no_std]
#![no_main]

use cortex_m_semihosting::{debug, hprintln};
use osimages::{ImagesView, style};
use osimages_footprint::stack::{BigList, OUT, grow, row};
use osimages_footprint::{ENDPOINTS, SEED};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: BigList = BigList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT] = [0; OUT]).unwrap_or_else(|| cortex_m::asm::udf());
    let seed_view = ImagesView::new(ENDPOINTS, &SEED).ok();
    hprintln!(
        "stack in bytes | images | render | rendered_len | chunks(64 B) fill | push (64 B) | view render"
    );
    let mut ok = true;
    for n in [7usize, 512] {
        if grow(list, n) {
            row(list, seed_view, style::JsonCompact, out);
        } else {
            hprintln!("could not store {} images", n);
            ok = false;
        }
    }
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
