//! The skeleton every other image starts from: vector table, reset, panic handler, and the
//! semihosting exit (`finish`, here with no document).
#![no_std]
#![no_main]

use osimages_footprint::finish;

#[cortex_m_rt::entry]
fn main() -> ! {
    finish(&[])
}
