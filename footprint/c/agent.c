/*
 * agent.c, variant (c): what a firmware agent does with the library, and no more. It keeps the
 * images it holds in an owned list, updates one in place as it is saved and finished, drops
 * one and registers it again, and reports the list in one style through that style's own push
 * function, 64 bytes at a time, as to a socket or a UART. It writes the seed's detail list as
 * compact JSON to the host, which compares it with tests/golden/ (scripts/footprint.sh). No
 * parsing, no view, no cursor: the library's flash for this firmware is what an agent that
 * only reports pays.
 */
#include "firmware.h"

static osimages_list list;
static osimages_error err;

/* Writes a NUL-terminated string to the host (no strlen from the C library: its size would be
 * charged to osimages). */
static void put(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    fw_write(s, n);
}

/* A line saying which call failed and why, as an agent would log it. */
static int fail(const char *what)
{
    put("\nagent: ");
    put(what);
    put(": ");
    put(osimages_status_str(err.status));
    put(" in ");
    put(osimages_field_str(err.field));
    put("\n");
    return 0;
}

/* The report's transport: each buffer the library hands over goes to the host. */
static int transmit(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    return fw_write((const char *)bytes, len) ? 0 : 1;
}

int fw_main(void)
{
    const size_t last = COUNT(seed_images) - 1;
    uint8_t scratch[64];
    size_t i, index, written;

    CALL(osimages_list_init(&list, sizeof list, &err));
    CALL(osimages_list_set_endpoints(&list, osimages_str_from_cstr(SEED_COMPUTE),
                                     osimages_str_from_cstr(SEED_IMAGE_SERVICE),
                                     osimages_str_from_cstr(SEED_TENANT), &err));
    for (i = 0; i < COUNT(seed_images); i++) {
        CALL(osimages_list_push(&list, &seed_images[i], &index, &err));
    }

    /* Image 0 is being saved, then it is done (as the seed has it). */
    CALL(osimages_list_set_status(&list, 0, OSIMAGES_IMAGE_STATUS_SAVING, &err));
    CALL(osimages_list_set_progress(&list, 0, 50, &err));
    CALL(osimages_list_set_updated(&list, 0, osimages_str_from_cstr("2012-03-01T00:00:00Z"), &err));
    CALL(osimages_list_set_status(&list, 0, OSIMAGES_IMAGE_STATUS_ACTIVE, &err));
    CALL(osimages_list_set_progress(&list, 0, 100, &err));
    CALL(osimages_list_set_updated(&list, 0, osimages_str_from_cstr(SEED_DATE), &err));

    /* The last image is deleted, then registered again: it is the last one again. */
    CALL(osimages_list_remove(&list, last, &err));
    CALL(osimages_list_push(&list, &seed_images[last], &index, &err));
    EXPECT(index == last && osimages_list_len(&list) == COUNT(seed_images));

    CALL(osimages_list_write_json_compact(&list, OSIMAGES_DOCUMENT_DETAIL, 0, 0, scratch,
                                          sizeof scratch, transmit, NULL, &written, &err));
    return 1;
}
