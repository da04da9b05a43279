# sweep.gp - a sweep's outcome against the varied parameters (DESIGN §7, §8).
#
# Reads RUN/summary.csv (written by `dcbuildout sweep collect`: point, one column per varied key
# group.key, then <metric>@<year>_p05/_p50/_p95 for each outcome).
#   one parameter (ykey = ''):  the outcome's median against parameter x, with p05-p95 bars
#                               (90 % of the replications of a point fall inside the bar);
#   two parameters (xkey, ykey):   a heat map of the median over x and y, each cell labelled.
#     gnuplot -e "run='out/sweep-grid-leadtime'" plots/sweep.gp
#     gnuplot -e "run='out/s'; outcome='unmet_mw@2040'; xkey='demand.growth'; ykey=''" plots/sweep.gp
# Variables: run (required), out, fmt (png|pdf|svg, see style.gp), outcome (default: the first
# one), xkey (default: the first varied key), ykey (default: the second varied key when exactly
# two vary, else none: one parameter).  Non-numeric parameter values (e.g. tri(3,4,7)) are left out of the figure.
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'sweep'
if (!exists("run")) {
  print "sweep.gp: set the sweep directory, e.g. gnuplot -e \"run='out/sweep-x'\" plots/sweep.gp"
  exit status 1
}
summary = run.'/summary.csv'
if (system(sprintf("test -f '%s' && echo yes", summary)) ne 'yes') {
  print sprintf("sweep.gp: %s: no such file (run 'dcbuildout sweep collect SPEC' first)", summary)
  exit status 1
}
if (!exists("title_prefix")) {
  title_prefix = system(sprintf("awk '/^# sweep:/ { print $3; exit }' '%s'", summary))
}
load plotdir.'/style.gp'

# Header: parameters are the columns between 'point' and the first *_p05 column.
params = system(sprintf("awk -F, '!/^#/ { for (i = 2; i <= NF; i++) { if ($i ~ /_p05$/) break; printf \"%%s \", $i }; exit }' '%s'", summary))
outcomes = system(sprintf("awk -F, '!/^#/ { for (i = 2; i <= NF; i++) if ($i ~ /_p05$/) { sub(/_p05$/, \"\", $i); printf \"%%s \", $i }; exit }' '%s'", summary))
n_rows = int(system(sprintf("awk '!/^#/ { n++ } END { print n - 1 }' '%s'", summary)))
n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", summary))
if (words(params) < 1 || words(outcomes) < 1 || n_rows < 1) {
  print sprintf("sweep.gp: %s holds no point to plot", summary)
  exit status 1
}
if (!exists("outcome")) outcome = word(outcomes, 1)
if (!exists("xkey")) xkey = word(params, 1)
if (!exists("ykey")) ykey = (words(params) == 2) ? word(params, 2) : ''
if (!has_col(header_of(summary), xkey) || (ykey ne '' && !has_col(header_of(summary), ykey)) || \
    !has_col(header_of(summary), outcome.'_p50')) {
  print sprintf("sweep.gp: %s has no column '%s', '%s' or '%s_p50' (parameters: %s; outcomes: %s)", summary, xkey, ykey, outcome, params, outcomes)
  exit status 1
}

# Unit of a metric from its name's suffix (trace.h's naming rule).
unit_of(m) = (strstrt(m, '_mw@') > 0) ? 'MW' : (strstrt(m, '_gwh@') > 0) ? 'GWh' : \
    (strstrt(m, 'emissions_t@') > 0) ? 't CO_2e' : (strstrt(m, '_meur@') > 0) ? 'M€' : \
    (strstrt(m, 'eflops@') > 0) ? 'EFLOP/s' : (strstrt(m, 'g_per_kwh@') > 0) ? 'g CO_2e/kWh' : ''
label_of(m) = (unit_of(m) eq '') ? m : sprintf('%s (%s)', m, unit_of(m))
esc(s) = system(sprintf("printf '%%s' '%s' | sed 's/_/\\\\_/g; s/@/ in /'", s))
p05(c) = column(c.'_p05')
p50(c) = column(c.'_p50')
p95(c) = column(c.'_p95')
reps = (n_reps eq '') ? '' : sprintf(', %s replications a point', n_reps)

set xlabel esc(xkey)
if (ykey eq '') {
  set ylabel esc(label_of(outcome))
  set title fig_title(esc(outcome))
  set autoscale x
  set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
  set key below
  set style line 1 lc rgb rgb(c_operating) lw 1.5 pt 7 ps 0.8
  plot summary using (column(xkey)):(p50(outcome)):(p05(outcome)):(p95(outcome)) \
       with yerrorbars ls 1 title sprintf('median and p05–p95 over the replications%s', reps)
} else {
  # Cells: half the smallest gap between distinct values of each parameter.
  gap(name) = real(system(sprintf("awk -F, -v c='%s' '/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == c) k = i; h = 1; next } { print $k }' '%s' | sort -g -u | awk 'NR > 1 && (m == \"\" || $1 - p < m) { m = $1 - p } { p = $1 } END { print (m == \"\" ? 1 : m) }'", name, summary)))
  dx = gap(xkey) / 2.0
  dy = gap(ykey) / 2.0
  set ylabel esc(ykey)
  set title fig_title(sprintf('median %s', esc(outcome)))
  set cblabel esc(sprintf('%s%s', label_of(outcome), reps)) font key_font
  set offsets dx, dx, dy, dy
  set autoscale xfix
  set autoscale yfix
  unset grid
  set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
  set cbtics scale 0.5
  set colorbox
  unset key
  # Cell labels: black on the light half of the palette, white on the dark half.
  stats summary using (p50(outcome)) nooutput
  z_mid = (STATS_min + STATS_max) / 2.0
  ink(z) = (z > z_mid) ? 0x000000 : 0xffffff
  plot summary using (column(xkey)):(column(ykey)):(dx):(dy):(p50(outcome)) with boxxyerror fc palette notitle, \
       '' using (column(xkey)):(column(ykey)):(sprintf('%.3g', p50(outcome))):(ink(p50(outcome))) \
          with labels font fnt(font_pt - 2) textcolor rgb variable notitle
}
