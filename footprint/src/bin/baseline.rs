//! The seed list stored in a static and the output buffer every render image has, nothing
//! rendered: what holding the data costs, so that `osimages` minus this is the render path
//! alone (the buffer's zeroing is a call of `compiler_builtins`' `memclr`, the firmware's own).
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages_footprint::{OUT_LEN, SEED, SeedList, fill, finish};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT_LEN] = [0; OUT_LEN])
        .unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    black_box(&*list);
    black_box(&mut *out);
    finish(&[])
}
