/*
 * agent.c: a firmware-style agent (C99, no heap). It keeps its image catalogue in a static
 * osimages_list, answers with the detail list as compact JSON and as pretty XML, streams the
 * wire XML through a 64-byte buffer (as it would to a UART or a socket), and shows what happens
 * with a buffer that is too small and with an invalid UUID.
 *
 * Usage: agent [DIR]   With DIR, the three documents are also written there, one file each,
 *                      named as the golden files they must equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osimages.h"
#include "seed.h"

static osimages_list catalogue;   /* ~7.7 KiB of static storage, no heap */
static char document[8192];       /* one-shot output buffer */
static const char *out_dir;

/* Stops the agent on an unexpected failure, saying what and where. */
static void check(osimages_status status, const osimages_error *err, const char *what)
{
    if (status == OSIMAGES_STATUS_OK) {
        return;
    }
    fprintf(stderr, "agent: %s: %s (field \"%s\", image %ld, argument %u)\n", what,
            osimages_status_str(status), osimages_field_str(err->field),
            err->image == OSIMAGES_NO_INDEX ? -1L : (long)err->image, (unsigned)err->argument);
    exit(1);
}

/* Writes `len` bytes to DIR/name when a directory was given. */
static void save(const char *name, const char *bytes, size_t len)
{
    char path[512];
    FILE *f;
    if (out_dir == NULL) {
        return;
    }
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "agent: cannot write %s\n", path);
        exit(1);
    }
}

static void build_catalogue(void)
{
    osimages_error err;
    size_t i, index;
    const osimages_str compute = OSIMAGES_STR(SEED_COMPUTE);
    const osimages_str image_service = OSIMAGES_STR(SEED_IMAGE_SERVICE);
    const osimages_str tenant = OSIMAGES_STR(SEED_TENANT);

    check(osimages_list_init(&catalogue, sizeof catalogue, &err), &err, "init");
    check(osimages_list_set_endpoints(&catalogue, compute, image_service, tenant, &err), &err,
          "endpoints");
    for (i = 0; i < COUNT(seed_images); i++) {
        check(osimages_list_push(&catalogue, &seed_images[i], &index, &err), &err, "push");
    }
    printf("catalogue: %lu images\n", (unsigned long)osimages_list_len(&catalogue));
}

/* Renders the detail list in one style into `document` and prints it. */
static void answer(uint32_t style, const char *label, const char *file)
{
    osimages_error err;
    size_t needed = 0, len = 0;

    /* A size query first, as a caller with a variable buffer would do. */
    check(osimages_list_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, style, NULL, 0, &needed,
                               &err),
          &err, "size query");
    check(osimages_list_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, style, document,
                               sizeof document, &len, &err),
          &err, "render");
    /* There was room for the NUL, so the document is a C string too. */
    printf("== detail, %s: %lu bytes (size query said %lu), NUL-terminated: %s\n", label,
           (unsigned long)len, (unsigned long)needed, strlen(document) == len ? "yes" : "no");
    printf("%s\n", document);
    save(file, document, len);
}

/* Streams the wire XML through a 64-byte buffer, as to a UART. */
static void stream_wire_xml(void)
{
    static osimages_cursor cursor;
    static char saved[8192];
    char chunk[64];
    size_t n, total = 0, chunks = 0;
    osimages_error err;

    check(osimages_cursor_start_list(&cursor, sizeof cursor, &catalogue,
                                     OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_XML_WIRE, &err),
          &err, "cursor start");
    printf("== detail, nova wire XML, streamed in chunks of %lu bytes\n",
           (unsigned long)sizeof chunk);
    for (;;) {
        check(osimages_cursor_fill(&cursor, chunk, sizeof chunk, &n, &err), &err, "cursor fill");
        if (n == 0) {
            break;
        }
        fwrite(chunk, 1, n, stdout);
        if (total + n <= sizeof saved) {
            memcpy(saved + total, chunk, n);
        }
        total += n;
        chunks++;
    }
    printf("\n== streamed %lu bytes in %lu chunks\n", (unsigned long)total, (unsigned long)chunks);
    if (total > sizeof saved) {
        fprintf(stderr, "agent: streamed document larger than expected\n");
        exit(1);
    }
    save("images-details.nova-wire.xml", saved, total);
}

/* A buffer that is too small: an error, the length needed, and no partial document. */
static void too_small_buffer(void)
{
    char small[100];
    size_t needed = 0;
    osimages_error err;
    osimages_status status;

    memset(small, 'x', sizeof small);
    status = osimages_list_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0,
                                  OSIMAGES_STYLE_JSON_COMPACT, small, sizeof small, &needed, &err);
    printf("== a %lu-byte buffer: status %u (%s), %lu bytes needed, buf[0] = %d\n",
           (unsigned long)sizeof small, (unsigned)status, osimages_status_str(status),
           (unsigned long)needed, small[0]);
    if (status != OSIMAGES_STATUS_BUFFER_TOO_SMALL || small[0] != 0) {
        exit(1);
    }
}

/* An image with an invalid UUID is refused, says where, and the list is unchanged. */
static void invalid_uuid(void)
{
    osimages_image bad = seed_images[0];
    size_t index = 12345;
    osimages_error err;
    osimages_status status;
    const osimages_str id = OSIMAGES_STR("70a599e0-31e7-49b7-b260-868f441e86zz");

    bad.id = id;
    status = osimages_list_push(&catalogue, &bad, &index, &err);
    printf("== pushing an image with id \"%.*s\": status %u (%s), field \"%s\", image %lu; "
           "the list still has %lu images\n",
           (int)bad.id.len, bad.id.ptr, (unsigned)status, osimages_status_str(status),
           osimages_field_str(err.field), (unsigned long)err.image,
           (unsigned long)osimages_list_len(&catalogue));
    if (status != OSIMAGES_STATUS_NOT_UUID || err.field != OSIMAGES_FIELD_ID || index != 12345) {
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (strcmp(osimages_version(), OSIMAGES_VERSION) != 0) {
        fprintf(stderr, "agent: header %s but library %s\n", OSIMAGES_VERSION, osimages_version());
        return 1;
    }
    out_dir = argc > 1 ? argv[1] : NULL;
    build_catalogue();
    answer(OSIMAGES_STYLE_JSON_COMPACT, "compact JSON", "images-details.compact.json");
    answer(OSIMAGES_STYLE_XML_PRETTY, "pretty XML", "images-details.pretty.xml");
    stream_wire_xml();
    too_small_buffer();
    invalid_uuid();
    return 0;
}
