//! The seed list in a static, rendered as compact JSON and as nova's wire XML into a static
//! buffer, one after the other: osimages' render path for a firmware agent. Writes both
//! documents to the host (scripts/footprint.sh compares them with tests/golden/).
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages::style;
use osimages_footprint::{OUT_LEN, SEED, SeedList, fill, finish};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; 2 * OUT_LEN] = [0; 2 * OUT_LEN])
        .unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    let (json, rest) = out.split_at_mut(OUT_LEN);
    let n = list.detail().render(json, style::JsonCompact).unwrap_or(0);
    let m = list.detail().render(rest, style::XmlWire).unwrap_or(0);
    finish(&[(json, n), (rest, m)])
}
