//! The version, as the header was generated for and as the library was built.

use core::ffi::c_char;

/// The major version of the header (the header test checks the three against the crate version).
pub const OSIMAGES_VERSION_MAJOR: u32 = 0;
/// The minor version of the header.
pub const OSIMAGES_VERSION_MINOR: u32 = 3;
/// The patch version of the header.
pub const OSIMAGES_VERSION_PATCH: u32 = 0;
/// The library's version, `"MAJOR.MINOR.PATCH"`: static, NUL-terminated, never freed.
///
/// Equal to the header's `OSIMAGES_VERSION` (the three macros above as a string) when the header and the library come from the same release.
#[unsafe(no_mangle)]
pub extern "C" fn osimages_version() -> *const c_char {
    const WITH_NUL: &core::ffi::CStr = match core::ffi::CStr::from_bytes_with_nul(
        concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
    ) {
        Ok(s) => s,
        Err(_) => panic!("the version has no NUL inside"),
    };
    boundary!(or WITH_NUL.as_ptr(), { WITH_NUL.as_ptr() })
}
