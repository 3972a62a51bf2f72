#!/usr/bin/env bash
# Builds the C library from capi/: the no_std static archive (and, for the host, the shared
# library), with the panic handler that proves at link time that no panic path is left
# (`--cfg osimages_archive`, capi/src/panic.rs). Copies them to their C names next to cargo's:
#
#   scripts/build-capi.sh            target/release/libosimages.a and libosimages.so
#   scripts/build-capi.sh TARGET     target/TARGET/release/libosimages.a (bare metal: archive only)
#
# The one place that knows how the C library is built: ffi-examples/Makefile, CMake and the
# test suite all call it.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
out=${CARGO_TARGET_DIR:-target}
if [ -z "$target" ]; then
  cargo rustc -p osimages-capi --lib --release --crate-type staticlib,cdylib -- --cfg osimages_archive
  dir=$out/release
  cp -f "$dir/libosimages_capi.a" "$dir/libosimages.a"
  cp -f "$dir/libosimages_capi.so" "$dir/libosimages.so"
else
  cargo rustc -p osimages-capi --lib --release --target "$target" --crate-type staticlib -- \
    --cfg osimages_archive
  dir=$out/$target/release
  cp -f "$dir/libosimages_capi.a" "$dir/libosimages.a"
fi
