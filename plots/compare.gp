# compare.gp - scenarios compared with common random numbers (DESIGN §8, `dcbuildout compare`).
#
# Reads RUN/compare.csv (columns year, metric, scenario, p05, p50, p95; rows grouped by metric,
# then scenario, then year; the scenarios named in the "# scenario NAME: ..." head lines, the base
# first).  Two panels sharing the year axis, for one metric (`metric`, default operating_mw):
#   top     every scenario's median (line) and p05-p95 band (translucent), the base in black;
#   bottom  every paired difference NAME-BASE (per replication, the scenario's value minus the
#           base's, then its quantiles): median line and p05-p95 band in the scenario's colour,
#           and the zero line.
# Read it as: the bands of the top panel overlap because each holds all the uncertainty of the
# inputs; the bands of the bottom one are the uncertainty of the change itself, since both
# scenarios of a pair drew the same durations and inputs.  A band of the bottom panel that does
# not hold zero is a change the noise cannot explain.
#     gnuplot -e "run='out/hauts-de-france-compare'" plots/compare.gp   [metric='NAME', fmt=...]
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]

if (!exists("run")) {
  print "compare.gp: set the comparison directory, e.g. gnuplot -e \"run='out/x-compare'\" plots/compare.gp"
  exit status 1
}
csv = run.'/compare.csv'
if (system(sprintf("test -f '%s' && echo yes", csv)) ne 'yes') {
  print sprintf("compare.gp: %s: no such file (make it with dcbuildout compare)", csv)
  exit status 1
}
if (!exists("metric")) metric = 'operating_mw'
metrics = system(sprintf("awk -F, '!/^#/ && h && !s[$2]++ { printf \",%%s\", $2 } !/^#/ { h = 1 } END { print \",\" }' '%s' 2>/dev/null", csv))
if (strstrt(metrics, ','.metric.',') == 0) {
  print sprintf("compare.gp: metric '%s' is not in %s (no row of that metric)", metric, csv)
  exit status 1
}
fig = (metric eq 'operating_mw') ? 'compare' : 'compare-'.metric
scenarios = system(sprintf("awk '/^# scenario / { s = $3; sub(/:$/, \"\", s); printf \"%%s \", s } !/^#/ { exit }' '%s'", csv))
n_sc = words(scenarios)
base = word(scenarios, 1)
n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", csv))
if (!exists("title_prefix")) title_prefix = base
fig_height = 1.9
years_csv = csv
load plotdir.'/style.gp'

# sel(s, c): column c of the rows of this metric and scenario s, NaN elsewhere (contiguous rows).
sel(s, c) = (strcol("metric") eq metric && strcol("scenario") eq s) ? column(c) : NaN
stats csv using (sel(word(scenarios, 1), "p95")) nooutput
m_top = STATS_max
do for [i = 2:n_sc] {
  stats csv using (sel(word(scenarios, i), "p95")) nooutput
  m_top = max(m_top, STATS_max)
}
load plotdir.'/units.gp'
v(s, c) = sel(s, c) / m_div
diff(i) = word(scenarios, i).'-'.base
stats csv using (v(diff(2), "p05")) nooutput
d_low = STATS_min
stats csv using (v(diff(2), "p95")) nooutput
d_top = STATS_max
do for [i = 3:n_sc] {
  stats csv using (v(diff(i), "p05")) nooutput
  d_low = min(d_low, STATS_min)
  stats csv using (v(diff(i), "p95")) nooutput
  d_top = max(d_top, STATS_max)
}
# colour of scenario i: the base black, the others the category palette in order
sc_colour(i) = (i == 1) ? 0x000000 : cat_colour(i - 1)
unit_of = (m_unit eq '') ? '' : ' ('.m_unit.')'

set multiplot layout 2, 1 title fig_title(m_label) . "\n" . \
    sprintf('{/=%g %d scenarios, %s replications each, common random numbers}', \
    font_pt * font_scale, n_sc, n_reps) font fnt(font_pt + 1)
unset title

# --- each scenario ---------------------------------------------------------------------------
set ylabel (m_unit eq '' ? nounder(metric) : m_unit)
set format y '%g'
# a metric that is 0 in every scenario and year gets a unit axis, not one of 1e-9
set yrange [0 : (m_top / m_div > 0 ? nice_ceil(m_top / m_div * 1.1) : 1)]
if (!(m_top / m_div > 0)) {
  set label 81 'zero in every scenario and year' at graph 0.5, graph 0.5 center textcolor rgb '#555555'
}
set xlabel ''
set key inside top left Left reverse noautotitle noenhanced maxrows 3 width 1 samplen 1.8
plot for [i = 1:n_sc] csv using (column("year")):(v(word(scenarios, i), "p05")):(v(word(scenarios, i), "p95")) \
       with filledcurves fs transparent solid 0.10 lc rgb rgb(sc_colour(i)), \
     for [i = 1:n_sc] '' using (column("year")):(v(word(scenarios, i), "p50")) with lines \
       lw (i == 1 ? 2.5 : 1.8) lc rgb rgb(sc_colour(i)) title word(scenarios, i)

# --- each paired difference ------------------------------------------------------------------
set ylabel 'paired difference'.unit_of
unset label 81
d_span = d_top - d_low
if (d_span > 1e-9 * max(1, max(abs(d_top), abs(d_low)))) {
  set yrange [d_low - 0.1 * d_span : d_top + 0.15 * d_span]
} else {
  # every difference the same (0 when the scenarios agree): a unit axis around it
  set yrange [d_low - 1 : d_top + 1.5]
  set label 82 sprintf('every paired difference is %g', d_top) at graph 0.5, graph 0.3 center \
      textcolor rgb '#555555'
}
set xlabel 'year'
set key inside top left Left reverse noautotitle vertical maxrows auto width 0 samplen 1.8
plot 0 with lines lw 1 lc rgb '#555555' notitle, \
     for [i = 2:n_sc] csv using (column("year")):(v(diff(i), "p05")):(v(diff(i), "p95")) \
       with filledcurves fs transparent solid 0.18 lc rgb rgb(sc_colour(i)) \
       title (i == 2 ? sprintf('minus %s: median, 5-95 %%', base) : '') noenhanced, \
     for [i = 2:n_sc] '' using (column("year")):(v(diff(i), "p50")) with lines \
       lw 1.8 lc rgb rgb(sc_colour(i)) notitle
unset multiplot
