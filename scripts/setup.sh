#!/usr/bin/env bash
# Installs what the named stages of scripts/check.sh need, saying what it installs and why;
# silent about what is already there. Idempotent.
#
#   scripts/setup.sh STAGE...      e.g. scripts/setup.sh quick ffi
#   scripts/setup.sh all           everything the whole suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# The declared MSRV (Cargo.toml's rust-version), the toolchain the msrv stage checks with.
msrv() { sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1; }

toolchain() { # toolchain NAME WHY
  if ! rustup run "$1" rustc --version >/dev/null 2>&1; then
    say "installing the Rust $1 toolchain (minimal profile): $2"
    rustup toolchain install "$1" --profile minimal --no-self-update >/dev/null
  fi
}

component() { # component TOOLCHAIN NAME WHY
  if ! rustup component list --toolchain "$1" --installed 2>/dev/null | grep -q "^$2"; then
    say "installing rustup component $2 ($1): $3"
    rustup component add --toolchain "$1" "$2" >/dev/null
  fi
}

target() { # target NAME WHY
  if ! rustup target list --installed | grep -qx "$1"; then
    say "installing rustup target $1: $2"
    rustup target add "$1" >/dev/null
  fi
}

apt_packages=()
debian() { # debian PACKAGE WHY: queued, installed together at the end
  if ! dpkg -s "$1" >/dev/null 2>&1; then
    say "installing Debian package $1: $2"
    apt_packages+=("$1")
  fi
}

cargo_tool() { # cargo_tool COMMAND CRATE WHY
  if ! command -v "$1" >/dev/null; then
    say "building $2 with cargo install (a few minutes): $3"
    cargo install "$2" --locked --quiet
  fi
}

bare_metal=(thumbv7em-none-eabihf thumbv6m-none-eabi)

stage() {
  case $1 in
    quick)
      component stable rustfmt "cargo fmt"
      component stable clippy "cargo clippy"
      debian libxml2-utils "xmllint, which tests/schema.rs validates the XML with against nova's RelaxNG schemas"
      ;;
    nostd)
      for t in "${bare_metal[@]}"; do target "$t" "the no_std builds and the Rust firmware"; done
      ;;
    msrv)
      toolchain "$(msrv)" "the declared minimum Rust version, which the msrv stage builds with"
      ;;
    ffi)
      for t in "${bare_metal[@]}"; do target "$t" "the bare-metal C archives"; done
      debian cmake "the CMake build of the examples and find_package(osimages) from an install"
      debian pkg-config "building against the installed library through osimages.pc"
      debian valgrind "memcheck over the C examples"
      ;;
    miri)
      toolchain nightly "Miri runs on nightly"
      component nightly miri "Miri over the unit tests and the C ABI"
      component nightly rust-src "Miri builds its own standard library"
      ;;
    fuzz)
      toolchain nightly "cargo-fuzz builds with sanitizer flags only nightly has"
      cargo_tool cargo-fuzz cargo-fuzz "the fuzz smoke runs"
      ;;
    footprint)
      target thumbv7em-none-eabihf "the footprint firmware images"
      debian gcc-arm-none-eabi "arm-none-eabi-gcc, which builds the C footprint firmware (footprint/c) for a Cortex-M4"
      debian libnewlib-arm-none-eabi "newlib-nano (--specs=nano.specs), the C library the C firmware links"
      debian binutils-arm-none-eabi "arm-none-eabi-size and nm: the firmware sizes and the check that the C firmware links every function"
      debian qemu-system-arm "boots each firmware image (-M mps2-an386, a Cortex-M4) to compare its output with tests/golden/, and the stack meters"
      ;;
    package) ;;
    all)
      local s
      for s in quick nostd msrv ffi miri fuzz footprint package; do stage "$s"; done
      ;;
    *)
      echo "setup: unknown stage $1" >&2
      return 1
      ;;
  esac
}

for s in "$@"; do stage "$s"; done

if ((${#apt_packages[@]})); then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  say "apt-get install ${apt_packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
