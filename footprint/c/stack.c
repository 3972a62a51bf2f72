/*
 * stack.c: the stack each call of the C API uses on a Cortex-M4, measured as
 * footprint/src/stack.rs measures the Rust one: paint the unused stack below the caller with a
 * pattern, make the call, find the deepest word it changed. Renders, size queries, cursor
 * fills and pushes (osimages_view_write) in every style, over the seed view (7 images), a view of 512 images and a full owned list
 * (16 images); a push, a parse, and a parse the list refuses for want of room (which then
 * sizes the whole document). Prints a table to the host (scripts/footprint.sh shows it); a call
 * that fails (or, for the refusal, does not fail as it should) ends the run with a failure.
 */
#include <string.h>

#include "firmware.h"

#define PAINT (16 * 1024)
#define MARK 0x5AA5C33Cu
#define BIG 512

static osimages_list list, parsed;
static osimages_cursor cursor;
static osimages_image big_images[BIG];
static char big_ids[BIG][36];
static osimages_view big_view;
static char out[BIG * 1200], chunk[64];
static uint8_t scratch[64];

/* The call being measured, and what it is given: set before each measurement. */
static const osimages_view *view;
static uint32_t style;
static size_t buf_len, json_len;
static osimages_status status;
static osimages_error error;

/* The bytes of stack `call` uses below the point of call, as the deepest changed word says. */
static size_t __attribute__((noinline)) stack_used(void (*call)(void))
{
    void (*volatile opaque)(void) = call;
    volatile uint32_t *top, *word, *bottom;
    uintptr_t sp;

    __asm__ volatile("mov %0, sp" : "=r"(sp));
    top = (volatile uint32_t *)(sp & ~(uintptr_t)3);
    bottom = top - PAINT / 4;
    /* No interrupt is enabled: nothing else uses the stack below this frame. */
    for (word = bottom; word < top; word++) {
        *word = MARK;
    }
    opaque();
    for (word = bottom; word < top && *word == MARK; word++) {
    }
    return (size_t)((top - word) * 4);
}

static void view_render(void)
{
    size_t len;
    status = osimages_view_render(view, OSIMAGES_DOCUMENT_DETAIL, 0, style, out, buf_len, &len,
                                  NULL);
}

static void list_render(void)
{
    size_t len;
    status = osimages_list_render(&list, OSIMAGES_DOCUMENT_DETAIL, 0, style, out, buf_len, &len,
                                  NULL);
}

/* A whole document through 64-byte chunks; the cursor was started before. */
static void fill(void)
{
    size_t n;
    do {
        status = osimages_cursor_fill(&cursor, chunk, sizeof chunk, &n, NULL);
    } while (status == OSIMAGES_STATUS_OK && n > 0);
}

/* The push sink's callback: takes everything, keeps nothing. */
static int discard(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    (void)bytes;
    (void)len;
    return 0;
}

/* A whole document pushed through a 64-byte scratch buffer. */
static void view_write(void)
{
    size_t written;
    status = osimages_view_write(view, OSIMAGES_DOCUMENT_DETAIL, 0, style, scratch, sizeof scratch,
                                 discard, NULL, &written, NULL);
}

static void push(void)
{
    size_t index;
    status = osimages_list_push(&list, &seed_images[0], &index, NULL);
}

static void parse(void)
{
    size_t added;
    status = osimages_list_parse_detail(&parsed, out, json_len, &added, NULL);
}

/* The big view's detail document parsed into an empty list, which refuses it (too many
 * images) and then sizes the whole document to say how much it needs: the parse's deepest
 * path, as the list infers its endpoints from the document as it sizes it. */
static void parse_refused(void)
{
    size_t added;
    status = osimages_list_parse_detail(&parsed, out, json_len, &added, &error);
}

static void put(const char *s)
{
    fw_write(s, strlen(s));
}

static void put_size(size_t n)
{
    char digits[12];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    fw_write(digits + i, sizeof digits - i);
}

/* Measures `call`, prints " | bytes", and says whether the call succeeded. */
static int measure(void (*call)(void))
{
    size_t used = stack_used(call);
    put(" | ");
    put_size(used);
    return status == OSIMAGES_STATUS_OK;
}

/* Image k of the big view: the seed's image k % 7 with an id of its own. */
static void grow(void)
{
    static const char hex[] = "0123456789abcdef";
    size_t k;
    int d;
    for (k = 0; k < BIG; k++) {
        big_images[k] = seed_images[k % COUNT(seed_images)];
        memcpy(big_ids[k], big_images[k].id.ptr, 36);
        for (d = 0; d < 8; d++) {
            big_ids[k][35 - d] = hex[(k >> (4 * d)) & 15];
        }
        big_images[k].id.ptr = big_ids[k];
    }
    big_view = catalogue;
    big_view.images = big_images;
    big_view.images_len = BIG;
}

int fw_main(void)
{
    static const char *const names[] = { "JsonCompact", "JsonPretty", "JsonNova", "XmlWire",
                                         "XmlPretty" };
    size_t k;
    int ok;

    grow();
    ok = osimages_list_init(&list, sizeof list, NULL) == OSIMAGES_STATUS_OK &&
         osimages_list_set_endpoints(&list, catalogue.compute, catalogue.image_service,
                                     catalogue.tenant, NULL) == OSIMAGES_STATUS_OK;
    for (k = 0; ok && k < OSIMAGES_LIST_MAX_IMAGES; k++) {
        size_t index;
        ok = osimages_list_push(&list, &big_images[k], &index, NULL) == OSIMAGES_STATUS_OK;
    }

    put("stack in bytes | view render, 7 images | view render, 512 | view size query, 512 | "
        "view cursor fill (64 B), 512 | view write (64 B), 512 | list render, 16 | "
        "list cursor fill (64 B), 16\n");
    for (style = 0; ok && style < COUNT(names); style++) {
        put(names[style]);
        buf_len = sizeof out;
        view = &catalogue;
        ok = measure(view_render);
        view = &big_view;
        ok = ok && measure(view_render);
        buf_len = 0;
        ok = ok && measure(view_render);
        ok = ok && osimages_cursor_start_view(&cursor, sizeof cursor, &big_view,
                                              OSIMAGES_DOCUMENT_DETAIL, 0, style, NULL) ==
                       OSIMAGES_STATUS_OK &&
             measure(fill);
        ok = ok && measure(view_write);
        buf_len = sizeof out;
        ok = ok && measure(list_render);
        ok = ok && osimages_cursor_start_list(&cursor, sizeof cursor, &list,
                                              OSIMAGES_DOCUMENT_DETAIL, 0, style, NULL) ==
                       OSIMAGES_STATUS_OK &&
             measure(fill);
        put("\n");
    }

    /* A push into a list of 15 seed images (the 16th taken out again), and the seed's compact
     * JSON parsed into an empty list. */
    ok = ok && osimages_list_remove(&list, OSIMAGES_LIST_MAX_IMAGES - 1, NULL) ==
                   OSIMAGES_STATUS_OK;
    put("list push, 15 images");
    ok = ok && measure(push);
    ok = ok && osimages_view_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0,
                                    OSIMAGES_STYLE_JSON_COMPACT, out, sizeof out, &json_len,
                                    NULL) == OSIMAGES_STATUS_OK &&
         osimages_list_init(&parsed, sizeof parsed, NULL) == OSIMAGES_STATUS_OK;
    put("\nlist parse_detail, the seed's compact JSON");
    ok = ok && measure(parse);
    ok = ok && osimages_view_render(&big_view, OSIMAGES_DOCUMENT_DETAIL, 0,
                                    OSIMAGES_STYLE_JSON_COMPACT, out, sizeof out, &json_len,
                                    NULL) == OSIMAGES_STATUS_OK &&
         osimages_list_init(&parsed, sizeof parsed, NULL) == OSIMAGES_STATUS_OK;
    put("\nlist parse_detail, 512 images refused (too many) and sized");
    ok = ok && !measure(parse_refused) && status == OSIMAGES_STATUS_TOO_MANY_IMAGES &&
         error.needed == BIG;
    put("\n");
    if (!ok) {
        put("stack: a measured call failed\n");
    }
    return ok;
}
