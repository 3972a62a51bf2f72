#!/usr/bin/env bash
# The test suite, in stages; each installs what it needs first (scripts/setup.sh).
#
#   scripts/check.sh              every stage, in order: what the README's test command and
#                                 .ci/run run (same as `scripts/check.sh all`)
#   scripts/check.sh quick        fmt, clippy, docs, tests: the loop while working
#   scripts/check.sh STAGE...     any stages, in the order given
#
# Stages: quick nostd msrv ffi miri fuzz footprint package (see stage_* below). They share one
# target directory and the same feature sets and profiles, so what one stage built the next one
# reuses. To add a step, add it to the stage it belongs to (or add a stage_NAME function and
# its name to STAGES).
set -euo pipefail
cd "$(dirname "$0")/.."

STAGES=(quick nostd msrv ffi miri fuzz footprint package)
# Where cargo builds the workspace (CARGO_TARGET_DIR is honoured throughout).
TARGET_DIR=${CARGO_TARGET_DIR:-target}

# Each step's line says when it began (seconds since the suite began): what a step took is the
# difference to the next one.
step() { printf '\n==> [%ds] %s\n' "$SECONDS" "$*"; }

# background NAME COMMAND...: starts COMMAND with its output kept in a log; `collect` waits for
# every command started so, prints each one's output in turn, and fails if any failed. A Miri run
# and an LTO build of one codegen unit each use one core: two side by side use a 2-core machine.
# Two cargo builds side by side need their target directories made first: cargo makes a missing
# one as a temporary directory renamed into place, and a build that makes `target` so can replace
# the `target` that the other build has just made around its own temporary `target/NAME…` (a cold
# CI run failed so: "No such file or directory … fuzz/target/asanELfX5P").
bg_pids=() bg_logs=() bg_names=()
# A stage that fails leaves no command of its own running.
trap 'for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
background() {
  local name=$1 log
  shift
  log=$(mktemp)
  "$@" >"$log" 2>&1 &
  bg_pids+=("$!") bg_logs+=("$log") bg_names+=("$name")
}
collect() {
  local i failed=()
  for i in "${!bg_pids[@]}"; do
    wait "${bg_pids[$i]}" || failed+=("${bg_names[$i]}")
    printf '\n--- %s\n' "${bg_names[$i]}"
    cat "${bg_logs[$i]}"
    rm -f "${bg_logs[$i]}"
  done
  bg_pids=() bg_logs=() bg_names=()
  if ((${#failed[@]})); then
    echo "failed: ${failed[*]}" >&2
    return 1
  fi
}

# --- quick: what every change must keep green --------------------------------------------------
stage_quick() {
  step "format"
  cargo fmt --all -- --check

  step "clippy (the workspace: library, C ABI, transcode; all targets, all features)"
  cargo clippy --workspace --all-targets --all-features -- -D warnings

  step "clippy on the C library's own build (its panic handler included)"
  cargo clippy -p osimages-capi --lib --release -- -D warnings --cfg osimages_archive

  step "docs (all features, then the library's as \`cargo doc -p osimages\` builds them: no feature; then its private items in both builds, whose links differ)"
  RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --quiet
  RUSTDOCFLAGS="-D warnings" cargo doc -p osimages --no-deps --quiet
  RUSTDOCFLAGS="-D warnings" cargo doc -p osimages --no-deps --quiet --document-private-items
  RUSTDOCFLAGS="-D warnings" cargo doc -p osimages --no-deps --quiet --document-private-items --features small

  step "tests (the workspace, all features: the small build, feature \`small\`)"
  cargo test --workspace --all-features

  step "the unit tests (the exhaustive string tests among them), golden files and round trips again on the default (fast) build"
  cargo test -p osimages --lib --test golden --test roundtrip --test agent
}

# --- nostd: bare-metal builds ------------------------------------------------------------------
stage_nostd() {
  step "no_std builds for bare-metal targets (the library and the C ABI's rlib; the small build, as firmware builds them)"
  local target
  for target in thumbv7em-none-eabihf thumbv6m-none-eabi; do
    cargo build -p osimages -p osimages-capi --lib --release --target "$target" \
      --features osimages-capi/small
  done

  step "a Rust firmware (thumbv7em, its own panic handler) that links the C ABI from osimages-capi: every function of the header in the image"
  # Its own workspace and profile: built in a directory of its own under the target directory.
  local fw=capi/callers/firmware fw_target=$TARGET_DIR/callers-firmware elf functions missing
  cargo fmt --manifest-path "$fw/Cargo.toml" -- --check
  cargo clippy --manifest-path "$fw/Cargo.toml" --target-dir "$fw_target" --release \
    --target thumbv7em-none-eabihf --quiet -- -D warnings
  cargo build --manifest-path "$fw/Cargo.toml" --target-dir "$fw_target" --release \
    --target thumbv7em-none-eabihf
  elf=$fw_target/thumbv7em-none-eabihf/release/osimages-capi-firmware-caller
  functions=$(grep -oE '^[a-z].*\bosimages_[a-z_]+\(' include/osimages.h | grep -oE 'osimages_[a-z_]+\(' | tr -d '(' | sort -u)
  missing=$(comm -23 <(echo "$functions") <(nm "$elf" | awk '$2 == "T" {print $3}' | sort -u))
  if [ -n "$missing" ]; then
    echo "nostd: the firmware lacks: $missing" >&2
    return 1
  fi
  echo "nostd: $elf links all $(wc -l <<<"$functions") functions of osimages.h"
}

# --- msrv: the declared minimum Rust version ---------------------------------------------------
stage_msrv() {
  local msrv
  msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
  step "the workspace builds with Rust $msrv, the declared rust-version (library, C ABI, transcode; all features)"
  cargo "+$msrv" check --workspace --lib --bins --all-features
}

# --- ffi: the C library as C programs and packagers meet it ------------------------------------

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

# ffi_archive_exports ARCHIVE: the archive's own object defines no global symbol but osimages_*;
# the other members are Rust's compiler-builtins (compiler-rt helpers), which a linker takes
# only for a symbol a program still lacks (the README lists them).
ffi_archive_exports() {
  local own others
  own=$(nm -A -g --defined-only "$1" 2>/dev/null | grep -E ':osimages_capi[.-]' | awk '{print $NF}')
  if [ -z "$own" ] || grep -vq '^osimages_' <<<"$own"; then
    echo "ffi: $1 defines globals beyond osimages_*:" >&2
    grep -v '^osimages_' <<<"$own" >&2
    return 1
  fi
  others=$(nm -A -g --defined-only "$1" 2>/dev/null | grep -Ev ':osimages_capi[.-]' |
    awk 'NF == 3 {print $NF}' | sort -u)
  echo "ffi: $1 defines $(wc -l <<<"$own") osimages_* functions, and $(grep -c . <<<"$others") compiler-builtins helpers: $(tr '\n' ' ' <<<"$others")"
}

# ffi_archive TARGET: builds the no_std static archive for TARGET (for the host, the shared
# library too) and checks what they need.
ffi_archive() {
  local target=$1
  if [ "$target" = host ]; then
    ./scripts/build-capi.sh
    local so=$TARGET_DIR/release/libosimages.so exported
    ffi_needs "$so" "$(nm -D -u "$so" | awk '$1 == "U" {sub(/@.*/, "", $2); print $2}' | sort -u)"
    exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sort -u)
    if grep -vq '^osimages_' <<<"$exported"; then
      echo "ffi: $so exports more than osimages_*:" >&2
      grep -v '^osimages_' <<<"$exported" >&2
      return 1
    fi
    ffi_needs "$TARGET_DIR/release/libosimages.a" "$(ffi_archive_needs "$TARGET_DIR/release/libosimages.a")"
    ffi_archive_exports "$TARGET_DIR/release/libosimages.a"
  else
    ./scripts/build-capi.sh "$target"
    local a=$TARGET_DIR/$target/release/libosimages.a
    ffi_needs "$a" "$(ffi_archive_needs "$a")"
    ffi_archive_exports "$a"
  fi
}

# ffi_archive_s: the bare-metal archive at opt-level "s" (the README's other choice for firmware;
# the small build, as at "z") must keep no panic path either. In a target directory of its own,
# so that it builds beside the stage's other builds and does not replace the "z" archive that
# footprint/ links. (The fast build at "s" for Cortex-M4 took 15 minutes of one core here, most
# of the stage; the fast build's proof is the host's, at opt-level 3.)
ffi_archive_s() {
  local TARGET_DIR=$TARGET_DIR/ffi-s
  CARGO_TARGET_DIR=$TARGET_DIR OSIMAGES_OPT_LEVEL=s ffi_archive thumbv7em-none-eabihf
}

stage_ffi() {
  step "C ABI: the bare-metal archive at opt-level s for Cortex-M4 (no panic path), in the background"
  background "C ABI: no_std static archive, Cortex-M4, opt-level s" ffi_archive_s

  step "C ABI: an archive built with compact JSON only (OSIMAGES_STYLES) renders it and refuses the other styles"
  # First, and kept under another name: the host archive built next (with every style) takes its
  # place. The small build: what this checks is which styles are built in, and the fast build of
  # the core is minutes of one core more.
  local styles_dir=$TARGET_DIR/ffi-styles
  mkdir -p "$styles_dir"
  OSIMAGES_STYLES=json-compact OSIMAGES_SMALL=1 ./scripts/build-capi.sh
  cp -f "$TARGET_DIR/release/libosimages.a" "$styles_dir/libosimages-json-compact.a"
  gcc -std=c99 -Wall -Wextra -Werror -pedantic -O2 -Iinclude -o "$styles_dir/styles" \
    ffi-examples/styles.c "$styles_dir/libosimages-json-compact.a"
  "$styles_dir/styles" json-compact

  step "C ABI: no_std static archives (no panic path, no system library) for the host (opt-level 3, fast build) and bare metal (opt-level z, small build); the host's shared library"
  local target
  for target in host thumbv7em-none-eabihf thumbv6m-none-eabi; do
    ffi_archive "$target"
  done

  step "a std Rust program with panic = \"abort\" (release) that calls the C ABI from osimages-capi (the small build: what it proves is the linking, and the fast build at release is minutes more)"
  cargo run --release -p osimages-capi-hosted-caller --features osimages-capi/small

  step "C ABI: examples and header-only TUs (gcc/g++ -Wall -Wextra -Werror -pedantic), outputs vs expected/ and tests/golden"
  make -C ffi-examples --no-print-directory check BUILD=build/plain

  step "C ABI: the same under -fsanitize=address,undefined"
  make -C ffi-examples --no-print-directory check BUILD=build/asan \
    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all"

  step "C ABI: the examples under valgrind's memcheck (no error, no definitely lost block)"
  make -C ffi-examples --no-print-directory memcheck BUILD=build/plain

  step "C ABI: the examples' CMake build and ctest"
  cmake -S ffi-examples -B ffi-examples/build/cmake -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build ffi-examples/build/cmake -j 2 >/dev/null
  (cd ffi-examples/build/cmake && ctest --output-on-failure)

  step "C ABI: make install into a temporary prefix; a C program built against it with pkg-config, CMake and plain -losimages, static and shared; DESTDIR and uninstall"
  ./scripts/test-install.sh

  step "C ABI: what was built in the background"
  collect
}

# --- miri: undefined behaviour in the core and at the C boundary -------------------------------

# miri_big_endian: the core interpreted as on a 32-bit big-endian machine
# (powerpc-unknown-linux-gnu; Miri needs nothing installed for it): the byte order and word size
# an appliance may have and the host has not. Its unit tests (the word-at-a-time string tests
# among them: one reading a word in the machine's order fails there), every golden file
# rendered by the list and the view, and the parser on them. The core has no unsafe code of its
# own: run so, it is interpreted once, on the target the host's native runs do not cover.
# The core and the target, for the Miri build step and miri_big_endian alike.
miri_be=(-p osimages --target powerpc-unknown-linux-gnu)
# miri_renders CARGO_ARGS...: the core's unit tests and every golden file rendered by the list
# and the view, under Miri, built with CARGO_ARGS.
miri_renders() {
  cargo +nightly miri test "$@" --lib
  cargo +nightly miri test "$@" --test golden -- \
    owned_list_renders_every_golden_file borrowed_view_renders_every_golden_file
}
miri_big_endian() {
  miri_renders "${miri_be[@]}"
  cargo +nightly miri test "${miri_be[@]}" --test parse every_json_golden_file
}

# The small build (feature `small`: the packed plans read at run time, one walker for every
# style), whose plan tables and their decoding the native runs check only on a little-endian
# host: its renders big-endian too (its parser is the default build's).
miri_small_be=(-p osimages --features small --target powerpc-unknown-linux-gnu)

# miri_first_half NAME...: the named tests of ffi_abi, then the small build big-endian (the other
# core runs the other half and the default build big-endian).
miri_first_half() {
  cargo +nightly miri test -p osimages-capi --test ffi_abi -- --exact "$@"
  miri_renders "${miri_small_be[@]}"
}

stage_miri() {
  export MIRIFLAGS=-Zmiri-disable-isolation
  step "Miri: build the tests (both cores)"
  cargo +nightly miri test "${miri_be[@]}" --lib --test golden --test parse --no-run
  cargo +nightly miri test "${miri_small_be[@]}" --lib --test golden --no-run
  cargo +nightly miri test -p osimages-capi --test ffi_abi --no-run

  step "Miri: every C ABI call (capi/src holds the project's only unsafe code) and the core on a 32-bit big-endian target, both builds (its unit tests, the golden files, the parser); two runs side by side"
  # capi/tests/ffi_abi.rs makes every call and refusal under Miri with fewer formats, lengths,
  # chunk sizes and images (its `MIRI` constant): every unsafe block of capi/src runs, and every
  # golden file is rendered through it. Its tests are split in two halves, one per core.
  local tests half=() other=() k=0 name
  tests=$(cargo +nightly miri test -q -p osimages-capi --test ffi_abi -- --list 2>/dev/null |
    sed -n 's/: test$//p' | sort)
  for name in $tests; do
    if ((k++ % 2)); then half+=("$name"); else other+=("$name"); fi
  done
  if ((${#half[@]} == 0 || ${#other[@]} == 0)); then
    echo "miri: could not list the tests of ffi_abi" >&2
    return 1
  fi
  background "Miri: the C ABI (ffi_abi), first half; the small build big-endian" \
    miri_first_half "${other[@]}"
  # The other core: the second half, then the core big-endian.
  cargo +nightly miri test -p osimages-capi --test ffi_abi -- --exact "${half[@]}"
  miri_big_endian
  collect
}

# --- fuzz: a smoke run of every fuzz target from the committed seeds ---------------------------

# fuzz_summary TARGET LOG: one line from libFuzzer's closing line and its last status line.
fuzz_summary() {
  local status done_line
  status=$(grep -E '^#[0-9]+' "$2" | tail -n 1 | grep -oE 'cov: .*' || true)
  done_line=$(grep -E '^Done [0-9]+ runs' "$2" | tail -n 1 | sed -E 's/^Done //; s/ second\(s\)/ s/')
  printf 'fuzz %-7s %s; %s\n' "$1:" "${done_line:-no closing line}" "${status:-no status line}"
}

stage_fuzz() {
  step "fuzz smoke (each target, a fixed number of runs from the committed seeds; full logs in fuzz/logs/): parse and render on the fast build, the C ABI (ffi) on the small one under AddressSanitizer"
  (
    cd fuzz
    mkdir -p logs
    # cargo-fuzz compiles each crate as one codegen unit by default (faster fuzzing, but the C
    # ABI's crate alone then took over 20 minutes to instrument here); 16 units use both cores.
    # AddressSanitizer only where there is unsafe code, the C ABI's (parse and render fuzz safe
    # Rust: without it they build in about half the time and run six times faster). The C ABI
    # target is built with the small renderer (fuzz/Cargo.toml says why), in a target directory
    # of its own: other flags would rebuild what the first build made. `run` is given the same
    # flags, so that it does not build again.
    local common=(-O --codegen-units 16)
    local safe=("${common[@]}" --sanitizer none)
    local ffi=("${common[@]}" --features ffi,small --target-dir target/asan)
    mkdir -p target/asan
    background "fuzz: build ffi" cargo +nightly fuzz build "${ffi[@]}" ffi
    if ! cargo +nightly fuzz build "${safe[@]}" >logs/build.log 2>&1 || ! collect >>logs/build.log 2>&1; then
      tail -n 40 logs/build.log >&2
      exit 1
    fi
    # target:runs, each well under a minute on this machine's two cores (render checks every
    # format of every document per input: fewer runs; an ffi input is a sequence of calls).
    local spec target runs log flags dict
    for spec in parse:20000 render:10000 ffi:40000; do
      target=${spec%%:*} runs=${spec#*:} log=logs/$target.log
      if [ "$target" = ffi ]; then flags=("${ffi[@]}"); else flags=("${safe[@]}"); fi
      # A target's dictionary (its document's keys and values), where it has one.
      dict=()
      if [ -f "dicts/$target.dict" ]; then dict=(-dict="dicts/$target.dict"); fi
      mkdir -p "corpus/$target" "seeds/$target"
      if ! cargo +nightly fuzz run "${flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
        -runs="$runs" -seed=1 "${dict[@]}" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $target failed; the whole log is fuzz/$log" >&2
        exit 1
      fi
      fuzz_summary "$target" "$log"
    done
  )
}

# --- footprint: what measures speed and size builds; the firmware renders the golden files ------
stage_footprint() {
  step "benches build (criterion; unoptimised: measuring them is scripts/bench-table.py's job, not CI's, and clippy checked them)"
  cargo build --benches --quiet

  step "footprint firmware, Rust (footprint/, opt-level z, LTO) and C (footprint/c, arm-none-eabi-gcc -Os, --gc-sections, newlib-nano), for a Cortex-M4: each booted under qemu-system-arm -M mps2-an386, its output vs tests/golden/ byte for byte; sizes and painted stack"
  cargo fmt --manifest-path footprint/Cargo.toml -- --check
  # In footprint/ for its .cargo/config.toml (the thumbv7em target), under the shared target dir.
  local fp_target=$TARGET_DIR/footprint
  case $fp_target in /*) ;; *) fp_target=$PWD/$fp_target ;; esac
  (cd footprint && cargo clippy --release --bins --features measure --quiet \
    --target-dir "$fp_target" -- -D warnings)
  ./scripts/footprint.sh
}

# --- package: what crates.io would receive -----------------------------------------------------
stage_package() {
  local version out
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
  step "cargo publish --dry-run: osimages and osimages-capi as crates.io would receive them, each built from its package alone"
  # cargo verifies osimages-capi against the packaged osimages through a local registry, and
  # reuses what an earlier run unpacked (under $CARGO_HOME/registry/src/-<hash>/) and built for
  # the same version, however the sources changed since (registry crates never change). So the
  # packages are made and built in a target directory of their own, emptied first.
  out=$TARGET_DIR/publish
  rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/osimages-* "$out"
  # --allow-dirty: a working tree with uncommitted edits can run the stage too (CI's clone is clean).
  CARGO_TARGET_DIR=$out cargo publish --dry-run -p osimages -p osimages-capi --allow-dirty

  step "no packaged file refers to a repository file its package leaves out"
  python3 scripts/package-refs.py "$out/package/osimages-$version"
  python3 scripts/package-refs.py "$out/package/osimages-capi-$version" capi
}

# -----------------------------------------------------------------------------------------------
run_stage() {
  local s=$1 start=$SECONDS
  if ! declare -F "stage_$s" >/dev/null; then
    echo "check.sh: unknown stage '$s' (stages: ${STAGES[*]} all)" >&2
    exit 2
  fi
  printf '\n######## stage %s\n' "$s"
  ./scripts/setup.sh "$s"
  "stage_$s"
  timings+=("$s $((SECONDS - start))s")
  printf '\n######## stage %s passed in %ds\n' "$s" $((SECONDS - start))
}

timings=()
mkdir -p "$TARGET_DIR" # see `background`
if [ $# -eq 0 ] || [ "$*" = all ]; then
  set -- "${STAGES[@]}"
fi
for s in "$@"; do run_stage "$s"; done

printf '\ncheck.sh: all steps passed in %ds (%s)\n' "$SECONDS" "$(IFS=,; echo "${timings[*]}" | sed 's/,/, /g')"
# CPU time of everything the suite ran (user, system): unlike wall time, not inflated by load.
cpu=$(mktemp)
times >"$cpu" # in this shell: a pipe would run it in a subshell, which has no children
echo "check.sh: CPU time of the commands run (user, system): $(tail -n 1 "$cpu")"
rm -f "$cpu"
