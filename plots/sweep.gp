# sweep.gp - a sweep's outcome against the varied parameters (DESIGN §7, §8).
#
# Reads RUN/summary.csv (written by `dcbuildout sweep collect`: point, one column per varied key
# group.key, then <metric>@<year>_p05/_p50/_p95 for each outcome, followed by
# <metric>@<year>_diff_p05/_diff_p50/_diff_p95 when the spec has compare_to).
#   a Latin hypercube (method: lhs in the provenance lines): a scatter of the outcome's median
#                               against each varied parameter, one small panel per parameter on a
#                               shared y axis, each point one sample with its p05-p95 as a thin
#                               bar (samples are scattered, so no line joins them: a line would
#                               suggest an order the samples do not have).  With compare_to, the
#                               panels show the paired difference from the reference instead
#                               (diff = 0 for the levels): with common random numbers it is the
#                               effect of the sample's values in each draw, its bar is the spread
#                               of that effect, not the replications' noise the levels' bars
#                               carry, and the zero line is the reference;
#   one parameter (ykey = ''):  the outcome's median against parameter x, with p05-p95 bars
#                               (90 % of the replications of a point fall inside the bar);
#   several parameters, ykey = '' (the default beyond two): the median against x, one series per
#                               combination of the other parameters when there are <= 6 of them
#                               (bars p05-p95), else the median over the combinations of the
#                               points' medians with bars from their lowest to their highest;
#   two parameters (xkey, ykey):   a heat map of the median over x and y, each cell labelled.
#     gnuplot -e "run='out/sweep-grid-leadtime'" plots/sweep.gp
#     gnuplot -e "run='out/s'; outcome='unmet_mw@2040'; xkey='demand.growth'; ykey=''" plots/sweep.gp
# Variables: run (required), out, fmt (png|pdf|svg, see style.gp), outcome (default: the first
# one), xkey (default: the first varied key), ykey (default: the second varied key when exactly
# two vary, else none: one parameter), diff (1: the paired differences from compare_to's
# reference; default 1 for a Latin hypercube whose summary has them, else 0), bars (0: no p05-p95
# bars in the Latin hypercube's panels; default 1), panels (0: a Latin hypercube drawn like a grid;
# default 1).  A parameter with a value that is not a number (a
# distribution such as tri(3,4,7), DESIGN §2.2 rule 25) is drawn as categories (its values as tic
# labels, in point order) in the one-parameter figure and the heat map; the several-parameter
# figure leaves such rows out.  Values holding commas are read as one CSV field everywhere.
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

# Header: parameters are the columns between 'point' and the first *_p05 column; outcomes the
# names before each *_p05 that is not a *_diff_p05.
params = system(sprintf("awk -F, '!/^#/ { for (i = 2; i <= NF; i++) { if ($i ~ /_p05$/) break; printf \"%%s \", $i }; exit }' '%s'", summary))
outcomes = system(sprintf("awk -F, '!/^#/ { for (i = 2; i <= NF; i++) if ($i ~ /_p05$/ && $i !~ /_diff_p05$/) { sub(/_p05$/, \"\", $i); printf \"%%s \", $i }; exit }' '%s'", summary))
n_rows = int(system(sprintf("awk '!/^#/ { n++ } END { print n - 1 }' '%s'", summary)))
n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", summary))
method = system(sprintf("awk '/^# method:/ { print $3; exit }' '%s'", summary))
reference = system(sprintf("awk '/^# compare_to:/ { print $3; exit }' '%s'", summary))
# A Latin hypercube: one panel per parameter, up to 3 across (the figure grows with them).
if (!exists("panels")) panels = 1
lhs = (method eq 'lhs' && panels && !exists("ykey"))
n_par = words(params)
lhs_cols = (n_par < 1) ? 1 : (n_par <= 3) ? n_par : ((n_par == 4) ? 2 : 3)
lhs_rows = (n_par + lhs_cols - 1) / lhs_cols
if (lhs && n_par > 0) {
  fig_width = (lhs_cols >= 3) ? 1.35 : 1.0
  fig_height = (lhs_rows == 1) ? 1.1 : 0.2 + 0.75 * lhs_rows
}
load plotdir.'/style.gp'
if (words(params) < 1 || words(outcomes) < 1 || n_rows < 1) {
  print sprintf("sweep.gp: %s holds no point to plot", summary)
  exit status 1
}
if (!exists("outcome")) outcome = word(outcomes, 1)
if (!exists("xkey")) xkey = word(params, 1)
if (!exists("ykey")) ykey = (words(params) == 2 && !lhs) ? word(params, 2) : ''
if (!has_col(header_of(summary), xkey) || (ykey ne '' && !has_col(header_of(summary), ykey)) || \
    !has_col(header_of(summary), outcome.'_p50')) {
  print sprintf("sweep.gp: %s has no column '%s', '%s' or '%s_p50' (parameters: %s; outcomes: %s)", summary, xkey, ykey, outcome, params, outcomes)
  exit status 1
}
# The paired differences from compare_to's reference: drawn by default in a Latin hypercube's
# panels; asked for (diff = 1) in a grid's figure.
has_diff = has_col(header_of(summary), outcome.'_diff_p50')
if (!exists("diff")) diff = lhs && has_diff
if (diff && !has_diff) {
  print sprintf("sweep.gp: diff = 1, but %s has no column '%s_diff_p50' (the spec has no compare_to)", summary, outcome)
  exit status 1
}
ref_name = (reference eq 'base') ? 'the base scenario' : sprintf('point %s', reference)
# The columns drawn: <outcome>_p05/_p50/_p95, or <outcome>_diff_p05/_diff_p50/_diff_p95.
ycols = diff ? outcome.'_diff' : outcome

# Unit of a metric from its name's suffix (trace.h's naming rule).
unit_of(m) = (strstrt(m, '_mw@') > 0) ? 'MW' : (strstrt(m, '_gwh@') > 0) ? 'GWh' : \
    (strstrt(m, 'emissions_t@') > 0) ? 't CO_2e' : (strstrt(m, '_meur@') > 0) ? 'M€' : \
    (strstrt(m, 'eflops@') > 0) ? 'EFLOP/s' : (strstrt(m, 'g_per_kwh@') > 0) ? 'g CO_2e/kWh' : ''
label_of(m) = (unit_of(m) eq '') ? m : sprintf('%s (%s)', m, unit_of(m))
esc(s) = system(sprintf("printf '%%s' '%s' | sed 's/_/\\\\_/g; s/@/ in /g'", s))
p05(c) = column(c.'_p05')
p50(c) = column(c.'_p50')
p95(c) = column(c.'_p95')
reps = (n_reps eq '') ? '' : sprintf(', %s replications a point', n_reps)

# The awk program of the several-parameter figure (written to a temporary file).
$sweep_awk << EOD
function csv(line, f,   n, i, c, q, cur) {
  n = 0; cur = ""; q = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (q) {
      if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 }
      else cur = cur c
    } else if (c == "\"") q = 1
    else if (c == ",") { f[++n] = cur; cur = "" }
    else cur = cur c
  }
  f[++n] = cur
  return n
}
function isnum(v) { return v ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
/^#/ { next }
!h {
  nf = csv($0, hd); h = 1
  for (i = 2; i <= nf; i++) {
    if (hd[i] == xkey) xc = i
    if (ykey != "" && hd[i] == ykey) yk = i
    if (hd[i] == outcome "_p50") yc = i
    if (hd[i] ~ /_p05$/ && !last) last = i - 1
  }
  for (i = 2; i <= last; i++) if (i != xc) others = others (others == "" ? "" : ", ") hd[i]
  if (mode == "clean") print "x,y,low,median,high" # style.gp reads the first line as column names
  next
}
{
  csv($0, f)
  if (mode == "clean" || mode == "cats" || mode == "legend") {
    # Kept for the END: a parameter with a value that is not a number (a distribution, rule 25)
    # is drawn as categories, 1, 2, ... in the order the values first appear.
    nr++; RX[nr] = f[xc]; RY[nr] = yk ? f[yk] : 0
    RL[nr] = f[yc - 1]; RM[nr] = f[yc]; RU[nr] = f[yc + 1]
    if (!isnum(f[xc])) xcat = 1
    if (yk && !isnum(f[yk])) ycat = 1
    next
  }
  if (!isnum(f[xc])) next
  c = ""
  for (i = 2; i <= last; i++) if (i != xc) c = c (c == "" ? "" : ", ") hd[i] " = " f[i]
  if (!(c in idx)) { idx[c] = ++nc; lab[nc] = c }
  n++; X[n] = f[xc] + 0; C[n] = idx[c]; Y[n] = f[yc]; L[n] = f[yc - 1]; U[n] = f[yc + 1]
}
function median(a, m,   i, j, t) {
  for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function cat(v, which) {
  if (!((which, v) in ci)) { ci[which, v] = ++nci[which]; cv[which, nci[which]] = v }
  return ci[which, v]
}
# The tic label of a category: its value, or its number when some value is long (> 14
# characters: a trajectory), the numbers then explained below the figure (mode "legend").
function tic(v, which, long) { return long ? cat(v, which) : v }
END {
  for (i = 1; i <= nr; i++) {
    if (length(RX[i]) > 14) xlong = 1
    if (length(RY[i]) > 14) ylong = 1
  }
  if (mode == "cats") { print (xcat ? 1 : 0) " " (ycat ? 1 : 0); exit }
  if (mode == "legend") {
    # "key: 1 = value; 2 = value" for each parameter drawn with numbered categories
    for (i = 1; i <= nr; i++) { if (xcat) cat(RX[i], "x"); if (ycat) cat(RY[i], "y") }
    out = ""
    if (xcat && xlong) { out = xkey ":"; for (k = 1; k <= nci["x"]; k++) out = out " " k " = " cv["x", k] (k < nci["x"] ? ";" : "") }
    if (ycat && ylong) { out = out (out == "" ? "" : "   ") ykey ":"; for (k = 1; k <= nci["y"]; k++) out = out " " k " = " cv["y", k] (k < nci["y"] ? ";" : "") }
    print out
    exit
  }
  if (mode == "clean") {
    # x, y (the second parameter, or 0), p05, p50, p95, then the labels of x and y: a plain CSV
    # gnuplot can read by position (a label holding a comma is quoted)
    for (i = 1; i <= nr; i++) {
      x = xcat ? cat(RX[i], "x") : RX[i]; y = ycat ? cat(RY[i], "y") : RY[i]
      print x "," y "," RL[i] "," RM[i] "," RU[i] ",\"" (xcat ? tic(RX[i], "x", xlong) : RX[i]) "\",\"" \
            (ycat ? tic(RY[i], "y", ylong) : RY[i]) "\""
    }
    exit
  }
  if (mode == "count") { print nc + 0; exit }
  if (mode == "others") { print others; exit }
  if (mode == "label") { print lab[k]; exit }
  print "x,median,low,high" # the header line (style.gp reads the first line as column names)
  if (mode == "series") { for (i = 1; i <= n; i++) if (C[i] == k) print X[i] "," Y[i] "," L[i] "," U[i]; exit }
  # agg: distinct x in increasing order
  nx = 0
  for (i = 1; i <= n; i++) if (!(X[i] in seen)) { seen[X[i]] = 1; xs[++nx] = X[i] }
  for (i = 2; i <= nx; i++) { t = xs[i]; for (j = i - 1; j >= 1 && xs[j] > t; j--) xs[j + 1] = xs[j]; xs[j + 1] = t }
  for (a = 1; a <= nx; a++) {
    m = 0; lo = ""; hi = ""
    for (i = 1; i <= n; i++) if (X[i] == xs[a]) {
      v[++m] = Y[i] + 0
      if (lo == "" || v[m] < lo) lo = v[m]
      if (hi == "" || v[m] > hi) hi = v[m]
    }
    print xs[a] "," median(v, m) "," lo "," hi
  }
}
EOD

# The awk program reads the summary for every kind of figure: it is CSV quoting aware (values
# like "tri(1,2,4)" or "tri(0.1,0.2,0.3)@2025, 0.1@2040" hold commas, DESIGN §2.2 rule 25), and
# rows whose x (or y) value is not a number are left out.
awk_file = system('mktemp')
set print awk_file
print $sweep_awk
unset print
awk_cmd_x(mode, xk) = sprintf("awk -v mode=%s -v xkey='%s' -v ykey='%s' -v outcome='%s' -f '%s' '%s'", mode, xk, ykey, ycols, awk_file, summary)
awk_cmd(mode) = awk_cmd_x(mode, xkey)
clean = sprintf('< %s', awk_cmd('clean'))

# An outcome that no parameter moves (equal bands at every point: common random numbers make
# identical inputs give identical rows) still gets a y range, which gnuplot would widen with a
# warning.
stats clean using 3 nooutput
y_lo = STATS_min
stats clean using 5 nooutput
y_hi = STATS_max
if (y_hi == y_lo && ykey eq '') {
  y_pad = (y_hi == 0) ? 1 : abs(y_hi) * 0.05
  set yrange [y_lo - y_pad:y_hi + y_pad]
}
# A grid's figure of the differences (diff = 1) says so in its title and axis.
diff_note = diff ? sprintf(' − %s', (reference eq 'base') ? 'base' : 'point '.reference) : ''
if (diff) { set arrow 70 from graph 0, first 0 to graph 1, first 0 nohead dt 2 lw 0.8 lc rgb '#555555' back }

set xlabel esc(xkey)
# (gnuplot 5.4 has no 'else if' chain: one 'if' per kind of figure.)
kind = lhs ? 'lhs' : (ykey ne '') ? 'heat' : (words(params) == 1) ? 'one' : 'several'
cats = system(awk_cmd('cats'))
x_cat = int(word(cats, 1))
y_cat = int(word(cats, 2))
# Numbered categories (long values) are explained in one line below the figure.
cat_legend = system(awk_cmd('legend'))
if (cat_legend ne '') {
  set bmargin 5
  set label 90 cat_legend at screen 0.5, screen 0.03 center noenhanced font fnt(font_pt - 3)
}
# The heat map's columns (a macro: defined here, outside the blocks that expand it).
cells = '1:2:(dx):(dy):4'.(x_cat ? ':xtic(6)' : '').(y_cat ? ':ytic(7)' : '')
if (kind eq 'one') {
  set ylabel esc(label_of(outcome)).diff_note
  set title fig_title(esc(outcome).diff_note)
  set autoscale x
  set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
  set key below
  set style line 1 lc rgb rgb(c_operating) lw 1.5 pt 7 ps 0.8
  if (x_cat) {
    plot clean using 1:4:3:5:xtic(6) with yerrorbars ls 1 title sprintf('median, p05–p95%s', reps)
  } else {
    plot clean using 1:4:3:5 with yerrorbars ls 1 title sprintf('median, p05–p95%s', reps)
  }
}
if (kind eq 'several') {
  # Several parameters, one on the x axis: the other parameters' combinations (in point order)
  # are separate series when there are at most 6 of them; otherwise, at each x, the median of
  # the points' medians over all the combinations, with bars from their lowest to their highest.
  n_combos = int(system(awk_cmd('count')))
  others = system(awk_cmd('others'))
  set ylabel esc(label_of(outcome)).diff_note
  set autoscale x
  set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
  small_font = fnt(font_pt - 2)
  set key below left vertical Left reverse maxrows 6 maxcols 1 samplen 1.5 font small_font
  if (n_combos <= 6) {
    set title fig_title(diff ? esc(outcome).diff_note : sprintf('median %s', esc(outcome)))
    set key title sprintf('bars: p05–p95%s', reps) font small_font
    array combo_label[n_combos]
    do for [i = 1:n_combos] { combo_label[i] = esc(system(awk_cmd(sprintf('label -v k=%d', i)))) }
    plot for [i = 1:n_combos] sprintf('< %s', awk_cmd(sprintf('series -v k=%d', i))) \
         using 1:2:3:4 with yerrorlines lw 1.5 pt 7 ps 0.7 lc i title combo_label[i]
  } else {
    set title fig_title(diff ? esc(outcome).diff_note : sprintf('median %s', esc(outcome)))
    set style line 1 lc rgb rgb(c_operating) lw 1.5 pt 7 ps 0.8
    plot sprintf('< %s', awk_cmd('agg')) using 1:2:3:4 with yerrorlines ls 1 \
         title sprintf('median over the %d combinations of the other parameters', n_combos), \
         NaN with lines lc rgb 'white' title sprintf('bars: lowest to highest of the %d medians', n_combos)
  }
}
if (kind eq 'heat') {
  # Cells: half the smallest gap between distinct values of each parameter.
  gap(k) = real(system(sprintf("%s | awk -F, 'NR > 1 { print $%d }' | sort -g -u | awk 'NR > 1 && (m == \"\" || $1 - p < m) { m = $1 - p } { p = $1 } END { print (m == \"\" ? 1 : m) }'", awk_cmd('clean'), k)))
  dx = gap(1) / 2.0
  dy = gap(2) / 2.0
  set ylabel esc(ykey)
  # (with diff = 1 the colour bar says "median difference": the title has no room for it)
  set title fig_title(diff ? esc(outcome).diff_note : sprintf('median %s', esc(outcome)))
  unset arrow 70
  # The title names the outcome; the colour bar only needs the unit (a long label runs off).
  cb_what = diff ? 'median difference' : 'median'
  set cblabel (unit_of(outcome) eq '' ? cb_what : sprintf('%s, %s', cb_what, unit_of(outcome))) font key_font
  set offsets dx, dx, dy, dy
  set autoscale xfix
  set autoscale yfix
  unset grid
  set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
  set cbtics scale 0.5
  set colorbox
  unset key
  # Cell labels: black on the light half of the palette, white on the dark half.
  stats clean using 4 nooutput
  z_mid = (STATS_min + STATS_max) / 2.0
  # An outcome equal at every point (a capacity no parameter moves) still gets a colour bar:
  # a range around its value, which gnuplot would otherwise widen with a warning.
  if (STATS_max == STATS_min) {
    z_pad = (STATS_max == 0) ? 1 : abs(STATS_max) * 0.01
    set cbrange [STATS_min - z_pad:STATS_max + z_pad]
  }
  ink(z) = (z > z_mid) ? 0x000000 : 0xffffff
  # Category labels are scenario text ("0.025@2025, 0.15@2035"): no enhanced-text markup.
  if (x_cat) { set xtics 1 noenhanced }
  if (y_cat) { set ytics 1 noenhanced }
  plot clean using @cells with boxxyerror fc palette notitle, \
       '' using 1:2:(abs($4) >= 100 ? sprintf('%.0f', $4) : sprintf('%.3g', $4)):(ink($4)) \
          with labels font fnt(font_pt - 2) textcolor rgb variable notitle
}
if (kind eq 'lhs') {
  # One panel per parameter, all on the y range of every sample's bar (or median, without bars),
  # so that the panels compare: a parameter that moves the outcome shows a trend, one that does
  # not a flat cloud.  The y axis is labelled once, on the left of the figure.
  if (!exists("bars")) { bars = 1 }
  stats clean using (bars ? column(3) : column(4)) nooutput
  y_lo = STATS_min
  stats clean using (bars ? column(5) : column(4)) nooutput
  y_hi = STATS_max
  if (diff) {
    y_lo = min(y_lo, 0)
    y_hi = max(y_hi, 0)
  }
  y_pad = (y_hi > y_lo) ? (y_hi - y_lo) * 0.06 : ((y_hi == 0) ? 1 : abs(y_hi) * 0.05)
  set yrange [y_lo - y_pad : y_hi + y_pad]
  unset offsets
  unset key
  unset label 90
  set bmargin
  small_font = fnt(font_pt - 2)
  set tics font small_font
  set xlabel font fnt(font_pt - 1) offset 0, 0.4
  set format y '%g'
  set ytics nomirror
  set grid xtics ytics lw 0.5 lc rgb '#e4e4e4' dt 1
  what = diff ? sprintf('%s: difference from %s, %d samples', esc(outcome), ref_name, n_rows) \
              : sprintf('%s, %d samples', esc(outcome), n_rows)
  each = diff ? sprintf("each point: one sample's median difference over %s paired replications", n_reps) \
              : sprintf("each point: one sample's median over %s replications", n_reps)
  subtitle = each.(bars ? '; bars: p05–p95' : '')
  # Room on the left for the shared y label, on top for the title and its second line, below
  # for the last row's parameter names.
  top = 1 - 0.62 / fig_h_in
  bottom = 0.52 / fig_h_in
  left = 0.62 / fig_w_in
  set multiplot layout lhs_rows, lhs_cols title sprintf("%s\n{/=%g %s}", fig_title(what), (font_pt - 1) * font_scale, subtitle) \
      font fnt(font_pt + 1) margins left, 0.985, bottom, top spacing 0.07 / fig_width, 0.62 / fig_h_in
  set bars 0 # thin bars, no end caps: 200 capped bars are a hedge
  y_label = esc(label_of(outcome)).(diff ? ', difference' : ', median')
  set label 91 y_label at screen 0.018, screen (top + bottom) / 2 rotate by 90 center font fnt(font_pt - 1)
  unset title
  unset ylabel
  set style line 1 lc rgb rgb(c_operating) pt 7 ps 0.65
  set style line 2 lc rgb '#8fcfbd' lw 0.7 pt -1
  do for [j = 1:n_par] {
    pk = word(params, j)
    src = sprintf('< %s', awk_cmd_x('clean', pk))
    # (stats of one column counts only the values inside the y range: free it for the count)
    set autoscale y
    stats src using 1 nooutput
    set yrange [y_lo - y_pad : y_hi + y_pad]
    x_pad = (STATS_max > STATS_min) ? (STATS_max - STATS_min) * 0.04 : 0.5
    set xrange [STATS_min - x_pad : STATS_max + x_pad]
    set xtics autofreq
    if (STATS_max > STATS_min) { set xtics nice_step((STATS_max - STATS_min) / 3.5) }
    set xlabel esc(pk)
    # Tic labels on the left column only: the y axis is shared.
    if ((j - 1) % lhs_cols == 0) { set format y '%g' } else { set format y '' }
    if (bars) {
      plot src using 1:4:3:5 with yerrorbars ls 2 notitle, '' using 1:4 with points ls 1 notitle
    } else {
      plot src using 1:4 with points ls 1 notitle
    }
    unset label 91
  }
  unset multiplot
}
rm_status = system(sprintf("rm -f '%s'", awk_file))
