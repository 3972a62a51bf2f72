//! The stack of the fast build (osimages' default features, footprint's `small` off): the
//! renders of `stack`, in compact JSON named at compile time (each plan's straight-line code;
//! a style chosen at run time would compile all five), on lists of 7 and 512 images.
#![no_std]
#![no_main]

use cortex_m_semihosting::hprintln;
use osimages::style;
use osimages_footprint::stack::{grow, heading, row, start};

#[cortex_m_rt::entry]
fn main() -> ! {
    let (list, out, seed_view) = start();
    heading();
    let mut ok = true;
    for n in [7usize, 512] {
        if grow(list, n) {
            row(list, seed_view, style::JsonCompact, out);
        } else {
            hprintln!("could not store {} images", n);
            ok = false;
        }
    }
    osimages_footprint::exit(ok)
}
