/*
 * baseline.c: what every other C firmware holds without calling osimages: startup, the seed
 * table and the view over it, the output buffer, and the host connection (written to with no
 * bytes). A variant's size minus this one's is what the library costs it.
 */
#include "firmware.h"

static char out[OUT_LEN];

int fw_main(void)
{
    /* Keeps the table in the image, as a firmware that renders it would. */
    const osimages_view *volatile held = &catalogue;
    return held != NULL && fw_write(out, 0);
}
