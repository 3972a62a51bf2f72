#!/usr/bin/env bash
# The whole test suite: what the README's test command runs, locally and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "setup (toolchain targets, components, Debian packages)"
# libxml2-utils: xmllint for the schema checks; cmake and pkg-config: the C ABI's build files;
# valgrind: memcheck over the C examples.
./scripts/setup.sh libxml2-utils cmake pkg-config valgrind

step "format"
cargo fmt --all -- --check

step "clippy (the workspace: library, C ABI, transcode; all targets, all features)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --quiet

step "tests (the workspace, all features)"
cargo test --workspace --all-features

step "no_std builds for bare-metal targets"
for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
  cargo build -p osimages -p osimages-capi --lib --release --target "$target"
done

step "benches compile (criterion; measuring them is scripts/bench-table.py's job, not CI's)"
cargo bench --no-run --quiet

step "footprint firmware builds (footprint/, thumbv7em-none-eabihf, opt-level z, LTO)"
cargo fmt --manifest-path footprint/Cargo.toml -- --check
(cd footprint && cargo clippy --release --bins --features measure --quiet -- -D warnings)
./scripts/footprint.sh --build

step "Miri (unit tests, golden files, the parser on the golden files, the C ABI)"
export MIRIFLAGS=-Zmiri-disable-isolation
# capi/tests/ffi_abi.rs makes every call and refusal under Miri with fewer formats, lengths and
# chunk sizes (its `MIRI` constant): every unsafe block of capi/src runs.
cargo +nightly miri test -p osimages --lib --test golden
cargo +nightly miri test -p osimages --test parse every_json_golden_file
cargo +nightly miri test -p osimages-capi --test ffi_abi

step "fuzz smoke (each target, a fixed number of runs from the committed seeds)"
(
  cd fuzz
  cargo +nightly fuzz build -O
  # target:runs, each well under a minute on this machine's two cores (render checks every
  # format of every document per input: fewer runs; an ffi input is a sequence of calls).
  for spec in parse:20000 render:3000 ffi:40000; do
    target=${spec%%:*} runs=${spec#*:}
    mkdir -p "corpus/$target" "seeds/$target"
    cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- -runs="$runs" -seed=1
  done
)

# --- The C ABI (capi/): include/osimages.h is checked by `cargo test` (capi/tests/ffi_header.rs)
# and every exported function by capi/tests/ffi_abi.rs; what follows needs the C toolchain.

# The symbols the archive's own code may leave to the C toolchain: memory and string primitives,
# and on ARM the EABI helpers (__aeabi_*: memory, 64-bit multiply and divide on Cortex-M0) that
# the compiler's own libgcc provides. Anything else would be a system library to link.
ffi_runtime='^(memcpy|memmove|memset|memcmp|bcmp|strlen|__aeabi_[a-z0-9]+)$'

# ffi_needs WHAT SYMBOLS: fails if the undefined SYMBOLS of WHAT name the panic proof's symbol
# or anything beyond the C toolchain's runtime.
ffi_needs() {
  local what=$1 needs=$2
  if [ -z "$needs" ]; then
    echo "ffi: found no undefined symbols in $what: not the library expected" >&2
    return 1
  fi
  if grep -qx osimages_error_a_panic_path_survived_optimisation <<<"$needs"; then
    echo "ffi: a panic path survived optimisation in $what" >&2
    return 1
  fi
  if grep -Evq "$ffi_runtime" <<<"$needs"; then
    echo "ffi: $what needs more than the C runtime:" >&2
    grep -Ev "$ffi_runtime" <<<"$needs" >&2
    return 1
  fi
  echo "ffi: $what needs only: $(tr '\n' ' ' <<<"$needs")"
}

# ffi_archive_needs ARCHIVE: the undefined symbols of the archive's own object (the crate's code,
# one object after LTO), leaving out the compiler_builtins members that come with it.
ffi_archive_needs() {
  nm -A -u "$1" 2>/dev/null | grep -E ':osimages_capi[.-]' | awk '{print $NF}' | sort -u
}

# ffi_archive TARGET: builds the no_std static archive for TARGET (for the host, the shared
# library too, with the same command as ffi-examples/Makefile) and checks what they need.
ffi_archive() {
  local target=$1
  if [ "$target" = host ]; then
    ./scripts/build-capi.sh
    local so=target/release/libosimages.so exported
    ffi_needs "$so" "$(nm -D -u "$so" | awk '$1 == "U" {print $2}' | sort -u)"
    exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sort -u)
    if grep -vq '^osimages_' <<<"$exported"; then
      echo "ffi: $so exports more than osimages_*:" >&2
      grep -v '^osimages_' <<<"$exported" >&2
      return 1
    fi
    ffi_needs target/release/libosimages.a "$(ffi_archive_needs target/release/libosimages.a)"
  else
    ./scripts/build-capi.sh "$target"
    local a=target/$target/release/libosimages.a
    ffi_needs "$a" "$(ffi_archive_needs "$a")"
  fi
}

step "C ABI: clippy on the no_std archive build (its panic handler included)"
cargo clippy -p osimages-capi --lib --release -- -D warnings --cfg osimages_archive

step "C ABI: no_std static archives (no panic path, no system library) for the host and bare metal; the host's shared library"
for target in host thumbv7em-none-eabihf thumbv6m-none-eabi; do
  ffi_archive "$target"
done

step "C ABI: examples and header-only TUs (gcc/g++ -Wall -Wextra -Werror -pedantic), outputs vs expected/ and tests/golden"
make -C ffi-examples --no-print-directory check BUILD=build/plain

step "C ABI: the same under -fsanitize=address,undefined"
make -C ffi-examples --no-print-directory check BUILD=build/asan \
  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all"

step "C ABI: the examples under valgrind's memcheck (no error, no definitely lost block)"
make -C ffi-examples --no-print-directory memcheck BUILD=build/plain

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
