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
                r = {k: _ratio(c.get(k), o.get(k)) for k, _, _ in COLS}
                if o.get("rib_s") is None and o.get("limit_s") and c.get("rib_s"):
                    r["rib_s_below"] = c["rib_s"] / o["limit_s"]  # the other never finished
                out[f"{c['n']}/{other}"] = r
    return out


def _cell(c, key, fmt):
    if c.get(key) is None and c.get("limit_s") and (key == "rib_s" or "fdb_at_limit" in c and
                                                   key == "fdb_s"):
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
        cells = [_fmt('', '{:.3f}', r.get(k)) for k, _, _ in COLS]
        if r.get("rib_s_below"):
            cells[0] = f"<{r['rib_s_below']:.3f}"
        lines.append("{:>8} {:>9} ".format(n, "evpnd/" + other) + " ".join(f"{x:>9}" for x in cells))
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


def targets(cases, limits):
    """Issue 6's targets, at the largest N where evpnd and FRR both ran."""
    ns = [c["n"] for c in cases if c["receiver"] == "evpnd" and c.get("fdb_s")]
    for n in sorted(ns, reverse=True):
        ev = next(c for c in cases if c["n"] == n and c["receiver"] == "evpnd")
        fr = next((c for c in cases if c["n"] == n and c["receiver"] == "frr" and c.get("fdb_s")), None)
        if not fr:
            continue
        raw = (limits.get(n) or {}).get("raw")
        rows = [("RIB-in to kernel FDB >= 5x FRR's speed", fr["fdb_s"] / ev["fdb_s"], 5, "x"),
                ("peak memory <= 1/3 of FRR's", ev["peak_kib"] / fr["peak_kib"], 1 / 3, "<"),
                ("RIB <= 300 bytes per route", ev.get("rib_bytes_per_route"), 300, "<")]
        if raw:
            rows.append(("kernel install >= 50% of raw netlink", n / ev["fdb_s"] / raw["add_per_s"],
                         0.5, "x"))
        out = [f"targets at N={n}:"]
        for what, v, lim, kind in rows:
            if v is None:
                continue
            met = v >= lim if kind == "x" else v <= lim
            out.append(f"  {what}: {v:.3g} ({'met' if met else 'NOT met'})")
        return "\n".join(out)
    return ""


def write(outdir, cases, limits, meta):
    os.makedirs(outdir, exist_ok=True)
    doc = {"meta": meta, "cases": cases, "ratios": ratios(cases), "limits": limits}
    with open(os.path.join(outdir, "bench.json"), "w") as f:
        json.dump(doc, f, indent=1)
    text = table(cases, limits)
    t = targets(cases, limits)
    if t:
        text += "\n" + t
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
    unfinished = "\\n(no bar: unfinished within its time limit)" if any(
        c.get("limit_s") for c in cases) else ""
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
set title 'time to kernel FDB (GoBGP: to RIB), s{unfinished}'
plot {t_plots}
set title 'peak RSS, MB (FRR: bgpd + zebra)'
plot {m_plots}
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
