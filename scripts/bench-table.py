#!/usr/bin/env python3
"""Markdown tables from criterion's output (target/criterion/**/new/{benchmark,estimates}.json).

Benchmarks are named `<view>-<format>-<style>/<dataset>/<contender>`. For each group this prints
the throughput of every contender on every data set and the ratio osimages / contender, then
checks the issue's targets. The time used is criterion's median estimate; throughput is the
output's bytes divided by it.

    cargo bench --bench render && python3 scripts/bench-table.py [target/criterion]
"""

import json
import sys
from pathlib import Path

DATASETS = ["seed", "n64", "n1024"]
IMAGES = {"seed": 7, "n64": 64, "n1024": 1024}
CONTENDERS = [
    "osimages",
    "osimages_view",
    "osimages_ffi",
    "osimages_len",
    "osimages_chunk1024",
    "osimages_chunk64",
    "serde_json",
    "serde_json_slice",
    "serde_json_core",
    "quick_xml",
    "memcpy",
]
GROUP_ORDER = [
    f"{view}-{style}"
    for view in ("detail", "summary")
    for style in ("json-compact", "json-pretty", "json-nova", "xml-wire", "xml-pretty")
]


def load(root):
    """{group: {dataset: {contender: (ns, bytes)}}}"""
    results = {}
    for bench in sorted(root.glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        parts = meta["full_id"].split("/")
        if len(parts) != 3:
            continue
        group, dataset, contender = parts
        ns = est["median"]["point_estimate"]
        size = (meta.get("throughput") or {}).get("Bytes")
        results.setdefault(group, {}).setdefault(dataset, {})[contender] = (ns, size)
    return results


def rate(ns, size):
    """Throughput in MiB/s."""
    return size / (ns * 1e-9) / (1 << 20)


def fmt_rate(ns, size):
    r = rate(ns, size)
    return f"{r / 1024:.2f} GiB/s" if r >= 1024 else f"{r:.0f} MiB/s"


def group_table(name, by_ds):
    datasets = [d for d in DATASETS if d in by_ds]
    present = [c for c in CONTENDERS if any(c in by_ds[d] for d in datasets)]
    present += sorted({c for d in datasets for c in by_ds[d]} - set(present))
    out = [f"#### `{name}`", ""]
    size = {d: next(iter(by_ds[d].values()))[1] for d in datasets}
    head = " | ".join(f"{d} ({size[d]:,} B)" for d in datasets)
    out.append(f"| contender | {head} |")
    out.append("|---" * (len(datasets) + 1) + "|")
    for c in present:
        cells = []
        for d in datasets:
            row = by_ds[d]
            if c not in row:
                cells.append("")
                continue
            ns, sz = row[c]
            cell = fmt_rate(ns, sz)
            if c != "osimages" and "osimages" in row:
                ratio = row[c][0] / row["osimages"][0]
                cell += f" (osimages ×{ratio:.2f})"
            cells.append(cell)
        out.append(f"| `{c}` | " + " | ".join(cells) + " |")
    out.append("")
    return out


def ratio(results, group, ds, peer):
    """osimages throughput / peer throughput, or None."""
    row = results.get(group, {}).get(ds, {})
    if "osimages" not in row or peer not in row:
        return None
    return row[peer][0] / row["osimages"][0]


def targets(results):
    lines = ["### Targets", "", "| target | measured | met |", "|---|---|---|"]

    def add(what, value, ok):
        lines.append(f"| {what} | {value} | {'yes' if ok else '**no**'} |")

    for ds in ("seed", "n1024"):
        for peer, need in (("serde_json", 3), ("serde_json_slice", 3), ("serde_json_core", 8)):
            r = ratio(results, "detail-json-compact", ds, peer)
            if r is not None:
                add(f"compact JSON detail, {ds}: ≥{need}× `{peer}`", f"{r:.2f}×", r >= need)
    for ds in DATASETS:
        r = ratio(results, "detail-xml-wire", ds, "quick_xml")
        if r is not None:
            add(f"XML wire detail, {ds}: ≥5× `quick_xml`", f"{r:.2f}×", r >= 5)
    for size, slack in (("1024", 0.15), ("64", 0.50)):
        worst = None
        for group in GROUP_ORDER:
            for ds in DATASETS:
                row = results.get(group, {}).get(ds, {})
                key = f"osimages_chunk{size}"
                if "osimages" in row and key in row:
                    slower = row[key][0] / row["osimages"][0] - 1
                    if worst is None or slower > worst[0]:
                        worst = (slower, group, ds)
        if worst:
            add(
                f"chunked {size} B within {slack:.0%} of one-shot (worst group)",
                f"+{worst[0]:.1%} ({worst[1]}/{worst[2]})",
                worst[0] <= slack,
            )
    worst = None
    for group in GROUP_ORDER:
        rows = {ds: results.get(group, {}).get(ds, {}).get("osimages") for ds in DATASETS}
        if all(rows.values()):
            per_image = [rows[ds][0] / IMAGES[ds] for ds in DATASETS]
            per_byte = [rows[ds][0] / rows[ds][1] for ds in DATASETS]
            spread = max(per_image) / min(per_image) - 1
            if worst is None or spread > worst[0]:
                worst = (spread, max(per_byte) / min(per_byte) - 1, group, per_image)
    if worst:
        ns = " → ".join(f"{t:.0f}" for t in worst[3])
        add(
            "linear: per-image cost seed → n64 → n1024 within 20% (worst group)",
            f"{worst[0]:.1%} ({worst[2]}: {ns} ns/image; per output byte {worst[1]:.1%})",
            worst[0] <= 0.20,
        )
    lines.append("")
    return lines


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    results = load(root)
    if not results:
        sys.exit(f"no criterion results under {root}: run `cargo bench --bench render` first")
    out = targets(results)
    out += ["### Throughput (median; in brackets: osimages' throughput ÷ this contender's)", ""]
    for group in GROUP_ORDER + sorted(set(results) - set(GROUP_ORDER)):
        if group in results:
            out += group_table(group, results[group])
    print("\n".join(out))


if __name__ == "__main__":
    main()
