/*
 * seed.h: the seven images of the OpenStack API reference page "List images", as a static C
 * table (designated initializers: C99, and C++20 since they follow the struct's order). Metadata
 * is in the order the reference XML example shows.
 * Used by agent.c (copied into an owned list) and zero_copy.c (rendered in place).
 */
#ifndef OSIMAGES_EXAMPLES_SEED_H
#define OSIMAGES_EXAMPLES_SEED_H

#include "osimages.h"

#define SEED_COMPUTE "http://openstack.example.com"
#define SEED_IMAGE_SERVICE "http://glance.openstack.example.com"
#define SEED_TENANT "openstack"
#define SEED_DATE "2011-01-01T01:02:03Z"

/* A metadata entry with a value, and one whose value is null. */
#define META(k, v) { OSIMAGES_STR(k), OSIMAGES_STR(v), 1 }
#define META_NULL(k) { OSIMAGES_STR(k), { NULL, 0 }, 0 }

static const osimages_meta_entry seed_meta_1[] = {
    META("kernel_id", "nokernel"),
    META("auto_disk_config", "True"),
    META("ramdisk_id", "nokernel"),
    META("architecture", "x86_64"),
};
static const osimages_meta_entry seed_meta_2[] = {
    META("kernel_id", "nokernel"),
    META("ramdisk_id", "nokernel"),
    META("architecture", "x86_64"),
};
static const osimages_meta_entry seed_meta_plain[] = {
    META("kernel_id", "nokernel"),
    META("ramdisk_id", "nokernel"),
};
static const osimages_meta_entry seed_meta_4[] = {
    META("kernel_id", "nokernel"),
    META("auto_disk_config", "False"),
    META("ramdisk_id", "nokernel"),
    META("architecture", "x86_64"),
};
static const osimages_meta_entry seed_meta_5[] = {
    META("kernel_id", "155d900f-4e14-4e4c-a73d-069cbf4541e6"),
    META_NULL("ramdisk_id"),
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* What the seven images share: active, complete, created and updated at the same second, links
 * derived from the endpoints, not snapshots, size unknown. Every field is spelled out, in the
 * struct's order (which also makes this table valid C++20). */
#define SEED_IMAGE(uuid, image_name, meta, disk)                                                  \
    {                                                                                             \
        .id = OSIMAGES_STR(uuid),                                                                 \
        .name = OSIMAGES_STR(image_name),                                                         \
        .has_name = 1,                                                                            \
        .status = OSIMAGES_IMAGE_STATUS_ACTIVE,                                                   \
        .progress = 100,                                                                          \
        .min_disk = 0,                                                                            \
        .min_ram = 0,                                                                             \
        .created = OSIMAGES_STR(SEED_DATE),                                                       \
        .updated = OSIMAGES_STR(SEED_DATE),                                                       \
        .metadata = (meta),                                                                       \
        .metadata_len = COUNT(meta),                                                              \
        .links = NULL,                                                                            \
        .links_len = 0,                                                                           \
        .server_id = { NULL, 0 },                                                                 \
        .disk_config = (disk),                                                                    \
        .has_size = 0,                                                                            \
        .size = 0,                                                                                \
        .explicit_links = 0,                                                                      \
    }

static const osimages_image seed_images[7] = {
    SEED_IMAGE("70a599e0-31e7-49b7-b260-868f441e862b", "fakeimage7", seed_meta_1,
               OSIMAGES_DISK_CONFIG_AUTO),
    SEED_IMAGE("155d900f-4e14-4e4c-a73d-069cbf4541e6", "fakeimage123456", seed_meta_2,
               OSIMAGES_DISK_CONFIG_NONE),
    SEED_IMAGE("a2459075-d96c-40d5-893e-577ff92e721c", "fakeimage123456", seed_meta_plain,
               OSIMAGES_DISK_CONFIG_NONE),
    SEED_IMAGE("a440c04b-79fa-479c-bed1-0b816eaec379", "fakeimage6", seed_meta_4,
               OSIMAGES_DISK_CONFIG_MANUAL),
    SEED_IMAGE("c905cedb-7281-47e4-8a62-f26bc5fc4c77", "fakeimage123456", seed_meta_5,
               OSIMAGES_DISK_CONFIG_NONE),
    SEED_IMAGE("cedef40a-ed67-4d10-800e-17455edce175", "fakeimage123456", seed_meta_plain,
               OSIMAGES_DISK_CONFIG_NONE),
    SEED_IMAGE("76fa36fc-c930-4bf3-8c8a-ea2a2420deb6", "fakeimage123456", seed_meta_plain,
               OSIMAGES_DISK_CONFIG_NONE),
};

#endif /* OSIMAGES_EXAMPLES_SEED_H */
