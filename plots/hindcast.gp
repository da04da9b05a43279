# hindcast.gp - a hindcast case drawn as model against observation (DESIGN §8, issue 15).
#
# Reads RUN/observed.csv (year, metric, value, source: the observations of a case under
# workloads/hindcast/, copied into the run directory by `dcbuildout run`; `year` follows
# yearly.csv's rows, a mid-year figure written Y - 0.5) and the model: RUN/quantiles.csv in a
# Monte Carlo (median line and p05-p95 band), else RUN/yearly.csv (the run's line, no band).
# One panel per observed metric, in the order of their first row in observed.csv, sharing the
# year axis; observations as black points; each panel's unit from the metric's suffix (_mw: MW IT,
# _gwh: GWh or TWh, _t: t, kt or Mt CO2e); the title names the case (run.ini's [scenario] name).
#     gnuplot -e "run='out/hindcast-singapore'" plots/hindcast.gp        [out=..., fmt='pdf'|'svg']
#
# Read it as: a point inside the band is a year the model's 90 % range covers; the README of the
# case states the tolerance the test holds it to (tests/e2e_hindcast.sh).
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'hindcast'

if (!exists("run")) {
  print "hindcast.gp: set the run directory, e.g. gnuplot -e \"run='out/x'\" plots/hindcast.gp"
  exit status 1
}
observed = run.'/observed.csv'
if (system(sprintf("test -f '%s' && echo yes", observed)) ne 'yes') {
  print sprintf("hindcast.gp: %s: no such file (run a scenario that has observed.csv beside it)", observed)
  exit status 1
}
quantiles = run.'/quantiles.csv'
mc = system(sprintf("test -f '%s' && echo yes", quantiles)) eq 'yes'
model = mc ? quantiles : run.'/yearly.csv'
# The observed metrics, space-separated, in the order of their first row.
obs_metrics = system(sprintf("awk -F, '/^#/ { next } !h { h = 1; next } !s[$2]++ { printf \"%%s \", $2 }' '%s'", observed))
n_panels = words(obs_metrics)
if (n_panels < 1) {
  print sprintf("hindcast.gp: %s holds no observation", observed)
  exit status 1
}
fig_height = (n_panels == 1) ? 1.0 : 0.2 + 0.62 * n_panels
years_csv = model
load plotdir.'/style.gp'

n_reps = mc ? system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", quantiles)) : ''
subtitle = mc ? sprintf('model median and 5-95 %% band of %s replications; points: observations', n_reps) \
              : 'model (one run); points: observations'
# The year axis covers the model's rows and every observation.
stats observed using (column("year")) nooutput
set xrange [min(year_min, STATS_min) - 0.6 : max(year_max, STATS_max) + 0.6]

# mq(m, c): column c of the model's rows of metric m (quantiles.csv) or column m (yearly.csv).
mq(m, c) = mc ? ((strcol("metric") eq m) ? column(c) : NaN) : column(m)
ob(m) = (strcol("metric") eq m) ? column("value") : NaN

ends(s, x) = strlen(s) > strlen(x) && s[strlen(s) - strlen(x) + 1:strlen(s)] eq x
nounder(s) = (strlen(s) == 0) ? '' : ((s[1:1] eq '_') ? ' ' : s[1:1]) . nounder(s[2:strlen(s)])
array known_names[9] = ['operating_mw', 'leaked_mw', 'stranded_mw', 'under_construction_mw', \
    'facility_energy_gwh', 'served_mw', 'facility_power_mw', 'pipeline_mw', 'onsite_mw']
# short names: each is its panel's y label, with the unit
array known_labels[9] = ['operating', 'leaked (cumulative)', 'stranded', 'under construction', \
    'facility energy', 'served', 'facility power', 'pipeline', 'on on-site power']
array known_colours[9] = [c_operating, c_leaked, c_stranded, c_construction, \
    c_facility_energy, c_operating, c_facility_energy, c_pipeline, c_onsite]

set multiplot layout n_panels, 1 title fig_title('model against observation') . "\n" . \
    sprintf('{/=%g %s}', (font_pt - 1) * font_scale, subtitle) font fnt(font_pt + 1)
unset title
set key inside top left Left reverse noautotitle horizontal maxrows 1 width 0 samplen 1.8 font key_font
do for [p = 1:n_panels] {
  m = word(obs_metrics, p)
  m_label = nounder(m)
  m_colour = 0x0072B2
  do for [k = 1:9] {
    if (known_names[k] eq m) {
      m_label = known_labels[k]
      m_colour = known_colours[k]
    }
  }
  # two columns (year, value), so that the year range filters and the value is y; the previous
  # panel's y range must not filter this one's values
  set autoscale y
  stats model using (column("year")):(mq(m, mc ? "p95" : m)) nooutput
  top = STATS_max_y
  # the observations' largest value (awk: stats on one point would warn about its regression)
  top = max(top, real(system(sprintf("awk -F, -v m='%s' '/^#/ { next } h && $2 == m && $3 + 0 > t { t = $3 + 0 } { h = 1 } END { print t + 0 }' '%s'", m, observed))))
  m_div = 1
  m_unit = nounder(m)
  if (ends(m, '_mw')) { m_unit = 'MW IT' }
  if (ends(m, '_gwh')) {
    m_div = (top >= 1e4) ? 1e3 : 1
    m_unit = (m_div > 1) ? 'TWh' : 'GWh'
  }
  if (ends(m, '_t')) {
    m_div = (top >= 1e6) ? 1e6 : ((top >= 1e3) ? 1e3 : 1)
    m_unit = (m_div == 1e6) ? 'Mt CO_2e' : ((m_div == 1e3) ? 'kt CO_2e' : 't CO_2e')
  }
  set ylabel sprintf('%s (%s)', m_label, m_unit)
  set format y '%g'
  set yrange [0 : nice_ceil(max(top / m_div, 1e-9) * 1.35)]
  set xlabel (p == n_panels) ? 'year (stocks at year end)' : ''
  # the key once, in the first panel (the same three entries in every panel)
  if (p == 1) { set key } else { unset key }
  if (mc) {
    plot model using (column("year")):(mq(m, "p05") / m_div):(mq(m, "p95") / m_div) \
           with filledcurves fs transparent solid 0.25 lc rgb rgb(m_colour) title 'model 5-95 %', \
         '' using (column("year")):(mq(m, "p50") / m_div) with lines lw 2 lc rgb rgb(m_colour) \
           title 'model median', \
         observed using (column("year")):(ob(m) / m_div) with points pt 7 ps 1.1 \
           lc rgb rgb(c_demand) title 'observed'
  } else {
    plot model using (column("year")):(mq(m, m) / m_div) with lines lw 2 lc rgb rgb(m_colour) \
           title 'model', \
         observed using (column("year")):(ob(m) / m_div) with points pt 7 ps 1.1 \
           lc rgb rgb(c_demand) title 'observed'
  }
}
unset multiplot
