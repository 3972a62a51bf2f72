//! Reading nova's JSON from C: a detail list or a show document in the caller's buffer, parsed
//! into a list (an appliance that receives nova JSON and re-emits it, as XML say), and the
//! capacity a document needs. The status codes `OSIMAGES_STATUS_SYNTAX` ..
//! `_NOT_NEXT_LINK` (120..=129) come from here.

use core::ffi::c_char;

use super::list::{OSIMAGES_LIST_SIZE, change, osimages_capacity, osimages_list};
use super::ptr::{self, Out};
use super::status::osimages_status::*;
use super::status::{Fault, Report, osimages_error, osimages_status};
use osimages::Capacity;

/// The JSON document at `json`: `json_len` bytes (no NUL needed), argument `argument` (its
/// length the next one).
///
/// # Safety
/// `json`, when not NULL, must point to `json_len` readable bytes that nothing writes during
/// the call.
unsafe fn document<'a>(
    json: *const c_char,
    json_len: usize,
    argument: u32,
) -> Result<&'a [u8], Fault> {
    // SAFETY: passed on from the caller.
    unsafe { ptr::slice(json.cast::<u8>(), json_len) }.map_err(|status| {
        let at = match status {
            OSIMAGES_STATUS_INVALID_LENGTH => argument + 1,
            _ => argument,
        };
        Fault::arg(status, at)
    })
}

/// Parses `json` into the list in `list` with `parse`, writing what it returns to `out`; a
/// refusal that names a key is written into `err` with it.
///
/// # Safety
/// As the exported functions that call it.
unsafe fn parse_into(
    list: *mut osimages_list,
    json: *const c_char,
    json_len: usize,
    out: *mut usize,
    err: *mut osimages_error,
    parse: impl FnOnce(&mut super::list::Inner, &[u8]) -> Result<usize, osimages::Error>,
) -> Result<(), Report> {
    let out = Out::new(out, 4)?;
    // SAFETY: the caller's promise for `json`.
    let doc = unsafe { document(json, json_len, 2) }?;
    if ptr::overlaps(
        doc.as_ptr(),
        doc.len(),
        list.cast::<u8>(),
        OSIMAGES_LIST_SIZE,
    ) {
        return Err(Fault::arg(OSIMAGES_STATUS_OVERLAP, 2).into());
    }
    let mut result = Ok(0);
    // SAFETY: the caller's promise for `list`; the document does not overlap it.
    let changed = unsafe {
        change(list, |l| {
            result = parse(l, doc);
            result.as_ref().map(|_| ()).map_err(Report::from)
        })
    };
    // Its key written only now, the list no longer borrowed.
    let added = match result {
        // SAFETY: the caller's promise for `err`.
        Err(e) => return Err(unsafe { Report::keyed(&e, 2, err) }),
        Ok(added) => added,
    };
    changed?;
    // SAFETY: checked not NULL; writable is the caller's promise.
    unsafe { out.set(added) };
    Ok(())
}

/// Appends the images of a JSON detail list (`{"images": [...], "images_links": [...]}`) read
/// from `json` (`json_len` bytes, UTF-8, no NUL needed), and writes how many were added to
/// `*out_added`.
///
/// As the Rust `ImageList::parse_detail`: any whitespace and key order and every JSON escape;
/// links the list's endpoints produce are stored as derived (the endpoints are read from the
/// first image when the list has none), others as explicit links, `"links": []` as none at
/// all; `OS-EXT-IMG-SIZE:size` turns the size extension on; an `images_links` next link
/// replaces the list's.
///
/// Refused, with the list exactly as it was and `*out_added` untouched: malformed JSON and the
/// other document errors (`OSIMAGES_STATUS_SYNTAX` .. `_NOT_NEXT_LINK`), every value the
/// list refuses, more than the list holds (`err->needed` says how much the whole document
/// would need). `err->image` is the image's position in the document (its first is 0),
/// `err->key` the key of an `OSIMAGES_STATUS_UNKNOWN_FIELD`. `json` must not overlap the list
/// (`OSIMAGES_STATUS_OVERLAP`).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `json` NULL or readable for
/// `json_len` bytes; `out_added` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_parse_detail(
    list: *mut osimages_list,
    json: *const c_char,
    json_len: usize,
    out_added: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for every pointer.
        unsafe {
            parse_into(list, json, json_len, out_added, err, |l, doc| {
                l.parse_detail(doc)
            })
        }
    })
}

/// Appends the image of a JSON show document (`{"image": {...}}`) read from `json`, and
/// writes its index in the list to `*out_index`; otherwise as `osimages_list_parse_detail`
/// (`err->image` is 0 for an error in the image).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `json` NULL or readable for
/// `json_len` bytes; `out_index` NULL or writable; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_parse_show(
    list: *mut osimages_list,
    json: *const c_char,
    json_len: usize,
    out_index: *mut usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for every pointer.
        unsafe {
            parse_into(list, json, json_len, out_index, err, |l, doc| {
                l.parse_show(doc)
            })
        }
    })
}

/// Writes to `*out` what `json` needs from an empty list: its capacities, as
/// `osimages_list_parse_*` would use them (`detail` nonzero: a detail list; 0: a show document).
/// The document is read exactly as the parser reads it and refused for the same reasons, except
/// that duplicate metadata keys are not looked for.
///
/// # Safety
/// `json` NULL or readable for `json_len` bytes; `out` NULL or writable; `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_capacity_of_document(
    json: *const c_char,
    json_len: usize,
    detail: u8,
    out: *mut osimages_capacity,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        let out = Out::new(out, 4)?;
        // SAFETY: the caller's promise for `json`.
        let doc = unsafe { document(json, json_len, 1) }?;
        let needs = match detail {
            0 => Capacity::show(doc),
            _ => Capacity::detail(doc),
        }
        // SAFETY: the caller's promise for `err`.
        .map_err(|e| unsafe { Report::keyed(&e, 1, err) })?;
        // SAFETY: checked not NULL; writable is the caller's promise.
        unsafe { out.set(needs.into()) };
        Ok(())
    })
}
