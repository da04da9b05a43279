#!/bin/sh
# make-curves.sh - regenerates the demand curves of this folder from their source points.
#
# Each curve is a national (France) or European trajectory of data-center electricity, converted
# to IT MW; a scenario multiplies it by its region's [demand] share (DESIGN rule 24).  The
# scenario loader reads a curve as `year,it_mw` rows, linear between rows and flat outside, and
# skips blank lines and whole lines starting with '#' (sim/core/scenario.c, read_curve), so each
# file carries its own head: the source, the original figures, the conversion and which rows are
# interpolated or extended.  Sources and their citations: docs/notes/third-layer-sources.md.
#
# Conversion (the same for every file, so that curves compare):
#   it_mw = TWh x 1e6 / (8766 h x LF x PUE),  LF = 0.65, PUE = 1.3
#   => 1 TWh/yr = 1e6 / 7407.27 = 135.0 MW IT.
#   LF 0.65: average IT draw / installed IT capacity (DOMAIN default; with the platform's idle
#   share 0.20 and the default utilization 0.55 a fitted hall draws 0.20 + 0.55 x 0.80 = 0.64 of
#   its peak, DESIGN rule 9).  PUE 1.3: a fleet average for national curves that mix the existing
#   fleet (1.43 for 2023 French colocation, DOMAIN) with new liquid-cooled halls (1.2 cap for new
#   German sites from July 2026, EnEfG), and the default scenario's 2025 PUE.
#
# Rows: one per year 2024-2060.  Between two source points the value grows at a constant yearly
# rate (geometric interpolation; "interp." rows).  Beyond a source's last point ("horizon" H) the
# curve is extended with a taper (est.): the yearly rate g of the last source segment declines
# linearly to zero over 15 years, v(H+k) = v(H+k-1) x (1 + g x (1 - k/15)) for k = 1..14, and
# the value stays flat from H+15 on ("ext." rows).  Usage: sh make-curves.sh (from any folder).
set -eu
cd "$(dirname "$0")"

# curve FILE "HEAD LINES" "POINTS" : POINTS is "year:twh year:twh ..." (strictly increasing).
curve() {
  file=$1
  head=$2
  points=$3
  {
    printf '%s\n' "$head" | sed 's/^/# /'
    awk -v pts="$points" 'BEGIN {
      lf = 0.65; pue = 1.3; hours = 8766; taper = 15
      n = split(pts, p, " ")
      for (i = 1; i <= n; i++) { split(p[i], q, ":"); y[i] = q[1] + 0; t[i] = q[2] + 0 }
      printf "# conversion: it_mw = TWh x 1e6 / (%d h x %.2f x %.1f) = TWh x %.3f\n", \
        hours, lf, pue, 1e6 / (hours * lf * pue)
      printf "# rows: src = source point (or its conversion), interp. = constant yearly growth\n"
      printf "# between source points, ext. = taper beyond the last point (est.);\n"
      printf "# the comment above each row gives its TWh\n"
      print "year,it_mw"
      g_last = (t[n] / t[n - 1]) ^ (1 / (y[n] - y[n - 1])) - 1
      v = t[n]
      for (yr = 2024; yr <= 2060; yr++) {
        kind = ""
        if (yr < y[1]) { twh = t[1]; kind = "flat before the first point (est.)" }
        else if (yr <= y[n]) {
          for (i = 1; i < n && y[i + 1] <= yr; i++) ;
          if (yr == y[i]) { twh = t[i]; kind = "src" }
          else {
            r = (t[i + 1] / t[i]) ^ (1 / (y[i + 1] - y[i]))
            twh = t[i] * r ^ (yr - y[i]); kind = "interp."
          }
        } else {
          k = yr - y[n]
          if (k < taper) v = v * (1 + g_last * (1 - k / taper))
          twh = v; kind = "ext."
        }
        printf "# %d: %.3f TWh, %s\n", yr, twh, kind
        printf "%d,%.1f\n", yr, twh * 1e6 / (hours * lf * pue)
      }
    }'
  } > "$file.tmp"
  mv "$file.tmp" "$file"
}

RTE25="RTE, Bilan previsionnel 2025 (published 9 Dec 2025), France, data-center load.
Direct: data centers 5 TWh in 2025 and, in the fast-decarbonisation trajectory, 4.3 GW of
load = 15 TWh in 2030 (voiries-et-reseaux.fr summary of BP2025); 2.4 GW in the slow trajectory
(RTE draft of Oct 2025 via Montel, revolution-energetique.com, 27 Nov 2025).
The perimeter is RTE's (5 TWh in 2025), not ADEME's ~10 TWh inventory: see the sources note."

curve rte-2025-low.csv "$RTE25
Slow trajectory.  Points: 2025 5 TWh (direct); 2030 8.37 TWh = 2.4 GW x 15 TWh / 4.3 GW
(conv.: the fast trajectory's 3.49 TWh per GW); 2035 12.83 TWh = 8.37 x 23/15 (est.: BP2025's
2035 data-center figure was not found; BP2023's low 2030 -> 2035 ratio, 15 -> 23 TWh).
2024 held at the 2025 value (est.); after 2035 the stated taper (est.)." \
  "2025:5 2030:8.372 2035:12.837"

curve rte-2025-high.csv "$RTE25
Fast trajectory.  Points: 2025 5 TWh (direct); 2030 15 TWh (direct, 4.3 GW); 2035 21 TWh =
15 x 28/20 (est.: BP2023's high 2030 -> 2035 ratio, 20 -> 28 TWh).  2024 held at the 2025
value (est.); after 2035 the stated taper (est.)." \
  "2025:5 2030:15 2035:21"

RTE23="RTE, Bilan previsionnel 2023 (Sept 2023), France, data centers: 15-20 TWh in 2030,
23-28 TWh in 2035 (cms.law summary, DOMAIN); ~10 TWh in 2022 for ~300 data centers
(rte-france.com, 'Data centers : 11 chiffres')."

curve rte-2023-low.csv "$RTE23
Low bound.  Points: 2022 10 TWh, 2030 15, 2035 23 (direct); 2024 interpolated; after 2035 the
stated taper (est.)." \
  "2022:10 2030:15 2035:23"

curve rte-2023-high.csv "$RTE23
High bound.  Points: 2022 10 TWh, 2030 20, 2035 28 (direct); 2024 interpolated; after 2035 the
stated taper (est.)." \
  "2022:10 2030:20 2035:28"

ADEME="ADEME, Prospective d'evolution des consommations des centres de donnees en France de 2024
a 2060 (6 Jan 2026), data centers located in France (not French uses abroad).
Direct: 352 sites used 8.16 TWh in 2024, ~10 TWh with the IT rooms of tertiary buildings; trend
scenario 36.73 TWh in 2035 = x3.7 (Boursier.com, 7 Jan 2026; Citepa, 20 Jan 2026); the 2060
range over the five scenarios runs from /2 to x7 the 2024 level (connaissancedesenergies.org,
Jan 2026).  Base: 36.73 / 3.7 = 9.93 TWh in 2024 (conv.)."

curve ademe-2060-tendanciel.csv "$ADEME
Trend scenario (tendanciel).  Points: 2024 9.93 TWh (conv.); 2035 36.73 TWh (direct); 2050
55 TWh ('jusqu'a 55 TWh' on French territory, tecsol-quotidien.fr and pv-solaire-energie.com,
Jan 2026); 2060 63.55 TWh = 9.93 x 6.4 ('x6,4 a l'horizon 2060', hellowatt.fr, 16 Jan 2026)." \
  "2024:9.93 2035:36.73 2050:55 2060:63.55"

curve ademe-2060-range-low.csv "$ADEME
Low end of ADEME's 2060 range (/2): 2024 9.93 TWh, 2060 4.96 TWh (conv.), constant yearly
decline in between (est.).  ADEME's text ties the sobriety scenarios (Generation frugale,
Cooperations territoriales) to the low end and Generation frugale to a temporary halt of new
data centers, but which scenario is /2 and its 2035 value were not found: this is the bound,
not a named scenario." \
  "2024:9.93 2060:4.965"

curve ademe-2060-range-high.csv "$ADEME
High end of ADEME's 2060 range (x7): 2024 9.93 TWh; 2035 36.73 TWh (est.: the trend scenario's
2035 value, taken as a floor for a case that ends above the trend); 2060 69.51 TWh = 9.93 x 7
(conv.).  Which scenario is x7 was not found (Technologies vertes, which favours siting in
France, is the likeliest, est.): this is the bound, not a named scenario." \
  "2024:9.93 2035:36.73 2060:69.51"

IEA="IEA, Energy and AI (April 2025), data-center electricity consumption, Europe.
Direct: Europe 68 TWh (2024) -> 113 TWh (2030) in the Base case (IEA base-case chart, via
Graphic News/The Guardian).  Europe 2035 and the other cases for Europe were not found: they
are the European Base case scaled by the world figures (conv.): world Base 416 (2024), 946
(2030), ~1200 (2035); Lift-Off 1264 (2030), 1720 (2035); Headwinds 669 (2030) (IEA Energy and
AI annex via the NMAIResearch forecast-scorecard data set; datacentremagazine.com, Apr 2025)."

curve iea-europe-base.csv "$IEA
Base case.  Points: 2024 68, 2030 113 (direct); 2035 143.3 = 113 x 1200/946 (conv., world
ratio); after 2035 the stated taper (est.)." \
  "2024:68 2030:113 2035:143.34"

curve iea-europe-liftoff.csv "$IEA
Lift-Off case.  Points: 2024 68 (direct); 2030 151.0 = 113 x 1264/946; 2035 205.4 = 143.3 x
1720/1200 (conv., world ratios); after 2035 the stated taper (est.)." \
  "2024:68 2030:150.98 2035:205.45"

curve iea-europe-headwinds.csv "$IEA
Headwinds case.  Points: 2024 68 (direct); 2030 79.9 = 113 x 669/946 (conv., world ratio);
2035 101.4 = 143.3 x 669/946 (est.: the world Headwinds 2035 figure was not found, the 2030
ratio is held); after 2035 the stated taper (est.)." \
  "2024:68 2030:79.91 2035:101.37"
