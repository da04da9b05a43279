#!/usr/bin/env python3
"""make_layer2.py - writes tests/data/run-layer2, the hand-built run of the second layer's figures.

A small region (2025-2032, substations north and south in one corridor, 'spine') whose events
exercise what the capacity, pipeline and grid figures draw from DESIGN §2.2, with the stocks
worked out by hand below (IT MW at year end; tests/e2e_plot.sh asserts on them):

  alpha (north, 2 x 100 MW): announced 2025.0, permitted 2026.0, waits for its grants (2027.0)
        and its ready date, phases started 2027.5 and 2028.5, phase 1 built 2028.5 and stranded
        until its tranche is ready 2029.0, phase 2 built and energized 2029.5.
  gamma (south, 2 x 100 MW): announced 2025.0, permitted 2025.8, phase 1 started 2026.5; bridged
        at its on-site ready date 2027.0 (200 MW); phase 1 built 2027.5 and energized on on-site
        power, phase 2 started 2027.5, built and energized on site 2028.5; its tranches are ready
        2030.0 and 2031.0: grid_connected 100 + 100.
  beta  (b1/north, 100 MW): announced 2025.5, permitted 2026.5, relocated 2027.5 to c1/south
        (150 MW there), permitted again 2028.0 and started at once, built and energized 2029.5.
  delta (a2/north, 100 MW): announced 2026.0, permitted 2027.0, never granted, abandoned 2029.0
        (cancelled; leaked_mw 100 from 2029).
  works: a reactive reinforcement at north 2026.0 -> 2029.0 (+500), the planned work north-b
        at north 2027.0 -> 2030.0 (+300), overlapping it, and the planned work south-a (started
        before the rows: no start event) ready 2028.0 (+500).

  year          2025 2026 2027 2028 2029 2030 2031 2032
  operating        0    0  100  200  550  550  550  550
  onsite           0    0  100  200  200  100    0    0
  stranded         0    0    0  100    0    0    0    0
  construction     0  100  200  250    0    0    0    0
  leaked           0    0    0    0  100  100  100  100

    python3 tests/data/run-layer2/make_layer2.py      # rewrites run-layer2/
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
YEARS = list(range(2025, 2033))
EV = [
    (2025.0, "announced", "alpha", "a1", "north", 200),
    (2025.0, "connection_requested", "alpha", "a1", "north", 130),
    (2025.0, "connection_requested", "alpha", "a1", "north", 130),
    (2025.0, "announced", "gamma", "c2", "south", 200),
    (2025.0, "connection_requested", "gamma", "c2", "south", 130),
    (2025.0, "connection_requested", "gamma", "c2", "south", 130),
    (2025.5, "announced", "beta", "b1", "north", 100),
    (2025.5, "connection_requested", "beta", "b1", "north", 130),
    (2025.8, "permitted", "gamma", "c2", "south", 200),
    (2026.0, "announced", "delta", "a2", "north", 100),
    (2026.0, "connection_requested", "delta", "a2", "north", 130),
    (2026.0, "permitted", "alpha", "a1", "north", 200),
    (2026.0, "reinforcement_started", "", "", "north", 500),
    (2026.5, "permitted", "beta", "b1", "north", 100),
    (2026.5, "phase_started", "gamma", "c2", "south", 100),
    (2027.0, "bridged", "gamma", "c2", "south", 200),
    (2027.0, "connection_granted", "alpha", "a1", "north", 130),
    (2027.0, "connection_granted", "alpha", "a1", "north", 130),
    (2027.0, "permitted", "delta", "a2", "north", 100),
    (2027.0, "reinforcement_started", "north-b", "", "north", 300),
    (2027.5, "phase_built", "gamma", "c2", "south", 100),
    (2027.5, "energized", "gamma", "c2", "south", 100),
    (2027.5, "phase_started", "gamma", "c2", "south", 100),
    (2027.5, "phase_started", "alpha", "a1", "north", 100),
    (2027.5, "relocated", "beta", "c1", "south", 150),
    (2027.5, "connection_requested", "beta", "c1", "south", 195),
    (2028.0, "reinforcement_done", "south-a", "", "south", 500),
    (2028.0, "connection_granted", "gamma", "c2", "south", 130),
    (2028.0, "connection_granted", "gamma", "c2", "south", 130),
    (2028.0, "connection_granted", "beta", "c1", "south", 195),
    (2028.0, "permitted", "beta", "c1", "south", 150),
    (2028.0, "phase_started", "beta", "c1", "south", 150),
    (2028.5, "phase_built", "alpha", "a1", "north", 100),
    (2028.5, "phase_started", "alpha", "a1", "north", 100),
    (2028.5, "phase_built", "gamma", "c2", "south", 100),
    (2028.5, "energized", "gamma", "c2", "south", 100),
    (2029.0, "reinforcement_done", "", "", "north", 500),
    (2029.0, "connection_ready", "alpha", "a1", "north", 130),
    (2029.0, "energized", "alpha", "a1", "north", 100),
    (2029.0, "cancelled", "delta", "a2", "north", 100),
    (2029.5, "connection_ready", "alpha", "a1", "north", 130),
    (2029.5, "phase_built", "alpha", "a1", "north", 100),
    (2029.5, "energized", "alpha", "a1", "north", 100),
    (2029.5, "connection_ready", "beta", "c1", "south", 195),
    (2029.5, "phase_built", "beta", "c1", "south", 150),
    (2029.5, "energized", "beta", "c1", "south", 150),
    (2030.0, "reinforcement_done", "north-b", "", "north", 300),
    (2030.0, "connection_ready", "gamma", "c2", "south", 130),
    (2030.0, "grid_connected", "gamma", "c2", "south", 100),
    (2031.0, "connection_ready", "gamma", "c2", "south", 130),
    (2031.0, "grid_connected", "gamma", "c2", "south", 100),
]
OPERATING = [0, 0, 100, 200, 550, 550, 550, 550]
ONSITE = [0, 0, 100, 200, 200, 100, 0, 0]
STRANDED = [0, 0, 0, 100, 0, 0, 0, 0]
CONSTRUCTION = [0, 100, 200, 250, 0, 0, 0, 0]
LEAKED = [0, 0, 0, 0, 100, 100, 100, 100]
DEMAND = [100, 150, 200, 300, 400, 500, 600, 700]
QUEUE = [650, 780, 585, 130, 0, 0, 0, 0]
# substations: headroom and queue at year end (grid MW)
NORTH = dict(headroom=[300, 300, 40, 40, 540, 840, 840, 840], queue=[390, 520, 130, 130, 0, 0, 0, 0])
SOUTH = dict(headroom=[0, 0, 0, 45, 45, 45, 45, 45], queue=[260, 260, 455, 0, 0, 0, 0, 0])
SPINE = dict(cap=[800, 800, 800, 800, 1200, 1200, 1200, 1200],
             used=[0, 0, 260, 715, 715, 715, 715, 715])
# sites: operating IT MW at year end
SITES = {"a1": ("north", [0, 0, 0, 0, 200, 200, 200, 200]),
         "c1": ("south", [0, 0, 0, 0, 150, 150, 150, 150]),
         "c2": ("south", [0, 0, 100, 200, 200, 200, 200, 200])}
PROV = ("# program: dcbuildout 0.1.0\n# simgrid: 3.32\n"
        "# scenario: tests/data/run-layer2 (hand-built)\n# seed: 3\n")
GWH = 8.766 * 0.5  # GWh per operating IT MW (utilization 0.5)


def table(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(PROV + ",".join(header) + "\n")
        for r in rows:
            f.write(",".join("%.10g" % v if not isinstance(v, str) else v for v in r) + "\n")


def main():
    cum = 0.0
    rows = []
    for i, y in enumerate(YEARS):
        it = OPERATING[i] * GWH
        fac = it * 1.25
        op_t = fac * 30.0
        emb = 1000.0 * (OPERATING[i] - (OPERATING[i - 1] if i else 0))
        cum += op_t + emb
        rows.append([y, DEMAND[i], OPERATING[i], min(DEMAND[i], OPERATING[i]),
                     DEMAND[i] - min(DEMAND[i], OPERATING[i]), CONSTRUCTION[i], STRANDED[i],
                     QUEUE[i], it, fac, op_t, emb, cum, OPERATING[i] * 0.01, LEAKED[i],
                     ONSITE[i], ONSITE[i] * GWH * 1.25])
    table("yearly.csv", ["year", "demand_mw", "operating_mw", "served_mw", "unmet_mw",
                         "under_construction_mw", "stranded_mw", "grid_queue_mw",
                         "it_energy_gwh", "facility_energy_gwh", "op_emissions_t",
                         "embodied_emissions_t", "cumulative_emissions_t", "compute_eflops",
                         "leaked_mw", "onsite_mw", "onsite_energy_gwh"], rows)
    table("sites.csv", ["year", "site", "substation", "operating_mw"],
          [[y, s, SITES[s][0], SITES[s][1][i]] for i, y in enumerate(YEARS) for s in SITES])
    table("substations.csv", ["year", "substation", "headroom_mw", "queue_mw"],
          [[y, n, d["headroom"][i], d["queue"][i]] for i, y in enumerate(YEARS)
           for n, d in (("north", NORTH), ("south", SOUTH))])
    table("corridors.csv", ["year", "corridor", "cap_mw", "used_mw"],
          [[y, "spine", SPINE["cap"][i], SPINE["used"][i]] for i, y in enumerate(YEARS)])
    table("events.csv", ["time", "event", "project", "site", "substation", "mw"],
          [["%.4f" % t, e, p, s, b, mw] for t, e, p, s, b, mw in EV])
    with open(os.path.join(HERE, "run.ini"), "w") as f:
        f.write("# effective scenario of a hand-built fixture run (the second layer)\n"
                "[scenario]\nname = layer2-fixture\nstart_year = 2025\nend_year = 2032\n"
                "seed = 3\n\n[reinforcement:north-b]\nsubstation = north\nmw = 300\n"
                "ready = 2030\nstart = 2027\n\n[reinforcement:south-a]\nsubstation = south\n"
                "mw = 500\nready = 2028\nstart = 2020\n\n[corridor:spine]\n"
                "substations = north, south\ncap_mw = 800@2028, 1200@2029\n")


if __name__ == "__main__":
    main()
