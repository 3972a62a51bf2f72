#!/usr/bin/env bash
# The whole test suite: what the README's test command runs, locally and in CI.
# Prerequisites (toolchain targets, components, packages) are installed by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (all targets, all features)"
cargo clippy --all-targets --all-features -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet

step "tests (all features)"
cargo test --all-features

step "no_std builds for bare-metal targets"
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
  cargo build --lib --release --target "$target"
  cargo build --lib --release --target "$target" --features ffi
done

# --- The C ABI (feature `ffi`): include/osimages.h is checked by `cargo test` (tests/ffi_header.rs)
# and every exported function by tests/ffi_abi.rs; what follows needs the C toolchain.

# The symbols the archive's own code may leave to the C toolchain: memory and string primitives,
# and on ARM the EABI helpers (__aeabi_*: memory, 64-bit multiply and divide on Cortex-M0) that
# the compiler's own libgcc provides. Anything else would be a system library to link.
ffi_runtime='^(memcpy|memmove|memset|memcmp|bcmp|strlen|__aeabi_[a-z0-9]+)$'

# ffi_archive TARGET: builds the no_std static archive for TARGET and checks what it needs.
ffi_archive() {
  local target=$1 dir=target/$1/release
  [ "$target" = host ] && dir=target/release
  local target_args=()
  [ "$target" = host ] || target_args=(--target "$target")
  cargo rustc --lib --release --features ffi --crate-type staticlib "${target_args[@]}"
  local needs
  needs=$(nm -A -u "$dir/libosimages.a" 2>/dev/null | grep ':osimages-' | awk '{print $NF}' | sort -u)
  if grep -qx osimages_error_a_panic_path_survived_optimisation <<<"$needs"; then
    echo "ffi: a panic path survived optimisation in the $target archive" >&2
    return 1
  fi
  if grep -Evq "$ffi_runtime" <<<"$needs"; then
    echo "ffi: the $target archive needs more than the C runtime:" >&2
    grep -Ev "$ffi_runtime" <<<"$needs" >&2
    return 1
  fi
  echo "ffi: $dir/libosimages.a needs only: $(tr '\n' ' ' <<<"$needs")"
}

step "C ABI: clippy on the no_std archive build (its panic handler included)"
cargo clippy --lib --release --features ffi -- -D warnings

step "C ABI: no_std static archives (no panic path, no system library) for the host and bare metal"
for target in host thumbv7em-none-eabihf thumbv6m-none-eabi; do
  ffi_archive "$target"
done

step "C ABI: examples and header-only TUs (gcc/g++ -Wall -Wextra -Werror -pedantic), outputs vs expected/ and tests/golden"
make -C ffi-examples --no-print-directory check BUILD=build/plain

step "C ABI: the same under -fsanitize=address,undefined"
make -C ffi-examples --no-print-directory check BUILD=build/asan \
  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all"

step "C ABI: CMake build and ctest; make install and a build through pkg-config"
cmake -S ffi-examples -B ffi-examples/build/cmake -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build ffi-examples/build/cmake -j 2 >/dev/null
(cd ffi-examples/build/cmake && ctest --output-on-failure)
prefix=$(mktemp -d)
make -C ffi-examples --no-print-directory install PREFIX="$prefix" >/dev/null
gcc -std=c99 -Wall -Wextra -Werror -pedantic -o "$prefix/agent" ffi-examples/agent.c \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs osimages)
"$prefix/agent" | cmp - ffi-examples/expected/agent.out
rm -rf "$prefix"
echo "ffi: the installed header, archive and osimages.pc build the agent"

echo
echo "check.sh: all steps passed"
