/*
 * view.c, variant (a): the detail list of the seed table, rendered in place through the zero-copy
 * view, in one style; the smallest useful firmware. It writes the document to the host, which
 * compares it with tests/golden/ (scripts/footprint.sh).
 */
#include "firmware.h"

/* The one call this firmware makes: which document, in which style. The style's own entry point
 * (a compile-time choice): only its code is linked, whatever styles the archive holds. */
#define RENDER(view, buf, buf_len, out_len)                                                        \
    osimages_view_render_json_compact((view), OSIMAGES_DOCUMENT_DETAIL, 0, 0, (buf), (buf_len),   \
                                      (out_len), NULL)

static char out[OUT_LEN];

int fw_main(void)
{
    size_t len = 0;
    return RENDER(&catalogue, out, sizeof out, &len) == OSIMAGES_STATUS_OK && fw_write(out, len);
}
