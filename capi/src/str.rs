//! Borrowed strings: a pointer and a length, no NUL needed.

use core::ffi::c_char;

use super::ptr;
use super::status::{Fault, osimages_status};
use osimages::__capi::validate;
use osimages::__capi::{Text, UNKNOWN};
use osimages::{ErrorKind, Field};

/// A string the caller owns and osimages only reads during the call: `len` bytes of UTF-8 at
/// `ptr`, no NUL needed (a NUL byte inside is refused like any control character). `{NULL, 0}`
/// is the empty string; NULL with `len > 0` is refused.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct osimages_str {
    /// The first byte, or NULL when `len` is 0.
    pub ptr: *const c_char,
    /// The length in bytes.
    pub len: usize,
}

impl osimages_str {
    /// `{NULL, 0}`.
    pub(crate) const EMPTY: osimages_str = osimages_str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// The string, checked as every stored string is: UTF-8, no character XML cannot carry;
    /// the error names `field`.
    ///
    /// # Safety
    /// `ptr`, when not NULL, must point to `len` readable bytes that nothing writes during the
    /// call.
    pub(crate) unsafe fn text<'a>(&self, field: Field) -> Result<&'a str, Fault> {
        // SAFETY: passed on from the caller.
        unsafe { self.checked(field, true) }.map(|(s, _)| s)
    }

    /// [`osimages_str::text`], the string's class bits or-ed into `class`.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    pub(crate) unsafe fn text_into<'a>(
        &self,
        field: Field,
        class: &mut u8,
    ) -> Result<&'a str, Fault> {
        // SAFETY: passed on from the caller.
        let (s, c) = unsafe { self.checked(field, true) }?;
        *class |= c;
        Ok(s)
    }

    /// [`osimages_str::text_into`] of a string that is there only if `present` is nonzero.
    ///
    /// # Safety
    /// As [`osimages_str::text`], when `present` is nonzero.
    pub(crate) unsafe fn optional_into<'a>(
        &self,
        present: u8,
        field: Field,
        class: &mut u8,
    ) -> Result<Option<&'a str>, Fault> {
        match present {
            0 => Ok(None),
            // SAFETY: passed on from the caller.
            _ => unsafe { self.text_into(field, class) }.map(Some),
        }
    }

    /// [`osimages_str::text`], with the string's class bits: for a value written many times in
    /// one render (the view's endpoints), which is then not looked at again as it is written.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    pub(crate) unsafe fn classified<'a>(&self, field: Field) -> Result<Text<'a>, Fault> {
        // SAFETY: passed on from the caller.
        unsafe { self.checked(field, true) }.map(|(s, class)| Text::new(s, class))
    }

    /// The string, checked only to be UTF-8: for a key that is only looked up, or a value the
    /// core's checks (`validate`) read next.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    pub(crate) unsafe fn decode<'a>(&self, field: Field) -> Result<&'a str, Fault> {
        // SAFETY: passed on from the caller.
        unsafe { self.checked(field, false) }.map(|(s, _)| s)
    }

    /// The body of [`osimages_str::decode`] and, with `text`, of [`osimages_str::text`]: one
    /// function, which costs a firmware less than two.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    #[inline(never)]
    unsafe fn checked<'a>(&self, field: Field, text: bool) -> Result<(&'a str, u8), Fault> {
        // Every refusal here is a status of `field`: the fault is made in one place.
        let check = || -> Result<(&'a str, u8), osimages_status> {
            // SAFETY: passed on from the caller.
            let bytes = unsafe { self.bytes() }?;
            if !text {
                let s = match cfg!(not(feature = "small")) && bytes.is_ascii() {
                    // SAFETY: ASCII is UTF-8. (The ids and dates this decodes are ASCII: tested
                    // a word at a time, without a call, in the build for speed.)
                    true => unsafe { core::str::from_utf8_unchecked(bytes) },
                    false => utf8(bytes).ok_or(ErrorKind::InvalidUtf8)?,
                };
                return Ok((s, UNKNOWN));
            }
            // Classified first: a string of ASCII alone (most of them) is then UTF-8 with no
            // second pass. A refusal for not being UTF-8 still comes before the others.
            let class = validate::text_bytes(bytes, field);
            let s = match class {
                // SAFETY: a class without `NON_ASCII` has no byte above 0x7E: ASCII, so UTF-8.
                Ok(c) if c & validate::NON_ASCII == 0 => unsafe {
                    core::str::from_utf8_unchecked(bytes)
                },
                _ => utf8(bytes).ok_or(ErrorKind::InvalidUtf8)?,
            };
            Ok((s, class.map_err(|r| r.kind)?))
        };
        check().map_err(|status| Fault::in_field(status, field))
    }

    /// The bytes of a value checked earlier in the same call (none if its pointer is not
    /// valid), as the renderer reads them: not decoded again.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    #[inline(always)]
    pub(crate) unsafe fn bytes_before<'a>(&self) -> &'a [u8] {
        // SAFETY: passed on from the caller. `bytes`' checks, with no status to tell apart: an
        // empty string and a pointer that is not valid both read as no bytes.
        unsafe { self.bytes() }.unwrap_or(&[])
    }

    /// The string's bytes, its pointer checked (NULL with a length, a length too large), not
    /// decoded.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    #[inline(always)]
    pub(crate) unsafe fn bytes<'a>(&self) -> Result<&'a [u8], osimages_status> {
        // SAFETY: passed on from the caller.
        unsafe { ptr::slice(self.ptr.cast::<u8>(), self.len) }
    }

    /// The string of a value checked earlier in the same call, or `""` if it was not valid.
    ///
    /// # Safety
    /// As [`osimages_str::text`].
    pub(crate) unsafe fn checked_before<'a>(&self) -> &'a str {
        // SAFETY: passed on from the caller. (Through `decode`: one copy of the same checks.)
        unsafe { self.decode(Field::Document) }.unwrap_or("")
    }
}

/// `bytes` as a string, if they are UTF-8: `core::str::from_utf8`, whose word-at-a-time ASCII
/// path the C view's every call spends most of its checks in (the C library built for speed).
#[cfg(not(feature = "small"))]
fn utf8(bytes: &[u8]) -> Option<&str> {
    core::str::from_utf8(bytes).ok()
}

/// The same through the core's smaller check (`validate::is_utf8`, which gives the same
/// answer): the small build, for a firmware's flash.
#[cfg(feature = "small")]
fn utf8(bytes: &[u8]) -> Option<&str> {
    if !validate::is_utf8(bytes) {
        return None;
    }
    // SAFETY: `is_utf8` accepts exactly the byte strings that are UTF-8 (as `from_utf8` does;
    // the core's tests compare the two on every string of up to three bytes and on four-byte
    // sequences at every range boundary).
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

/// An `osimages_str` over a NUL-terminated string (the NUL is not included); NULL gives
/// `{NULL, 0}`.
///
/// Nothing is copied: the result points into `s`, which must outlive its use.
///
/// # Safety
/// `s`, when not NULL, must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_str_from_cstr(s: *const c_char) -> osimages_str {
    boundary!(or osimages_str::EMPTY, {
        if s.is_null() {
            return osimages_str::EMPTY;
        }
        // SAFETY: not NULL; NUL-terminated is the caller's promise.
        let len = unsafe { core::ffi::CStr::from_ptr(s) }.count_bytes();
        osimages_str { ptr: s, len }
    })
}
