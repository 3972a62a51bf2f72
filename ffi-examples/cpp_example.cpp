// cpp_example.cpp: the C API from C++17 through osimages.hpp (RAII storage, std::string_view
// in, std::string out, no exceptions).
//
// Usage: cpp_example [DIR]   With DIR, the seed's detail list is also written there as pretty
//                            JSON, named as the golden file it must equal.
#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "osimages.hpp"

namespace {

constexpr std::string_view kDate = "2011-01-01T01:02:03Z";

// The seed's metadata, in the order of the API reference's XML example.
const std::array<osimages_meta_entry, 4> kMeta1 = {
    osimages::meta("kernel_id", "nokernel"), osimages::meta("auto_disk_config", "True"),
    osimages::meta("ramdisk_id", "nokernel"), osimages::meta("architecture", "x86_64")};
const std::array<osimages_meta_entry, 3> kMeta2 = {osimages::meta("kernel_id", "nokernel"),
                                                   osimages::meta("ramdisk_id", "nokernel"),
                                                   osimages::meta("architecture", "x86_64")};
const std::array<osimages_meta_entry, 2> kMetaPlain = {osimages::meta("kernel_id", "nokernel"),
                                                       osimages::meta("ramdisk_id", "nokernel")};
const std::array<osimages_meta_entry, 4> kMeta4 = {
    osimages::meta("kernel_id", "nokernel"), osimages::meta("auto_disk_config", "False"),
    osimages::meta("ramdisk_id", "nokernel"), osimages::meta("architecture", "x86_64")};
const std::array<osimages_meta_entry, 2> kMeta5 = {
    osimages::meta("kernel_id", "155d900f-4e14-4e4c-a73d-069cbf4541e6"),
    osimages::meta_null("ramdisk_id")};

template <std::size_t N>
osimages_image seed_image(std::string_view id, std::string_view name,
                          const std::array<osimages_meta_entry, N> &metadata,
                          std::uint32_t disk_config = OSIMAGES_DISK_CONFIG_NONE)
{
    osimages_image img = osimages::image(id);
    img.name = osimages::str(name);
    img.has_name = 1;
    img.progress = 100;
    img.created = img.updated = osimages::str(kDate);
    img.metadata = metadata.data();
    img.metadata_len = metadata.size();
    img.disk_config = disk_config;
    return img;
}

bool fail(const char *what, const osimages::Result &r)
{
    std::fprintf(stderr, "cpp_example: %s: %s\n", what, r.describe().c_str());
    return false;
}

bool build_seed(osimages::List &list)
{
    const osimages_image images[] = {
        seed_image("70a599e0-31e7-49b7-b260-868f441e862b", "fakeimage7", kMeta1,
                   OSIMAGES_DISK_CONFIG_AUTO),
        seed_image("155d900f-4e14-4e4c-a73d-069cbf4541e6", "fakeimage123456", kMeta2),
        seed_image("a2459075-d96c-40d5-893e-577ff92e721c", "fakeimage123456", kMetaPlain),
        seed_image("a440c04b-79fa-479c-bed1-0b816eaec379", "fakeimage6", kMeta4,
                   OSIMAGES_DISK_CONFIG_MANUAL),
        seed_image("c905cedb-7281-47e4-8a62-f26bc5fc4c77", "fakeimage123456", kMeta5),
        seed_image("cedef40a-ed67-4d10-800e-17455edce175", "fakeimage123456", kMetaPlain),
        seed_image("76fa36fc-c930-4bf3-8c8a-ea2a2420deb6", "fakeimage123456", kMetaPlain),
    };
    if (auto r = list.set_endpoints("http://openstack.example.com",
                                    "http://glance.openstack.example.com", "openstack");
        !r) {
        return fail("endpoints", r);
    }
    for (const auto &img : images) {
        if (auto r = list.push(img); !r) {
            return fail("push", r);
        }
    }
    return true;
}

osimages::List seed; // static storage: ~7.7 KiB that the stack does not have to hold

} // namespace

int main(int argc, char **argv)
{
    if (!seed.init_result() || !build_seed(seed)) {
        return 1;
    }

    std::string pretty;
    if (auto r = seed.render(pretty, OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_STYLE_JSON_PRETTY); !r) {
        fail("render", r);
        return 1;
    }
    std::printf("== detail, pretty JSON: %zu bytes in a std::string\n", pretty.size());
    if (argc > 1) {
        std::ofstream(std::string(argv[1]) + "/images-details.pretty.json", std::ios::binary)
            << pretty;
    }

    std::string summary;
    seed.render(summary, OSIMAGES_DOCUMENT_SUMMARY, OSIMAGES_STYLE_XML_WIRE);
    std::printf("== summary, nova wire XML\n%s\n", summary.c_str());

    // The same document, one-shot and streamed through 48 bytes at a time.
    std::string once, streamed;
    seed.render(once, OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_STYLE_JSON_NOVA);
    osimages::Cursor cursor;
    char buf[48];
    std::size_t chunks = 0;
    auto r = cursor.start(seed, OSIMAGES_DOCUMENT_DETAIL, OSIMAGES_STYLE_JSON_NOVA);
    if (r) {
        r = cursor.stream(buf, [&](std::string_view chunk) {
            streamed += chunk;
            ++chunks;
        });
    }
    std::printf("== nova wire JSON streamed in %zu chunks of at most %zu bytes: %s the one-shot "
                "render (%zu bytes)\n",
                chunks, sizeof buf, r && streamed == once ? "equal to" : "NOT equal to",
                once.size());

    // Non-ASCII text, as UTF-8 and with OSIMAGES_OPTION_ASCII_ONLY.
    static osimages::List other;
    other.set_endpoints("https://compute.example.net", "https://images.example.net", "demo");
    osimages_image cafe = osimages::image("155D900F-4E14-4E4C-A73D-069CBF4541E6");
    cafe.name = osimages::str("caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x90\xa7");
    cafe.has_name = 1;
    other.push(cafe);
    std::string utf8, ascii;
    other.render(utf8, OSIMAGES_DOCUMENT_SUMMARY, OSIMAGES_STYLE_JSON_COMPACT);
    other.render(ascii, OSIMAGES_DOCUMENT_SUMMARY,
                 OSIMAGES_STYLE_JSON_COMPACT | OSIMAGES_OPTION_ASCII_ONLY);
    std::printf("== UTF-8 name\n%s\n== with OSIMAGES_OPTION_ASCII_ONLY\n%s\n", utf8.c_str(),
                ascii.c_str());

    // Refusals say what and where, and leave the list as it was.
    osimages_image bad = cafe;
    bad.name = osimages::str("\xff\xfe");
    std::printf("== a name that is not UTF-8: %s\n", other.push(bad).describe().c_str());
    std::printf("== metadata key \"kernel_id\" again on image 0: %s\n",
                seed.push_metadata(0, osimages::meta("kernel_id", "x")).describe().c_str());
    std::printf("== the lists still hold %zu and %zu images\n", seed.size(), other.size());
    return 0;
}
