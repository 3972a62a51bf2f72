#!/bin/sh
# cmp-golden.sh GOLDEN_DIR OUT_DIR COUNT: every file an example wrote in OUT_DIR must equal the
# golden file of the same name byte for byte (a pretty golden file minus its final newline, as
# SPEC.md says), and there must be exactly COUNT of them.
set -eu
golden=$1 out=$2 count=$3
n=0
for f in "$out"/*; do
    name=$(basename "$f")
    case $name in
        *pretty*) head -c -1 "$golden/$name" | cmp - "$f" ;;
        *) cmp "$golden/$name" "$f" ;;
    esac
    n=$((n + 1))
done
if [ "$n" -ne "$count" ]; then
    echo "cmp-golden: $out holds $n documents, expected $count" >&2
    exit 1
fi
echo "cmp-golden: $n documents in $out equal $golden"
