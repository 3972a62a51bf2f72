/*
 * semihosting.c: the firmware's connection to the host, through Arm semihosting (a BKPT 0xAB
 * that qemu-system-arm -semihosting-config enable=on,target=native serves): the host's stdout
 * and the exit status.
 */
#include "firmware.h"

enum {
    SYS_OPEN = 0x01,
    SYS_WRITE = 0x05,
    SYS_EXIT = 0x18,
    /* SYS_OPEN's mode "w" on the special file ":tt": the host's stdout. */
    OPEN_MODE_W = 4,
    /* SYS_EXIT reasons: qemu exits with status 0 for the first, 1 for any other. */
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
    ADP_STOPPED_RUN_TIME_ERROR = 0x20023,
};

static uintptr_t semihost(uintptr_t operation, const void *argument)
{
    register uintptr_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int fw_write(const char *bytes, size_t len)
{
    static uintptr_t handle = (uintptr_t)-1;
    if (handle == (uintptr_t)-1) {
        const uintptr_t open[3] = { (uintptr_t)":tt", OPEN_MODE_W, 3 };
        handle = semihost(SYS_OPEN, open);
        if (handle == (uintptr_t)-1) {
            return 0;
        }
    }
    {
        const uintptr_t write[3] = { handle, (uintptr_t)bytes, len };
        /* SYS_WRITE returns the number of bytes it did not write. */
        return len == 0 || semihost(SYS_WRITE, write) == 0;
    }
}

void fw_exit(int ok)
{
    /* On 32-bit Arm, SYS_EXIT takes the reason itself, not a pointer to it. */
    semihost(SYS_EXIT, (const void *)(uintptr_t)(ok ? ADP_STOPPED_APPLICATION_EXIT
                                                    : ADP_STOPPED_RUN_TIME_ERROR));
    for (;;) {
    }
}
