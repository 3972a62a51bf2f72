//! Each style's own entry points: for every style, `osimages_view_render_*`,
//! `osimages_view_write_*`, `osimages_list_render_*` and `osimages_list_write_*`, the calls
//! of the same names without the suffix with the style fixed by the name. A function that takes
//! the style as an argument links every style the library holds; a firmware that calls only
//! one style's own functions links only that style (`--gc-sections` drops the rest, from any
//! archive). The bodies are the generic calls' (`view.rs`, `list.rs`), given the style's
//! [`Only`](super::styles::Only) choice, or [`NotBuilt`](super::styles::NotBuilt) when the
//! library was built without it.

use core::ffi::{c_char, c_void};

use super::list::{self, osimages_list};
use super::status::{osimages_error, osimages_status};
use super::view::{self, osimages_view};
use super::write::osimages_write_fn;

/// The entry points of each style, with the C items' text for cbindgen (`codes.rs`).
macro_rules! own_entry_points {
    ($(
        $feature:literal => $style:ident, $doc:literal:
            $view_render:ident, $view_write:ident, $list_render:ident, $list_write:ident;
    )*) => {
        c_items! {
            __CBINDGEN_STYLE_ITEMS;
            $(
                /// `osimages_view_render` in the one style this function is named after: a
                /// firmware that calls only this style's functions links only this style.
                /// `options` is 0 or `OSIMAGES_OPTION_ASCII_ONLY` (where
                /// `osimages_view_render` takes `format`); everything else is as
                /// `osimages_view_render`. A library built without the style refuses every
                /// call with `OSIMAGES_STATUS_STYLE_NOT_BUILT` (`argument` 0).
                #[doc = ""]
                #[doc = $doc]
                ///
                /// # Safety
                /// As `osimages_view_render`.
                #[unsafe(no_mangle)]
                pub unsafe extern "C" fn $view_render(
                    view: *const osimages_view,
                    document: u32,
                    image: usize,
                    options: u32,
                    buf: *mut c_char,
                    buf_len: usize,
                    out_len: *mut usize,
                    err: *mut osimages_error,
                ) -> osimages_status {
                    #[cfg(feature = $feature)]
                    let choice = &crate::styles::Only::<::osimages::style::$style>::CHOICE;
                    #[cfg(not(feature = $feature))]
                    let choice = &crate::styles::NotBuilt;
                    // SAFETY: the caller's promise, passed on.
                    unsafe {
                        view::render(
                            choice, view, document, image, options, buf, buf_len, out_len, err,
                        )
                    }
                }

                /// `osimages_view_write` in the one style this function is named after, as
                /// the style's `osimages_view_render_*` is `osimages_view_render`.
                #[doc = ""]
                #[doc = $doc]
                ///
                /// # Safety
                /// As `osimages_view_write`.
                #[unsafe(no_mangle)]
                pub unsafe extern "C" fn $view_write(
                    view: *const osimages_view,
                    document: u32,
                    image: usize,
                    options: u32,
                    buf: *mut u8,
                    buf_len: usize,
                    write: osimages_write_fn,
                    ctx: *mut c_void,
                    out_written: *mut usize,
                    err: *mut osimages_error,
                ) -> osimages_status {
                    #[cfg(feature = $feature)]
                    let choice = &crate::styles::Only::<::osimages::style::$style>::CHOICE;
                    #[cfg(not(feature = $feature))]
                    let choice = &crate::styles::NotBuilt;
                    // SAFETY: the caller's promise, passed on.
                    unsafe {
                        view::push(
                            choice, view, document, image, options, buf, buf_len, write, ctx,
                            out_written, err,
                        )
                    }
                }

                /// `osimages_list_render` in the one style this function is named after, as
                /// the style's `osimages_view_render_*` is `osimages_view_render`.
                #[doc = ""]
                #[doc = $doc]
                ///
                /// # Safety
                /// As `osimages_list_render`.
                #[unsafe(no_mangle)]
                pub unsafe extern "C" fn $list_render(
                    list: *const osimages_list,
                    document: u32,
                    image: usize,
                    options: u32,
                    buf: *mut c_char,
                    buf_len: usize,
                    out_len: *mut usize,
                    err: *mut osimages_error,
                ) -> osimages_status {
                    #[cfg(feature = $feature)]
                    let choice = &crate::styles::Only::<::osimages::style::$style>::CHOICE;
                    #[cfg(not(feature = $feature))]
                    let choice = &crate::styles::NotBuilt;
                    // SAFETY: the caller's promise, passed on.
                    unsafe {
                        list::render(
                            choice, list, document, image, options, buf, buf_len, out_len, err,
                        )
                    }
                }

                /// `osimages_list_write` in the one style this function is named after, as
                /// the style's `osimages_view_render_*` is `osimages_view_render`.
                #[doc = ""]
                #[doc = $doc]
                ///
                /// # Safety
                /// As `osimages_list_write`.
                #[unsafe(no_mangle)]
                pub unsafe extern "C" fn $list_write(
                    list: *const osimages_list,
                    document: u32,
                    image: usize,
                    options: u32,
                    buf: *mut u8,
                    buf_len: usize,
                    write: osimages_write_fn,
                    ctx: *mut c_void,
                    out_written: *mut usize,
                    err: *mut osimages_error,
                ) -> osimages_status {
                    #[cfg(feature = $feature)]
                    let choice = &crate::styles::Only::<::osimages::style::$style>::CHOICE;
                    #[cfg(not(feature = $feature))]
                    let choice = &crate::styles::NotBuilt;
                    // SAFETY: the caller's promise, passed on.
                    unsafe {
                        list::push(
                            choice, list, document, image, options, buf, buf_len, write, ctx,
                            out_written, err,
                        )
                    }
                }
            )*
        }
    };
}

own_entry_points! {
    "json-compact" => JsonCompact, " The style: compact JSON (`OSIMAGES_STYLE_JSON_COMPACT`).":
        osimages_view_render_json_compact, osimages_view_write_json_compact,
        osimages_list_render_json_compact, osimages_list_write_json_compact;
    "json-pretty" => JsonPretty, " The style: pretty JSON (`OSIMAGES_STYLE_JSON_PRETTY`).":
        osimages_view_render_json_pretty, osimages_view_write_json_pretty,
        osimages_list_render_json_pretty, osimages_list_write_json_pretty;
    "json-nova" => JsonNova, " The style: nova's wire JSON (`OSIMAGES_STYLE_JSON_NOVA`).":
        osimages_view_render_json_nova, osimages_view_write_json_nova,
        osimages_list_render_json_nova, osimages_list_write_json_nova;
    "xml-wire" => XmlWire, " The style: nova's wire XML (`OSIMAGES_STYLE_XML_WIRE`).":
        osimages_view_render_xml_wire, osimages_view_write_xml_wire,
        osimages_list_render_xml_wire, osimages_list_write_xml_wire;
    "xml-pretty" => XmlPretty, " The style: pretty XML (`OSIMAGES_STYLE_XML_PRETTY`).":
        osimages_view_render_xml_pretty, osimages_view_write_xml_pretty,
        osimages_list_render_xml_pretty, osimages_list_write_xml_pretty;
}
