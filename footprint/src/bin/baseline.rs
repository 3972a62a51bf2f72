//! The seed list stored in a static, nothing rendered: what holding the data costs, so that
//! `osimages` minus this is the render path alone.
#![no_std]
#![no_main]

use core::hint::black_box;

use osimages_footprint::{SEED, SeedList, fill, finish};

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: SeedList = SeedList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    black_box(fill(list, &SEED));
    black_box(&*list);
    finish(&[])
}
