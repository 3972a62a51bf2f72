#!/usr/bin/env bash
# The whole test suite: what the README's test command runs, locally and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "setup (toolchain targets, components, Debian packages)"
./scripts/setup.sh libxml2-utils

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

step "benches compile (criterion; measuring them is scripts/bench-table.py's job, not CI's)"
cargo bench --no-run --quiet

step "footprint firmware builds (footprint/, thumbv7em-none-eabihf, opt-level z, LTO)"
cargo fmt --manifest-path footprint/Cargo.toml -- --check
(cd footprint && cargo clippy --release --bins --features measure --quiet -- -D warnings)
./scripts/footprint.sh --build

step "Miri (unit tests, golden files, the parser on the golden files)"
export MIRIFLAGS=-Zmiri-disable-isolation
cargo +nightly miri test --lib --test golden
cargo +nightly miri test --test parse every_json_golden_file

step "fuzz smoke (each target, a fixed number of runs from the committed seeds)"
(
  cd fuzz
  cargo +nightly fuzz build -O
  for target in parse render; do
    mkdir -p "corpus/$target" "seeds/$target"
    cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- -runs=20000 -seed=1
  done
)

echo
echo "check.sh: all steps passed"
