/*
 * header_only.c: a C translation unit that includes nothing but osimages.h, to prove the header
 * stands alone in C99 and C11, and that its constants agree with its types and with the crate
 * version (EXPECT_MAJOR/MINOR/PATCH come from Cargo.toml; see Makefile).
 */
#include "osimages.h"

#if !defined(EXPECT_MAJOR) || !defined(EXPECT_MINOR) || !defined(EXPECT_PATCH)
#error "compile with -DEXPECT_MAJOR=.. -DEXPECT_MINOR=.. -DEXPECT_PATCH=.. (the crate version)"
#endif
#if OSIMAGES_VERSION_MAJOR != EXPECT_MAJOR || OSIMAGES_VERSION_MINOR != EXPECT_MINOR || \
    OSIMAGES_VERSION_PATCH != EXPECT_PATCH
#error "the header's version macros are not the crate version"
#endif

/* Compile-time checks, C99 style: an array of negative size does not compile. */
#define REQUIRE(name, cond) typedef char name[(cond) ? 1 : -1]
REQUIRE(list_size, sizeof(osimages_list) == OSIMAGES_LIST_SIZE);
REQUIRE(cursor_size, sizeof(osimages_cursor) == OSIMAGES_CURSOR_SIZE);
REQUIRE(status_is_32_bits, sizeof(osimages_status) == 4);
REQUIRE(version_string, sizeof(OSIMAGES_VERSION) >= 6);

/* Every declaration has the signature the library implements: each function assigned to a
 * pointer of the exact type. */
const char *(*const f_version)(void) = osimages_version;
const char *(*const f_status_str)(uint32_t) = osimages_status_str;
const char *(*const f_field_str)(uint32_t) = osimages_field_str;
osimages_str (*const f_str_from_cstr)(const char *) = osimages_str_from_cstr;
osimages_status (*const f_list_init)(osimages_list *, size_t, osimages_error *) =
    osimages_list_init;
osimages_status (*const f_list_set_endpoints)(osimages_list *, osimages_str, osimages_str,
                                              osimages_str, osimages_error *) =
    osimages_list_set_endpoints;
osimages_status (*const f_list_set_next_link)(osimages_list *, osimages_str, osimages_error *) =
    osimages_list_set_next_link;
osimages_status (*const f_list_remove_next_link)(osimages_list *, osimages_error *) =
    osimages_list_remove_next_link;
osimages_status (*const f_list_set_size_extension)(osimages_list *, uint8_t, osimages_error *) =
    osimages_list_set_size_extension;
osimages_status (*const f_list_push)(osimages_list *, const osimages_image *, size_t *,
                                     osimages_error *) = osimages_list_push;
osimages_status (*const f_list_push_metadata)(osimages_list *, size_t, const osimages_meta_entry *,
                                              osimages_error *) = osimages_list_push_metadata;
osimages_status (*const f_list_push_link)(osimages_list *, size_t, const osimages_link *,
                                          osimages_error *) = osimages_list_push_link;
osimages_status (*const f_list_clear)(osimages_list *, osimages_error *) = osimages_list_clear;
size_t (*const f_list_len)(const osimages_list *) = osimages_list_len;
osimages_status (*const f_list_render)(const osimages_list *, uint32_t, size_t, uint32_t, char *,
                                       size_t, size_t *, osimages_error *) = osimages_list_render;
osimages_status (*const f_view_render)(const osimages_view *, uint32_t, size_t, uint32_t, char *,
                                       size_t, size_t *, osimages_error *) = osimages_view_render;
osimages_status (*const f_list_write)(const osimages_list *, uint32_t, size_t, uint32_t, uint8_t *,
                                      size_t, osimages_write_fn, void *, size_t *,
                                      osimages_error *) = osimages_list_write;
osimages_status (*const f_view_write)(const osimages_view *, uint32_t, size_t, uint32_t, uint8_t *,
                                      size_t, osimages_write_fn, void *, size_t *,
                                      osimages_error *) = osimages_view_write;
osimages_status (*const f_cursor_start_list)(osimages_cursor *, size_t, const osimages_list *,
                                             uint32_t, size_t, uint32_t, osimages_error *) =
    osimages_cursor_start_list;
osimages_status (*const f_cursor_start_view)(osimages_cursor *, size_t, const osimages_view *,
                                             uint32_t, size_t, uint32_t, osimages_error *) =
    osimages_cursor_start_view;
osimages_status (*const f_cursor_fill)(osimages_cursor *, char *, size_t, size_t *,
                                       osimages_error *) = osimages_cursor_fill;

/* Each style's own entry points: the generic signatures, with `options` where they take
 * `format`. */
typedef osimages_status (*own_view_render)(const osimages_view *, uint32_t, size_t, uint32_t,
                                           char *, size_t, size_t *, osimages_error *);
typedef osimages_status (*own_view_write)(const osimages_view *, uint32_t, size_t, uint32_t,
                                          uint8_t *, size_t, osimages_write_fn, void *, size_t *,
                                          osimages_error *);
typedef osimages_status (*own_list_render)(const osimages_list *, uint32_t, size_t, uint32_t,
                                           char *, size_t, size_t *, osimages_error *);
typedef osimages_status (*own_list_write)(const osimages_list *, uint32_t, size_t, uint32_t,
                                          uint8_t *, size_t, osimages_write_fn, void *, size_t *,
                                          osimages_error *);
#define OWN_STYLE(style)                                                                          \
    own_view_render const f_view_render_##style = osimages_view_render_##style;                  \
    own_view_write const f_view_write_##style = osimages_view_write_##style;                     \
    own_list_render const f_list_render_##style = osimages_list_render_##style;                  \
    own_list_write const f_list_write_##style = osimages_list_write_##style;
OWN_STYLE(json_compact)
OWN_STYLE(json_pretty)
OWN_STYLE(json_nova)
OWN_STYLE(xml_wire)
OWN_STYLE(xml_pretty)

static const osimages_meta_entry entry = { OSIMAGES_STR("k"), OSIMAGES_STR("v"), 1 };
const osimages_view header_only_view = { OSIMAGES_STR("http://c"), OSIMAGES_STR("http://g"),
                                         OSIMAGES_STR("t"), 0, 0, { 0, 0 }, 0, 0 };

int header_only_c(void);
int header_only_c(void)
{
    osimages_error err = { OSIMAGES_STATUS_OK, OSIMAGES_FIELD_NONE, OSIMAGES_NO_INDEX,
                           OSIMAGES_NO_INDEX, 0, 0, 0, { 0 } };
    return (int)err.status + (int)entry.has_value;
}
