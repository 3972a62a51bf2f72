#!/usr/bin/env bash
# Flash, RAM and stack of osimages on a Cortex-M4 (thumbv7em-none-eabihf, opt-level "z", LTO,
# panic = abort), next to the same firmware serializing with serde-json-core.
#
#   scripts/footprint.sh           build, print sizes, measure the stack under qemu
#   scripts/footprint.sh --build   build only (what CI runs)
#
# Firmware images (footprint/src/bin): `empty` (vector table and reset only), `baseline` (the seed
# list stored in a static, nothing rendered), `osimages` (+ compact JSON and wire XML rendered
# into a static buffer), `osimages_json` (JSON only), `serde_json_core` (the seed as serde
# mirror structs in a static, to_slice into a static buffer). The render path's size is
# osimages - baseline (serde_json_core - empty for serde-json-core). The stack is measured by
# painting it around each render call (footprint/src/stack.rs) in qemu-system-arm's mps2-an386.
set -euo pipefail
cd "$(dirname "$0")/../footprint"

TARGET=thumbv7em-none-eabihf
BIN=target/$TARGET/release

need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
cargo build --release --quiet --bins
cargo build --release --quiet --features measure --bin stack
if [[ "${1:-}" == "--build" ]]; then
  echo "footprint: firmware images built"
  exit 0
fi

need_apt binutils-arm-none-eabi qemu-system-arm

# section NAME FILE -> size in bytes (0 if absent)
section() { arm-none-eabi-size -A "$2" | awk -v s="$1" '$1 == s { print $2; f = 1 } END { if (!f) print 0 }'; }

printf '\n| firmware | .text | .rodata | .bss |\n|---|---:|---:|---:|\n'
for fw in empty baseline osimages osimages_json serde_json_core; do
  printf '| `%s` | %d | %d | %d |\n' "$fw" "$(section .text $BIN/$fw)" "$(section .rodata $BIN/$fw)" \
    "$(section .bss $BIN/$fw)"
done

delta() { echo $(( $(section "$1" "$BIN/$2") - $(section "$1" "$BIN/$3") )); }
printf '\n| render path | .text | .rodata |\n|---|---:|---:|\n'
printf '| osimages, compact JSON + wire XML (`osimages` - `baseline`) | %d | %d |\n' \
  "$(delta .text osimages baseline)" "$(delta .rodata osimages baseline)"
printf '| osimages, compact JSON only (`osimages_json` - `baseline`) | %d | %d |\n' \
  "$(delta .text osimages_json baseline)" "$(delta .rodata osimages_json baseline)"
printf '| serde-json-core, compact JSON (`serde_json_core` - `empty`; its .rodata holds the data) | %d | %d |\n' \
  "$(delta .text serde_json_core empty)" "$(delta .rodata serde_json_core empty)"

text=$(delta .text osimages baseline)
echo
echo "target: osimages JSON + XML render path .text <= 4096 bytes: $text ($([[ $text -le 4096 ]] && echo met || echo NOT met))"

echo
echo "Stack (painted, qemu-system-arm -machine mps2-an386, Cortex-M4):"
echo
timeout 600 qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -nographic -monitor none \
  -semihosting-config enable=on,target=native -kernel "$BIN/stack"
