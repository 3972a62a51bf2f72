/*
 * styles.c: a library built with some styles only (OSIMAGES_STYLES of scripts/build-capi.sh)
 * renders those, one-shot, chunked and pushed, the same bytes each way, from a view and from an
 * owned list of the same images, and through each style's own entry points
 * (osimages_view_render_json_compact, osimages_list_write_json_compact, ...), and refuses every
 * other style with OSIMAGES_STATUS_STYLE_NOT_BUILT, naming the format argument, from every call
 * that takes a style (its own entry points name no argument: 0).
 *
 *   styles NAME...     NAME: the styles the library was built with (json-compact json-pretty
 *                      json-nova xml-wire xml-pretty); exits 0 when it behaves so.
 */
#include <stdio.h>
#include <string.h>

#include "seed.h"

static const char *const names[] = {"json-compact", "json-pretty", "json-nova", "xml-wire",
                                    "xml-pretty"};

static const osimages_view view = {
    OSIMAGES_STR(SEED_COMPUTE), OSIMAGES_STR(SEED_IMAGE_SERVICE), OSIMAGES_STR(SEED_TENANT),
    seed_images, COUNT(seed_images), {NULL, 0}, 0, 0,
};

/* The same images in an owned list (filled by main). */
static osimages_list list;

/* Each style's own entry points, in OSIMAGES_STYLE_* order. */
static const struct {
    osimages_status (*view_render)(const osimages_view *, uint32_t, size_t, uint32_t, char *,
                                   size_t, size_t *, osimages_error *);
    osimages_status (*view_write)(const osimages_view *, uint32_t, size_t, uint32_t, uint8_t *,
                                  size_t, osimages_write_fn, void *, size_t *, osimages_error *);
    osimages_status (*list_render)(const osimages_list *, uint32_t, size_t, uint32_t, char *,
                                   size_t, size_t *, osimages_error *);
    osimages_status (*list_write)(const osimages_list *, uint32_t, size_t, uint32_t, uint8_t *,
                                  size_t, osimages_write_fn, void *, size_t *, osimages_error *);
} own[] = {
    {osimages_view_render_json_compact, osimages_view_write_json_compact,
     osimages_list_render_json_compact, osimages_list_write_json_compact},
    {osimages_view_render_json_pretty, osimages_view_write_json_pretty,
     osimages_list_render_json_pretty, osimages_list_write_json_pretty},
    {osimages_view_render_json_nova, osimages_view_write_json_nova,
     osimages_list_render_json_nova, osimages_list_write_json_nova},
    {osimages_view_render_xml_wire, osimages_view_write_xml_wire, osimages_list_render_xml_wire,
     osimages_list_write_xml_wire},
    {osimages_view_render_xml_pretty, osimages_view_write_xml_pretty,
     osimages_list_render_xml_pretty, osimages_list_write_xml_pretty},
};

static char one_shot[16384];
static char own_shot[16384];
static char chunked[16384];
static char pushed[16384];
static size_t pushed_len;

/* The push sink's callback: appends to `pushed`; refuses what would not fit. */
static int append(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    if (len > sizeof pushed - pushed_len) {
        return -1;
    }
    memcpy(pushed + pushed_len, bytes, len);
    pushed_len += len;
    return 0;
}

/* The style's own one-shot renders, of the view and of the list: `want`, and with OK the
 * one-shot document of `len` bytes; 0 when they behave. */
static int own_renders(uint32_t style, osimages_status want, size_t len)
{
    osimages_error err;
    size_t n = 0;
    osimages_status st;
    int path;
    for (path = 0; path < 2; path++) {
        st = path == 0 ? own[style].view_render(&view, OSIMAGES_DOCUMENT_DETAIL, 0, 0, own_shot,
                                                sizeof own_shot, &n, &err)
                       : own[style].list_render(&list, OSIMAGES_DOCUMENT_DETAIL, 0, 0, own_shot,
                                                sizeof own_shot, &n, &err);
        if (st != want || err.argument != 0 ||
            (st == OSIMAGES_STATUS_OK && (n != len || memcmp(own_shot, one_shot, len) != 0))) {
            printf("%s: its own %s render: %s (argument %u)\n", names[style],
                   path == 0 ? "view" : "list", osimages_status_str(st), (unsigned)err.argument);
            return 1;
        }
    }
    return 0;
}

/* The same, pushed (the last push stays in `pushed`). */
static int own_writes(uint32_t style, osimages_status want, size_t len)
{
    osimages_error err;
    uint8_t scratch[7];
    size_t written = 0;
    osimages_status st;
    int path;
    for (path = 0; path < 2; path++) {
        pushed_len = 0;
        st = path == 0 ? own[style].view_write(&view, OSIMAGES_DOCUMENT_DETAIL, 0, 0, scratch,
                                               sizeof scratch, append, NULL, &written, &err)
                       : own[style].list_write(&list, OSIMAGES_DOCUMENT_DETAIL, 0, 0, scratch,
                                               sizeof scratch, append, NULL, &written, &err);
        if (st != want || err.argument != 0 ||
            (st == OSIMAGES_STATUS_OK &&
             (written != len || pushed_len != len || memcmp(pushed, one_shot, len) != 0))) {
            printf("%s: its own %s write: %s (argument %u)\n", names[style],
                   path == 0 ? "view" : "list", osimages_status_str(st), (unsigned)err.argument);
            return 1;
        }
    }
    return 0;
}

/* The style `style` (built or not) through the three kinds of render; 0 when it behaves. */
static int check(uint32_t style, int built)
{
    osimages_status want = built ? OSIMAGES_STATUS_OK : OSIMAGES_STATUS_STYLE_NOT_BUILT;
    osimages_error err;
    osimages_cursor cursor;
    uint8_t scratch[7];
    char chunk[5];
    size_t len = 0, n = 0, total = 0, written = 0;
    osimages_status st;

    st = osimages_view_render(&view, OSIMAGES_DOCUMENT_DETAIL, 0, style, one_shot, sizeof one_shot,
                              &len, &err);
    if (st != want || (!built && err.argument != 4)) {
        printf("%s: render: %s (argument %u)\n", names[style], osimages_status_str(st),
               (unsigned)err.argument);
        return 1;
    }
    st = osimages_cursor_start_view(&cursor, sizeof cursor, &view, OSIMAGES_DOCUMENT_DETAIL, 0,
                                    style, &err);
    if (st != want || (!built && err.argument != 6)) {
        printf("%s: cursor: %s\n", names[style], osimages_status_str(st));
        return 1;
    }
    pushed_len = 0;
    st = osimages_view_write(&view, OSIMAGES_DOCUMENT_DETAIL, 0, style, scratch, sizeof scratch,
                             append, NULL, &written, &err);
    if (st != want || (!built && err.argument != 4)) {
        printf("%s: write: %s\n", names[style], osimages_status_str(st));
        return 1;
    }
    if (built && (pushed_len != len || memcmp(pushed, one_shot, len) != 0)) {
        printf("%s: the pushed document is not the one-shot one\n", names[style]);
        return 1;
    }
    if (own_renders(style, want, len) || own_writes(style, want, len)) {
        return 1;
    }
    if (!built) {
        return 0;
    }
    do {
        st = osimages_cursor_fill(&cursor, chunk, sizeof chunk, &n, &err);
        if (st != OSIMAGES_STATUS_OK || total + n > sizeof chunked) {
            printf("%s: fill: %s\n", names[style], osimages_status_str(st));
            return 1;
        }
        memcpy(chunked + total, chunk, n);
        total += n;
    } while (n > 0);
    if (len == 0 || total != len || memcmp(chunked, one_shot, len) != 0 || written != len ||
        pushed_len != len || memcmp(pushed, one_shot, len) != 0) {
        printf("%s: the chunked or pushed document is not the one-shot one\n", names[style]);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0;
    uint32_t style;
    size_t i, index;
    if (osimages_list_init(&list, sizeof list, NULL) != OSIMAGES_STATUS_OK ||
        osimages_list_set_endpoints(&list, view.compute, view.image_service, view.tenant, NULL) !=
            OSIMAGES_STATUS_OK) {
        printf("the list could not be set up\n");
        return 1;
    }
    for (i = 0; i < COUNT(seed_images); i++) {
        if (osimages_list_push(&list, &seed_images[i], &index, NULL) != OSIMAGES_STATUS_OK) {
            printf("image %u could not be pushed\n", (unsigned)i);
            return 1;
        }
    }
    for (style = 0; style < COUNT(names); style++) {
        int built = 0, i;
        for (i = 1; i < argc; i++) {
            built |= strcmp(argv[i], names[style]) == 0;
        }
        failed |= check(style, built);
        printf("%s: %s\n", names[style], built ? "rendered" : "refused: not built");
    }
    return failed;
}
