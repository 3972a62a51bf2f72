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

echo
echo "check.sh: all steps passed"
