"""The results as one table (text), JSON and a PNG plot (gnuplot)."""
import json
import os
import subprocess

COLS = [("rib_s", "RIB s", "{:.3f}"), ("fdb_s", "FDB s", "{:.3f}"),
        ("peak_kib", "peak MB", "{:.1f}"), ("bytes_per_route", "B/route", "{:.0f}"),
        ("rib_bytes_per_route", "RIB B/rt", "{:.0f}"),
        ("cpu_s", "CPU s", "{:.2f}"), ("move_fdb_s", "move s", "{:.3f}"),
        ("wd_rib_s", "wd RIB s", "{:.3f}"), ("wd_fdb_s", "wd FDB s", "{:.3f}")]


def _fmt(key, fmt, v):
    if v is None:
        return "-"
    return fmt.format(v / 1024 if key == "peak_kib" else v)


def _ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def ratios(cases):
    """evpnd's figure over FRR's and GoBGP's, per size and column."""
    out = {}
    for c in cases:
        if c["receiver"] != "evpnd":
            continue
        for other in ("frr", "gobgp"):
            o = next((x for x in cases if x["n"] == c["n"] and x["receiver"] == other), None)
            if o:
                out[f"{c['n']}/{other}"] = {k: _ratio(c.get(k), o.get(k)) for k, _, _ in COLS}
    return out


def _cell(c, key, fmt):
    if key in ("rib_s", "fdb_s") and c.get(key) is None and c.get("limit_s"):
        return f">{c['limit_s']:.0f}"  # unfinished: see rib_at_limit
    return _fmt(key, fmt, c.get(key))


def table(cases, limits):
    lines = ["{:>8} {:>9} ".format("N", "receiver") + " ".join(f"{h:>9}" for _, h, _ in COLS)]
    for c in cases:
        lines.append("{:>8} {:>9} ".format(c["n"], c["receiver"]) +
                     " ".join(f"{_cell(c, k, f):>9}" for k, _, f in COLS))
        if c.get("limit_s"):
            had = [f"{c[k]} {w}" for k, w in (("rib_at_limit", "routes"), ("fdb_at_limit", "MACs"))
                   if k in c]
            lines.append(f"{'':>19}({c['receiver']} had {' and '.join(had)} of {c['n']} "
                         f"after {c['limit_s']:.0f} s)")
        if c.get("error"):
            lines.append(f"{'':>19}({c['receiver']} failed: {c['error']})")
    for key, r in ratios(cases).items():
        n, other = key.split("/")
        lines.append("{:>8} {:>9} ".format(n, "evpnd/" + other) +
                     " ".join(f"{_fmt('', '{:.3f}', r.get(k)):>9}" for k, _, _ in COLS))
    for n, lim in sorted(limits.items()):
        raw, st = lim.get("raw"), lim.get("selftest")
        if raw:
            lines.append(f"limit N={n}: raw netlink FDB add {raw['add_per_s']:.0f}/s "
                         f"({raw['add_s']:.3f} s), delete {raw['del_per_s']:.0f}/s")
        if st:
            lines.append(f"limit N={n}: injector encode {st['encode_per_s']:.0f} routes/s, "
                         f"decode {st['decode_per_s']:.0f} routes/s")
        ev = lim.get("evpnd_fdb_per_s")
        if ev and raw:
            lines.append(f"limit N={n}: evpnd RIB-in to FDB {ev:.0f} MACs/s = "
                         f"{100 * ev / raw['add_per_s']:.0f}% of the raw netlink rate")
    return "\n".join(lines)


def write(outdir, cases, limits, meta):
    os.makedirs(outdir, exist_ok=True)
    doc = {"meta": meta, "cases": cases, "ratios": ratios(cases), "limits": limits}
    with open(os.path.join(outdir, "bench.json"), "w") as f:
        json.dump(doc, f, indent=1)
    text = table(cases, limits)
    with open(os.path.join(outdir, "bench.txt"), "w") as f:
        f.write(text + "\n")
    _plot(outdir, cases)
    return text


def _plot(outdir, cases):
    if not any(c.get("rib_s") for c in cases):
        return  # nothing finished: nothing to draw
    sizes = sorted({c["n"] for c in cases})
    recv = [r for r in ("evpnd", "frr", "gobgp")
            if any(c["receiver"] == r and c.get("rib_s") for c in cases)]
    dat = os.path.join(outdir, "bench.dat")
    with open(dat, "w") as f:
        for n in sizes:
            row = [str(n)]
            for r in recv:
                c = next((x for x in cases if x["n"] == n and x["receiver"] == r), {})
                t = c.get("fdb_s") if c.get("fdb_s") is not None else c.get("rib_s")
                row += ["NaN" if t is None else f"{t:.4f}",
                        "NaN" if not c.get("peak_kib") else f"{c['peak_kib'] / 1024:.1f}"]
            f.write(" ".join(row) + "\n")
    t_plots = ", ".join(f"'{dat}' using {2 + 2 * i}:xtic(1) title '{r}'" for i, r in enumerate(recv))
    m_plots = ", ".join(f"'{dat}' using {3 + 2 * i}:xtic(1) title '{r}'" for i, r in enumerate(recv))
    script = f"""set terminal pngcairo size 1000,450
set output '{os.path.join(outdir, "bench.png")}'
set multiplot layout 1,2
set style data histograms
set style fill solid 0.8
set logscale y
set grid ytics
set xlabel 'type-2 routes'
set title 'time to kernel FDB (GoBGP: to RIB), s'
plot {t_plots}
set title 'peak RSS, MB (FRR: bgpd + zebra)'
plot {m_plots}
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
