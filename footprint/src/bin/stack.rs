//! Measures the stack each render call uses, on lists of 7, 64 and 512 images, in every style
//! chosen at run time, and prints it over semihosting (scripts/footprint.sh runs it under
//! qemu-system-arm). Also checks that the serde-json-core firmware's data renders the same
//! document as osimages (exit status 1 if not).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_semihosting::hprintln;
use osimages::Style;
use osimages_footprint::stack::{self, grow, heading, row, start};
use osimages_footprint::{SEED, mirror};

#[cortex_m_rt::entry]
fn main() -> ! {
    let (list, out, seed_view) = start();
    let mut small = osimages_footprint::SeedList::new();
    osimages_footprint::fill(&mut small, &SEED);
    let mut json = [0u8; osimages_footprint::OUT_LEN];
    let ours = small
        .detail()
        .render(&mut json, Style::JsonCompact)
        .unwrap_or(0);
    let theirs = serde_json_core::to_slice(&mirror::SEED, out).unwrap_or(0);
    // What scripts/footprint.sh checks: the run fails if this or a list fill does.
    let mut ok = ours > 0 && out.get(..theirs) == json.get(..ours);
    hprintln!(
        "serde-json-core firmware data renders the same compact JSON: {}",
        ok
    );
    let sjc = stack::used_by(&mut || {
        black_box(serde_json_core::to_slice(black_box(&mirror::SEED), &mut *out).ok());
    });
    hprintln!("stack, serde_json_core::to_slice, seed: {} B", sjc);

    heading();
    for n in [7usize, 64, 512] {
        if !grow(list, n) {
            hprintln!("could not store {} images", n);
            ok = false;
            continue;
        }
        for style in Style::ALL {
            row(list, seed_view, style, out);
        }
    }
    osimages_footprint::exit(ok)
}
