/*
 * zero_copy.c: the zero-copy path (C99). The images live in the program's own static table
 * (seed.h); an osimages_view points at it and every call renders straight from it, checking it
 * first, copying nothing.
 *
 * Usage: zero_copy [DIR]   With DIR, the detail list is also written there in all five styles,
 *                          one file each, named as the golden files they must equal (the nova
 *                          wire JSON through a 32-byte cursor, the others in one call each,
 *                          from a table checked once for the four).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osimages.h"
#include "seed.h"

static const osimages_view catalogue = {
    .compute = OSIMAGES_STR(SEED_COMPUTE),
    .image_service = OSIMAGES_STR(SEED_IMAGE_SERVICE),
    .tenant = OSIMAGES_STR(SEED_TENANT),
    .images = seed_images,
    .images_len = COUNT(seed_images),
    .next_link = { NULL, 0 },
    .has_next_link = 0,
    .size_extension = 0,
};

static char document[8192];
static const char *out_dir;

static void check(osimages_status status, const osimages_error *err, const char *what)
{
    if (status == OSIMAGES_STATUS_OK) {
        return;
    }
    fprintf(stderr, "zero_copy: %s: %s (field \"%s\")\n", what, osimages_status_str(status),
            osimages_field_str(err->field));
    exit(1);
}

static void save(const char *name, const char *bytes, size_t len)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "zero_copy: cannot write %s\n", path);
        exit(1);
    }
}

/* Renders one document of the catalogue into `document`; returns its length. */
static size_t render(uint32_t doc, size_t image, uint32_t format)
{
    osimages_error err;
    size_t len = 0;
    check(osimages_view_render(&catalogue, doc, image, format, document, sizeof document, &len,
                               &err),
          &err, "render");
    return len;
}

/* The nova wire JSON through a 32-byte cursor, into `document`; returns its length. */
static size_t stream_nova_json(void)
{
    osimages_cursor cursor;
    osimages_error err;
    size_t total = 0, n;

    check(osimages_cursor_start_view(&cursor, sizeof cursor, &catalogue, OSIMAGES_DOCUMENT_DETAIL,
                                     0, OSIMAGES_STYLE_JSON_NOVA, &err),
          &err, "cursor start");
    do {
        char chunk[32];
        check(osimages_cursor_fill(&cursor, chunk, sizeof chunk, &n, &err), &err, "cursor fill");
        if (total + n > sizeof document) {
            exit(1);
        }
        memcpy(document + total, chunk, n);
        total += n;
    } while (n > 0);
    return total;
}

static void write_golden_files(void)
{
    static const struct {
        uint32_t style;
        const char *file;
    } styles[] = {
        { OSIMAGES_STYLE_JSON_COMPACT, "images-details.compact.json" },
        { OSIMAGES_STYLE_JSON_PRETTY, "images-details.pretty.json" },
        { OSIMAGES_STYLE_XML_WIRE, "images-details.nova-wire.xml" },
        { OSIMAGES_STYLE_XML_PRETTY, "images-details.pretty.xml" },
    };
    /* The table is checked once; each render then reads it without checking it again. */
    static osimages_checked_image checked[COUNT(seed_images)];
    osimages_error err;
    size_t i, len;
    check(osimages_view_check(&catalogue, checked, COUNT(checked), &err), &err, "check");
    for (i = 0; i < COUNT(styles); i++) {
        check(osimages_view_render_checked(&catalogue, checked, COUNT(checked),
                                           OSIMAGES_DOCUMENT_DETAIL, 0, styles[i].style, document,
                                           sizeof document, &len, &err),
              &err, "render checked");
        save(styles[i].file, document, len);
    }
    len = stream_nova_json();
    save("images-details.nova-wire.json", document, len);
}

/* A table with a date that does not exist: the view is refused, naming image and field. */
static void refused_view(void)
{
    osimages_image images[2];
    osimages_view view = catalogue;
    osimages_error err;
    size_t len = 0;
    osimages_status status;
    const osimages_str bad_date = OSIMAGES_STR("2011-02-29T01:02:03Z");

    images[0] = seed_images[0];
    images[1] = seed_images[1];
    images[1].updated = bad_date;
    view.images = images;
    view.images_len = COUNT(images);
    status = osimages_view_render(&view, OSIMAGES_DOCUMENT_SUMMARY, 0, OSIMAGES_STYLE_JSON_COMPACT,
                                  document, sizeof document, &len, &err);
    printf("== updated \"%.*s\" in image %lu: status %u (%s), field \"%s\", out_len %lu, "
           "buf[0] = %d\n",
           (int)bad_date.len, bad_date.ptr, (unsigned long)err.image, (unsigned)status,
           osimages_status_str(status), osimages_field_str(err.field), (unsigned long)len,
           document[0]);
    if (status != OSIMAGES_STATUS_NOT_DATE || err.image != 1 || document[0] != 0) {
        exit(1);
    }
}

int main(int argc, char **argv)
{
    out_dir = argc > 1 ? argv[1] : NULL;
    if (out_dir != NULL) {
        write_golden_files();
    }

    render(OSIMAGES_DOCUMENT_SUMMARY, 0, OSIMAGES_STYLE_JSON_COMPACT);
    printf("== summary, compact JSON\n%s\n", document);
    render(OSIMAGES_DOCUMENT_SHOW, 3, OSIMAGES_STYLE_JSON_NOVA);
    printf("== show image 3, nova wire JSON\n%s\n", document);
    render(OSIMAGES_DOCUMENT_SUMMARY, 0, OSIMAGES_STYLE_XML_PRETTY);
    printf("== summary, pretty XML\n%s\n", document);
    refused_view();
    return 0;
}
