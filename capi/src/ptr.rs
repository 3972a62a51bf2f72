//! Checked conversions from C pointers: NULL, alignment and length are checked before any
//! reference is made; out-parameters are written without being read.

use core::ffi::c_char;

use super::status::Fault;
use super::status::osimages_status::{self, *};

/// Whether `len` values of `T` from `p` fit in the address space and in `isize`, as a Rust slice
/// must. The count is compared with a constant (no multiplication that could overflow to test):
/// the C view's every render checks each image's arrays and strings this way.
#[inline(always)]
pub(crate) fn fits<T>(p: *const T, len: usize) -> bool {
    let max = match size_of::<T>() {
        0 => usize::MAX,
        size => isize::MAX as usize / size,
    };
    len <= max
        && (p as usize)
            .checked_add(len.wrapping_mul(size_of::<T>()))
            .is_some()
}

/// Borrows `*p` for the duration of one call.
///
/// # Safety
/// When `p` is neither NULL nor misaligned it must point to a valid `T` that nothing writes
/// during the call.
pub(crate) unsafe fn borrow<'a, T>(p: *const T, argument: u32) -> Result<&'a T, Fault> {
    aligned(p, argument)?;
    // SAFETY: not NULL and aligned; that it points to a valid `T` is the caller's promise.
    Ok(unsafe { &*p })
}

/// What a list or a cursor keeps in the storage the caller provides: a `#[repr(C)]` struct whose
/// first field is a `u64` that holds [`Storage::MAGIC`] once the storage is initialised.
///
/// # Safety
/// Implementors are `#[repr(C)]`, start with that `u64`, and fit in [`Storage::SIZE`] bytes.
pub(crate) unsafe trait Storage {
    /// What the first eight bytes hold once initialised.
    const MAGIC: u64;
    /// The storage's size as C declares it (`OSIMAGES_*_SIZE`).
    const SIZE: usize;
}

/// Storage about to be (re)initialised: not NULL, aligned, and `size` (the argument after it) at
/// least [`Storage::SIZE`]. Nothing is read.
pub(crate) fn claim<T: Storage>(p: *mut T, size: usize, argument: u32) -> Result<*mut T, Fault> {
    aligned(p.cast_const(), argument)?;
    if size < T::SIZE {
        return Err(Fault::arg(OSIMAGES_STATUS_STORAGE_TOO_SMALL, argument + 1));
    }
    Ok(p)
}

/// Initialised storage: not NULL, aligned, and starting with [`Storage::MAGIC`].
///
/// # Safety
/// `p`, when not NULL and aligned, must be readable for [`Storage::SIZE`] bytes; the result may
/// be read as a `T` only if storage that starts with the magic holds one (as the
/// initialisation wrote it).
pub(crate) unsafe fn initialised<T: Storage>(
    p: *const T,
    argument: u32,
) -> Result<*const T, Fault> {
    aligned(p, argument)?;
    // SAFETY: not NULL, aligned (a `T` starts with a `u64`, so `u64` alignment is included),
    // readable (the caller's promise); a `u64` has no invalid values.
    if unsafe { p.cast::<u64>().read() } != T::MAGIC {
        return Err(Fault::arg(OSIMAGES_STATUS_NOT_INITIALIZED, argument));
    }
    Ok(p)
}

/// `p` is not NULL and is aligned for `T`; nothing is read.
fn aligned<T>(p: *const T, argument: u32) -> Result<(), Fault> {
    if p.is_null() {
        return Err(Fault::arg(OSIMAGES_STATUS_NULL_POINTER, argument));
    }
    if !p.is_aligned() {
        return Err(Fault::arg(OSIMAGES_STATUS_MISALIGNED, argument));
    }
    Ok(())
}

/// Borrows the `len` values at `p`; `{NULL, 0}` (or any pointer with `len` 0) is empty.
///
/// # Safety
/// When the checks pass, `p` must point to `len` valid values that nothing writes during the
/// call.
pub(crate) unsafe fn slice<'a, T>(p: *const T, len: usize) -> Result<&'a [T], osimages_status> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(OSIMAGES_STATUS_NULL_POINTER);
    }
    if !p.is_aligned() {
        return Err(OSIMAGES_STATUS_MISALIGNED);
    }
    if !fits(p, len) {
        return Err(OSIMAGES_STATUS_INVALID_LENGTH);
    }
    // SAFETY: not NULL, aligned, and the range fits in `isize` without wrapping; that it holds
    // `len` valid values is the caller's promise.
    Ok(unsafe { core::slice::from_raw_parts(p, len) })
}

/// Borrows the `len` values at `p` to write them, as [`slice`] borrows them to read.
///
/// # Safety
/// When the checks pass, `p` must point to `len` valid values that nothing else reads or
/// writes during the call.
pub(crate) unsafe fn slice_mut<'a, T>(
    p: *mut T,
    len: usize,
) -> Result<&'a mut [T], osimages_status> {
    // SAFETY: passed on from the caller (`slice`'s checks; the slice it makes is dropped here).
    if unsafe { slice(p.cast_const(), len) }?.is_empty() {
        return Ok(&mut []);
    }
    // SAFETY: `p` and `len` passed `slice`'s checks; unshared is the caller's promise.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, len) })
}

/// Storage an output buffer must not overlap: its start and length in bytes.
pub(crate) type Region = (*const u8, usize);

/// The caller's output buffer, checked in this order: `len` 0 is a size query whatever `buf`
/// is; then NULL, a length past the address space (`argument + 1`), and a buffer over storage
/// in `apart`, which the call reads.
///
/// # Safety
/// When the checks pass, `buf` must point to `len` writable bytes that nothing else reads or
/// writes during the call.
pub(crate) unsafe fn buffer<'a>(
    buf: *mut c_char,
    len: usize,
    argument: u32,
    apart: &[Region],
) -> Result<&'a mut [u8], Fault> {
    if len == 0 {
        return Ok(&mut []);
    }
    if buf.is_null() {
        return Err(Fault::arg(OSIMAGES_STATUS_NULL_POINTER, argument));
    }
    if !fits(buf, len) {
        return Err(Fault::arg(OSIMAGES_STATUS_INVALID_LENGTH, argument + 1));
    }
    if overlaps_any(buf.cast_const().cast(), len, apart) {
        return Err(Fault::arg(OSIMAGES_STATUS_OVERLAP, argument));
    }
    // SAFETY: not NULL, bytes need no alignment, the range fits; writable and unshared is the
    // caller's promise.
    Ok(unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), len) })
}

/// Whether `[a, a + a_len)` and `[b, b + b_len)` share a byte. NULL is no memory at all, so it
/// overlaps nothing: a NULL argument is reported as NULL, not as an overlap.
pub(crate) fn overlaps(a: *const u8, a_len: usize, b: *const u8, b_len: usize) -> bool {
    if a.is_null() || b.is_null() {
        return false;
    }
    let (a, b) = (a as usize, b as usize);
    a_len != 0 && b_len != 0 && a < b.saturating_add(b_len) && b < a.saturating_add(a_len)
}

/// Whether `[buf, buf + len)` shares a byte with any region in `apart`.
pub(crate) fn overlaps_any(buf: *const u8, len: usize, apart: &[Region]) -> bool {
    apart.iter().any(|&(at, size)| overlaps(buf, len, at, size))
}

/// An out-parameter that must not be NULL; written unaligned, never read.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    pub(crate) fn new(p: *mut T, argument: u32) -> Result<Self, Fault> {
        if p.is_null() {
            return Err(Fault::arg(OSIMAGES_STATUS_NULL_POINTER, argument));
        }
        Ok(Out(p))
    }

    /// # Safety
    /// The pointer given to [`Out::new`] must be writable for a `T`.
    pub(crate) unsafe fn set(&self, value: T) {
        // SAFETY: not NULL (checked in `new`); writable is the caller's promise; unaligned
        // writes need no alignment, and nothing is read or dropped.
        unsafe { self.0.write_unaligned(value) }
    }
}
