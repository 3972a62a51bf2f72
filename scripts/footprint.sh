#!/usr/bin/env bash
# Flash, RAM and stack of osimages on a Cortex-M4, from Rust and from C, next to the same
# firmware serializing with serde-json-core; and proof that each firmware image renders the
# golden documents byte for byte on the target.
#
#   scripts/footprint.sh           build every image, boot each under qemu-system-arm and compare
#                                  what it writes with tests/golden/, print sizes and the stack
#                                  meters' tables (what scripts/check.sh footprint runs)
#   scripts/footprint.sh --build   build only
#
# Rust images (footprint/src/bin; thumbv7em-none-eabihf, opt-level "z", LTO, panic = abort):
# `empty` (vector table and reset only), `baseline` (the seed list stored in a static and the
# output buffer, nothing rendered), `osimages` (+ compact JSON and wire XML rendered into a static buffer),
# `osimages_json` (JSON only), `osimages_all` (all five styles, chosen at run time),
# `serde_json_core` (the seed as serde mirror structs in a static,
# to_slice into a static buffer). The render path's size is osimages - baseline (serde_json_core -
# empty for serde-json-core).
#
# C images (footprint/c; arm-none-eabi-gcc -Os, --gc-sections, newlib-nano, linked against the
# thumbv7em-none-eabihf archive of scripts/build-capi.sh): `baseline` (the seed as a static const
# table, nothing called), `view` (variant a: the detail list as compact JSON through the
# zero-copy view, by the style's own entry point, which links no other style), `agent` (variant
# c: an agent that keeps an owned list up to date and pushes it out in one style, by that style's
# own push function), `every` (variant b: every function of osimages.h), `json-compact/view`
# (variant a against an archive built with compact JSON only, OSIMAGES_STYLES=json-compact: what
# a firmware that uses one style pays) and `outline/every` (variant b against an archive built
# for a firmware that calls most of the API, OSIMAGES_OUTLINE=1: LLVM's machine outliner and
# inlining at "z", which the default archive, built for a firmware that calls a few functions,
# leaves out). The library's flash is image - baseline.
#
# Every image writes the documents it rendered to the host over semihosting and exits (qemu
# -M mps2-an386, a Cortex-M4); a run that fails, faults, hangs (60 s) or writes other bytes than
# the golden files fails this script. The stack is measured by painting it around each call
# (footprint/src/stack.rs, footprint/c/stack.c): `stack` in the small build, every style chosen
# at run time; `stack_fast` in the fast build (osimages' default), compact JSON named at compile
# time (its straight-line code; all five at run time would take the build most of an hour).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

TARGET=thumbv7em-none-eabihf
# The workspace's target directory (scripts/check.sh's), absolute; the images go under it.
target_dir=${CARGO_TARGET_DIR:-target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
RUST_BIN=$target_dir/footprint/$TARGET/release
C_BIN=$target_dir/footprint-c
GOLDEN=$root/tests/golden

need_apt() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
need_apt gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
(
  cd footprint
  cargo build --release --quiet --bins --target-dir "$target_dir/footprint"
  cargo build --release --quiet --features measure --bin stack --target-dir "$target_dir/footprint"
  cargo build --release --quiet --no-default-features --features measure --bin stack_fast \
    --target-dir "$target_dir/footprint"
)
# c_images TARGET_DIR BUILD [IMAGE...]: the archive through cargo (nothing to do when an earlier
# stage built it), then the C images that are older than it. Two runs of make: in one, make
# would read the archive's time before the archive step rebuilt it, and keep stale images.
c_images() {
  local dir=$1 build=$2
  shift 2
  make -C footprint/c --no-print-directory --quiet CARGO_TARGET_DIR="$dir" BUILD="$build" lib
  make -C footprint/c --no-print-directory --quiet CARGO_TARGET_DIR="$dir" BUILD="$build" "$@"
}
c_images "$target_dir" "$C_BIN"
# Variant (a) against the archive with one style, then the default archive again (cargo keeps
# both builds: switching back is a copy).
OSIMAGES_STYLES=json-compact c_images "$target_dir" "$C_BIN/json-compact" \
  "$C_BIN/json-compact/view.elf"
make -C footprint/c --no-print-directory --quiet CARGO_TARGET_DIR="$target_dir" BUILD="$C_BIN" lib
# Variant (b) against the archive for a firmware that calls most of the API, in a target
# directory of its own (its codegen flags are not part of cargo's artifact names: in the same
# directory, each switch would build the archive again).
OSIMAGES_OUTLINE=1 c_images "$target_dir/outline" "$C_BIN/outline" "$C_BIN/outline/every.elf"
if [[ "${1:-}" == "--build" ]]; then
  echo "footprint: firmware images built"
  exit 0
fi
need_apt qemu-system-arm

# --- every image boots and writes exactly the golden documents ---------------------------------

# golden NAME: the golden file's bytes, as a renderer writes them (a pretty file without its
# final newline, as SPEC.md says).
golden() {
  case $1 in
    *pretty*) head -c -1 "$GOLDEN/$1" ;;
    *) cat "$GOLDEN/$1" ;;
  esac
}

# run ELF OUT: boots ELF under qemu, its semihosting stdout into OUT; fails (with a reason on
# stderr) if it does not exit 0 within 60 s.
run() {
  local status=0
  timeout 60 qemu-system-arm -M mps2-an386 -cpu cortex-m4 -nographic -monitor none \
    -semihosting-config enable=on,target=native -kernel "$1" >"$2" || status=$?
  case $status in
    0) return 0 ;;
    124) echo "footprint: $1 hung (no exit within 60 s)" >&2 ;;
    *) echo "footprint: $1 failed (exit status $status): it faulted or a check in it failed" >&2 ;;
  esac
  tail -c 400 "$2" >&2
  return 1
}

# boot ELF [DOCUMENT...]: ELF must boot, write the DOCUMENTs of tests/golden/ in that order,
# byte for byte, and nothing else, and exit 0.
boot() {
  local elf=$1 name got offset=0 doc len
  shift
  name=${elf#"$target_dir"/}
  got=$(mktemp)
  run "$elf" "$got" || return 1
  for doc in "$@"; do
    len=$(golden "$doc" | wc -c)
    # The document's bytes: `len` of them from `offset` on.
    if ! cmp -n "$len" -i "0:$offset" <(golden "$doc") "$got" >&2; then
      echo "footprint: $name: document $doc (from byte $offset of its output) differs from tests/golden/$doc" >&2
      return 1
    fi
    offset=$((offset + len))
  done
  if [ "$(wc -c <"$got")" -ne "$offset" ]; then
    echo "footprint: $name wrote $(wc -c <"$got") bytes, the golden documents are $offset" >&2
    return 1
  fi
  rm -f "$got"
  echo "footprint: $name booted and wrote ${*:-nothing}: $offset bytes, equal to tests/golden/"
}

echo "Each image under qemu-system-arm -M mps2-an386 (Cortex-M4), its output vs tests/golden/:"
boot "$RUST_BIN/empty"
boot "$RUST_BIN/baseline"
boot "$RUST_BIN/osimages" images-details.compact.json images-details.nova-wire.xml
boot "$RUST_BIN/osimages_json" images-details.compact.json
boot "$RUST_BIN/osimages_all" images-details.compact.json images-details.pretty.json \
  images-details.nova-wire.json images-details.nova-wire.xml images-details.pretty.xml
boot "$RUST_BIN/serde_json_core" images-details.compact.json
boot "$C_BIN/baseline.elf"
boot "$C_BIN/view.elf" images-details.compact.json
boot "$C_BIN/json-compact/view.elf" images-details.compact.json
boot "$C_BIN/agent.elf" images-details.compact.json
boot "$C_BIN/every.elf" images-details.compact.json images-details.pretty.json \
  images-details.nova-wire.json images-details.nova-wire.xml images-details.pretty.xml
boot "$C_BIN/outline/every.elf" images-details.compact.json images-details.pretty.json \
  images-details.nova-wire.json images-details.nova-wire.xml images-details.pretty.xml

# Variant (b) is every function of the header only while it calls each one.
functions=$(grep -oE '^[a-z].*\bosimages_[a-z_]+\(' include/osimages.h | grep -oE 'osimages_[a-z_]+\(' | tr -d '(' | sort -u)
missing=$(comm -23 <(echo "$functions") <(arm-none-eabi-nm "$C_BIN/every.elf" | awk '$2 == "T" {print $3}' | sort -u))
if [ -n "$missing" ]; then
  echo "footprint: footprint/c/every.c does not call (add a call to each):" $missing >&2
  exit 1
fi
echo "footprint: footprint-c/every.elf calls all $(wc -l <<<"$functions") functions of osimages.h"

# --- sizes ------------------------------------------------------------------------------------

# section NAME FILE -> size in bytes (0 if absent)
section() { arm-none-eabi-size -A "$2" | awk -v s="$1" '$1 == s { print $2; f = 1 } END { if (!f) print 0 }'; }
delta() { echo $(($(section "$1" "$2") - $(section "$1" "$3"))); }
# row LABEL IMAGE BASE: .text, .rodata and their sum, IMAGE minus BASE
row() {
  local text rodata
  text=$(delta .text "$2" "$3") rodata=$(delta .rodata "$2" "$3")
  printf '| %s | %d | %d | %d |\n' "$1" "$text" "$rodata" $((text + rodata))
}

printf '\nSizes (arm-none-eabi-size -A, bytes)\n'
printf '\n| Rust firmware (opt-level z, LTO) | .text | .rodata | .bss |\n|---|---:|---:|---:|\n'
for fw in empty baseline osimages_json osimages osimages_all serde_json_core; do
  printf '| `%s` | %d | %d | %d |\n' "$fw" "$(section .text "$RUST_BIN/$fw")" \
    "$(section .rodata "$RUST_BIN/$fw")" "$(section .bss "$RUST_BIN/$fw")"
done
printf '\n| C firmware (gcc -Os, --gc-sections, newlib-nano) | .text | .rodata | .bss |\n|---|---:|---:|---:|\n'
for fw in baseline view agent every; do
  printf '| `%s` | %d | %d | %d |\n' "$fw" "$(section .text "$C_BIN/$fw.elf")" \
    "$(section .rodata "$C_BIN/$fw.elf")" "$(section .bss "$C_BIN/$fw.elf")"
done

printf '\n| what a firmware pays for | .text | .rodata | flash |\n|---|---:|---:|---:|\n'
row 'Rust: osimages, compact JSON + wire XML (`osimages` - `baseline`)' \
  "$RUST_BIN/osimages" "$RUST_BIN/baseline"
row 'Rust: osimages, compact JSON only (`osimages_json` - `baseline`)' \
  "$RUST_BIN/osimages_json" "$RUST_BIN/baseline"
row 'Rust: osimages, all five styles, chosen at run time (`osimages_all` - `baseline`)' \
  "$RUST_BIN/osimages_all" "$RUST_BIN/baseline"
row 'Rust: serde-json-core, compact JSON (`serde_json_core` - `empty`; its .rodata holds the data)' \
  "$RUST_BIN/serde_json_core" "$RUST_BIN/empty"
row 'C: the library, detail list as compact JSON from a view (`view` - `baseline`)' \
  "$C_BIN/view.elf" "$C_BIN/baseline.elf"
row 'C: the same, archive with compact JSON only (`json-compact/view` - `baseline`; OSIMAGES_STYLES=json-compact)' \
  "$C_BIN/json-compact/view.elf" "$C_BIN/baseline.elf"
row 'C: the library, an agent: owned list, pushes, in-place updates, one style pushed (`agent` - `baseline`)' \
  "$C_BIN/agent.elf" "$C_BIN/baseline.elf"
row "C: the library, all $(wc -l <<<"$functions") functions (\`every\` - \`baseline\`, with every.c's own calls and checks)" \
  "$C_BIN/every.elf" "$C_BIN/baseline.elf"
row "C: the same, archive for a firmware that calls most of the API (\`outline/every\` - \`baseline\`; OSIMAGES_OUTLINE=1)" \
  "$C_BIN/outline/every.elf" "$C_BIN/baseline.elf"

# share MAP: the .text and .rodata bytes that the link kept from libosimages.a, read from the
# image's link map (after the discarded input sections it lists first), as "TEXT RODATA"
share() {
  awk '
    function hex(s,   n, i) {
      n = 0; s = tolower(substr(s, 3))
      for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
      return n
    }
    function add(kind, size, file) { if (file ~ /libosimages\.a\(/) sum[kind] += hex(size) }
    /^Linker script and memory map/ { on = 1; next }
    !on { next }
    pending != "" { if ($1 ~ /^0x/ && NF >= 3) add(pending, $2, $3); pending = ""; next }
    /^ \.(text|rodata)/ {
      kind = ($1 ~ /^\.text/) ? "text" : "rodata"
      if (NF >= 4) add(kind, $3, $4); else if (NF == 1) pending = kind
    }
    END { printf "%d %d\n", sum["text"], sum["rodata"] }
  ' "$1"
}
# share_row LABEL IMAGE: the archive's own bytes in IMAGE (its .map beside it)
share_row() {
  local text rodata
  read -r text rodata < <(share "${2%.elf}.map")
  printf '| %s | %d | %d | %d |\n' "$1" "$text" "$rodata" $((text + rodata))
}
printf '\n| the C images: what the link kept of the archive itself (link map; not the firmware'"'"'s own code and strings, nor the C library routines) | .text | .rodata | flash |\n|---|---:|---:|---:|\n'
share_row '`view`' "$C_BIN/view.elf"
share_row '`json-compact/view`' "$C_BIN/json-compact/view.elf"
share_row '`agent`' "$C_BIN/agent.elf"
share_row '`every`' "$C_BIN/every.elf"
share_row '`outline/every`' "$C_BIN/outline/every.elf"

# flash IMAGE BASE: .text + .rodata of IMAGE minus BASE
flash() { echo $(($(delta .text "$1" "$2") + $(delta .rodata "$1" "$2"))); }
# goal WHAT BYTES LIMIT: one line of the size targets (issue 10), met or not
goal() { printf '| %s | %d | %d | %s |\n' "$1" "$2" "$3" "$([[ $2 -le $3 ]] && echo yes || echo '**no**')"; }
printf '\n| size target (flash = .text + .rodata) | bytes | limit | met |\n|---|---:|---:|---|\n'
goal 'Rust, compact JSON only (small build, opt z)' \
  "$(flash "$RUST_BIN/osimages_json" "$RUST_BIN/baseline")" 6144
goal 'Rust, compact JSON + wire XML' "$(flash "$RUST_BIN/osimages" "$RUST_BIN/baseline")" 10240
goal 'Rust, all five styles' "$(flash "$RUST_BIN/osimages_all" "$RUST_BIN/baseline")" 20480
goal 'C, view, detail compact JSON only' "$(flash "$C_BIN/view.elf" "$C_BIN/baseline.elf")" 12288
goal 'C, every function (OSIMAGES_OUTLINE=1)' "$(flash "$C_BIN/outline/every.elf" "$C_BIN/baseline.elf")" 32768

# --- stack ------------------------------------------------------------------------------------

stack() { # stack ELF: runs a stack meter and prints its table
  local out
  out=$(mktemp)
  run "$1" "$out" || return 1
  cat "$out"
  rm -f "$out"
}
printf '\nStack (painted, qemu-system-arm -M mps2-an386, Cortex-M4), the Rust API:\n\n'
stack "$RUST_BIN/stack"
printf '\nStack, the Rust API, fast build (no feature `small`), compact JSON named at compile time:\n\n'
stack "$RUST_BIN/stack_fast"
printf '\nStack, the C API (footprint/c/stack.c):\n\n'
stack "$C_BIN/stack.elf"
