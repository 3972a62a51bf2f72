/*
 * startup.c: the minimal start of a Cortex-M4 firmware: the vector table (initial stack pointer
 * and exception handlers), and a reset handler that copies .data from flash, zeroes .bss, turns
 * the FPU on (the code is built for hard float) and runs fw_main. No heap, no C library start
 * files (linked with -nostartfiles). A fault ends the run with a failure, so that a crash under
 * qemu fails at once instead of hanging.
 */
#include "firmware.h"

/* Defined by mps2-an386.ld. */
extern uint32_t stack_top[], data_start[], data_end[], data_load[], bss_start[], bss_end[];

void reset_handler(void) __attribute__((noreturn));
static void fault_handler(void);

typedef void (*handler)(void);

/* The Armv7-M vector table: the initial stack pointer, then the 15 system exceptions (no
 * interrupt is enabled, so the external interrupts are left out). */
static const struct {
    const uint32_t *stack_top;
    handler exceptions[15];
} vectors __attribute__((section(".vectors"), used)) = {
    stack_top,
    {
        /* Reset */ reset_handler,
        /* NMI */ fault_handler,
        /* HardFault */ fault_handler,
        /* MemManage */ fault_handler,
        /* BusFault */ fault_handler,
        /* UsageFault */ fault_handler,
        NULL, NULL, NULL, NULL,
        /* SVCall */ fault_handler,
        /* DebugMonitor */ fault_handler,
        NULL,
        /* PendSV */ fault_handler,
        /* SysTick */ fault_handler,
    },
};

static void fault_handler(void)
{
    fw_exit(0);
}

void reset_handler(void)
{
    volatile uint32_t *const cpacr = (volatile uint32_t *)0xE000ED88;
    const uint32_t *from = data_load;
    /* volatile: plain loops that the compiler does not turn into memcpy and memset calls, so
     * that the C library's (or the archive's) memcpy counts in the image that uses it. */
    volatile uint32_t *to;

    for (to = data_start; to < data_end; to++) {
        *to = *from++;
    }
    for (to = bss_start; to < bss_end; to++) {
        *to = 0;
    }
    /* Full access to coprocessors 10 and 11, the FPU. */
    *cpacr |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    fw_exit(fw_main());
}
