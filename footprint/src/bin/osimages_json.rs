//! As `osimages`, compact JSON only: the like-for-like comparison with `serde_json_core`.
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages::style;
use osimages_footprint::{OUT_LEN, SEED, SeedList, fill, finish};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT_LEN] = [0; OUT_LEN])
        .unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    let n = list.detail().render(out, style::JsonCompact).unwrap_or(0);
    finish(&[(out, n)])
}
