#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine. Idempotent and quiet when all is there.
set -euo pipefail

rustup component add rustfmt clippy >/dev/null
rustup target add thumbv7em-none-eabihf thumbv6m-none-eabi >/dev/null
# Miri and cargo-fuzz run on nightly.
rustup +nightly component add miri rust-src >/dev/null
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet

# Debian packages the suite uses, installed only when missing.
need=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
