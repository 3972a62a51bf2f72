#!/usr/bin/env bash
# Builds the C library from capi/: the no_std static archive and, for the host, the shared
# library, with the panic handler that proves at link time that no panic path is left
# (`--cfg osimages_archive`, capi/src/panic.rs). Puts them under their C names next to cargo's
# outputs ($CARGO_TARGET_DIR, default target/):
#
#   scripts/build-capi.sh          release/libosimages.a
#                                  release/libosimages.so.0.2.0 (SONAME libosimages.so.0.2)
#                                  release/libosimages.so.0.2 -> libosimages.so.0.2.0
#                                  release/libosimages.so -> libosimages.so.0.2
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
# The shared library names the C library it needs (NEEDED libc.so.6, for its mem*/strlen) and is
# linked with `-z defs`: a symbol defined nowhere, such as the panic proof's, fails its link.
#
# The SONAME carries the ABI version: MAJOR, or MAJOR.MINOR while MAJOR is 0 (a 0.x minor
# release may change the ABI, as Cargo's semver rules allow), as cargo-c names it.
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
  cargo rustc -p osimages-capi --lib --release "${features[@]}" --target "$target" --crate-type staticlib -- \
    --cfg osimages_archive
  dir=$out/$target/release
  cp -f "$dir/libosimages_capi.a" "$dir/libosimages.a"
fi
