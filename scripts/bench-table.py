#!/usr/bin/env python3
"""Markdown tables (and optionally an SVG chart) from criterion's output.

Reads target/criterion/**/new/{benchmark,estimates}.json. Benchmarks are named
`<view>-<format>-<style>/<dataset>/<contender>`. This prints issue 10's targets (a target whose
contenders are absent is listed as "not measured", never dropped), then for each group the
throughput of every contender on every data set and the ratio osimages / contender. The time
used is criterion's median estimate; throughput is the output's bytes divided by it. "osimages"
is the owned list rendered in one shot; every other contender is compared against it.

    cargo bench --bench render && python3 scripts/bench-table.py [ROOT] [--svg FILE]

ROOT defaults to target/criterion. `--svg FILE` also writes a self-contained SVG bar chart of
throughput per contender for the compact JSON and wire XML detail documents on n1024 (or the
largest data set present), for readers who want the picture rather than the tables.
"""

import argparse
import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DATASETS = ["seed", "n64", "n1024"]
IMAGES = {"seed": 7, "n64": 64, "n1024": 1024}
CONTENDERS = [
    "osimages",
    "osimages_view",
    "osimages_ffi",
    "osimages_ffi_checked",
    "osimages_len",
    "osimages_chunk1024",
    "osimages_chunk64",
    "osimages_push1024",
    "osimages_push64",
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
NOT_MEASURED = "not measured"


def load(root):
    """{group: {dataset: {contender: (ns, bytes)}}}"""
    results = {}
    for bench in sorted(root.glob("**/new/benchmark.json")):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        parts = meta["full_id"].split("/")
        size = (meta.get("throughput") or {}).get("Bytes")
        # Every render bench sets Throughput::Bytes; anything else is not ours to tabulate.
        if len(parts) != 3 or not size:
            continue
        group, dataset, contender = parts
        ns = est["median"]["point_estimate"]
        results.setdefault(group, {}).setdefault(dataset, {})[contender] = (ns, size)
    return results


def groups_in_order(results):
    """The known groups in reading order, then any others, so new groups are never hidden."""
    return [g for g in GROUP_ORDER if g in results] + sorted(set(results) - set(GROUP_ORDER))


def datasets_in_order(by_ds):
    """Known data sets smallest first, then unknown ones by document size."""
    known = [d for d in DATASETS if d in by_ds]
    rest = sorted(set(by_ds) - set(DATASETS), key=lambda d: doc_size(by_ds[d]))
    return known + rest


def doc_size(row):
    """The document's size in bytes: every contender of a group/data set writes the same bytes."""
    return next(iter(row.values()))[1]


def rate(ns, size):
    """Throughput in MiB/s."""
    return size / (ns * 1e-9) / (1 << 20)


def fmt_rate(ns, size):
    r = rate(ns, size)
    return f"{r / 1024:.2f} GiB/s" if r >= 1024 else f"{r:.0f} MiB/s"


def group_table(name, by_ds):
    datasets = datasets_in_order(by_ds)
    present = [c for c in CONTENDERS if any(c in by_ds[d] for d in datasets)]
    present += sorted({c for d in datasets for c in by_ds[d]} - set(present))
    out = [f"#### `{name}`", ""]
    head = " | ".join(f"{d} ({doc_size(by_ds[d]):,} B)" for d in datasets)
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


def speedup(results, group, ds, peer):
    """How many times faster osimages is than peer (time peer / time osimages), or None."""
    row = results.get(group, {}).get(ds, {})
    if "osimages" not in row or peer not in row:
        return None
    return row[peer][0] / row["osimages"][0]


def worst_slowdown(results, base, other):
    """Largest time(other) / time(base) over every group and data set measuring both.

    Returns (factor, group, dataset, pairs compared) or None: the targets bound the worst case,
    so one bad group must not hide behind a good average.
    """
    worst, pairs = None, 0
    for group in groups_in_order(results):
        for ds in datasets_in_order(results[group]):
            row = results[group][ds]
            if base in row and other in row:
                pairs += 1
                factor = row[other][0] / row[base][0]
                if worst is None or factor > worst[0]:
                    worst = (factor, group, ds)
    return worst + (pairs,) if worst else None


def targets(results):
    lines = ["### Targets", "", "| target | measured | met |", "|---|---|---|"]

    def add(what, value, ok):
        met = "—" if ok is None else "yes" if ok else "**no**"
        lines.append(f"| {what} | {value} | {met} |")

    def at_least(what, r, need):
        if r is None:
            add(what, NOT_MEASURED, None)
        else:
            add(what, f"{r:.2f}×", r >= need)

    for peer, need in (("serde_json", 4), ("serde_json_core", 12)):
        for ds in ("seed", "n1024"):
            r = speedup(results, "detail-json-compact", ds, peer)
            at_least(f"compact JSON detail, {ds}: ≥ {need}× `{peer}`", r, need)
    for ds in DATASETS:
        r = speedup(results, "detail-xml-wire", ds, "quick_xml")
        at_least(f"wire XML detail, {ds}: ≥ 8× `quick_xml`", r, 8)

    # (what, base, other, bound on time(other)/time(base), shown as a slowdown percentage?)
    bounds = [
        ("borrowed view over the owned list", "osimages", "osimages_view", 1.10, True),
        ("C view path over the Rust view", "osimages_view", "osimages_ffi", 1.30, False),
        (
            "C view path, checked once, over the Rust view",
            "osimages_view",
            "osimages_ffi_checked",
            1.30,
            False,
        ),
        ("pull cursor, 1024 B buffer, over one-shot", "osimages", "osimages_chunk1024", 1.30, True),
        ("pull cursor, 64 B buffer, over one-shot", "osimages", "osimages_chunk64", 2.00, True),
        ("push sink, 1024 B buffer, over one-shot", "osimages", "osimages_push1024", 1.15, True),
        ("push sink, 64 B buffer, over one-shot", "osimages", "osimages_push64", 1.50, True),
    ]
    for what, base, other, bound, as_pct in bounds:
        limit = f"≤ +{bound - 1:.0%} time" if as_pct else f"≤ {bound:.1f}× time"
        label = f"{what} (`{other}` / `{base}`): {limit} (worst group/data set)"
        worst = worst_slowdown(results, base, other)
        if worst is None:
            add(label, NOT_MEASURED, None)
            continue
        factor, group, ds, pairs = worst
        shown = f"{factor - 1:+.1%}" if as_pct else f"{factor:.2f}×"
        add(label, f"{shown} ({group}/{ds}; worst of {pairs})", factor <= bound)

    worst = None
    for group in groups_in_order(results):
        rows = {ds: results[group].get(ds, {}).get("osimages") for ds in DATASETS}
        if all(rows.values()):
            per_image = [rows[ds][0] / IMAGES[ds] for ds in DATASETS]
            per_byte = [rows[ds][0] / rows[ds][1] for ds in DATASETS]
            spread = max(per_image) / min(per_image) - 1
            if worst is None or spread > worst[0]:
                worst = (spread, max(per_byte) / min(per_byte) - 1, group, per_image)
    label = "linear: per-image cost seed → n64 → n1024 within 20% (worst group)"
    if worst:
        ns = " → ".join(f"{t:.0f}" for t in worst[3])
        add(
            label,
            f"{worst[0]:.1%} ({worst[2]}: {ns} ns/image; per output byte {worst[1]:.1%})",
            worst[0] <= 0.20,
        )
    else:
        add(label, NOT_MEASURED, None)
    lines.append("")
    return lines


# --- SVG chart -------------------------------------------------------------------------------

CHART_GROUPS = [("detail-json-compact", "compact JSON"), ("detail-xml-wire", "wire XML")]
# memcpy is the ceiling, not a contender: drawn, it would squeeze every real bar into a sliver.
CHART_SKIP = {"memcpy"}
# Said beside the bar, so the fastest osimages bar is not taken for a renderer.
CHART_NOTES = {"osimages_len": "length query only"}
OURS, PEER = "#2563eb", "#ea7a12"  # blue / orange: distinct for the common colour blindnesses
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
WIDTH = 800
BAR, ROW = 18, 26


def chart_dataset(results):
    """n1024 if any chart group has it, else the data set with the largest chart document."""
    present = {}
    for group, _ in CHART_GROUPS:
        for ds, row in results.get(group, {}).items():
            present[ds] = max(present.get(ds, 0), doc_size(row))
    if not present or "n1024" in present:
        return "n1024"
    return max(present, key=present.get)


def nice_ceiling(x):
    """Smallest 1/2/2.5/5 × 10^k that is ≥ x, so the axis ends on a round number."""
    if x <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(x))
    return next(m * p for m in (1, 2, 2.5, 5, 10) if m * p >= x * (1 - 1e-9))


def human_bytes(n):
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.2f} {unit}"
    return f"{n} B"


class Svg:
    """Just enough of an SVG writer: every piece of text goes through escape()."""

    def __init__(self):
        self.parts = []

    def rect(self, x, y, w, h, fill):
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"/>'
        )

    def line(self, x1, y1, x2, y2, stroke):
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"/>'
        )

    def text(self, x, y, s, size=12, anchor="start", fill="#222", weight="normal", family=FONT):
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}" font-weight="{weight}" font-family={quoteattr(family)}>'
            f"{escape(s)}</text>"
        )

    def document(self, height, title):
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" role="img">'
            f"<title>{escape(title)}</title>"
            f'<rect width="100%" height="100%" fill="#ffffff"/>'
        )
        body = "\n".join([head] + self.parts + ["</svg>\n"])
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def svg_chart(results):
    """Horizontal throughput bars, one panel per chart group, sharing one axis for comparison."""
    ds = chart_dataset(results)
    panels = [(group, label, results.get(group, {}).get(ds)) for group, label in CHART_GROUPS]
    top = max(
        (rate(*v) for _, _, row in panels if row for c, v in row.items() if c not in CHART_SKIP),
        default=1.0,
    )
    unit, div = ("GiB/s", 1024.0) if top >= 1024 else ("MiB/s", 1.0)
    axis_max = nice_ceiling(top / div)

    def value(r):
        v = r / div
        return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"

    bars = {}  # group: [(contender, value in unit, label)], fastest first
    for group, _, row in panels:
        if not row:
            continue
        base = row.get("osimages")
        drawn = sorted((c for c in row if c not in CHART_SKIP), key=lambda c: row[c][0])
        bars[group] = []
        for c in drawn:
            label = f"{value(rate(*row[c]))} {unit}"
            if c in CHART_NOTES:
                label += f" ({CHART_NOTES[c]})"
            elif base and not c.startswith("osimages"):
                label += f" · osimages {row[c][0] / base[0]:.2f}× faster"
            bars[group].append((c, rate(*row[c]) / div, label))

    names = [c for b in bars.values() for c, _, _ in b] or ["osimages"]
    left = 24 + 7.3 * max(len(c) for c in names)  # monospace 12 px is ~7.3 px a character
    # The widest plot that still leaves every bar room for its label (~7 px a character).
    room = [(WIDTH - 22 - left - 7 * len(t)) * axis_max / v for b in bars.values() for _, v, t in b]
    plot = max(min([WIDTH - 16 - left] + room), 120)

    svg = Svg()
    images = f"{IMAGES[ds]:,} images" if ds in IMAGES else "data set"
    sizes = ", ".join(f"{label} {human_bytes(doc_size(row))}" for _, label, row in panels if row)
    title = f"osimages render throughput — {ds} ({images})"
    svg.text(WIDTH / 2, 28, title, size=18, anchor="middle", weight="bold")
    sub = f"image-detail documents: {sizes or 'none measured'}"
    sub += " · criterion median · longer is faster"
    svg.text(WIDTH / 2, 48, sub, size=12, anchor="middle", fill="#555")
    lx = WIDTH / 2 - 90
    for colour, what in ((OURS, "osimages"), (PEER, "peer crates")):
        svg.rect(lx, 60, 12, 12, colour)
        svg.text(lx + 18, 70.5, what, size=12)
        lx += 110

    y = 96
    for group, label, row in panels:
        heading = f"{label} detail ({group}" + (f", {doc_size(row):,} B)" if row else ")")
        svg.text(16, y, heading, size=14, weight="bold")
        if row and "memcpy" in row:
            y += 16
            ceiling = value(rate(*row["memcpy"]))
            note = f"memcpy of the same bytes: {ceiling} {unit} (the ceiling; not drawn)"
            svg.text(16, y, note, size=11, fill="#777")
        y += 12
        if group not in bars:
            svg.text(left, y + 16, f"{NOT_MEASURED} on {ds}", size=12, fill="#a00")
            y += 44
            continue
        height = ROW * len(bars[group])
        ticks = [axis_max * i / 5 for i in range(6)]
        for t in ticks:
            x = left + plot * t / axis_max
            svg.line(x, y, x, y + height, "#e3e3e3" if t else "#999")
        for i, (c, v, text) in enumerate(bars[group]):
            by = y + i * ROW + (ROW - BAR) / 2
            w = max(plot * v / axis_max, 1)
            svg.rect(left, by, w, BAR, OURS if c.startswith("osimages") else PEER)
            weight = "bold" if c == "osimages" else "normal"
            svg.text(left - 8, by + 13, c, anchor="end", family=MONO, weight=weight)
            svg.text(left + w + 6, by + 13, text)
        y += height
        for t in ticks:
            x = left + plot * t / axis_max
            svg.text(x, y + 15, f"{round(t, 6):g}", size=11, anchor="middle", fill="#555")
        axis = f"throughput, {unit} (median)"
        svg.text(left + plot / 2, y + 33, axis, anchor="middle", fill="#333")
        y += 62
    return svg.document(y - 16, title)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "root", nargs="?", default="target/criterion", type=Path, metavar="ROOT",
        help="criterion's output directory (default: target/criterion)",
    )
    parser.add_argument(
        "--svg", type=Path, metavar="FILE", help="also write the SVG throughput chart to FILE"
    )
    args = parser.parse_args()
    results = load(args.root)
    if not results:
        sys.exit(f"no criterion results under {args.root}: run `cargo bench --bench render` first")
    out = targets(results)
    out += ["### Throughput (median; in brackets: osimages' throughput ÷ this contender's)", ""]
    for group in groups_in_order(results):
        out += group_table(group, results[group])
    print("\n".join(out))
    if args.svg:
        args.svg.write_text(svg_chart(results), encoding="utf-8")


if __name__ == "__main__":
    main()
