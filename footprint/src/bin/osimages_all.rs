//! The seed list in a static, rendered in all five styles (the style a run-time value) into one
//! static buffer: what a firmware that lets its controller pick the style pays. Writes the five
//! documents to the host (scripts/footprint.sh compares them with tests/golden/).
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages::Style;
use osimages_footprint::{SEED, SeedList, fill, finish};

/// Room for the five seed documents (pretty JSON, the largest, is 8,175 bytes).
const ROOM: usize = 5 * 8 * 1024;

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out =
        cortex_m::singleton!(: [u8; ROOM] = [0; ROOM]).unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    let mut written = [0usize; 5];
    let mut rest: &mut [u8] = out;
    let mut parts: [&[u8]; 5] = [&[]; 5];
    for (k, style) in Style::ALL.into_iter().enumerate() {
        let n = list.detail().render(rest, black_box(style)).unwrap_or(0);
        let (done, tail) = core::mem::take(&mut rest).split_at_mut(n);
        written[k] = n;
        parts[k] = done;
        rest = tail;
    }
    finish(&[
        (parts[0], written[0]),
        (parts[1], written[1]),
        (parts[2], written[2]),
        (parts[3], written[3]),
        (parts[4], written[4]),
    ])
}
