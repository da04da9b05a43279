# fan.gp - Monte Carlo fan chart: how uncertain capacity and emissions are (DESIGN §8).
#
# Reads RUN/quantiles.csv (columns year, metric, mean, p05, p25, p50, p75, p95, written by
# `dcbuildout run --replications N`; one row per metric and year, quantiles of type 7 over the
# replications).  Two panels sharing the year axis:
#   top     operating IT capacity (metric operating_mw): p05-p95 band (light), p25-p75 band
#           (darker), median line; demand median (black, dashed); the target when there is one;
#   bottom  cumulative CO2 (metric cumulative_emissions_t, shown in Mt CO2e): same bands.
# With `metric='NAME'` (any metric of quantiles.csv: rule 26's construction_jobs,
# operations_jobs, water_m3, heat_reused_gwh, op_emissions_marginal_t, facility_power_mw, or any
# other yearly column) it draws that metric alone, in one panel with the same bands, into
# figures/fan-NAME.FMT; its axis is labelled from the name's unit suffix (_mw, _gwh, _t, _m3,
# _jobs, _meur, _eflops in run.ini's [hardware] precision), scaled to the numbers (thousand,
# million; GWh or TWh; kt or Mt CO2e).  A metric the file does not hold is refused (exit 1)
# before anything is written.
# Read it as: in 90 % of the replications the value of a year lies in the light band, in half of
# them in the dark band; the line is the median replication of that year (not one trajectory).
#     gnuplot -e "run='out/hauts-de-france-mc'" plots/fan.gp         [out=..., fmt='pdf'|'svg']
#     gnuplot -e "run='out/hauts-de-france-mc';metric='water_m3'" plots/fan.gp
#
# style.gp (palette, terminal, run/out/fmt conventions) takes the year range from quantiles.csv
# (years_csv).
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'fan'

if (!exists("run")) {
  print "fan.gp: set the run directory, e.g. gnuplot -e \"run='out/x'\" plots/fan.gp"
  exit status 1
}
quantiles = run.'/quantiles.csv'
if (system(sprintf("test -f '%s' && echo yes", quantiles)) ne 'yes') {
  print sprintf("fan.gp: %s: no such file (run with --replications N first)", quantiles)
  exit status 1
}
# The metrics of quantiles.csv, as ",a,b,c,": has_metric(m) tells whether m is there.
metrics = system(sprintf("awk -F, '!/^#/ && h && !s[$2]++ { printf \",%%s\", $2 } !/^#/ { h = 1 } END { print \",\" }' '%s' 2>/dev/null", quantiles))
has_metric(m) = strstrt(metrics, ','.m.',') > 0
one = exists("metric")
if (one) {
  if (!has_metric(metric)) {
    print sprintf("fan.gp: metric '%s' is not in %s (no row of that metric)", metric, quantiles)
    exit status 1
  }
  fig = 'fan-'.metric
}
fig_height = one ? 1.0 : 1.75
years_csv = quantiles
load plotdir.'/style.gp'

# q(m, c): column c of the rows of metric m, NaN elsewhere (rows are grouped by metric, so the
# selected rows are contiguous and bands stay unbroken).
q(m, c) = (strcol("metric") eq m) ? column(c) : NaN
mt(v) = v / 1e6

n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", quantiles))
subtitle = (n_reps eq '') ? '' : sprintf(' (%s replications)', n_reps)

# --- one metric (metric='NAME') ------------------------------------------------------------
if (one) {
  stats quantiles using (q(metric, "p95")) nooutput
  m_top = STATS_max
  stats quantiles using (q(metric, "p05")) nooutput
  m_low = STATS_min
  load plotdir.'/units.gp'
  mq(c) = q(metric, c) / m_div
  set title fig_title(m_label) . "\n" . sprintf('{/=%g Monte Carlo uncertainty%s}', \
      font_pt * font_scale, subtitle) font fnt(font_pt + 1)
  set ylabel (m_unit eq '' ? nounder(metric) : m_unit)
  set format y '%g'
  if (m_low < 0) {
    set yrange [*:*]
  } else {
    set yrange [0 : nice_ceil(max(m_top / m_div, 1e-9) * 1.3)]
  }
  set key inside top left Left reverse noautotitle maxrows 3 width 0 samplen 1.8
  plot quantiles using (column("year")):(mq("p05")):(mq("p95")) \
         with filledcurves fs transparent solid 0.22 lc rgb rgb(m_colour) title '5-95 %', \
       '' using (column("year")):(mq("p25")):(mq("p75")) \
         with filledcurves fs transparent solid 0.45 lc rgb rgb(m_colour) title '25-75 %', \
       '' using (column("year")):(mq("p50")) with lines lw 2 lc rgb rgb(m_colour) title 'median'
}

# --- the default two panels -----------------------------------------------------------------
if (!one) {
stats quantiles using (q("operating_mw", "p95")) nooutput
cap_top = STATS_max
stats quantiles using (q("demand_mw", "p50")) nooutput
cap_top = max(cap_top, STATS_max)
target = 0
if (has_metric('target_mw')) {
  stats quantiles using (q("target_mw", "p50")) nooutput
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
}
