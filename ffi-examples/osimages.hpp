// osimages.hpp: a small header-only C++17 convenience layer over osimages.h.
//
// - std::string_view in (osimages::str), std::string out (render into a std::string);
// - RAII storage: an osimages::List is initialised by its constructor, so it cannot be used
//   uninitialised; lists and cursors cannot be copied (a cursor points at its list);
// - no exceptions: every call returns an osimages::Result, which says what and where.
//
// Everything here is a thin inline call into the C API; nothing is hidden from it.
#ifndef OSIMAGES_HPP
#define OSIMAGES_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "osimages.h"

namespace osimages {

/// A borrowed C string from a string_view: no copy, no NUL needed.
inline osimages_str str(std::string_view s) noexcept { return osimages_str{s.data(), s.size()}; }

/// A metadata entry whose value is `value`.
inline osimages_meta_entry meta(std::string_view key, std::string_view value) noexcept
{
    return osimages_meta_entry{str(key), str(value), 1};
}

/// A metadata entry whose value is null.
inline osimages_meta_entry meta_null(std::string_view key) noexcept
{
    return osimages_meta_entry{str(key), osimages_str{nullptr, 0}, 0};
}

/// An image with this id and nothing else set (the zeroed C struct's defaults).
inline osimages_image image(std::string_view id) noexcept
{
    osimages_image img{};
    img.id = str(id);
    return img;
}

/// What a call did: the C error record, with readable accessors.
class Result {
public:
    Result() noexcept : err_{} { err_.status = OSIMAGES_STATUS_OK; }

    bool ok() const noexcept { return err_.status == OSIMAGES_STATUS_OK; }
    explicit operator bool() const noexcept { return ok(); }
    std::uint32_t status() const noexcept { return err_.status; }
    std::string_view message() const noexcept { return osimages_status_str(err_.status); }
    std::string_view field() const noexcept { return osimages_field_str(err_.field); }
    const osimages_error &raw() const noexcept { return err_; }

    /// `not a UUID (field "id", image 7)`, `unknown key (field "image", image 0, key "x")`,
    /// `more text than the list holds (field "image", image 3, 4200 needed)`, or `OK`.
    std::string describe() const
    {
        std::string s(message());
        if (err_.field == OSIMAGES_FIELD_NONE && err_.argument == 0) {
            return s;
        }
        s += " (";
        if (err_.field != OSIMAGES_FIELD_NONE) {
            s += "field \"" + std::string(field()) + "\"";
        } else {
            s += "argument " + std::to_string(err_.argument);
        }
        if (err_.image != OSIMAGES_NO_INDEX) {
            s += ", image " + std::to_string(err_.image);
        }
        if (err_.entry != OSIMAGES_NO_INDEX) {
            s += ", entry " + std::to_string(err_.entry);
        }
        if (err_.key[0] != '\0') {
            s += ", key \"" + std::string(err_.key) + "\"";
        }
        if (err_.needed != 0) {
            s += ", " + std::to_string(err_.needed) + " needed";
        }
        return s + ")";
    }

    osimages_error *out() noexcept { return &err_; }

private:
    osimages_error err_;
};

/// Renders into a std::string: a size query, then the document (the string grows as needed).
template <class RenderFn> Result render_into(std::string &out, RenderFn render)
{
    Result r;
    std::size_t len = 0;
    if (render(nullptr, 0, &len, r.out()) != OSIMAGES_STATUS_OK) {
        return r;
    }
    out.resize(len + 1);
    render(out.data(), out.size(), &len, r.out());
    out.resize(r.ok() ? len : 0);
    return r;
}

/// An owned image list in its own storage (about 7.7 KiB: prefer static or member storage to
/// the stack on small targets).
class List {
public:
    List() noexcept { osimages_list_init(&storage_, sizeof storage_, init_.out()); }
    List(const List &) = delete;
    List &operator=(const List &) = delete;

    /// Whether the constructor succeeded (it fails only for storage the library cannot use).
    const Result &init_result() const noexcept { return init_; }

    Result set_endpoints(std::string_view compute, std::string_view image_service,
                         std::string_view tenant) noexcept
    {
        Result r;
        osimages_list_set_endpoints(&storage_, str(compute), str(image_service), str(tenant),
                                    r.out());
        return r;
    }

    Result set_next_link(std::string_view href) noexcept
    {
        Result r;
        osimages_list_set_next_link(&storage_, str(href), r.out());
        return r;
    }

    /// Copies `image` (with its metadata and links) into the list.
    Result push(const osimages_image &image, std::size_t *index = nullptr) noexcept
    {
        Result r;
        std::size_t i = 0;
        if (osimages_list_push(&storage_, &image, &i, r.out()) == OSIMAGES_STATUS_OK && index) {
            *index = i;
        }
        return r;
    }

    Result push_metadata(std::size_t image, const osimages_meta_entry &entry) noexcept
    {
        Result r;
        osimages_list_push_metadata(&storage_, image, &entry, r.out());
        return r;
    }

    std::size_t size() const noexcept { return osimages_list_len(&storage_); }

    /// One document (an OSIMAGES_DOCUMENT_*) in one format (an OSIMAGES_STYLE_*, optionally
    /// or-ed with OSIMAGES_OPTION_ASCII_ONLY) into `out`.
    Result render(std::string &out, std::uint32_t document, std::uint32_t format,
                  std::size_t image = 0) const
    {
        return render_into(out, [&](char *buf, std::size_t len, std::size_t *out_len,
                                    osimages_error *err) {
            return osimages_list_render(&storage_, document, image, format, buf, len, out_len,
                                        err);
        });
    }

    const osimages_list *get() const noexcept { return &storage_; }

private:
    osimages_list storage_;
    Result init_;
};

/// One document of a caller-owned view (zero-copy) into `out`.
inline Result render(std::string &out, const osimages_view &view, std::uint32_t document,
                     std::uint32_t format, std::size_t image = 0)
{
    return render_into(out, [&](char *buf, std::size_t len, std::size_t *out_len,
                                osimages_error *err) {
        return osimages_view_render(&view, document, image, format, buf, len, out_len, err);
    });
}

/// A chunked render: start it over a list or a view, then stream it through a buffer.
class Cursor {
public:
    Cursor() noexcept : storage_{} {}
    Cursor(const Cursor &) = delete;
    Cursor &operator=(const Cursor &) = delete;

    Result start(const List &list, std::uint32_t document, std::uint32_t format,
                 std::size_t image = 0) noexcept
    {
        Result r;
        osimages_cursor_start_list(&storage_, sizeof storage_, list.get(), document, image, format,
                                   r.out());
        return r;
    }

    Result start(const osimages_view &view, std::uint32_t document, std::uint32_t format,
                 std::size_t image = 0) noexcept
    {
        Result r;
        osimages_cursor_start_view(&storage_, sizeof storage_, &view, document, image, format,
                                   r.out());
        return r;
    }

    /// Fills `buf` again and again, calling `sink(std::string_view chunk)` for each chunk, until
    /// the document is finished or a call fails.
    template <std::size_t N, class Sink> Result stream(char (&buf)[N], Sink &&sink)
    {
        Result r;
        std::size_t n = 0;
        while (osimages_cursor_fill(&storage_, buf, N, &n, r.out()) == OSIMAGES_STATUS_OK && n) {
            sink(std::string_view(buf, n));
        }
        return r;
    }

private:
    osimages_cursor storage_;
};

} // namespace osimages

#endif // OSIMAGES_HPP
