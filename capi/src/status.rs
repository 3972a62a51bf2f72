//! Result codes, the error record a refusal fills in, and their static texts.

use core::ffi::{c_char, c_int};

use osimages::__capi::validate::Refusal;
use osimages::{Error, ErrorKind, Field};

// The one table of C codes (see codes.rs): each row is a C name, its number (fixed: never
// reused or renumbered; retired numbers stay reserved) and its text or the Rust value it stands
// for, whose own text it then takes.
c_codes! {
    /// The result of every `osimages_*` function that can fail (all but `osimages_version`,
    /// `osimages_status_str`, `osimages_field_str`, `osimages_str_from_cstr` and
    /// `osimages_list_len`, which cannot).
    ///
    /// Values are fixed and grouped; a number is never reused or renumbered:
    /// - `0`: success.
    /// - `1..=99`: the call itself is wrong (an argument, not a value of the document).
    /// - `100..=199`: a value was refused; `*err` names the field (the value is 100 plus the Rust
    ///   `ErrorKind`).
    /// - `200..=299`: the output did not fit, or could not be written.
    /// - `900..=999`: internal.
    ///
    /// C receives it as `uint32_t`; pass any `uint32_t` to `osimages_status_str`.
    #[repr(u32)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum osimages_status (ErrorKind + 100) {
        /// Success.
        OSIMAGES_STATUS_OK = 0 => "OK",
        /// A pointer was NULL where data was needed.
        OSIMAGES_STATUS_NULL_POINTER = 1 => "a pointer is NULL",
        /// A pointer was not aligned for its type (storage needs `OSIMAGES_*_ALIGN`).
        OSIMAGES_STATUS_MISALIGNED = 2 => "a pointer is misaligned",
        /// A length or count above `PTRDIFF_MAX` bytes.
        OSIMAGES_STATUS_INVALID_LENGTH = 3 => "a length is above PTRDIFF_MAX",
        /// The storage given is smaller than `OSIMAGES_LIST_SIZE` / `OSIMAGES_CURSOR_SIZE`.
        OSIMAGES_STATUS_STORAGE_TOO_SMALL = 4 => "the storage is too small",
        /// The list or cursor storage was not set up by its init/start function.
        OSIMAGES_STATUS_NOT_INITIALIZED = 5 => "the storage was not initialised",
        /// `document` is not one of `OSIMAGES_DOCUMENT_*`.
        OSIMAGES_STATUS_INVALID_DOCUMENT = 6 => "not an OSIMAGES_DOCUMENT_* value",
        /// `format` is not an `OSIMAGES_STYLE_*` value, optionally or-ed with `OSIMAGES_OPTION_*`.
        OSIMAGES_STATUS_INVALID_FORMAT = 7 =>
            "not an OSIMAGES_STYLE_* value with OSIMAGES_OPTION_* bits",
        /// The output buffer overlaps storage the call reads (the list, the cursor, the
        /// `osimages_view` struct), or cursor storage overlaps the list or view it would render.
        OSIMAGES_STATUS_OVERLAP = 8 =>
            "the buffer or cursor overlaps the list, cursor or view",
        /// The list changed after the cursor was started (start it again), or during a push
        /// render's callback (which must not change it).
        OSIMAGES_STATUS_LIST_CHANGED = 9 => "the list changed during the render",
        /// `format` names a style this library was built without (its build chose its styles:
        /// `OSIMAGES_STYLES`).
        OSIMAGES_STATUS_STYLE_NOT_BUILT = 10 => "the style is not built into this library",
        /// An `osimages_checked_image` that `osimages_view_check` did not make for this image
        /// of this view (or made before a check of it was refused): check the view again.
        OSIMAGES_STATUS_NOT_CHECKED = 11 => "the image was not checked by osimages_view_check",
        /// The view changed under its cursor where the document had got to (the number of
        /// images, the list-level values, or the image being written): start it again.
        OSIMAGES_STATUS_VIEW_CHANGED = 12 => "the view changed where its cursor had got to",
        // 13..=99 reserved.
        /// Not a UUID in the form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
        OSIMAGES_STATUS_NOT_UUID = 101 => NotUuid,
        /// Not a real UTC date in the form `YYYY-MM-DDTHH:MM:SSZ`.
        OSIMAGES_STATUS_NOT_DATE = 102 => NotDate,
        /// Not one of `OSIMAGES_IMAGE_STATUS_*`.
        OSIMAGES_STATUS_UNKNOWN_IMAGE_STATUS = 103 => UnknownStatus,
        /// Not one of `OSIMAGES_DISK_CONFIG_*`.
        OSIMAGES_STATUS_UNKNOWN_DISK_CONFIG = 104 => UnknownDiskConfig,
        /// A progress above 100.
        OSIMAGES_STATUS_PROGRESS_ABOVE_100 = 105 => ProgressAbove100,
        /// A character XML 1.0 cannot carry (U+0000..U+001F other than TAB, LF, CR; U+FFFE;
        /// U+FFFF).
        OSIMAGES_STATUS_FORBIDDEN_CHARACTER = 106 => ForbiddenCharacter,
        /// Bytes that are not UTF-8.
        OSIMAGES_STATUS_INVALID_UTF8 = 107 => InvalidUtf8,
        /// A metadata key that the image already has.
        OSIMAGES_STATUS_DUPLICATE_KEY = 108 => DuplicateKey,
        /// An image index that the list or view does not have.
        OSIMAGES_STATUS_NO_SUCH_IMAGE = 109 => NoSuchImage,
        /// More images than the list holds (`OSIMAGES_LIST_MAX_IMAGES`).
        OSIMAGES_STATUS_TOO_MANY_IMAGES = 110 => TooManyImages,
        /// More metadata entries than the list holds (`OSIMAGES_LIST_MAX_METADATA`).
        OSIMAGES_STATUS_TOO_MANY_METADATA = 111 => TooManyMetadata,
        /// More explicit links than the list holds (`OSIMAGES_LIST_MAX_LINKS`).
        OSIMAGES_STATUS_TOO_MANY_LINKS = 112 => TooManyLinks,
        /// More text than the list holds (`OSIMAGES_LIST_MAX_TEXT`).
        OSIMAGES_STATUS_OUT_OF_TEXT_SPACE = 113 => OutOfTextSpace,
        /// Links (an image's own, or its server's) built from endpoints the list does not have:
        /// set them first (`osimages_list_set_endpoints`).
        OSIMAGES_STATUS_NO_ENDPOINTS = 114 => NoEndpoints,
        /// A metadata key or link index that the image does not have.
        OSIMAGES_STATUS_NO_SUCH_ENTRY = 115 => NoSuchEntry,
        /// A link `type` that is not a media type (`type/subtype`, on one line), as nova's
        /// schema requires.
        OSIMAGES_STATUS_NOT_MEDIA_TYPE = 116 => NotMediaType,
        // 117..=119 reserved.
        /// JSON input: not well-formed.
        OSIMAGES_STATUS_SYNTAX = 120 => Syntax,
        /// JSON input: a value of the wrong type.
        OSIMAGES_STATUS_WRONG_TYPE = 121 => WrongType,
        /// JSON input: a required key is missing.
        OSIMAGES_STATUS_MISSING_FIELD = 122 => MissingField,
        /// JSON input: a key appears twice in one object.
        OSIMAGES_STATUS_DUPLICATE_FIELD = 123 => DuplicateField,
        /// JSON input: a key this document shape does not have.
        OSIMAGES_STATUS_UNKNOWN_FIELD = 124 => UnknownField,
        /// JSON input: nested deeper than any image document.
        OSIMAGES_STATUS_TOO_DEEP = 125 => TooDeep,
        /// JSON input: a malformed string escape.
        OSIMAGES_STATUS_INVALID_ESCAPE = 126 => InvalidEscape,
        /// JSON input: server links that the endpoints do not produce.
        OSIMAGES_STATUS_NOT_DERIVABLE = 127 => NotDerivable,
        /// JSON input: a number out of the range the field allows.
        OSIMAGES_STATUS_NUMBER_OUT_OF_RANGE = 128 => NumberOutOfRange,
        /// JSON input: a pagination link (`images_links`) other than rel `next` without a type.
        OSIMAGES_STATUS_NOT_NEXT_LINK = 129 => NotNextLink,
        // 130..=199 reserved.
        /// The buffer is smaller than the document; `*out_len` holds the length needed.
        OSIMAGES_STATUS_BUFFER_TOO_SMALL = 200 => "buffer too small",
        /// The write callback returned nonzero, which stopped the render; `err->write_result`
        /// holds what it returned.
        OSIMAGES_STATUS_WRITE_FAILED = 201 => "the write callback failed",
        // 202..=899 reserved.
        /// A Rust panic was caught (only in builds with the `std` feature; the no_std archive is
        /// proven free of panics at link time).
        OSIMAGES_STATUS_PANIC = 900 => "internal error (a panic was caught)",
    }

    pub const (Field + 0) {
        /// `field` of an `osimages_error` that is not about a value of the document.
        OSIMAGES_FIELD_NONE = 0xFF => "",
        /// The document as a whole.
        OSIMAGES_FIELD_DOCUMENT = 0 => Document,
        /// The images (their number).
        OSIMAGES_FIELD_IMAGES = 1 => Images,
        /// An image as a whole.
        OSIMAGES_FIELD_IMAGE = 2 => Image,
        /// `id`.
        OSIMAGES_FIELD_ID = 3 => Id,
        /// `name`.
        OSIMAGES_FIELD_NAME = 4 => Name,
        /// `status`.
        OSIMAGES_FIELD_STATUS = 5 => Status,
        /// `progress`.
        OSIMAGES_FIELD_PROGRESS = 6 => Progress,
        /// `minDisk`.
        OSIMAGES_FIELD_MIN_DISK = 7 => MinDisk,
        /// `minRam`.
        OSIMAGES_FIELD_MIN_RAM = 8 => MinRam,
        /// `created`.
        OSIMAGES_FIELD_CREATED = 9 => Created,
        /// `updated`.
        OSIMAGES_FIELD_UPDATED = 10 => Updated,
        /// `metadata` as a whole (the array pointer, capacity).
        OSIMAGES_FIELD_METADATA = 11 => Metadata,
        /// A metadata key.
        OSIMAGES_FIELD_METADATA_KEY = 12 => MetadataKey,
        /// A metadata value.
        OSIMAGES_FIELD_METADATA_VALUE = 13 => MetadataValue,
        /// `links` as a whole (the array pointer, capacity).
        OSIMAGES_FIELD_LINKS = 14 => Links,
        /// The `href` of one of the image's links.
        OSIMAGES_FIELD_LINK_HREF = 15 => LinkHref,
        /// The `rel` of one of the image's links.
        OSIMAGES_FIELD_LINK_REL = 16 => LinkRel,
        /// The `type` of one of the image's links.
        OSIMAGES_FIELD_LINK_TYPE = 17 => LinkType,
        /// `server` as a whole, or one of its links as a whole (`entry` says which).
        OSIMAGES_FIELD_SERVER = 18 => Server,
        /// `OS-DCF:diskConfig`.
        OSIMAGES_FIELD_DISK_CONFIG = 19 => DiskConfig,
        /// `OS-EXT-IMG-SIZE:size`.
        OSIMAGES_FIELD_SIZE = 20 => Size,
        /// The compute endpoint.
        OSIMAGES_FIELD_COMPUTE_ENDPOINT = 21 => ComputeEndpoint,
        /// The image-service endpoint.
        OSIMAGES_FIELD_IMAGE_ENDPOINT = 22 => ImageEndpoint,
        /// The tenant.
        OSIMAGES_FIELD_TENANT = 23 => Tenant,
        /// `images_links` (the next link).
        OSIMAGES_FIELD_NEXT_LINK = 24 => NextLink,
        /// `server.id` (the snapshot's server id).
        OSIMAGES_FIELD_SERVER_ID = 25 => ServerId,
        /// JSON input: the `href` of one of the server's links (`entry` says which).
        OSIMAGES_FIELD_SERVER_LINK_HREF = 26 => ServerLinkHref,
        /// JSON input: the `rel` of one of the server's links.
        OSIMAGES_FIELD_SERVER_LINK_REL = 27 => ServerLinkRel,
        /// JSON input: the `type` of one of the server's links.
        OSIMAGES_FIELD_SERVER_LINK_TYPE = 28 => ServerLinkType,
        /// JSON input: the `href` of the `images_links` next link.
        OSIMAGES_FIELD_NEXT_LINK_HREF = 29 => NextLinkHref,
        /// JSON input: the `rel` of the `images_links` next link.
        OSIMAGES_FIELD_NEXT_LINK_REL = 30 => NextLinkRel,
    }
}

use osimages_status::*;

impl From<ErrorKind> for osimages_status {
    /// Computed, not looked up: a row that stands for a kind is numbered 100 + the kind (each
    /// such row is checked to be at compile time), so the status of `kind` is that number when
    /// the table has it (a firmware then holds no table of them).
    fn from(kind: ErrorKind) -> Self {
        let code = 100 + kind as u32;
        if Self::stands_for_rust(code) {
            // SAFETY: `stands_for_rust` is true only for the number of one of the enum's rows.
            unsafe { core::mem::transmute::<u32, osimages_status>(code) }
        } else {
            // `ErrorKind` is non-exhaustive for Rust users; this crate pins the core's exact
            // version and its table has every kind, so this is never taken.
            OSIMAGES_STATUS_PANIC
        }
    }
}

/// `field`, `image` or `entry` of an `osimages_error` that does not apply.
pub const OSIMAGES_NO_INDEX: u32 = 0xFFFF_FFFF;

/// The size of `osimages_error.key`: 40 bytes of a key, `...`, and the NUL.
pub const OSIMAGES_ERROR_KEY_SIZE: usize = 44;

/// What went wrong, and where: filled in by every call that is given one.
///
/// `status` is the call's result. For a refused value (`100..=199`), `field` is an
/// `OSIMAGES_FIELD_*`, `image` the index of the image it belongs to and `entry` the index of the
/// metadata entry or link within that image (within its server's links for
/// `OSIMAGES_FIELD_SERVER*`, within `images_links` for `OSIMAGES_FIELD_NEXT_LINK*`), each
/// `OSIMAGES_NO_INDEX` when it does not apply.
/// For a wrong argument (`1..=99`), `argument` is its position in the call, counting from 1
/// (0 when no single argument is at fault); a NULL or misaligned pointer inside a struct is
/// reported with that struct's argument and the field, image and entry it was in.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct osimages_error {
    /// The call's result.
    pub status: osimages_status,
    /// An `OSIMAGES_FIELD_*`, or `OSIMAGES_FIELD_NONE`.
    pub field: u32,
    /// The image index, or `OSIMAGES_NO_INDEX` (an index of `OSIMAGES_NO_INDEX` or more, which
    /// no list holds, is `OSIMAGES_NO_INDEX - 1`).
    pub image: u32,
    /// The metadata entry or link index within the image, or `OSIMAGES_NO_INDEX` (and as
    /// `image` past it).
    pub entry: u32,
    /// The argument at fault, from 1; 0 when none.
    pub argument: u32,
    /// For `OSIMAGES_STATUS_WRITE_FAILED`: the nonzero value the write callback returned, so
    /// that its own error code reaches the caller; 0 otherwise.
    pub write_result: c_int,
    /// For a capacity refusal (`OSIMAGES_STATUS_TOO_MANY_*`, `_OUT_OF_TEXT_SPACE`): what the
    /// list would need in all to take the value or the whole document (images, metadata
    /// entries, links or bytes of text, as `status` says), as `*out_len` does for a buffer that
    /// is too small; 0 otherwise, or when it cannot be known.
    pub needed: usize,
    /// For `OSIMAGES_STATUS_UNKNOWN_FIELD`: the key, NUL-terminated (its first 40 bytes and
    /// `...` when it is longer); empty otherwise.
    pub key: [c_char; OSIMAGES_ERROR_KEY_SIZE],
}

impl osimages_error {
    /// The record of `report`, the refusal `e`, with the key `e` names (an unknown field).
    fn keyed(report: Report, e: &Error) -> Self {
        let mut key = [0 as c_char; OSIMAGES_ERROR_KEY_SIZE];
        let more: &[u8] = if e.key_is_cut() { b"..." } else { b"" };
        let text = e.key().unwrap_or("").as_bytes().iter().chain(more);
        // The last byte stays the NUL.
        for (dst, &b) in key.iter_mut().take(OSIMAGES_ERROR_KEY_SIZE - 1).zip(text) {
            *dst = b as c_char;
        }
        osimages_error {
            key,
            ..report.into()
        }
    }
}

/// What went wrong, as the checks and the render's plumbing report it: the status, field,
/// indexes and argument of an [`osimages_error`] in five words. Passed on by value, it costs a
/// firmware less flash and stack than anything larger; a call's body makes its [`Report`] of
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    status: osimages_status,
    field: u32,
    /// `OSIMAGES_NO_INDEX` when it does not apply, as in the record.
    image: u32,
    entry: u32,
    argument: u32,
}

impl Fault {
    /// A value of `field` refused for `kind`.
    pub(crate) fn refused(kind: ErrorKind, field: Field) -> Self {
        Self::in_field(kind.into(), field)
    }

    /// A wrong pointer or length inside a struct (or a refusal): which field it is.
    pub(crate) const fn in_field(status: osimages_status, field: Field) -> Self {
        Fault {
            field: field as u32,
            ..Self::arg(status, 0)
        }
    }

    /// A wrong argument (counting from 1).
    pub(crate) const fn arg(status: osimages_status, argument: u32) -> Self {
        Fault {
            status,
            field: OSIMAGES_FIELD_NONE,
            image: OSIMAGES_NO_INDEX,
            entry: OSIMAGES_NO_INDEX,
            argument,
        }
    }

    pub(crate) fn at_image(mut self, image: usize) -> Self {
        if self.image == OSIMAGES_NO_INDEX {
            self.image = u32::try_from(image).unwrap_or(OSIMAGES_NO_INDEX - 1);
        }
        self
    }

    pub(crate) fn at_entry(mut self, entry: usize) -> Self {
        if self.entry == OSIMAGES_NO_INDEX {
            self.entry = u32::try_from(entry).unwrap_or(OSIMAGES_NO_INDEX - 1);
        }
        self
    }

    /// Names the argument the fault came through, unless one is named already.
    pub(crate) const fn through(mut self, argument: u32) -> Self {
        if self.argument == 0 {
            self.argument = argument;
        }
        self
    }
}

/// A refusal of the core's checks.
impl From<Refusal> for Fault {
    fn from(r: Refusal) -> Self {
        Fault::refused(r.kind, r.field)
    }
}

/// What a call reports: its [`osimages_error`] but for the key, in 32 bytes instead of 72 on a
/// 32-bit MCU. Every exported function's body returns it, and the boundary writes its record
/// once, into the caller's `err` ([`Report::write`]). A refusal that names a key (the parser's
/// unknown field) writes its whole record where it arises instead ([`Report::keyed`]), and the
/// boundary leaves that record as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Report {
    fault: Fault,
    /// What a capacity refusal would need; 0 otherwise.
    needed: usize,
    /// The write callback's nonzero result (`OSIMAGES_STATUS_WRITE_FAILED`); 0 otherwise.
    write_result: c_int,
    /// The record was written where the refusal arose: the boundary writes nothing.
    written: bool,
}

impl Report {
    /// The write callback refused a piece with `code` (the callback is argument `argument`).
    pub(crate) const fn write_failed(code: c_int, argument: u32) -> Self {
        Report {
            write_result: code,
            ..Self::of(Fault::arg(OSIMAGES_STATUS_WRITE_FAILED, argument))
        }
    }

    const fn of(fault: Fault) -> Self {
        Report {
            fault,
            needed: 0,
            write_result: 0,
            written: false,
        }
    }

    pub(crate) fn at_image(mut self, image: usize) -> Self {
        self.fault = self.fault.at_image(image);
        self
    }

    /// Names the argument the report came through, unless one is named already.
    pub(crate) const fn through(mut self, argument: u32) -> Self {
        self.fault = self.fault.through(argument);
        self
    }

    /// `e`, the core's refusal that came through argument `argument`, with its key when it
    /// names one: that record is written into `err` (when not NULL) now, out of the frames of
    /// the call's ordinary way. Call it where no reference into the caller's memory is live but
    /// `e`'s own.
    ///
    /// # Safety
    /// `err`, when not NULL, must be writable for an `osimages_error`.
    #[cold]
    #[inline(never)]
    pub(crate) unsafe fn keyed(e: &Error, argument: u32, err: *mut osimages_error) -> Self {
        let report = Report::from(e).through(argument);
        if e.key().is_none() {
            return report;
        }
        if !err.is_null() {
            // SAFETY: not NULL; writable is the caller's promise; written unaligned, not read.
            unsafe { err.write_unaligned(osimages_error::keyed(report, e)) }
        }
        Report {
            written: true,
            ..report
        }
    }

    /// Writes the record of a call's `result` into `err` (when not NULL, and unless it was
    /// written where it arose) and returns its status: the one place a call's record is made.
    ///
    /// # Safety
    /// `err`, when not NULL, must be writable for an `osimages_error`.
    pub(crate) unsafe fn write(
        result: Result<(), Report>,
        err: *mut osimages_error,
    ) -> osimages_status {
        let report = match result {
            Ok(()) => Report::of(Fault::arg(OSIMAGES_STATUS_OK, 0)),
            Err(r) => r,
        };
        if !err.is_null() && !report.written {
            // SAFETY: not NULL; writable is the caller's promise; written unaligned, not read.
            unsafe { err.write_unaligned(report.into()) }
        }
        report.fault.status
    }
}

impl From<Fault> for Report {
    fn from(fault: Fault) -> Self {
        Report::of(fault)
    }
}

/// A refusal of the core, but for the key it may name (see [`Report::keyed`]).
impl From<&Error> for Report {
    fn from(e: &Error) -> Self {
        // An index too big for 32 bits is the largest that is not "none".
        let index = |i: Option<u32>| i.map_or(OSIMAGES_NO_INDEX, |i| i.min(OSIMAGES_NO_INDEX - 1));
        Report {
            needed: e.needed.unwrap_or(0),
            ..Report::of(Fault {
                image: index(e.image),
                entry: index(e.entry),
                ..Fault::in_field(e.kind.into(), e.field)
            })
        }
    }
}

impl From<Error> for Report {
    fn from(e: Error) -> Self {
        Report::from(&e)
    }
}

impl From<Report> for osimages_error {
    fn from(r: Report) -> Self {
        let f = r.fault;
        osimages_error {
            status: f.status,
            field: f.field,
            image: f.image,
            entry: f.entry,
            argument: f.argument,
            write_result: r.write_result,
            needed: r.needed,
            // Written out, not a copy of a constant record: a copy from flash.
            key: [0; OSIMAGES_ERROR_KEY_SIZE],
        }
    }
}

/// A static, NUL-terminated description of a status code.
///
/// Any value may be passed, including ones this library does not define ("unknown status").
/// The text lives as long as the program; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn osimages_status_str(status: u32) -> *const c_char {
    boundary!(or c"".as_ptr(), { osimages_status::text(status).as_ptr() })
}

/// A static, NUL-terminated name of an `OSIMAGES_FIELD_*` value, as the field is called in the
/// document (`"id"`, `"minDisk"`, `"metadata key"`, ...).
///
/// Any value may be passed: `OSIMAGES_FIELD_NONE` gives `""`, an unknown one `"unknown field"`.
/// The text lives as long as the program; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn osimages_field_str(field: u32) -> *const c_char {
    boundary!(or c"".as_ptr(), { field_text(field).as_ptr() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    fn text(p: *const c_char) -> &'static str {
        // SAFETY: both functions return pointers to static C string literals.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
    }

    #[test]
    fn texts_come_from_the_table_and_the_rust_values() {
        assert_eq!(text(osimages_status_str(0)), "OK");
        assert_eq!(text(osimages_status_str(200)), "buffer too small");
        assert_eq!(
            text(osimages_status_str(101)),
            ErrorKind::NotUuid.description()
        );
        assert_eq!(
            text(osimages_status_str(11)),
            "the image was not checked by osimages_view_check"
        );
        assert_eq!(
            text(osimages_status_str(12)),
            "the view changed where its cursor had got to"
        );
        assert_eq!(text(osimages_status_str(13)), "unknown status");
        assert_eq!(text(osimages_status_str(u32::MAX)), "unknown status");
        assert_eq!(text(osimages_field_str(OSIMAGES_FIELD_MIN_DISK)), "minDisk");
        assert_eq!(text(osimages_field_str(OSIMAGES_FIELD_NONE)), "");
        assert_eq!(
            text(osimages_field_str(OSIMAGES_FIELD_SERVER_ID)),
            "server.id"
        );
        assert_eq!(
            text(osimages_field_str(OSIMAGES_FIELD_NEXT_LINK_REL)),
            "next link rel"
        );
        assert_eq!(text(osimages_field_str(31)), "unknown field");
    }

    #[test]
    fn refusals_map_to_100_plus_their_kind() {
        // Every kind: each has its row (the status is computed from the kind).
        let kinds = [
            ErrorKind::NotUuid,
            ErrorKind::NotDate,
            ErrorKind::UnknownStatus,
            ErrorKind::UnknownDiskConfig,
            ErrorKind::ProgressAbove100,
            ErrorKind::ForbiddenCharacter,
            ErrorKind::InvalidUtf8,
            ErrorKind::DuplicateKey,
            ErrorKind::NoSuchImage,
            ErrorKind::TooManyImages,
            ErrorKind::TooManyMetadata,
            ErrorKind::TooManyLinks,
            ErrorKind::OutOfTextSpace,
            ErrorKind::NoEndpoints,
            ErrorKind::NoSuchEntry,
            ErrorKind::NotMediaType,
            ErrorKind::Syntax,
            ErrorKind::WrongType,
            ErrorKind::MissingField,
            ErrorKind::DuplicateField,
            ErrorKind::UnknownField,
            ErrorKind::TooDeep,
            ErrorKind::InvalidEscape,
            ErrorKind::NotDerivable,
            ErrorKind::NumberOutOfRange,
            ErrorKind::NotNextLink,
        ];
        for kind in kinds {
            let status = osimages_status::from(kind);
            assert_eq!(status as u32, 100 + kind as u32);
            assert_eq!(text(osimages_status_str(status as u32)), kind.description());
        }
        assert_eq!(
            osimages_error::from(Report::from(Error::new(ErrorKind::NotDate, Field::Created)))
                .field,
            OSIMAGES_FIELD_CREATED
        );
    }
}
