//! The skeleton every other image starts from: vector table, reset, panic handler.
#![no_std]
#![no_main]

use osimages_footprint as _;

#[cortex_m_rt::entry]
fn main() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
