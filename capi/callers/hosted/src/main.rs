//! A `std` Rust program that uses the osimages C ABI: the standard library's panic handler
//! (which E0152 would refuse if a library brought another), `panic = "abort"` in the workspace's
//! release profile, and the `osimages_*` functions called both as Rust items and by their C
//! names, as C code linked into the program would call them.
//!
//! `cargo run --release -p osimages-capi-hosted-caller` (scripts/check.sh ffi runs it with
//! `--features osimages-capi/small`) renders one image as compact JSON and exits 0 only if every
//! call did what the header promises.

use std::ffi::{CStr, c_char};
use std::process::ExitCode;

use osimages_capi::{
    OSIMAGES_DOCUMENT_SHOW, OSIMAGES_ERROR_KEY_SIZE, OSIMAGES_STYLE_JSON_COMPACT,
    OSIMAGES_VERSION_MAJOR, OSIMAGES_VERSION_MINOR, OSIMAGES_VERSION_PATCH, osimages_error,
    osimages_image, osimages_list, osimages_list_init, osimages_list_push, osimages_list_render,
    osimages_list_set_endpoints, osimages_status, osimages_str, osimages_str_from_cstr,
};

// By C name only, as a C object file in this program would see it.
unsafe extern "C" {
    fn osimages_version() -> *const c_char;
    fn osimages_status_str(status: u32) -> *const c_char;
}

fn s(text: &str) -> osimages_str {
    osimages_str {
        ptr: text.as_ptr().cast(),
        len: text.len(),
    }
}

const EXPECTED: &str = concat!(
    r#"{"image":{"created":null,"id":"70a599e0-31e7-49b7-b260-868f441e862b","links":["#,
    r#"{"href":"http://nova/v2/demo/images/70a599e0-31e7-49b7-b260-868f441e862b","rel":"self"},"#,
    r#"{"href":"http://nova/demo/images/70a599e0-31e7-49b7-b260-868f441e862b","rel":"bookmark"},"#,
    r#"{"href":"http://glance/demo/images/70a599e0-31e7-49b7-b260-868f441e862b","#,
    r#""rel":"alternate","type":"application/vnd.openstack.image"}],"metadata":{},"#,
    r#""minDisk":0,"minRam":0,"name":"cirros","progress":100,"status":"ACTIVE","updated":null}}"#
);

fn main() -> ExitCode {
    let mut list = Box::new(osimages_list { opaque: [0; 985] });
    let mut err = osimages_error {
        status: osimages_status::OSIMAGES_STATUS_OK,
        field: 0,
        image: 0,
        entry: 0,
        argument: 0,
        write_result: 0,
        needed: 0,
        key: [0; OSIMAGES_ERROR_KEY_SIZE],
    };
    // SAFETY: zeroed is a valid osimages_image (all integers and NULL pointers).
    let mut image: osimages_image = unsafe { std::mem::zeroed() };
    image.id = s("70a599e0-31e7-49b7-b260-868f441e862b");
    image.name = s("cirros");
    image.has_name = 1;
    image.progress = 100;
    let mut buf = [0u8; 1024];
    let (mut index, mut len) = (0, 0);
    let list = &mut *list as *mut osimages_list;
    // SAFETY: every pointer is to this function's live, unshared values; the C strings are
    // literals.
    let status = unsafe {
        let steps = [
            osimages_list_init(list, size_of::<osimages_list>(), &mut err),
            osimages_list_set_endpoints(
                list,
                osimages_str_from_cstr(c"http://nova".as_ptr()),
                s("http://glance"),
                s("demo"),
                &mut err,
            ),
            osimages_list_push(list, &image, &mut index, &mut err),
            osimages_list_render(
                list,
                OSIMAGES_DOCUMENT_SHOW,
                0,
                OSIMAGES_STYLE_JSON_COMPACT,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len,
                &mut err,
            ),
        ];
        steps
            .into_iter()
            .find(|&s| s != osimages_status::OSIMAGES_STATUS_OK)
    };
    if let Some(status) = status {
        // SAFETY: static NUL-terminated text for any number.
        let text = unsafe { CStr::from_ptr(osimages_status_str(status as u32)) };
        eprintln!("hosted caller: {}", text.to_string_lossy());
        return ExitCode::FAILURE;
    }
    // SAFETY: static NUL-terminated text.
    let version = unsafe { CStr::from_ptr(osimages_version()) };
    let document = std::str::from_utf8(&buf[..len]).unwrap_or("");
    let header_version =
        format!("{OSIMAGES_VERSION_MAJOR}.{OSIMAGES_VERSION_MINOR}.{OSIMAGES_VERSION_PATCH}");
    if version.to_bytes() != header_version.as_bytes() || document != EXPECTED || buf[len] != 0 {
        eprintln!("hosted caller: unexpected output {document:?} (version {version:?})");
        return ExitCode::FAILURE;
    }
    println!(
        "hosted caller: osimages {} rendered {len} bytes",
        version.to_string_lossy()
    );
    ExitCode::SUCCESS
}
