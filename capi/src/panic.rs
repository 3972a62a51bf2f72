//! No panic reaches C.
//!
//! The core is written never to panic (no indexing, no unwrap, checked arithmetic where it
//! matters), and the no_std archive proves it: its panic handler calls a function that is
//! defined nowhere, so a program that links the archive with `--gc-sections` links only if the
//! optimiser removed every path to a panic. The C examples are linked that way by the test
//! suite. In a build with `std` (the Rust tests) a panic is caught at the boundary instead and
//! reported as `OSIMAGES_STATUS_PANIC`.

use super::ptr;
use super::status::{osimages_error, osimages_status};

/// Runs one exported call: reports its result through `err` and returns its status.
///
/// # Safety
/// `err`, when not NULL, must be writable for an `osimages_error`.
#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) unsafe fn boundary(
    err: *mut osimages_error,
    call: impl FnOnce() -> Result<(), osimages_error>,
) -> osimages_status {
    // SAFETY: passed on from the caller.
    unsafe { ptr::finish(call(), err) }
}

/// Runs one exported call: reports its result through `err` and returns its status; a panic
/// becomes `OSIMAGES_STATUS_PANIC`.
///
/// # Safety
/// `err`, when not NULL, must be writable for an `osimages_error`.
#[cfg(feature = "std")]
pub(crate) unsafe fn boundary(
    err: *mut osimages_error,
    call: impl FnOnce() -> Result<(), osimages_error>,
) -> osimages_status {
    let result = std::panic::catch_unwind(core::panic::AssertUnwindSafe(call)).unwrap_or(Err(
        osimages_error::arg(osimages_status::OSIMAGES_STATUS_PANIC, 0),
    ));
    // SAFETY: passed on from the caller.
    unsafe { ptr::finish(result, err) }
}

/// The C archive's panic handler: only in the build that makes the archive and the shared
/// library (`--cfg osimages_archive`, see ffi-examples/Makefile), never in the rlib that Rust
/// programs link, which have a panic handler of their own.
#[cfg(all(osimages_archive, not(test), not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        /// Defined nowhere, on purpose: see the module documentation.
        fn osimages_error_a_panic_path_survived_optimisation() -> !;
    }
    // SAFETY: never runs. If any path reaches this handler, the link fails on this undefined
    // symbol before a program can exist.
    unsafe { osimages_error_a_panic_path_survived_optimisation() }
}
