//! The same seed as serde mirror structs in a static, serialized to compact JSON by
//! serde-json-core into a static buffer: what a firmware would do without osimages.
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages_footprint::mirror::SEED;
use osimages_footprint::{OUT_LEN, finish};

#[cortex_m_rt::entry]
fn main() -> ! {
    let out = cortex_m::singleton!(: [u8; OUT_LEN] = [0; OUT_LEN])
        .unwrap_or_else(|| cortex_m::asm::udf());
    let n = serde_json_core::to_slice(black_box(&SEED), out).unwrap_or(0);
    finish(&[(out, n)])
}
