// header_only.cpp: a C++ translation unit that includes nothing but osimages.h (C++11 and
// later): the extern "C" guards, the fixed-width status enum and the structs as C++ sees them.
#include "osimages.h"

static_assert(sizeof(osimages_list) == OSIMAGES_LIST_SIZE, "list storage size");
static_assert(alignof(osimages_list) >= OSIMAGES_LIST_ALIGN, "list storage alignment");
static_assert(sizeof(osimages_cursor) == OSIMAGES_CURSOR_SIZE, "cursor storage size");
static_assert(alignof(osimages_cursor) >= OSIMAGES_CURSOR_ALIGN, "cursor storage alignment");
static_assert(sizeof(osimages_status) == 4, "status is 32 bits");
static_assert(OSIMAGES_STATUS_OK == 0, "OK is 0");

// C linkage: these convert only if the declarations are extern "C" function types.
extern "C" typedef osimages_status render_fn(const osimages_list *, uint32_t, size_t, uint32_t,
                                             char *, size_t, size_t *, osimages_error *);
render_fn *const header_only_render = osimages_list_render;

int header_only_cpp();
int header_only_cpp()
{
    osimages_error err = {OSIMAGES_STATUS_OK, OSIMAGES_FIELD_NONE, OSIMAGES_NO_INDEX,
                          OSIMAGES_NO_INDEX, 0, 0, 0, {0}};
    osimages_str s = OSIMAGES_STR("x");
    return static_cast<int>(err.status) + static_cast<int>(s.len);
}
