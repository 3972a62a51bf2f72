//! The machinery behind the one table of C codes (in `status.rs`): from each row — name,
//! number, and either its text or the Rust `ErrorKind` / `Field` it stands for — come the C enum
//! or constant, the static text `osimages_*_str` returns, the Rust mapping, and a compile-time
//! check that the number is the Rust value's (plus the table's offset), so a code can never be
//! renumbered by accident on either side.
//!
//! cbindgen reads source files and does not expand macros, so the C items the table makes are
//! also kept as text ([`c_items!`], `__CBINDGEN_ITEMS`; the per-style entry points of `view.rs`
//! likewise, `__CBINDGEN_STYLE_ITEMS`) that the header test (`ffi_header`) hands to cbindgen
//! beside the crate.

/// Emits `items`, and the same items as text for cbindgen in the constant `$name` (a
/// `__CBINDGEN_*`, which the header test lists).
macro_rules! c_items {
    ($name:ident; $($item:item)*) => {
        $($item)*

        /// C items made by a macro, as source text for cbindgen, which does not expand macros
        /// (read by the header test, `ffi_header`; not an API).
        #[doc(hidden)]
        pub const $name: &str = stringify!($($item)*);
    };
}

/// The text of a row: its literal, or the Rust value's own description.
macro_rules! row_text {
    ($rust:ident, $text:literal) => {
        $text
    };
    (ErrorKind, $variant:ident) => {
        ::osimages::ErrorKind::$variant.description()
    };
    (Field, $variant:ident) => {
        ::osimages::Field::$variant.name()
    };
}

/// For a row that stands for a Rust value: its number is the Rust value's plus `offset`.
macro_rules! row_check {
    ($rust:ident + $offset:literal, $value:literal, $text:literal) => {};
    ($rust:ident + $offset:literal, $value:literal, $variant:ident) => {
        const _: () = assert!(
            ::osimages::$rust::$variant as u32 + $offset == $value,
            concat!(
                stringify!($value),
                " is not ",
                stringify!($rust::$variant),
                " + ",
                stringify!($offset)
            ),
        );
    };
}

/// Whether a row stands for a Rust value (its text is the value's).
macro_rules! row_is_rust {
    ($text:literal) => {
        false
    };
    ($variant:ident) => {
        true
    };
}

/// A `&'static CStr` of a constant `&str` expression; the NUL is added at compile time.
macro_rules! c_text {
    ($text:expr) => {{
        const TEXT: &str = $text;
        const BYTES: [u8; TEXT.len() + 1] = $crate::codes::with_nul(TEXT);
        const C: &::core::ffi::CStr = match ::core::ffi::CStr::from_bytes_with_nul(&BYTES) {
            Ok(c) => c,
            Err(_) => panic!("a code's text has a NUL inside"),
        };
        C
    }};
}

/// The table: the status enum (rows that stand for an `ErrorKind` are numbered
/// `ErrorKind + offset`) and the field constants (rows that stand for a `Field` are numbered
/// `Field + offset`). Generates, beside the C items:
/// - `osimages_status::text(u32)` and `field_text(u32)`: the static texts (any number);
/// - `osimages_status::stands_for_rust(u32)`: whether a number is a row that stands for an
///   `ErrorKind` (then it is that kind + the offset: `row_check`).
macro_rules! c_codes {
    (
        $(#[$enum_attr:meta])*
        pub enum $enum:ident ($kind:ident + $kind_offset:literal) {
            $( $(#[$s_attr:meta])* $s_name:ident = $s_value:literal => $s_text:tt, )*
        }
        pub const ($field:ident + $field_offset:literal) {
            $( $(#[$f_attr:meta])* $f_name:ident = $f_value:literal => $f_text:tt, )*
        }
    ) => {
        c_items! {
            __CBINDGEN_ITEMS;
            $(#[$enum_attr])*
            pub enum $enum {
                $( $(#[$s_attr])* $s_name = $s_value, )*
            }
            $( $(#[$f_attr])* pub const $f_name: u32 = $f_value; )*
        }

        $( row_check!($kind + $kind_offset, $s_value, $s_text); )*
        $( row_check!($field + $field_offset, $f_value, $f_text); )*

        impl $enum {
            /// The static text of any status number ("unknown status" for none of them).
            pub(crate) const fn text(code: u32) -> &'static ::core::ffi::CStr {
                match code {
                    $( $s_value => c_text!(row_text!($kind, $s_text)), )*
                    _ => c"unknown status",
                }
            }

            /// Whether `code` is the number of a row that stands for a Rust value.
            pub(crate) const fn stands_for_rust(code: u32) -> bool {
                $( if row_is_rust!($s_text) && code == $s_value { return true; } )*
                false
            }
        }

        /// The static text of any field number ("unknown field" for none of them).
        pub(crate) const fn field_text(field: u32) -> &'static ::core::ffi::CStr {
            match field {
                $( $f_value => c_text!(row_text!($field, $f_text)), )*
                _ => c"unknown field",
            }
        }
    };
}

/// `s` and a NUL, in an array of exactly that length (`N` = `s.len() + 1`).
pub(crate) const fn with_nul<const N: usize>(s: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && i + 1 < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}
