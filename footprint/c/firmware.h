/*
 * firmware.h: what every C footprint firmware shares (footprint/c/README.md): the seed's seven
 * images as a static const table with the zero-copy view over it, and the host connection over
 * semihosting that qemu-system-arm provides.
 */
#ifndef OSIMAGES_FOOTPRINT_FIRMWARE_H
#define OSIMAGES_FOOTPRINT_FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

#include "osimages.h"
#include "seed.h"

/* The seed table (ffi-examples/seed.h) and its list-level values: what the firmware holds. */
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

/* Room for the largest seed document (pretty JSON, 8175 bytes). */
#define OUT_LEN 8192

/* Writes `len` bytes to the host's stdout; 0 if they could not all be written. Every firmware
 * calls it (the baseline with no bytes), so its code cancels out of the size differences. */
int fw_write(const char *bytes, size_t len);

/* Ends the run under qemu: exit status 0 when `ok` is nonzero, 1 otherwise. startup.c calls it
 * with main's result; a fault calls it with 0. */
void fw_exit(int ok) __attribute__((noreturn));

/* The firmware's own code, called by startup.c: returns nonzero when all went as expected. */
int fw_main(void);

/* The steps of a firmware that checks what it does: a call that must succeed, or a condition
 * that must hold; if not, the firmware's own `static int fail(const char *what)` reports which
 * and the function returns what it returns. */
#define CALL(call) \
    do { \
        if ((call) != OSIMAGES_STATUS_OK) { \
            return fail(#call); \
        } \
    } while (0)
#define EXPECT(condition) \
    do { \
        if (!(condition)) { \
            return fail(#condition); \
        } \
    } while (0)

#endif /* OSIMAGES_FOOTPRINT_FIRMWARE_H */
