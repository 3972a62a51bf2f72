//! Result codes, the error record a refusal fills in, and their static texts.

use core::ffi::c_char;

use osimages::{Error, ErrorKind, Field};

/// The result of every `osimages_*` call.
///
/// Values are fixed and grouped; a number is never reused or renumbered:
/// - `0`: success.
/// - `1..=99`: the call itself is wrong (an argument, not a value of the document).
/// - `100..=199`: a value was refused; `*err` names the field (the value is 100 plus the Rust
///   `ErrorKind`).
/// - `200..=299`: the output did not fit.
/// - `900..=999`: internal.
///
/// C receives it as `uint32_t`; pass any `uint32_t` to `osimages_status_str`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum osimages_status {
    /// Success.
    OSIMAGES_STATUS_OK = 0,
    /// A pointer was NULL where data was needed.
    OSIMAGES_STATUS_NULL_POINTER = 1,
    /// A pointer was not aligned for its type (storage needs `OSIMAGES_*_ALIGN`).
    OSIMAGES_STATUS_MISALIGNED = 2,
    /// A length or count above `PTRDIFF_MAX` bytes.
    OSIMAGES_STATUS_INVALID_LENGTH = 3,
    /// The storage given is smaller than `OSIMAGES_LIST_SIZE` / `OSIMAGES_CURSOR_SIZE`.
    OSIMAGES_STATUS_STORAGE_TOO_SMALL = 4,
    /// The list or cursor storage was not set up by its init/start function.
    OSIMAGES_STATUS_NOT_INITIALIZED = 5,
    /// `document` is not one of `OSIMAGES_DOCUMENT_*`.
    OSIMAGES_STATUS_INVALID_DOCUMENT = 6,
    /// `format` is not an `OSIMAGES_STYLE_*` value, optionally or-ed with `OSIMAGES_OPTION_*`.
    OSIMAGES_STATUS_INVALID_FORMAT = 7,
    /// The output buffer overlaps storage the call reads (the list, the cursor, the
    /// `osimages_view` struct), or cursor storage overlaps the list or view it would render.
    OSIMAGES_STATUS_OVERLAP = 8,
    /// The list changed after the cursor was started; start it again.
    OSIMAGES_STATUS_LIST_CHANGED = 9,
    // 10..=99 reserved.
    /// Not a UUID in the form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    OSIMAGES_STATUS_NOT_UUID = 101,
    /// Not a real UTC date in the form `YYYY-MM-DDTHH:MM:SSZ`.
    OSIMAGES_STATUS_NOT_DATE = 102,
    /// Not one of `OSIMAGES_IMAGE_STATUS_*`.
    OSIMAGES_STATUS_UNKNOWN_IMAGE_STATUS = 103,
    /// Not one of `OSIMAGES_DISK_CONFIG_*`.
    OSIMAGES_STATUS_UNKNOWN_DISK_CONFIG = 104,
    /// A progress above 100.
    OSIMAGES_STATUS_PROGRESS_ABOVE_100 = 105,
    /// A character XML 1.0 cannot carry (U+0000..U+001F other than TAB, LF, CR; U+FFFE; U+FFFF).
    OSIMAGES_STATUS_FORBIDDEN_CHARACTER = 106,
    /// Bytes that are not UTF-8.
    OSIMAGES_STATUS_INVALID_UTF8 = 107,
    /// A metadata key that the image already has.
    OSIMAGES_STATUS_DUPLICATE_KEY = 108,
    /// An image index that the list or view does not have.
    OSIMAGES_STATUS_NO_SUCH_IMAGE = 109,
    /// More images than the list holds (`OSIMAGES_LIST_MAX_IMAGES`).
    OSIMAGES_STATUS_TOO_MANY_IMAGES = 110,
    /// More metadata entries than the list holds (`OSIMAGES_LIST_MAX_METADATA`).
    OSIMAGES_STATUS_TOO_MANY_METADATA = 111,
    /// More explicit links than the list holds (`OSIMAGES_LIST_MAX_LINKS`).
    OSIMAGES_STATUS_TOO_MANY_LINKS = 112,
    /// More text than the list holds (`OSIMAGES_LIST_MAX_TEXT`).
    OSIMAGES_STATUS_OUT_OF_TEXT_SPACE = 113,
    // 114..=119 reserved.
    /// JSON input: not well-formed.
    OSIMAGES_STATUS_SYNTAX = 120,
    /// JSON input: a value of the wrong type.
    OSIMAGES_STATUS_WRONG_TYPE = 121,
    /// JSON input: a required key is missing.
    OSIMAGES_STATUS_MISSING_FIELD = 122,
    /// JSON input: a key appears twice in one object.
    OSIMAGES_STATUS_DUPLICATE_FIELD = 123,
    /// JSON input: a key this document shape does not have.
    OSIMAGES_STATUS_UNKNOWN_FIELD = 124,
    /// JSON input: nested deeper than any image document.
    OSIMAGES_STATUS_TOO_DEEP = 125,
    /// JSON input: a malformed string escape.
    OSIMAGES_STATUS_INVALID_ESCAPE = 126,
    /// JSON input: server links that the endpoints do not produce.
    OSIMAGES_STATUS_NOT_DERIVABLE = 127,
    /// JSON input: a number out of the range the field allows.
    OSIMAGES_STATUS_NUMBER_OUT_OF_RANGE = 128,
    // 129..=199 reserved.
    /// The buffer is smaller than the document; `*out_len` holds the length needed.
    OSIMAGES_STATUS_BUFFER_TOO_SMALL = 200,
    // 201..=899 reserved.
    /// A Rust panic was caught (only in builds with the `std` feature; the no_std archive is
    /// proven free of panics at link time).
    OSIMAGES_STATUS_PANIC = 900,
}

use osimages_status::*;

impl From<ErrorKind> for osimages_status {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::NotUuid => OSIMAGES_STATUS_NOT_UUID,
            ErrorKind::NotDate => OSIMAGES_STATUS_NOT_DATE,
            ErrorKind::UnknownStatus => OSIMAGES_STATUS_UNKNOWN_IMAGE_STATUS,
            ErrorKind::UnknownDiskConfig => OSIMAGES_STATUS_UNKNOWN_DISK_CONFIG,
            ErrorKind::ProgressAbove100 => OSIMAGES_STATUS_PROGRESS_ABOVE_100,
            ErrorKind::ForbiddenCharacter => OSIMAGES_STATUS_FORBIDDEN_CHARACTER,
            ErrorKind::InvalidUtf8 => OSIMAGES_STATUS_INVALID_UTF8,
            ErrorKind::DuplicateKey => OSIMAGES_STATUS_DUPLICATE_KEY,
            ErrorKind::NoSuchImage => OSIMAGES_STATUS_NO_SUCH_IMAGE,
            ErrorKind::TooManyImages => OSIMAGES_STATUS_TOO_MANY_IMAGES,
            ErrorKind::TooManyMetadata => OSIMAGES_STATUS_TOO_MANY_METADATA,
            ErrorKind::TooManyLinks => OSIMAGES_STATUS_TOO_MANY_LINKS,
            ErrorKind::OutOfTextSpace => OSIMAGES_STATUS_OUT_OF_TEXT_SPACE,
            ErrorKind::Syntax => OSIMAGES_STATUS_SYNTAX,
            ErrorKind::WrongType => OSIMAGES_STATUS_WRONG_TYPE,
            ErrorKind::MissingField => OSIMAGES_STATUS_MISSING_FIELD,
            ErrorKind::DuplicateField => OSIMAGES_STATUS_DUPLICATE_FIELD,
            ErrorKind::UnknownField => OSIMAGES_STATUS_UNKNOWN_FIELD,
            ErrorKind::TooDeep => OSIMAGES_STATUS_TOO_DEEP,
            ErrorKind::InvalidEscape => OSIMAGES_STATUS_INVALID_ESCAPE,
            ErrorKind::NotDerivable => OSIMAGES_STATUS_NOT_DERIVABLE,
            ErrorKind::NumberOutOfRange => OSIMAGES_STATUS_NUMBER_OUT_OF_RANGE,
            // `ErrorKind` is non-exhaustive for Rust users; this crate pins the core's exact
            // version and lists every kind above, so this arm is never taken.
            _ => OSIMAGES_STATUS_PANIC,
        }
    }
}

/// `field`, `image` or `entry` of an `osimages_error` that does not apply.
pub const OSIMAGES_NO_INDEX: u32 = 0xFFFF_FFFF;

/// `field` of an `osimages_error` that is not about a value of the document.
pub const OSIMAGES_FIELD_NONE: u32 = 0xFF;
/// The document as a whole.
pub const OSIMAGES_FIELD_DOCUMENT: u32 = 0;
/// The images (their number).
pub const OSIMAGES_FIELD_IMAGES: u32 = 1;
/// An image as a whole.
pub const OSIMAGES_FIELD_IMAGE: u32 = 2;
/// `id`.
pub const OSIMAGES_FIELD_ID: u32 = 3;
/// `name`.
pub const OSIMAGES_FIELD_NAME: u32 = 4;
/// `status`.
pub const OSIMAGES_FIELD_STATUS: u32 = 5;
/// `progress`.
pub const OSIMAGES_FIELD_PROGRESS: u32 = 6;
/// `minDisk`.
pub const OSIMAGES_FIELD_MIN_DISK: u32 = 7;
/// `minRam`.
pub const OSIMAGES_FIELD_MIN_RAM: u32 = 8;
/// `created`.
pub const OSIMAGES_FIELD_CREATED: u32 = 9;
/// `updated`.
pub const OSIMAGES_FIELD_UPDATED: u32 = 10;
/// `metadata` as a whole (the array pointer, capacity).
pub const OSIMAGES_FIELD_METADATA: u32 = 11;
/// A metadata key.
pub const OSIMAGES_FIELD_METADATA_KEY: u32 = 12;
/// A metadata value.
pub const OSIMAGES_FIELD_METADATA_VALUE: u32 = 13;
/// `links` as a whole (the array pointer, capacity).
pub const OSIMAGES_FIELD_LINKS: u32 = 14;
/// A link's `href`.
pub const OSIMAGES_FIELD_LINK_HREF: u32 = 15;
/// A link's `rel`.
pub const OSIMAGES_FIELD_LINK_REL: u32 = 16;
/// A link's `type`.
pub const OSIMAGES_FIELD_LINK_TYPE: u32 = 17;
/// `server` (the snapshot's server id).
pub const OSIMAGES_FIELD_SERVER: u32 = 18;
/// `OS-DCF:diskConfig`.
pub const OSIMAGES_FIELD_DISK_CONFIG: u32 = 19;
/// `OS-EXT-IMG-SIZE:size`.
pub const OSIMAGES_FIELD_SIZE: u32 = 20;
/// The compute endpoint.
pub const OSIMAGES_FIELD_COMPUTE_ENDPOINT: u32 = 21;
/// The image-service endpoint.
pub const OSIMAGES_FIELD_IMAGE_ENDPOINT: u32 = 22;
/// The tenant.
pub const OSIMAGES_FIELD_TENANT: u32 = 23;
/// `images_links` (the next link).
pub const OSIMAGES_FIELD_NEXT_LINK: u32 = 24;

/// What went wrong, and where: filled in by every call that is given one.
///
/// `status` is the call's result. For a refused value (`100..=199`), `field` is an
/// `OSIMAGES_FIELD_*`, `image` the index of the image it belongs to and `entry` the index of the
/// metadata entry or link within that image, each `OSIMAGES_NO_INDEX` when it does not apply.
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
    /// The image index, or `OSIMAGES_NO_INDEX`.
    pub image: u32,
    /// The metadata entry or link index within the image, or `OSIMAGES_NO_INDEX`.
    pub entry: u32,
    /// The argument at fault, from 1; 0 when none.
    pub argument: u32,
}

impl osimages_error {
    /// Success: nothing to report.
    pub(crate) const OK: osimages_error = osimages_error {
        status: OSIMAGES_STATUS_OK,
        field: OSIMAGES_FIELD_NONE,
        image: OSIMAGES_NO_INDEX,
        entry: OSIMAGES_NO_INDEX,
        argument: 0,
    };

    /// A wrong argument (counting from 1).
    pub(crate) const fn arg(status: osimages_status, argument: u32) -> Self {
        osimages_error {
            status,
            argument,
            ..Self::OK
        }
    }

    /// A wrong pointer or length inside a struct: which field it is.
    pub(crate) const fn in_field(status: osimages_status, field: Field) -> Self {
        osimages_error {
            status,
            field: field as u32,
            ..Self::OK
        }
    }

    /// Names the argument the error came through, unless one is named already.
    pub(crate) const fn through(mut self, argument: u32) -> Self {
        if self.argument == 0 {
            self.argument = argument;
        }
        self
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
}

impl From<Error> for osimages_error {
    fn from(e: Error) -> Self {
        osimages_error {
            status: e.kind.into(),
            field: e.field as u32,
            image: e.image.unwrap_or(OSIMAGES_NO_INDEX),
            entry: e.entry.unwrap_or(OSIMAGES_NO_INDEX),
            argument: 0,
        }
    }
}

/// A static, NUL-terminated description of a status code.
///
/// Any value may be passed, including ones this library does not define ("unknown status").
/// The text lives as long as the program; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn osimages_status_str(status: u32) -> *const c_char {
    boundary!(or c"".as_ptr(), {
        let s: &'static core::ffi::CStr = match status {
            0 => c"OK",
            1 => c"a pointer is NULL",
            2 => c"a pointer is misaligned",
            3 => c"a length is above PTRDIFF_MAX",
            4 => c"the storage is too small",
            5 => c"the storage was not initialised",
            6 => c"not an OSIMAGES_DOCUMENT_* value",
            7 => c"not an OSIMAGES_STYLE_* value with OSIMAGES_OPTION_* bits",
            8 => c"the buffer or cursor overlaps the list, cursor or view",
            9 => c"the list changed since the cursor started",
            101 => c"not a UUID",
            102 => c"not a UTC date of the form YYYY-MM-DDTHH:MM:SSZ",
            103 => c"not ACTIVE, SAVING, DELETED, ERROR or UNKNOWN",
            104 => c"not AUTO or MANUAL",
            105 => c"progress above 100",
            106 => c"a character XML 1.0 cannot carry",
            107 => c"not UTF-8",
            108 => c"duplicate metadata key",
            109 => c"no such image",
            110 => c"more images than the list holds",
            111 => c"more metadata entries than the list holds",
            112 => c"more links than the list holds",
            113 => c"more text than the list holds",
            120 => c"malformed JSON",
            121 => c"wrong JSON type",
            122 => c"missing",
            123 => c"appears twice",
            124 => c"unknown key",
            125 => c"nested too deeply",
            126 => c"malformed string escape",
            127 => c"links that the endpoints do not produce",
            128 => c"number out of range",
            200 => c"buffer too small",
            900 => c"internal error (a panic was caught)",
            _ => c"unknown status",
        };
        s.as_ptr()
    })
}

/// A static, NUL-terminated name of an `OSIMAGES_FIELD_*` value, as the field is called in the
/// document (`"id"`, `"minDisk"`, `"metadata key"`, ...).
///
/// Any value may be passed: `OSIMAGES_FIELD_NONE` gives `""`, an unknown one `"unknown field"`.
/// The text lives as long as the program; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn osimages_field_str(field: u32) -> *const c_char {
    boundary!(or c"".as_ptr(), {
        let s: &'static core::ffi::CStr = match field {
            0 => c"document",
            1 => c"images",
            2 => c"image",
            3 => c"id",
            4 => c"name",
            5 => c"status",
            6 => c"progress",
            7 => c"minDisk",
            8 => c"minRam",
            9 => c"created",
            10 => c"updated",
            11 => c"metadata",
            12 => c"metadata key",
            13 => c"metadata value",
            14 => c"links",
            15 => c"href",
            16 => c"rel",
            17 => c"type",
            18 => c"server",
            19 => c"OS-DCF:diskConfig",
            20 => c"OS-EXT-IMG-SIZE:size",
            21 => c"compute endpoint",
            22 => c"image endpoint",
            23 => c"tenant",
            24 => c"images_links",
            OSIMAGES_FIELD_NONE => c"",
            _ => c"unknown field",
        };
        s.as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    /// Every field, indexed by its number.
    const FIELDS: [Field; 25] = [
        Field::Document,
        Field::Images,
        Field::Image,
        Field::Id,
        Field::Name,
        Field::Status,
        Field::Progress,
        Field::MinDisk,
        Field::MinRam,
        Field::Created,
        Field::Updated,
        Field::Metadata,
        Field::MetadataKey,
        Field::MetadataValue,
        Field::Links,
        Field::LinkHref,
        Field::LinkRel,
        Field::LinkType,
        Field::Server,
        Field::DiskConfig,
        Field::Size,
        Field::ComputeEndpoint,
        Field::ImageEndpoint,
        Field::Tenant,
        Field::NextLink,
    ];

    fn text(p: *const c_char) -> &'static str {
        // SAFETY: both functions return pointers to static C string literals.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
    }

    #[test]
    fn field_numbers_and_names_match_the_rust_field() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(text(osimages_field_str(i as u32)), f.name());
        }
        assert_eq!(text(osimages_field_str(OSIMAGES_FIELD_NONE)), "");
        assert_eq!(text(osimages_field_str(25)), "unknown field");
    }

    #[test]
    fn value_statuses_are_100_plus_the_error_kind_with_the_same_text() {
        for code in 0..=255u8 {
            let Some(kind) = kind_from(code) else {
                continue;
            };
            let status = osimages_status::from(kind);
            assert_eq!(status as u32, 100 + u32::from(code));
            assert_eq!(text(osimages_status_str(status as u32)), kind.description());
        }
    }

    /// Every error kind, by number (the inverse the core does not need).
    fn kind_from(code: u8) -> Option<ErrorKind> {
        use ErrorKind::*;
        [
            NotUuid,
            NotDate,
            UnknownStatus,
            UnknownDiskConfig,
            ProgressAbove100,
            ForbiddenCharacter,
            InvalidUtf8,
            DuplicateKey,
            NoSuchImage,
            TooManyImages,
            TooManyMetadata,
            TooManyLinks,
            OutOfTextSpace,
            Syntax,
            WrongType,
            MissingField,
            DuplicateField,
            UnknownField,
            TooDeep,
            InvalidEscape,
            NotDerivable,
            NumberOutOfRange,
        ]
        .into_iter()
        .find(|k| *k as u8 == code)
    }
}
