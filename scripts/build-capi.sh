#!/usr/bin/env bash
# Builds the C library from capi/: the no_std static archive and, for the host, the shared
# library, with the panic handler that proves at link time that no panic path is left
# (`--cfg osimages_archive`, capi/src/panic.rs). Puts them under their C names next to cargo's
# outputs ($CARGO_TARGET_DIR, default target/):
#
#   scripts/build-capi.sh          release/libosimages.a
#                                  release/libosimages.so.0.3.0 (SONAME libosimages.so.0.3)
#                                  release/libosimages.so.0.3 -> libosimages.so.0.3.0
#                                  release/libosimages.so -> libosimages.so.0.3
#   scripts/build-capi.sh TARGET   TARGET/release/libosimages.a (bare metal: the archive only)
#
# OSIMAGES_STYLES chooses the styles built in (default: all five), as the cargo features of
# osimages-capi; a style left out costs no flash, and the library refuses it with
# OSIMAGES_STATUS_STYLE_NOT_BUILT:
#
#   OSIMAGES_STYLES="json-compact xml-wire" scripts/build-capi.sh thumbv7em-none-eabihf
#
# (names: json-compact json-pretty json-nova xml-wire xml-pretty, separated by spaces or commas).
#
# Host libraries are built at opt-level 3 with the fast renderer, bare-metal archives at "z"
# with the small one (the core's feature `small`: the same output for a fraction of the flash).
# OSIMAGES_OPT_LEVEL and OSIMAGES_SMALL (1 or 0) override either:
#
#   OSIMAGES_OPT_LEVEL=s OSIMAGES_SMALL=0 scripts/build-capi.sh thumbv7em-none-eabihf
#
# Bare-metal archives at "z" are built for a firmware that calls a few of the library's
# functions (no machine outliner, inlining as at "s"); OSIMAGES_OUTLINE=1 builds one for a
# firmware that calls most of them (LLVM's own choices at "z"):
#
#   OSIMAGES_OUTLINE=1 scripts/build-capi.sh thumbv7em-none-eabihf
#
# The shared library names the C library it needs (NEEDED libc.so.6, for its mem*/strlen) and is
# linked with `-z defs`: a symbol defined nowhere, such as the panic proof's, fails its link.
#
# The SONAME carries the ABI version: MAJOR, or MAJOR.MINOR while MAJOR is 0 (a 0.x minor
# release may change the ABI, as Cargo's semver rules allow), as cargo-c names it.
#
# A bare-metal archive (a target whose OS is `none`) leaves the memory primitives (memcpy,
# memmove, memset, memcmp, bcmp, strlen and ARM's __aeabi_mem* helpers) to the firmware's C
# library, which has them (GCC requires memcpy, memmove, memset and memcmp of a freestanding
# program; newlib, newlib-nano and picolibc have the __aeabi_* ones too): the archive does not
# carry Rust's compiler-builtins copies, which are larger than newlib-nano's (1.5 KB of a
# firmware that renders one style) and, being in the archive, would be linked instead of the
# C library's ones a firmware already holds. OSIMAGES_RUST_MEM=1 keeps them, for a C runtime
# without these functions:
#
#   OSIMAGES_RUST_MEM=1 scripts/build-capi.sh thumbv7em-none-eabihf
#
# The one place that knows how the C library is built: the Makefile, ffi-examples/ and the test
# suite all call it.
set -euo pipefail
out=${CARGO_TARGET_DIR:-target}
case $out in /*) ;; *) out=$PWD/$out ;; esac
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=$out

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
if [ "$major" = 0 ]; then abi=0.$minor; else abi=$major; fi

features=()
if [ -n "${OSIMAGES_STYLES:-}" ]; then
  features=(--no-default-features --features "$(tr ', ' '\n\n' <<<"$OSIMAGES_STYLES" | grep . | paste -sd, -)")
fi

# drop_memory_members ARCHIVE: deletes the members of ARCHIVE (compiler-builtins') that define
# memory primitives and nothing else, so that the firmware's C library provides them. Reads the
# members with readelf and deletes them with ar, both the host's binutils, told the ELF flavour
# (binutils may otherwise hand the members to an LTO plugin, which cannot read their embedded
# bitcode and then leaves their symbols out of the archive's index).
drop_memory_members() {
  local archive=$1 flavour members
  flavour=$(readelf -h "$archive" 2>/dev/null | awk '
    $1 == "Class:" { bits = substr($2, 4) }
    $1 == "Data:" { order = ($0 ~ /little/) ? "little" : "big" }
    bits && order && !said { print "elf" bits "-" order; said = 1 }')
  members=$(readelf -sW "$archive" 2>/dev/null | awk '
    /^File: / { m = $2; sub(/^[^(]*\(/, "", m); sub(/\)$/, "", m); next }
    NF >= 8 && $1 ~ /^[0-9]+:$/ && $5 != "LOCAL" && $7 != "UND" && $4 != "SECTION" && $4 != "FILE" {
      if ($8 ~ /^(__aeabi_mem(cpy|move|set|clr)[48]?|mem(cpy|move|set|cmp)|bcmp|strlen)$/) mem[m] = 1
      else other[m] = 1
    }
    END { for (m in mem) if (!(m in other)) print m }' | sort)
  # Without GNU binutils (readelf, ar --target) the archive keeps them: larger, still correct.
  if [ -z "$flavour" ] || [ -z "$members" ]; then
    echo "build-capi: warning: found no memory primitives to leave to the C library in $archive (readelf missing?); compiler-builtins' are kept" >&2
    return 0
  fi
  # shellcheck disable=SC2086 # one member name per word (they have no spaces)
  if ! ar --target="$flavour" dD "$archive" $members; then
    echo "build-capi: warning: ar could not delete compiler-builtins' memory primitives from $archive; they are kept" >&2
    cp -f "$(dirname "$archive")/libosimages_capi.a" "$archive"
    return 0
  fi
  echo "build-capi: $(wc -l <<<"$members") members of compiler-builtins (memory primitives) left to the firmware's C library" >&2
}

target=${1:-}
# The optimisation level: speed for the host's libraries, size for bare metal (what firmware is
# built for); OSIMAGES_OPT_LEVEL (0-3, s, z) overrides either. The no-panic proof holds at each.
if [ -z "$target" ]; then opt=${OSIMAGES_OPT_LEVEL:-3}; else opt=${OSIMAGES_OPT_LEVEL:-z}; fi
if [ -z "$target" ]; then small=${OSIMAGES_SMALL:-0}; else small=${OSIMAGES_SMALL:-1}; fi
export CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt
if [ "$small" = 1 ]; then features+=(--features small); fi
echo "build-capi: opt-level $opt, small build $small" >&2
if [ -z "$target" ]; then
  cargo rustc -p osimages-capi --lib --release "${features[@]}" --crate-type staticlib,cdylib -- \
    --cfg osimages_archive -C "link-arg=-Wl,-soname,libosimages.so.$abi" \
    -C link-arg=-Wl,-z,defs -C link-arg=-lc
  dir=$out/release
  cp -f "$dir/libosimages_capi.a" "$dir/libosimages.a"
  cp -f "$dir/libosimages_capi.so" "$dir/libosimages.so.$version"
  ln -sfn "libosimages.so.$version" "$dir/libosimages.so.$abi"
  ln -sfn "libosimages.so.$abi" "$dir/libosimages.so"
else
  # At "z" (the default for bare metal), two codegen choices for a firmware that links a few of
  # the archive's functions with --gc-sections (one style's render, a push, a cursor): no
  # machine outliner (it shares instruction sequences across all the archive's functions, so
  # such a firmware keeps calls into outlined code whose other users it drops), and inlining up
  # to a threshold of 53, near LLVM's for "s" (50), instead of "z"'s. OSIMAGES_OUTLINE=1 keeps
  # LLVM's choices for "z", which are smaller for a firmware that links most of the API. The C
  # footprint (library flash): the view firmware 14,336 B with OSIMAGES_OUTLINE=1, 13,692 B
  # without; the every-function firmware 86,933 B with it, 92,772 B without (when the
  # threshold was 50). The threshold, measured again on the view firmware: 45 -> 12,308 B,
  # 48 and 50 -> 12,292, 51 to 55 -> 12,260, 58 and 60 -> 12,308 (53: the middle of the best).
  size_flags=()
  if [ "$opt" = z ] && [ "${OSIMAGES_OUTLINE:-0}" != 1 ]; then
    size_flags=(-C llvm-args=-enable-machine-outliner=never -C llvm-args=-inline-threshold=53)
  fi
  cargo rustc -p osimages-capi --lib --release "${features[@]}" --target "$target" --crate-type staticlib -- \
    --cfg osimages_archive "${size_flags[@]}"
  dir=$out/$target/release
  cp -f "$dir/libosimages_capi.a" "$dir/libosimages.a"
  case $target in
    *-none | *-none-*)
      if [ "${OSIMAGES_RUST_MEM:-0}" != 1 ]; then drop_memory_members "$dir/libosimages.a"; fi
      ;;
  esac
fi
