#!/usr/bin/env python3
"""Writes the seed programs of the `ffi` fuzz target into fuzz/seeds/ffi/.

A program is a sequence of operations, each an opcode byte and its operands, as
fuzz_targets/ffi.rs reads them (the order of its `inp` reads). These seeds are valid call
sequences through every path (owned list, view, cursors), so the fuzzer starts from documents
that render and mutates towards the refusals. Run it again after changing the input format.
"""

import pathlib
import struct

# Opcodes (`op % 23` in Harness::run).
INIT, ENDPOINTS, NEXT_LINK, SIMPLE, IMAGE, PUSH, PUSH_META, PUSH_LINK = 0, 1, 2, 3, 4, 6, 8, 9
RENDER_LIST, VIEW, RENDER_VIEW, START_LIST, START_VIEW, FILL, CHANGE_VIEW, TEXTS = (
    10, 12, 13, 14, 15, 16, 18, 19)
UPDATE, PARSE, MEASURE, RENDER_CHECKED = 20, 21, 22, 24

# Indexes into DICT in fuzz_targets/ffi.rs.
UUID_A, UUID_B, UUID_ZERO = 0, 1, 2
DATE_2011, DATE_LEAP = 3, 4
COMPUTE, GLANCE, TENANT, NEXT = 6, 7, 8, 9
SELF, BOOKMARK, MEDIA_TYPE = 10, 11, 13
NAME, SNAP_NAME, ETE, KERNEL_ID, ARCH, X86_64 = 14, 15, 16, 17, 18, 19

OK_ERR = [0]  # an aligned `osimages_error` (OutCell kind 0)
OUT = [0]  # an aligned out-parameter


def d(i):
    """A dictionary string."""
    return [4, i]


def raw(b):
    """A string of these bytes."""
    return [3, len(b), *b]


EMPTY = [0]  # {NULL, 0}


def big(v):
    if v == 0:
        return [0]
    if v < 256:
        return [1, v]
    return [3, *struct.pack("<Q", v)]


def image(id_=d(UUID_A), name=d(NAME), status=0, progress=100, created=d(DATE_2011),
          updated=d(DATE_2011), metadata=(), links=(), server=EMPTY, disk_config=0, size=None):
    out = [IMAGE, *id_, 1 if name else 0, *(name or EMPTY), status, progress, *big(0), *big(0),
           *created, *updated, len(metadata)]
    for key, value in metadata:
        out += [*key, 1 if value else 0, *(value or EMPTY)]
    out += [0, len(links)]
    for href, rel, media_type in links:
        out += [*href, *rel, 1 if media_type else 0, *(media_type or EMPTY)]
    out += [0, *server, disk_config, 0 if size is None else 1, *big(size or 0)]
    return out


def init(slot=0):
    return [INIT, slot, 0, *OK_ERR]


def endpoints(slot=0):
    return [ENDPOINTS, slot, *d(COMPUTE), *d(GLANCE), *d(TENANT), *OK_ERR]


def push(pool_index, slot=0):
    return [PUSH, slot, pool_index, 0, *OUT, *OK_ERR]


def fmt(style, ascii_only=False):
    """The format byte: `b % 6` is the style, bit 7 the ASCII-only option."""
    return 0x80 + (style - 0x80) % 6 if ascii_only else style


def render_list(document, style, ascii_only=False, slot=0, image_index=0, buf=(0,)):
    return [RENDER_LIST, slot, document, image_index, fmt(style, ascii_only), *buf, *OUT, *OK_ERR]


def render_view(view, document, style, image_index=0, buf=(0,)):
    return [RENDER_VIEW, view, document, image_index, fmt(style), *buf, *OUT, *OK_ERR]


def render_checked(view, how, document, style, image_index=0, buf=(0,), extra=()):
    """`Harness::op_render_checked`: `how` 0 as checked, 1 one short, 2 scribbled, 3 changed."""
    return [RENDER_CHECKED, view, how, document, image_index, fmt(style), *buf, *OUT, *OK_ERR,
            *extra]


def update(which, image_index, *operands, slot=0):
    """`Harness::op_update`: set_status (0) .. remove (11) on image `image_index`."""
    return [UPDATE, slot, which, image_index, *OK_ERR, *operands]


def parse(show=False, style=0, from_slot=0, slot=0):
    """`Harness::op_parse`: a JSON rendering of slot `from_slot`'s mirror parsed into `slot`."""
    return [PARSE, slot, 1 if show else 0, 1, style, from_slot, 0, *OUT, *OK_ERR]


def measure(detail=True, style=0, from_slot=0, slot=0):
    """`Harness::op_measure`: the capacity of a rendering, then what `slot` uses."""
    return [MEASURE, 1 if detail else 0, 1, style, from_slot, 0, *OK_ERR, slot, *OK_ERR]


def fill(cursor, chunk, drain=True):
    return [FILL, cursor, 1 if drain else 0, *struct.pack("<H", chunk - 1), 0, *OUT, *OK_ERR]


SNAPSHOT = image(id_=d(UUID_B), name=d(SNAP_NAME), status=1, progress=42, created=d(DATE_LEAP),
                 updated=EMPTY, metadata=[(d(KERNEL_ID), d(X86_64)), (d(ETE), None)],
                 server=d(UUID_A), disk_config=2, size=25165824)
PLAIN = image(metadata=[(d(ARCH), d(X86_64))])
LINKED = image(id_=d(UUID_ZERO), name=None, status=3, progress=0, created=EMPTY, updated=EMPTY,
               links=[(d(NEXT), d(SELF), None), (d(COMPUTE), d(BOOKMARK), d(MEDIA_TYPE))],
               disk_config=1)


def list_of_three():
    return [*init(), *endpoints(), *PLAIN, *SNAPSHOT, *LINKED, *push(0), *push(1), *push(2)]


SEEDS = {
    # Every style of the three documents of an owned list.
    "list-every-style": [
        *list_of_three(),
        *[b for style in range(5) for b in render_list(0, style)],
        *render_list(0, 0, ascii_only=True),
        *render_list(1, 3),
        *render_list(2, 4, image_index=1),
    ],
    # Values added one by one, list-level settings, and the buffer contract's edges.
    "list-values-and-buffers": [
        *init(),
        *endpoints(),
        *PLAIN,
        *push(0),
        PUSH_META, 0, 0, *d(KERNEL_ID), 0, *EMPTY, 0, *OK_ERR,
        PUSH_LINK, 0, 0, *d(NEXT), *d(SELF), 1, *d(MEDIA_TYPE), 0, *OK_ERR,
        NEXT_LINK, 0, *d(NEXT), *OK_ERR,
        SIMPLE, 0, 1, 1, *OK_ERR,  # size extension on
        *render_list(0, 2),
        *render_list(1, 3, buf=(3, 1)),  # one byte more than needed
        *render_list(0, 1, buf=(6, 0, 0)),  # one byte short
        *render_list(2, 0, buf=(12,)),  # size query
        SIMPLE, 0, 0, 0, *OK_ERR,  # remove the next link
        SIMPLE, 0, 3, 0, *OK_ERR,  # len
        SIMPLE, 0, 2, 0, *OK_ERR,  # clear
        *render_list(1, 0),
    ],
    # Cursors over a list: streamed whole, then stopped by a change.
    "list-cursors": [
        *list_of_three(),
        *init(1),
        *endpoints(1),
        *push(1, slot=1),
        START_LIST, 0, 0, 0, 0, 0, 3, 0, *OK_ERR,
        *fill(0, 64),
        START_LIST, 1, 0, 1, 2, 0, fmt(1, ascii_only=True), 0, *OK_ERR,
        *fill(1, 7),
        START_LIST, 0, 0, 0, 1, 0, 1, 0, *OK_ERR,
        *fill(0, 32, drain=False),
        SIMPLE, 0, 1, 1, *OK_ERR,
        *fill(0, 32, drain=False),
    ],
    # The zero-copy path: a view rendered one-shot and through a cursor, an image made invalid
    # between fills and valid again.
    "view-and-cursor": [
        *PLAIN, *SNAPSHOT, *LINKED,
        VIEW, *d(COMPUTE), *d(GLANCE), *d(TENANT), 1, *d(NEXT), 1, 0, 3, 0,
        *render_view(0, 0, 0),
        *render_view(0, 1, 3),
        *render_view(0, 2, 4, image_index=1),
        START_VIEW, 0, 0, 0, 0, 0, 1, 0, *OK_ERR,
        *fill(0, 17, drain=False),
        CHANGE_VIEW, 0, 2, 0,  # image 2 invalid: the fill that reaches it is refused
        *fill(0, 17),
        CHANGE_VIEW, 0, 2, 1,  # valid again: the cursor goes on from where it stopped
        *fill(0, 17),
        START_VIEW, 1, 0, 0, 0, 0, 3, 0, *OK_ERR,
        *fill(1, 100),
    ],
    # A view checked once and rendered with its check; then with the check misused: one short,
    # scribbled over, the view changed after it.
    "view-checked": [
        *PLAIN, *SNAPSHOT, *LINKED,
        VIEW, *d(COMPUTE), *d(GLANCE), *d(TENANT), 1, *d(NEXT), 1, 0, 3, 0,
        *render_checked(0, 0, 0, 0),
        *render_checked(0, 0, 2, 4, image_index=1),
        *render_checked(0, 0, 1, 3, buf=(6, 0, 0)),
        *render_checked(0, 1, 0, 1),
        # Image 1's entry scribbled over: another id (rendered), then a date no check makes.
        *render_checked(0, 2, 0, 0, extra=(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x5A, 0)),
        *render_checked(0, 2, 0, 0, extra=(1, 0xFF, 0, 0, 0, 32, 0, 0, 0, 0, 0, 9, 0x5A, 1)),
        *render_checked(0, 3, 0, 2, extra=(2,)),
        *render_checked(0, 0, 0, 3),
    ],
    # Update in place (every function, then refusals), and nova JSON parsed from C into a second
    # list, with the capacity it needs.
    "updates-and-parsing": [
        *list_of_three(),
        *update(0, 0, 1),  # status SAVING
        *update(1, 0, 50),  # progress 50
        *update(2, 1, *d(DATE_LEAP)),  # created
        *update(3, 1, *EMPTY),  # updated null
        *update(4, 2, 1, *d(SNAP_NAME)),  # name
        *update(5, 0, 1, *big(1 << 20)),  # size
        *update(6, 2, 2),  # disk config MANUAL
        *update(7, 0, *d(ARCH), 1, *d(ETE), 0),  # a metadata value replaced
        *update(7, 0, *d(KERNEL_ID), 0, *EMPTY, 0),  # a metadata entry added
        *update(8, 1, *d(KERNEL_ID)),  # a metadata entry removed
        *update(9, 0, 1, *d(NEXT), *d(SELF), 0, *EMPTY, 1, 0),  # one explicit link
        *update(9, 2, 0, 1, 0),  # no links at all
        *update(10, 0, 0),  # a link removed (none left: still explicit)
        *update(1, 0, 101),  # progress 101: refused
        *update(8, 0, *d(NAME)),  # no such key: refused
        *render_list(0, 0),
        *render_list(1, 3),
        *init(1),
        *parse(style=0, from_slot=0, slot=1),
        *parse(show=True, style=2, from_slot=0, slot=1),
        *measure(style=1, from_slot=0, slot=1),
        *update(11, 0),  # an image removed
        *render_list(0, 4),
    ],
    # Refusals: a near-miss UUID, a non-UTF-8 name, an uninitialised and a misaligned list.
    "refusals": [
        *render_list(0, 0),
        *init(),
        *endpoints(),
        *image(id_=[7, UUID_A, 8, ord("g")]),
        *image(name=raw(b"\xc0\xaf")),
        *push(0),
        *push(1),
        *render_list(0, 0, slot=1),
        INIT, 0xF3, 0, *OK_ERR,
        TEXTS, 107, 0, 0, 0, 4, *b"nova", 0,
    ],
}


def main():
    out = pathlib.Path(__file__).resolve().parent / "seeds" / "ffi"
    out.mkdir(parents=True, exist_ok=True)
    for name, program in SEEDS.items():
        assert all(0 <= b < 256 for b in program), name
        (out / name).write_bytes(bytes(program))
        print(f"{out / name}: {len(program)} bytes")


if __name__ == "__main__":
    main()
