/*
 * view.c, variant (a): the detail list of the seed table, rendered in place through the zero-copy
 * view, in one style; the smallest useful firmware. It writes the document to the host, which
 * compares it with tests/golden/ (scripts/footprint.sh).
 */
#include "firmware.h"

/* The one call this firmware makes: which document, in which style (a compile-time choice). */
#define RENDER(view, buf, buf_len, out_len)                                                        \
    osimages_view_render((view), OSIMAGES_DOCUMENT_DETAIL, 0, OSIMAGES_STYLE_JSON_COMPACT, (buf), \
                         (buf_len), (out_len), NULL)

static char out[OUT_LEN];

int fw_main(void)
{
    size_t len = 0;
    return RENDER(&catalogue, out, sizeof out, &len) == OSIMAGES_STATUS_OK && fw_write(out, len);
}
