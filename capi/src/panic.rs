//! No panic reaches C: the boundary every exported function runs its body in.
//!
//! The core is written never to panic (no indexing, no unwrap, checked arithmetic where it
//! matters), and the C library proves it: its panic handler (below, only in the C library's
//! build, with `--cfg osimages_archive`) calls a function that is defined
//! nowhere. The archive and the shared library are built with LTO into one object, so if any
//! path to a panic survived optimisation, that object would reference the undefined symbol: any
//! program linking the archive would fail to link, with or without `--gc-sections`, and the
//! test suite checks the shared library's undefined symbols for it. In a build with `std` (the Rust tests) a panic is caught at the boundary
//! instead and reported as `OSIMAGES_STATUS_PANIC`; in the rlib that Rust programs link, their
//! own panic handler applies.

#[cfg(feature = "std")]
use super::status::Fault;
use super::status::{Report, osimages_error, osimages_status};

/// The body of every exported function.
///
/// - `boundary!(err, { ... })`: the block is a `Result<(), Report>` (so `?` works in it); the
///   record of its result is written to `err` (when not NULL) and its status returned. With
///   `std`, a panic becomes `OSIMAGES_STATUS_PANIC`.
/// - `boundary!(or FALLBACK, { ... })`: for the few functions that return a value instead of a
///   status; with `std`, a panic returns `FALLBACK`.
///
/// Every exported function takes its `err` (when it has one) under the contract "NULL or
/// writable for an `osimages_error`", which is what the boundary relies on.
macro_rules! boundary {
    ($err:ident, $body:block) => {{
        let call = || -> ::core::result::Result<(), $crate::status::Report> { $body };
        // SAFETY: every exported function documents `err` as NULL or writable for an
        // `osimages_error`.
        unsafe { $crate::panic::report($err, call) }
    }};
    (or $fallback:expr, $body:block) => {{
        let call = || $body;
        $crate::panic::value(call, $fallback)
    }};
}

/// Runs `call` and reports its result through `err`.
///
/// # Safety
/// `err`, when not NULL, must be writable for an `osimages_error`.
#[inline(always)]
pub(crate) unsafe fn report(
    err: *mut osimages_error,
    call: impl FnOnce() -> Result<(), Report>,
) -> osimages_status {
    #[cfg(feature = "std")]
    let result = std::panic::catch_unwind(core::panic::AssertUnwindSafe(call)).unwrap_or(Err(
        Fault::arg(osimages_status::OSIMAGES_STATUS_PANIC, 0).into(),
    ));
    #[cfg(not(feature = "std"))]
    let result = call();
    // SAFETY: passed on from the caller.
    unsafe { Report::write(result, err) }
}

/// Runs `call`; a caught panic gives `fallback`.
#[cfg(feature = "std")]
pub(crate) fn value<T>(call: impl FnOnce() -> T, fallback: T) -> T {
    std::panic::catch_unwind(core::panic::AssertUnwindSafe(call)).unwrap_or(fallback)
}

/// Runs `call` (no_std: nothing to catch).
#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) fn value<T>(call: impl FnOnce() -> T, _fallback: T) -> T {
    call()
}

/// The C library's panic handler: only in the build that makes the archive and the shared
/// library (`--cfg osimages_archive`), never in the rlib that Rust
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
