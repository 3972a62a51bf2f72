//! The seed list in a static, rendered as compact JSON and as nova's wire XML into a static
//! buffer: osimages' render path for a firmware agent.
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages::Style;
use osimages_footprint::{OUT_LEN, SEED, SeedList, fill};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT_LEN] = [0; OUT_LEN])
        .unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    for style in [Style::JsonCompact, Style::XmlWire] {
        let n = list.detail().render(out, style).unwrap_or(0);
        black_box(out.get(..n));
    }
    loop {
        cortex_m::asm::wfi();
    }
}
