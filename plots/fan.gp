# fan.gp - Monte Carlo fan chart: how uncertain capacity and emissions are (DESIGN §8).
#
# Reads RUN/quantiles.csv (columns year, metric, mean, p05, p25, p50, p75, p95, written by
# `dcbuildout run --replications N`; one row per metric and year, quantiles of type 7 over the
# replications).  Two panels sharing the year axis:
#   top     operating IT capacity (metric operating_mw): p05-p95 band (light), p25-p75 band
#           (darker), median line; demand median (black, dashed); the target when there is one;
#   bottom  cumulative CO2 (metric cumulative_emissions_t, shown in Mt CO2e): same bands.
# Read it as: in 90 % of the replications the value of a year lies in the light band, in half of
# them in the dark band; the line is the median replication of that year (not one trajectory).
#     gnuplot -e "run='out/hauts-de-france-mc'" plots/fan.gp         [out=..., fmt='pdf'|'svg']
#
# style.gp (palette, terminal, run/out/fmt conventions) works out the year range from
# RUN/yearly.csv; a Monte Carlo directory has none, so this script then hands style.gp a
# throw-away directory holding only the years of quantiles.csv, and sets the output file and the
# title from the real run directory itself.
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'fan'
fig_height = 1.75

if (!exists("run")) {
  print "fan.gp: set the run directory, e.g. gnuplot -e \"run='out/x'\" plots/fan.gp"
  exit status 1
}
mc_run = run
quantiles = mc_run.'/quantiles.csv'
if (system(sprintf("test -f '%s' && echo yes", quantiles)) ne 'yes') {
  print sprintf("fan.gp: %s: no such file (run with --replications N first)", quantiles)
  exit status 1
}
years_dir = ''
if (system(sprintf("test -f '%s/yearly.csv' && echo yes", mc_run)) ne 'yes') {
  years_dir = system("mktemp -d")
  system(sprintf("awk -F, 'BEGIN { print \"year\" } !/^#/ && $1 ~ /^[0-9]/ && !seen[$1]++ { print $1 }' '%s' > '%s/yearly.csv'", quantiles, years_dir))
  if (!exists("fmt")) {
    fmt = 'png'
  }
  if (!exists("out")) {
    system(sprintf("mkdir -p '%s/figures'", mc_run))
    out = sprintf("%s/figures/fan.%s", mc_run, fmt)
  }
  if (!exists("title_prefix")) {
    title_prefix = system(sprintf("awk -F= '/^[[]/ { g = $0 } g == \"[scenario]\" && $1 ~ /^[ \t]*name[ \t]*$/ { v = $2; sub(/^[ \t]+/, \"\", v); sub(/[ \t\r]+$/, \"\", v); print v; exit }' '%s/run.ini' 2>/dev/null", mc_run))
    if (title_prefix eq '') {
      title_prefix = system(sprintf("basename '%s'", mc_run))
    }
  }
  run = years_dir
}
load plotdir.'/style.gp'
run = mc_run
if (years_dir ne '') {
  system(sprintf("rm -rf '%s'", years_dir))
}

# q(m, c): column c of the rows of metric m, NaN elsewhere (rows are grouped by metric, so the
# selected rows are contiguous and bands stay unbroken).
q(m, c) = (strcol("metric") eq m) ? column(c) : NaN
mt(v) = v / 1e6

n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", quantiles))
subtitle = (n_reps eq '') ? '' : sprintf(' (%s replications)', n_reps)

stats quantiles using (q("operating_mw", "p95")) nooutput
cap_top = STATS_max
stats quantiles using (q("demand_mw", "p50")) nooutput
cap_top = max(cap_top, STATS_max)
target = 0
stats quantiles using (q("target_mw", "p50")) nooutput
if (STATS_records > 0 && STATS_max == STATS_max) {
  target = STATS_max
}
cap_top = max(cap_top, target)
stats quantiles using (mt(q("cumulative_emissions_t", "p95"))) nooutput
co2_top = STATS_max

set multiplot layout 2, 1 title fig_title('Monte Carlo uncertainty'.subtitle) \
    font fnt(font_pt + 1)
unset title
set key inside top left Left reverse noautotitle maxrows 3 width 0 samplen 1.8

# --- capacity -----------------------------------------------------------------------------
set ylabel 'IT capacity (MW)'
set format y '%.0f'
set yrange [0 : nice_ceil(cap_top * 1.3)]
set xlabel ''
if (target > 0) {
  set label 1 sprintf('target %.0f MW', target) at graph 0.98, first target \
      offset 0, -0.7 right textcolor rgb rgb(c_target) front
}
plot quantiles using (column("year")):(q("operating_mw", "p05")):(q("operating_mw", "p95")) \
       with filledcurves fs transparent solid 0.22 lc rgb rgb(c_operating) \
       title 'operating, 5-95 %', \
     '' using (column("year")):(q("operating_mw", "p25")):(q("operating_mw", "p75")) \
       with filledcurves fs transparent solid 0.45 lc rgb rgb(c_operating) \
       title 'operating, 25-75 %', \
     '' using (column("year")):(q("operating_mw", "p50")) with lines \
       lw 2 lc rgb rgb(c_operating) title 'operating, median', \
     '' using (column("year")):(q("demand_mw", "p50")) with lines \
       lw 1.5 dt (6, 3) lc rgb rgb(c_demand) title 'demand, median', \
     (target > 0 ? target : NaN) with lines lw 1.5 dt (10, 4, 2, 4) lc rgb rgb(c_target) \
       title (target > 0 ? 'target' : '')
unset label 1

# --- cumulative emissions -----------------------------------------------------------------
set ylabel 'cumulative CO_2 (Mt CO_2e)'
set format y '%g'
set yrange [0 : nice_ceil(co2_top * 1.15)]
set xlabel 'year'
plot quantiles using (column("year")):(mt(q("cumulative_emissions_t", "p05"))): \
       (mt(q("cumulative_emissions_t", "p95"))) \
       with filledcurves fs transparent solid 0.18 lc rgb rgb(c_cumulative) \
       title 'cumulative CO_2, 5-95 %', \
     '' using (column("year")):(mt(q("cumulative_emissions_t", "p25"))): \
       (mt(q("cumulative_emissions_t", "p75"))) \
       with filledcurves fs transparent solid 0.35 lc rgb rgb(c_cumulative) \
       title 'cumulative CO_2, 25-75 %', \
     '' using (column("year")):(mt(q("cumulative_emissions_t", "p50"))) with lines \
       lw 2 lc rgb rgb(c_cumulative) title 'cumulative CO_2, median'
unset multiplot
