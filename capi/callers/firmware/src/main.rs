//! A Rust firmware that uses the osimages C ABI: its own panic handler (the one that E0152 would
//! refuse if a library brought another), `osimages-capi` as an ordinary dependency, and the
//! `osimages_*` functions called the way C code linked into the firmware would call them.
//!
//! Built by `scripts/check.sh nostd`, which then checks that every function of the header is in
//! the image.
#![no_std]
#![no_main]

use core::ffi::c_char;
use core::panic::PanicInfo;
use core::ptr::{addr_of, addr_of_mut};

use cortex_m_rt::entry;
use osimages_capi::{
    OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_STYLE_JSON_COMPACT, osimages_error, osimages_image,
    osimages_list, osimages_status, osimages_str,
};

/// Keeps every `osimages_*` function in the image, so that the link proves each one resolves.
#[repr(transparent)]
pub struct Keep<const N: usize>([*const (); N]);
// SAFETY: function addresses, never dereferenced or written.
unsafe impl<const N: usize> Sync for Keep<N> {}
include!(concat!(env!("OUT_DIR"), "/keep.rs"));

// The declarations a C caller sees in osimages.h, spelled in Rust: the firmware links them
// from the osimages-capi rlib by name, as a C object file in the same image would.
unsafe extern "C" {
    fn osimages_list_init(list: *mut osimages_list, size: usize, err: *mut osimages_error) -> u32;
    fn osimages_list_set_endpoints(
        list: *mut osimages_list,
        compute: osimages_str,
        image_service: osimages_str,
        tenant: osimages_str,
        err: *mut osimages_error,
    ) -> u32;
    fn osimages_list_push(
        list: *mut osimages_list,
        image: *const osimages_image,
        out_index: *mut usize,
        err: *mut osimages_error,
    ) -> u32;
    fn osimages_list_render(
        list: *const osimages_list,
        document: u32,
        image: usize,
        format: u32,
        buf: *mut c_char,
        buf_len: usize,
        out_len: *mut usize,
        err: *mut osimages_error,
    ) -> u32;
}

static mut LIST: osimages_list = osimages_list { opaque: [0; 985] };
static mut OUT: [u8; 1024] = [0; 1024];
/// What the render wrote, for a debugger: its length, or 0 after a failure.
#[unsafe(no_mangle)]
static mut RENDERED: usize = 0;

fn s(text: &'static str) -> osimages_str {
    osimages_str {
        ptr: text.as_ptr().cast(),
        len: text.len(),
    }
}

#[entry]
fn main() -> ! {
    let mut image: osimages_image = unsafe { core::mem::zeroed() };
    image.id = s("70a599e0-31e7-49b7-b260-868f441e862b");
    image.name = s("cirros");
    image.has_name = 1;
    image.progress = 100;
    let (mut index, mut len) = (0usize, 0usize);
    let list = addr_of_mut!(LIST);
    let out = addr_of_mut!(OUT);
    // SAFETY: the list and buffer are this firmware's statics, used by this thread only; every
    // string outlives the calls.
    let ok = unsafe {
        osimages_list_init(list, size_of::<osimages_list>(), core::ptr::null_mut()) == 0
            && osimages_list_set_endpoints(
                list,
                s("http://nova"),
                s("http://glance"),
                s("demo"),
                core::ptr::null_mut(),
            ) == 0
            && osimages_list_push(list, &image, &mut index, core::ptr::null_mut()) == 0
            && osimages_list_render(
                addr_of!(LIST),
                OSIMAGES_DOCUMENT_DETAIL,
                0,
                OSIMAGES_STYLE_JSON_COMPACT,
                out.cast(),
                1024,
                &mut len,
                core::ptr::null_mut(),
            ) == osimages_status::OSIMAGES_STATUS_OK as u32
    };
    // SAFETY: this thread's static.
    unsafe { addr_of_mut!(RENDERED).write_volatile(if ok { len } else { 0 }) };
    loop {
        core::hint::spin_loop();
    }
}

/// The firmware's own panic handler: the library brings none.
#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {}
}
