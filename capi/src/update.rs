//! Changing a stored image in place, and removing images, metadata entries and links: the
//! `osimages_list_set_*` and `osimages_list_remove*` functions. Each is checked exactly as its
//! Rust counterpart (`ImageList::set_status`, ...); a refusal leaves the list unchanged; every
//! value replaced or removed gives its room back, so a list can be updated for as long as the
//! firmware runs. A successful change stops the cursors over the list
//! (`OSIMAGES_STATUS_LIST_CHANGED`).

use super::image::{self, osimages_link, osimages_meta_entry};
use super::list::{Inner, change, no_such_image, osimages_list};
use super::ptr;
use super::status::{Fault, Report, osimages_error, osimages_status};
use super::str::osimages_str;
use osimages::Field;

/// Runs `f` on the list in `list` once it is known to have image `image`; an error from `f` is
/// about that image, and came through argument `value`.
///
/// # Safety
/// As `change`: `list` NULL or initialised list storage, writable and unshared for the call.
unsafe fn update(
    list: *mut osimages_list,
    image: usize,
    value: u32,
    f: impl FnOnce(&mut Inner) -> Result<(), Report>,
) -> Result<(), Report> {
    // SAFETY: passed on from the caller.
    unsafe {
        change(list, |l| {
            if image >= l.len() {
                return Err(no_such_image().at_image(image).through(2).into());
            }
            f(l).map_err(|e| e.at_image(image).through(value))
        })
    }
}

/// Sets image `image`'s `status` to an `OSIMAGES_IMAGE_STATUS_*`.
///
/// Refused, with the list unchanged: no such image (`OSIMAGES_STATUS_NO_SUCH_IMAGE`), an
/// unknown status.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_status(
    list: *mut osimages_list,
    image: usize,
    status: u32,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            update(list, image, 3, |l| {
                Ok(l.set_status(image, image::status(status)?)?)
            })
        }
    })
}

/// Sets image `image`'s `progress` (0 to 100).
///
/// Refused, with the list unchanged: no such image, a progress above 100.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_progress(
    list: *mut osimages_list,
    image: usize,
    progress: u32,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            update(list, image, 3, |l| {
                Ok(l.set_progress(image, image::progress(progress)?)?)
            })
        }
    })
}

/// Sets image `image`'s `created` date: `YYYY-MM-DDTHH:MM:SSZ`, or empty (`{NULL, 0}`) for null.
///
/// Refused, with the list unchanged: no such image, not a real UTC date
/// (`OSIMAGES_STATUS_NOT_DATE`), not UTF-8.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `created` valid for what it says;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_created(
    list: *mut osimages_list,
    image: usize,
    created: osimages_str,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and `created`.
        unsafe {
            update(list, image, 3, |l| {
                let at = image::date(&created, Field::Created)?;
                Ok(l.set_created(image, at)?)
            })
        }
    })
}

/// Sets image `image`'s `updated` date, as `osimages_list_set_created` does `created`.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `updated` valid for what it says;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_updated(
    list: *mut osimages_list,
    image: usize,
    updated: osimages_str,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and `updated`.
        unsafe {
            update(list, image, 3, |l| {
                let at = image::date(&updated, Field::Updated)?;
                Ok(l.set_updated(image, at)?)
            })
        }
    })
}

/// Sets image `image`'s `name` (copied into the list; the old one gives its room back); with
/// `has_name` 0 the name is null and `name` is not read.
///
/// Refused, with the list unchanged: no such image, a name that is not UTF-8 or holds a
/// character XML cannot carry, more text than the list holds (`err->needed` says how much).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `name` valid for what it says;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_name(
    list: *mut osimages_list,
    image: usize,
    name: osimages_str,
    has_name: u8,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and `name`.
        unsafe {
            update(list, image, 3, |l| {
                let name = match has_name {
                    0 => None,
                    _ => Some(name.text(Field::Name)?),
                };
                Ok(l.set_name(image, name)?)
            })
        }
    })
}

/// Sets image `image`'s `OS-EXT-IMG-SIZE:size` to `size` bytes, or with `has_size` 0 to null.
/// A size turns the list's size extension on.
///
/// Refused, with the list unchanged: no such image.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_size(
    list: *mut osimages_list,
    image: usize,
    has_size: u8,
    size: u64,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            update(list, image, 3, |l| {
                Ok(l.set_size(image, (has_size != 0).then_some(size))?)
            })
        }
    })
}

/// Sets image `image`'s `OS-DCF:diskConfig` to an `OSIMAGES_DISK_CONFIG_*`
/// (`OSIMAGES_DISK_CONFIG_NONE`: the key is absent).
///
/// Refused, with the list unchanged: no such image, an unknown disk config.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_disk_config(
    list: *mut osimages_list,
    image: usize,
    disk_config: u32,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe {
            update(list, image, 3, |l| {
                Ok(l.set_disk_config(image, image::disk_config(disk_config)?)?)
            })
        }
    })
}

/// Sets the value of image `image`'s metadata entry `entry->key` to `entry`'s value (the old
/// value gives its room back); an image without that key gets the entry at the end of its
/// metadata, as `osimages_list_push_metadata` would add it.
///
/// Refused, with the list unchanged: no such image, a string that is not UTF-8 or holds a
/// character XML cannot carry, no room left (`err->needed` says how much).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `entry` NULL or valid with its
/// strings; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_metadata(
    list: *mut osimages_list,
    image: usize,
    entry: *const osimages_meta_entry,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `entry` and its strings.
        unsafe {
            let raw = ptr::borrow(entry, 3)?;
            update(list, image, 3, |l| {
                // The entry a refusal is about: the key's, or the one it would add.
                let entries = || l.get(image).into_iter().flat_map(|s| s.metadata());
                let count = entries().count();
                let key = raw
                    .key
                    .text(Field::MetadataKey)
                    .map_err(|e| e.at_entry(count))?;
                let at = entries().position(|(k, _)| k == key).unwrap_or(count);
                let value = match raw.has_value {
                    0 => None,
                    _ => Some(
                        raw.value
                            .text(Field::MetadataValue)
                            .map_err(|e| e.at_entry(at))?,
                    ),
                };
                Ok(l.set_metadata(image, key, value)?)
            })
        }
    })
}

/// Removes image `image`'s metadata entry `key` (its room is given back).
///
/// Refused, with the list unchanged: no such image, no such key
/// (`OSIMAGES_STATUS_NO_SUCH_ENTRY`, also for a key no entry could have, such as one with a
/// control character), a key that is not UTF-8.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `key` valid for what it says;
/// `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_remove_metadata(
    list: *mut osimages_list,
    image: usize,
    key: osimages_str,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list` and `key`.
        unsafe {
            update(list, image, 3, |l| {
                let key = key.decode(Field::MetadataKey)?;
                Ok(l.remove_metadata(image, key)?)
            })
        }
    })
}

/// Replaces image `image`'s links (the old ones give their room back), as `osimages_image`
/// describes them: exactly the `links_len` links at `links`, or with `links_len` 0, none at all
/// when `explicit_links` is nonzero and the three derived from the endpoints (which the list
/// must have) when it is 0.
///
/// Refused, with the list unchanged: no such image, a link that is not UTF-8 or holds a
/// character XML cannot carry (`err->entry` says which), derived links without endpoints
/// (`OSIMAGES_STATUS_NO_ENDPOINTS`), no room left (`err->needed` says how much).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `links` NULL or valid for
/// `links_len` links with their strings; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_set_links(
    list: *mut osimages_list,
    image: usize,
    links: *const osimages_link,
    links_len: usize,
    explicit_links: u8,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`, `links` and their strings.
        unsafe {
            update(list, image, 3, |l| {
                let given =
                    ptr::slice(links, links_len).map_err(|s| Fault::in_field(s, Field::Links))?;
                for (j, link) in given.iter().enumerate() {
                    link.check().map_err(|e| e.at_entry(j))?;
                }
                let derived = explicit_links == 0 && given.is_empty();
                // Every link was checked just above, in this call.
                let checked = given.iter().map(|link| link.checked_before());
                Ok(l.set_links_from(image, derived, checked)?)
            })
        }
    })
}

/// Removes image `image`'s explicit link `link` (its room is given back). Removing the last one
/// leaves the image with no links at all, not with derived ones.
///
/// Refused, with the list unchanged: no such image, no such link
/// (`OSIMAGES_STATUS_NO_SUCH_ENTRY`; an image with derived links has none).
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_remove_link(
    list: *mut osimages_list,
    image: usize,
    link: usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe { update(list, image, 3, |l| Ok(l.remove_link(image, link)?)) }
    })
}

/// Removes image `image`; the images after it move down by one. Its strings, metadata entries
/// and links give their room back.
///
/// Refused, with the list unchanged: no such image.
///
/// # Safety
/// `list` must be NULL or point to initialised list storage; `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn osimages_list_remove(
    list: *mut osimages_list,
    image: usize,
    err: *mut osimages_error,
) -> osimages_status {
    boundary!(err, {
        // SAFETY: the caller's promise for `list`.
        unsafe { update(list, image, 2, |l| Ok(l.remove(image)?)) }
    })
}
