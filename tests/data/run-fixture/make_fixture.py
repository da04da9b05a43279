#!/usr/bin/env python3
"""make_fixture.py - writes the hand-built run fixtures used by tests/e2e_plot.sh.

The model is not needed: a small, plausible Hauts-de-France-like run (2025-2036, 3 sites on 2
substations, 5 projects: an existing campus, a phased campus stranded for a while, a campus
stranded behind a substation reinforcement, a cancelled project, a late one, and a competing
industrial load) is laid down as an event list, and every table is derived from it with the
DESIGN §2.1 rules, so the numbers agree with each other: served = min(demand, operating),
unmet = demand - served, yearly = sum over sites / substations, cumulative = running sum.

    python3 tests/data/run-fixture/make_fixture.py   # rewrites run-fixture/ and run-reordered/

run-reordered/ holds the same data with the columns shuffled and extra columns added, so the
figures must pick their series by header name.  The expected numbers asserted by the test are
worked out by hand in tests/e2e_plot.sh, not read from here.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2025, 2037))
HALL = 50.0
UTIL = 0.55
SITES = [("roubaix", "baisieux"), ("cambrai", "mastaing"), ("lens", "mastaing")]
SUBS = {"baisieux": 200.0, "mastaing": 400.0}  # initial headroom, grid MW

# (time, event, project, site, substation, mw): time-ordered event list.
EV = [
    (2025.0, "energized", "ovh-roubaix", "roubaix", "baisieux", 100),
    (2025.0, "fitted", "ovh-roubaix", "roubaix", "baisieux", 100),
    (2025.4, "announced", "cambrai", "cambrai", "mastaing", 300),
    (2025.4, "connection_requested", "cambrai", "cambrai", "mastaing", 390),
    (2025.4, "connection_granted", "cambrai", "cambrai", "mastaing", 390),
    (2025.6, "announced", "roubaix-ext", "roubaix", "baisieux", 100),
    (2025.6, "connection_requested", "roubaix-ext", "roubaix", "baisieux", 130),
    (2025.6, "connection_granted", "roubaix-ext", "roubaix", "baisieux", 130),
    (2026.0, "cancelled", "roubaix-ext", "roubaix", "baisieux", 100),
    (2026.0, "released", "roubaix-ext", "roubaix", "baisieux", 130),
    (2026.2, "announced", "lens-ai", "lens", "mastaing", 200),
    (2026.2, "connection_requested", "lens-ai", "lens", "mastaing", 260),
    (2026.2, "reinforcement_started", "", "", "mastaing", 1000),
    (2026.9, "permitted", "cambrai", "cambrai", "mastaing", 300),
    (2026.9, "phase_started", "cambrai", "cambrai", "mastaing", 100),
    (2027.0, "announced", "roubaix-2", "roubaix", "baisieux", 100),
    (2027.0, "connection_requested", "roubaix-2", "roubaix", "baisieux", 130),
    (2027.0, "connection_granted", "roubaix-2", "roubaix", "baisieux", 130),
    (2027.7, "permitted", "lens-ai", "lens", "mastaing", 200),
    (2027.7, "phase_started", "lens-ai", "lens", "mastaing", 100),
    (2028.0, "refreshed", "ovh-roubaix", "roubaix", "baisieux", 100),
    (2028.5, "permitted", "roubaix-2", "roubaix", "baisieux", 100),
    (2028.5, "phase_started", "roubaix-2", "roubaix", "baisieux", 100),
    (2028.65, "phase_built", "cambrai", "cambrai", "mastaing", 100),
    (2028.65, "phase_started", "cambrai", "cambrai", "mastaing", 100),
    (2029.4, "connection_ready", "cambrai", "cambrai", "mastaing", 390),
    (2029.4, "energized", "cambrai", "cambrai", "mastaing", 100),
    (2029.4, "fitted", "cambrai", "cambrai", "mastaing", 100),
    (2029.45, "phase_built", "lens-ai", "lens", "mastaing", 100),
    (2029.45, "phase_started", "lens-ai", "lens", "mastaing", 100),
    (2030.0, "connection_requested", "steel-electrification", "", "baisieux", 50),
    (2030.0, "connection_granted", "steel-electrification", "", "baisieux", 50),
    (2030.4, "phase_built", "cambrai", "cambrai", "mastaing", 100),
    (2030.4, "energized", "cambrai", "cambrai", "mastaing", 100),
    (2030.4, "fitted", "cambrai", "cambrai", "mastaing", 100),
    (2030.4, "phase_started", "cambrai", "cambrai", "mastaing", 100),
    (2030.5, "phase_built", "roubaix-2", "roubaix", "baisieux", 100),
    (2031.0, "connection_ready", "roubaix-2", "roubaix", "baisieux", 130),
    (2031.0, "energized", "roubaix-2", "roubaix", "baisieux", 100),
    (2031.0, "fitted", "roubaix-2", "roubaix", "baisieux", 50),
    (2031.2, "phase_built", "lens-ai", "lens", "mastaing", 100),
    (2032.0, "fitted", "roubaix-2", "roubaix", "baisieux", 50),
    (2032.15, "phase_built", "cambrai", "cambrai", "mastaing", 100),
    (2032.15, "energized", "cambrai", "cambrai", "mastaing", 100),
    (2033.0, "refreshed", "ovh-roubaix", "roubaix", "baisieux", 100),
    (2033.0, "fitted", "cambrai", "cambrai", "mastaing", 100),
    (2033.2, "reinforcement_done", "", "", "mastaing", 1000),
    (2033.2, "connection_granted", "lens-ai", "lens", "mastaing", 260),
    (2034.4, "refreshed", "cambrai", "cambrai", "mastaing", 100),
    (2035.4, "refreshed", "cambrai", "cambrai", "mastaing", 100),
    (2036.2, "connection_ready", "lens-ai", "lens", "mastaing", 260),
    (2036.2, "energized", "lens-ai", "lens", "mastaing", 200),
    (2036.2, "fitted", "lens-ai", "lens", "mastaing", 200),
]
PROJECT_MW = {"cambrai": 300, "roubaix-ext": 100, "lens-ai": 200, "roubaix-2": 100}


def lin(y, pts):
    if y <= pts[0][0]:
        return pts[0][1]
    for (y0, v0), (y1, v1) in zip(pts, pts[1:]):
        if y <= y1:
            return v0 + (v1 - v0) * (y - y0) / (y1 - y0)
    return pts[-1][1]


def fmt(v):
    if isinstance(v, str):
        return v
    s = "%.10g" % v
    return "0" if s == "-0" else s


def stocks(t_end):
    """Per-site MW stocks and per-substation grid state for events strictly before t_end."""
    site = {s: dict(op=0.0, stranded=0.0, uc=0.0, fitted=0.0) for s, _ in SITES}
    sub = {b: dict(headroom=h, queue=0.0, granted=0.0, done=0, reinforcing=0) for b, h in SUBS.items()}
    pipeline = {}
    for t, e, p, s, b, mw in EV:
        if t >= t_end:
            break
        if e == "energized":
            site[s]["op"] += mw
            if p in PROJECT_MW:
                site[s]["stranded"] -= mw
        elif e == "fitted":
            site[s]["fitted"] += mw
        elif e == "announced":
            pipeline[p] = PROJECT_MW[p]
        elif e == "phase_started":
            site[s]["uc"] += mw
            pipeline[p] -= mw
        elif e == "phase_built":
            site[s]["uc"] -= mw
            site[s]["stranded"] += mw
        elif e == "cancelled":
            pipeline[p] = 0
        elif e == "connection_requested":
            sub[b]["queue"] += mw
        elif e == "connection_granted":
            sub[b]["queue"] -= mw
            sub[b]["headroom"] -= mw
            sub[b]["granted"] += mw
        elif e == "released":
            sub[b]["headroom"] += mw
            sub[b]["granted"] -= mw
        elif e == "reinforcement_started":
            sub[b]["reinforcing"] += 1
        elif e == "reinforcement_done":
            sub[b]["reinforcing"] -= 1
            sub[b]["done"] += 1
            sub[b]["headroom"] += mw
    return site, sub, sum(pipeline.values())


def flows(y):
    """Per-site embodied t, capex M€ of the events during year y."""
    emb = {s: 0.0 for s, _ in SITES}
    capex = 0.0
    for t, e, p, s, b, mw in EV:
        if not (y <= t < y + 1):
            continue
        if e == "energized" and p in PROJECT_MW:
            emb[s] += 1000 * mw
        elif e == "fitted" and t > YEARS[0]:
            emb[s] += 500 * mw
            capex += 25 * mw
        elif e == "refreshed":
            emb[s] += 500 * mw
            capex += 25 * mw
        elif e == "phase_built":
            capex += 10 * mw
        elif e == "reinforcement_started":
            capex += 200
    return emb, capex


def build():
    yearly, sites, subs, corridors = [], [], [], []
    cum = 0.0
    demand = 120.0
    for y in YEARS:
        site, sub, pipeline = stocks(y + 1)
        emb, capex = flows(y)
        pue = round(lin(y, [(2025, 1.30), (2035, 1.20)]), 6)
        gkwh = round(lin(y, [(2025, 40.0), (2035, 25.0)]), 6)
        d = round(demand, 6)
        op = sum(v["op"] for v in site.values())
        fitted = sum(v["fitted"] for v in site.values())
        served = min(d, op)
        row_sites = []
        tot = dict(it=0.0, fac=0.0, opt=0.0, emb=0.0)
        for s, b in SITES:
            # IT energy: the served demand spread over the fitted halls, at UTIL, all year.
            share = site[s]["fitted"] / fitted if fitted else 0.0
            it = round(served * share * UTIL * 8.766, 6)
            fac = round(it * pue, 6)
            opt = round(fac * gkwh, 6)
            tot["it"] += it
            tot["fac"] += fac
            tot["opt"] += opt
            tot["emb"] += emb[s]
            row_sites.append(dict(year=y, site=s, substation=b, operating_mw=site[s]["op"],
                                  stranded_mw=site[s]["stranded"], it_energy_gwh=it,
                                  facility_energy_gwh=fac, op_emissions_t=opt,
                                  embodied_emissions_t=emb[s]))
        cum += tot["opt"] + tot["emb"]
        gfw = 50 * 1.4 ** (y - 2025)
        yearly.append(dict(
            year=y, demand_mw=d, operating_mw=op, served_mw=served, unmet_mw=round(d - served, 6),
            under_construction_mw=sum(v["uc"] for v in site.values()),
            stranded_mw=sum(v["stranded"] for v in site.values()), pipeline_mw=pipeline,
            grid_queue_mw=sum(v["queue"] for v in sub.values()),
            headroom_mw=sum(v["headroom"] for v in sub.values()), fitted_mw=fitted,
            it_energy_gwh=round(tot["it"], 6), facility_energy_gwh=round(tot["fac"], 6),
            op_emissions_t=round(tot["opt"], 6), embodied_emissions_t=tot["emb"],
            cumulative_emissions_t=round(cum, 6),
            compute_eflops=round(served * UTIL * 1e6 * gfw * 1e-9, 6), capex_meur=capex, pue=pue,
            grid_g_per_kwh=gkwh, target_mw=1000))
        for b in SUBS:
            subs.append(dict(year=y, substation=b, headroom_mw=sub[b]["headroom"],
                             queue_mw=sub[b]["queue"], granted_mw=sub[b]["granted"],
                             reinforcements_done=sub[b]["done"],
                             reinforcing=sub[b]["reinforcing"]))
        # one corridor (rule 23) over mastaing: its cap steps up in 2031; used = granted there
        corridors.append(dict(year=y, corridor="a1-backbone", cap_mw=600 if y <= 2030 else 1200,
                              used_mw=sub["mastaing"]["granted"]))
        sites.extend(row_sites)
        demand *= 1.18
    events = [dict(time="%.4f" % t, event=e, project=p, site=s, substation=b, mw=mw)
              for t, e, p, s, b, mw in EV]
    return dict(yearly=yearly, sites=sites, substations=subs, events=events, corridors=corridors)


PROV = "# program: dcbuildout 0.1.0\n# simgrid: 3.32\n# scenario: tests/data/run-fixture (hand-built)\n# seed: 1\n"


def write(dirname, tables, order=None, extra=None):
    os.makedirs(dirname, exist_ok=True)
    for name, rows in tables.items():
        cols = list(rows[0].keys())
        if order:
            cols = order(name, cols)
        with open(os.path.join(dirname, name + ".csv"), "w") as f:
            f.write(PROV)
            hdr = cols + (list(extra.keys()) if extra else [])
            f.write(",".join(hdr) + "\n")
            for i, r in enumerate(rows):
                vals = [fmt(r[c]) for c in cols]
                if extra:
                    vals += [fmt(fn(i, r)) for fn in extra.values()]
                f.write(",".join(vals) + "\n")
    with open(os.path.join(dirname, "run.ini"), "w") as f:
        f.write("# effective scenario of a hand-built fixture run\n[scenario]\n"
                "name = hdf-fixture\nstart_year = 2025\nend_year = 2036\nseed = 1\n"
                "target_mw = 1000\n\n[demand]\nit_mw = 120\ngrowth = 0.18\n")


def reorder(name, cols):
    # reverse the columns, then move the first two (e.g. year) to the middle
    r = list(reversed(cols))
    mid = len(r) // 2
    return r[2:mid] + r[:2] + r[mid:]


if __name__ == "__main__":
    t = build()
    write(os.path.join(HERE), t)
    write(os.path.join(HERE, "..", "run-reordered"), t, order=reorder,
          extra={"note": lambda i, r: "x%d" % i, "extra_mw": lambda i, r: 1e6 + i})
