/*
 * every.c, variant (b): a firmware that calls every function of osimages.h, as an agent that
 * keeps an owned list up to date, renders both paths in every style, streams through a cursor
 * and parses JSON back would. It writes the seed's detail list to the host in all five styles,
 * each through another path, and the host compares them with tests/golden/
 * (scripts/footprint.sh):
 *
 *   1. compact JSON      osimages_list_render over the owned list of the seed
 *   2. pretty JSON       osimages_view_render over the static table (and osimages_view_write
 *                        checked against it, 64 bytes at a time, and osimages_view_render_checked
 *                        after osimages_view_check; then each style's own osimages_view_* and
 *                        osimages_list_* render and write functions checked against the generic
 *                        ones)
 *   3. nova wire JSON    a cursor over the view, 64-byte chunks written as they come
 *   4. nova wire XML     a cursor over a second list parsed back from (1), after every update
 *                        function has changed it and changed it back
 *   5. pretty XML        osimages_list_write over that second list, pushed to the host in
 *                        64-byte writes
 *
 * A call that does not do what it should ends the run with a failure (exit status 1) and a line
 * saying which.
 */
#include <string.h>

#include "firmware.h"

static osimages_list list, copy;
static osimages_cursor cursor;
static osimages_error err;
static char json[OUT_LEN], out[OUT_LEN];

static int fail(const char *what)
{
    static const char prefix[] = "\nevery: ";
    const char *status = osimages_status_str(err.status), *field = osimages_field_str(err.field);
    fw_write(prefix, sizeof prefix - 1);
    fw_write(what, strlen(what));
    fw_write(": ", 2);
    fw_write(status, strlen(status));
    fw_write(", field ", 8);
    fw_write(field, strlen(field));
    fw_write("\n", 1);
    return 0;
}

static osimages_str str(const char *s)
{
    return osimages_str_from_cstr(s);
}

/* The push sink's callbacks: one sends to the host, the other compares with the document a
 * one-shot render wrote (`expected`). */
typedef struct {
    const char *bytes;
    size_t len, at;
} expected;

static int to_host(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    return fw_write((const char *)bytes, len) ? 0 : 1;
}

static int compare(void *ctx, const uint8_t *bytes, size_t len)
{
    expected *e = (expected *)ctx;
    if (len > e->len - e->at || memcmp(e->bytes + e->at, bytes, len) != 0) {
        return 1;
    }
    e->at += len;
    return 0;
}

/* Writes the cursor's document to the host in 64-byte chunks, as a UART firmware would. */
static int stream(void)
{
    char chunk[64];
    size_t n;
    do {
        CALL(osimages_cursor_fill(&cursor, chunk, sizeof chunk, &n, &err));
        EXPECT(fw_write(chunk, n));
    } while (n > 0);
    return 1;
}

/* Each style's own entry points (osimages_view_render_json_compact, ...) write the bytes the
 * generic ones write in that style, from the view and from the owned list of the same images
 * (checked through `out`, each push against the one-shot render before it; nothing is sent to
 * the host). */
static int own_styles(void)
{
    static const struct {
        uint32_t style;
        osimages_status (*view_render)(const osimages_view *, uint32_t, size_t, uint32_t, char *,
                                       size_t, size_t *, osimages_error *);
        osimages_status (*view_write)(const osimages_view *, uint32_t, size_t, uint32_t,
                                      uint8_t *, size_t, osimages_write_fn, void *, size_t *,
                                      osimages_error *);
        osimages_status (*list_render)(const osimages_list *, uint32_t, size_t, uint32_t, char *,
                                       size_t, size_t *, osimages_error *);
        osimages_status (*list_write)(const osimages_list *, uint32_t, size_t, uint32_t,
                                      uint8_t *, size_t, osimages_write_fn, void *, size_t *,
                                      osimages_error *);
    } own[] = {
        {OSIMAGES_STYLE_JSON_COMPACT, osimages_view_render_json_compact,
         osimages_view_write_json_compact, osimages_list_render_json_compact,
         osimages_list_write_json_compact},
        {OSIMAGES_STYLE_JSON_PRETTY, osimages_view_render_json_pretty,
         osimages_view_write_json_pretty, osimages_list_render_json_pretty,
         osimages_list_write_json_pretty},
        {OSIMAGES_STYLE_JSON_NOVA, osimages_view_render_json_nova, osimages_view_write_json_nova,
         osimages_list_render_json_nova, osimages_list_write_json_nova},
        {OSIMAGES_STYLE_XML_WIRE, osimages_view_render_xml_wire, osimages_view_write_xml_wire,
         osimages_list_render_xml_wire, osimages_list_write_xml_wire},
        {OSIMAGES_STYLE_XML_PRETTY, osimages_view_render_xml_pretty,
         osimages_view_write_xml_pretty, osimages_list_render_xml_pretty,
         osimages_list_write_xml_pretty},
    };
    size_t i, len, again, written;
    for (i = 0; i < COUNT(own); i++) {
        expected e = { out, 0, 0 };
        uint8_t scratch[64];
        CALL(own[i].view_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, 0, out, sizeof out, &len,
                                &err));
        e.len = len;
        CALL(own[i].list_write(&list, OSIMAGES_DOCUMENT_DETAIL, 0, 0, scratch, sizeof scratch,
                               compare, &e, &written, &err));
        EXPECT(written == len && e.at == len);
        CALL(own[i].list_render(&list, OSIMAGES_DOCUMENT_DETAIL, 0, 0, out, sizeof out, &again,
                                &err));
        EXPECT(again == len);
        e.at = 0;
        CALL(own[i].view_write(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, 0, scratch,
                               sizeof scratch, compare, &e, &written, &err));
        EXPECT(written == len && e.at == len);
        e.at = 0;
        CALL(osimages_view_write(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, own[i].style, scratch,
                                 sizeof scratch, compare, &e, &written, &err));
        EXPECT(written == len && e.at == len);
    }
    return 1;
}

/* The owned list of the seed; its compact JSON (document 1) and the view's pretty JSON (2) and
 * nova wire JSON (3). Leaves the compact JSON in `json`, `*json_len` bytes. */
static int owned_and_view(size_t *json_len)
{
    osimages_image bad = seed_images[0];
    osimages_capacity used;
    size_t i, index, len;

    CALL(osimages_list_init(&list, sizeof list, &err));
    CALL(osimages_list_set_endpoints(&list, str(SEED_COMPUTE), str(SEED_IMAGE_SERVICE),
                                     str(SEED_TENANT), &err));
    for (i = 0; i < COUNT(seed_images); i++) {
        CALL(osimages_list_push(&list, &seed_images[i], &index, &err));
        EXPECT(index == i);
    }
    EXPECT(osimages_list_len(&list) == COUNT(seed_images));
    CALL(osimages_list_used(&list, &used, &err));
    EXPECT(used.images == COUNT(seed_images) && used.links == 0);

    /* A value refused: the list is unchanged and the error names the field. */
    bad.id = str("70a599e0-31e7-49b7-b260-868f441e862");
    EXPECT(osimages_list_push(&list, &bad, &index, &err) == OSIMAGES_STATUS_NOT_UUID);
    EXPECT(err.field == OSIMAGES_FIELD_ID && strcmp(osimages_field_str(err.field), "id") == 0);
    EXPECT(osimages_list_len(&list) == COUNT(seed_images));

    CALL(osimages_list_render(&list, OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_JSON_COMPACT,
                              json, sizeof json, json_len, &err));
    EXPECT(fw_write(json, *json_len));
    CALL(osimages_view_render(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_JSON_PRETTY,
                              out, sizeof out, &len, &err));
    EXPECT(fw_write(out, len));
    {
        expected e = { out, 0, 0 };
        uint8_t scratch[64];
        size_t written;
        e.len = len;
        CALL(osimages_view_write(&catalogue, OSIMAGES_DOCUMENT_DETAIL, 0,
                                 OSIMAGES_STYLE_JSON_PRETTY, scratch, sizeof scratch, compare, &e,
                                 &written, &err));
        EXPECT(written == len && e.at == len);
    }
    {
        /* Checked once, then rendered without the checks: the same bytes. */
        static osimages_checked_image checked[COUNT(seed_images)];
        static char again[OUT_LEN];
        size_t again_len;
        CALL(osimages_view_check(&catalogue, checked, COUNT(checked), &err));
        CALL(osimages_view_render_checked(&catalogue, checked, COUNT(checked),
                                          OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_JSON_PRETTY,
                                          again, sizeof again, &again_len, &err));
        EXPECT(again_len == len && memcmp(again, out, len) == 0);
    }
    if (!own_styles()) {
        return 0;
    }
    CALL(osimages_cursor_start_view(&cursor, sizeof cursor, &catalogue, OSIMAGES_DOCUMENT_DETAIL,
                                    0, OSIMAGES_STYLE_JSON_NOVA, &err));
    return stream();
}

/* `copy`, parsed from the compact JSON of the detail list, and a show document appended to it
 * and removed again. */
static int parse_back(size_t json_len)
{
    osimages_capacity needs;
    size_t added, index, len, show_len;

    CALL(osimages_capacity_of_document(json, json_len, 1, &needs, &err));
    EXPECT(needs.images == COUNT(seed_images) && needs.links == 0);
    CALL(osimages_list_init(&copy, sizeof copy, &err));
    CALL(osimages_list_parse_detail(&copy, json, json_len, &added, &err));
    EXPECT(added == COUNT(seed_images));

    CALL(osimages_list_render(&list, OSIMAGES_DOCUMENT_SHOW, 4, OSIMAGES_STYLE_JSON_COMPACT, json,
                              sizeof json, &show_len, &err));
    CALL(osimages_list_parse_show(&copy, json, show_len, &index, &err));
    EXPECT(index == COUNT(seed_images));
    CALL(osimages_list_render(&copy, OSIMAGES_DOCUMENT_SHOW, index, OSIMAGES_STYLE_JSON_COMPACT,
                              out, sizeof out, &len, &err));
    EXPECT(len == show_len && memcmp(out, json, len) == 0);
    CALL(osimages_list_remove(&copy, index, &err));
    EXPECT(osimages_list_len(&copy) == COUNT(seed_images));
    return 1;
}

/* Every update function changes `copy`, and changes it back: the show document of image 0
 * differs in between, and the list holds exactly what it held before (room given back). */
static int update_and_restore(void)
{
    static const osimages_meta_entry arm = { OSIMAGES_STR("architecture"), OSIMAGES_STR("arm"), 1 };
    static const osimages_meta_entry x86 = META("architecture", "x86_64");
    static const osimages_meta_entry extra = META_NULL("extra");
    static const osimages_link links[2] = {
        { OSIMAGES_STR("http://mirror.example.com/images/1"), OSIMAGES_STR("self"),
          { NULL, 0 }, 0 },
        { OSIMAGES_STR("http://mirror.example.com/images/1.qcow2"), OSIMAGES_STR("alternate"),
          OSIMAGES_STR("application/vnd.openstack.image"), 1 },
    };
    osimages_capacity before, after;
    size_t before_len, len;

    CALL(osimages_list_used(&copy, &before, &err));
    CALL(osimages_list_render(&copy, OSIMAGES_DOCUMENT_SHOW, 0, OSIMAGES_STYLE_JSON_COMPACT, json,
                              sizeof json, &before_len, &err));

    CALL(osimages_list_set_status(&copy, 0, OSIMAGES_IMAGE_STATUS_SAVING, &err));
    CALL(osimages_list_set_progress(&copy, 0, 50, &err));
    CALL(osimages_list_set_created(&copy, 0, str("2012-02-29T23:59:59Z"), &err));
    CALL(osimages_list_set_updated(&copy, 0, str("2012-03-01T00:00:00Z"), &err));
    CALL(osimages_list_set_name(&copy, 0, str("renamed"), 1, &err));
    CALL(osimages_list_set_size(&copy, 0, 1, 25165824, &err));
    CALL(osimages_list_set_disk_config(&copy, 0, OSIMAGES_DISK_CONFIG_MANUAL, &err));
    CALL(osimages_list_set_metadata(&copy, 0, &arm, &err));
    CALL(osimages_list_push_metadata(&copy, 0, &extra, &err));
    CALL(osimages_list_push_link(&copy, 1, &links[0], &err));
    CALL(osimages_list_set_links(&copy, 1, links, COUNT(links), 1, &err));
    CALL(osimages_list_remove_link(&copy, 1, 0, &err));
    CALL(osimages_list_set_next_link(&copy, str("http://openstack.example.com/v2/openstack/images?marker=x"), &err));
    CALL(osimages_list_render(&copy, OSIMAGES_DOCUMENT_SHOW, 0, OSIMAGES_STYLE_JSON_COMPACT, out,
                              sizeof out, &len, &err));
    EXPECT(len != before_len || memcmp(out, json, len) != 0);

    CALL(osimages_list_set_status(&copy, 0, OSIMAGES_IMAGE_STATUS_ACTIVE, &err));
    CALL(osimages_list_set_progress(&copy, 0, 100, &err));
    CALL(osimages_list_set_created(&copy, 0, str(SEED_DATE), &err));
    CALL(osimages_list_set_updated(&copy, 0, str(SEED_DATE), &err));
    CALL(osimages_list_set_name(&copy, 0, str("fakeimage7"), 1, &err));
    CALL(osimages_list_set_size(&copy, 0, 0, 0, &err));
    CALL(osimages_list_set_size_extension(&copy, 0, &err));
    CALL(osimages_list_set_disk_config(&copy, 0, OSIMAGES_DISK_CONFIG_AUTO, &err));
    CALL(osimages_list_set_metadata(&copy, 0, &x86, &err));
    CALL(osimages_list_remove_metadata(&copy, 0, str("extra"), &err));
    CALL(osimages_list_set_links(&copy, 1, NULL, 0, 0, &err));
    CALL(osimages_list_remove_next_link(&copy, &err));

    CALL(osimages_list_used(&copy, &after, &err));
    EXPECT(after.images == before.images && after.metadata == before.metadata &&
           after.links == before.links && after.bytes == before.bytes);
    return 1;
}

int fw_main(void)
{
    size_t json_len = 0, len;

    EXPECT(strcmp(osimages_version(), OSIMAGES_VERSION) == 0);
    if (!owned_and_view(&json_len) || !parse_back(json_len) || !update_and_restore()) {
        return 0;
    }
    CALL(osimages_cursor_start_list(&cursor, sizeof cursor, &copy, OSIMAGES_DOCUMENT_DETAIL, 0,
                                    OSIMAGES_STYLE_XML_WIRE, &err));
    if (!stream()) {
        return 0;
    }
    {
        uint8_t scratch[64];
        CALL(osimages_list_write(&copy, OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_XML_PRETTY,
                                 scratch, sizeof scratch, to_host, NULL, &len, &err));
    }
    CALL(osimages_list_clear(&copy, &err));
    EXPECT(osimages_list_len(&copy) == 0);
    return 1;
}
