# resources.gp - what the build-out brings and takes besides MW: jobs, water, heat, on-site
# power (DESIGN §8 and §2.2 rule 26).
#
# Up to four panels sharing the years, each drawn only when its column is in the run:
#   jobs       construction_jobs (orange) and operations_jobs (green), at the end of each year;
#   water      water_m3 used during the year (IT energy x [operation] wue_l_per_kwh), bars;
#   heat       heat_reused_gwh delivered to heat networks during the year, bars;
#   on-site    onsite_mw, the IT MW running on on-site power at the end of the year (rule 19).
# A single run reads yearly.csv.  A Monte Carlo directory (quantiles.csv and no yearly.csv) gets
# the same panels from quantiles.csv: each series' median (line) and its p05-p95 band, year by
# year (a band is not one replication's trajectory).  A panel whose series is 0 throughout is
# still drawn, empty, with a note saying what turns it on, so that a reader sees "none" rather
# than a missing panel.  A run written before rule 26 (none of the jobs, water and heat
# columns) has nothing to draw here: the script says so and exits 1 before opening the output
# (`dcbuildout plot` skips the figure with a one-line note instead of running it).
# Units scale with the numbers (jobs or thousand jobs; m³, thousand or million m³; GWh or TWh).
#     gnuplot -e "run='out/hauts-de-france'" plots/resources.gp      [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'resources'

if (!exists("run")) {
  print "resources.gp: set the run directory, e.g. gnuplot -e \"run='out/x'\" plots/resources.gp"
  exit status 1
}
# The source and the series it has, as ",a,b,c," (a single run's header, or the metrics of a
# Monte Carlo's quantiles.csv), read before style.gp sets the terminal: the panels decide the
# figure's height.
mc = system(sprintf("test -f '%s/yearly.csv' && echo 0 || (test -f '%s/quantiles.csv' && echo 1 || echo 0)", run, run)) eq '1'
src = mc ? run.'/quantiles.csv' : run.'/yearly.csv'
_names_awk = mc ? '!/^#/ && h && !s[$2]++ { printf ",%s", $2 } !/^#/ { h = 1 } END { print "," }' \
                : '!/^#/ { sub(/\r$/, ""); print "," $0 ","; exit }'
names = system(sprintf("awk -F, '%s' '%s' 2>/dev/null", _names_awk, src))
has(n) = strstrt(names, ','.n.',') > 0
has_cj = has('construction_jobs')
has_oj = has('operations_jobs')
has_jobs = has_cj || has_oj
has_water = has('water_m3')
has_heat = has('heat_reused_gwh')
has_onsite = has('onsite_mw')
if (!has_jobs && !has_water && !has_heat) {
  print sprintf("resources.gp: %s has no construction_jobs, operations_jobs, water_m3 nor heat_reused_gwh (a run written before rule 26): nothing to draw", src)
  exit status 1
}
n_panels = has_jobs + has_water + has_heat + has_onsite
n_rows = (n_panels > 2) ? 2 : 1
n_cols = (n_panels > 1) ? 2 : 1
fig_height = (n_rows == 2) ? 1.9 : 1.1
fig_width = (n_cols == 2) ? 1.2 : 1.0
if (mc) {
  years_csv = src
}
load plotdir.'/style.gp'

# v(n, c): the value drawn for series n; in a Monte Carlo, quantile column c ('p05', 'p50',
# 'p95') of its rows (NaN on the other metrics' rows, which are grouped, so bands stay whole).
q(n, c) = (strcol("metric") eq n) ? column(c) : NaN
v(n, c) = mc ? q(n, c) : column(n)
n_reps = mc ? system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", src)) : ''
subtitle = !mc ? '' : ((n_reps eq '') ? "\nMonte Carlo: median (line) and 5-95 % band (year by year)" : \
    sprintf("\nMonte Carlo: median (line) and 5-95 %% band (year by year) of %s replications", n_reps))

# (stats honours the ranges already set: measure everything first)
cj_top = 0
oj_top = 0
water_top = 0
heat_top = 0
onsite_top = 0
if (has_cj) {
  stats src using (v('construction_jobs', 'p95')) nooutput
  cj_top = STATS_max
}
if (has_oj) {
  stats src using (v('operations_jobs', 'p95')) nooutput
  oj_top = STATS_max
}
if (has_water) {
  stats src using (v('water_m3', 'p95')) nooutput
  water_top = STATS_max
}
if (has_heat) {
  stats src using (v('heat_reused_gwh', 'p95')) nooutput
  heat_top = STATS_max
}
if (has_onsite) {
  stats src using (v('onsite_mw', 'p95')) nooutput
  onsite_top = STATS_max
}
jobs_top = max(cj_top, oj_top)
jobs_div = (jobs_top >= 1e4) ? 1e3 : 1
jobs_unit = (jobs_div > 1) ? 'thousand jobs' : 'jobs'
water_div = (water_top >= 1e6) ? 1e6 : ((water_top >= 1e3) ? 1e3 : 1)
water_unit = (water_div == 1e6) ? 'million m^3' : ((water_div == 1e3) ? 'thousand m^3' : 'm^3')
heat_div = (heat_top >= 1e4) ? 1e3 : 1
heat_unit = (heat_div > 1) ? 'TWh' : 'GWh'
# ytop(t): the axis top for a series peaking at t (an empty axis 0-1 when it is 0 throughout).
ytop(t) = (t > 0) ? nice_ceil(t * 1.08) : 1

set multiplot layout n_rows, n_cols title fig_title('jobs and resources'.subtitle) \
    font fnt(font_pt + 1) margins 0.13, 0.97, 0.09, (mc ? 0.86 : 0.88) spacing 0.14, 0.15
unset title
set format y '%g'
set xlabel ''
set xtics year_step(n_years, 4)
set key inside top left Left reverse noautotitle maxrows 2 width 0 samplen 1.5 font key_font
set boxwidth 0.7 absolute
set style fill solid 1.0 noborder
# markers on the lines while the years can be told apart (a 200-year run draws plain lines)
pts = (n_years > 60) ? 0 : 0.45
ptitle(t) = sprintf("set title '%s' font '%s' offset 0, -0.6", t, fnt(font_pt))
# an empty panel's note, centred
none_note(txt) = sprintf("set label 9 \"%s\" at graph 0.55, 0.5 center font '%s' textcolor rgb '#555555' front; set ytics (0)", txt, key_font)

# --- jobs -----------------------------------------------------------------------------------
if (has_jobs) {
  eval ptitle('jobs at year end')
  set ylabel jobs_unit
  # (room above the peak for the legend, inside at the top left)
  set yrange [0 : ytop(1.25 * jobs_top / jobs_div)]
  if (jobs_top <= 0) {
    eval none_note('none counted\n([jobs] *\\_per\\_mw = 0)')
  }
  cj(c) = has_cj ? v('construction_jobs', c) / jobs_div : NaN
  oj(c) = has_oj ? v('operations_jobs', c) / jobs_div : NaN
  if (mc) {
    plot src using (column("year")):(cj('p05')):(cj('p95')) with filledcurves \
           fs transparent solid 0.25 lc rgb rgb(c_jobs_construction), \
         '' using (column("year")):(oj('p05')):(oj('p95')) with filledcurves \
           fs transparent solid 0.25 lc rgb rgb(c_jobs_operations), \
         '' using (column("year")):(cj('p50')) with lines lw 2 \
           lc rgb rgb(c_jobs_construction) title (has_cj ? 'construction' : ''), \
         '' using (column("year")):(oj('p50')) with lines lw 2 \
           lc rgb rgb(c_jobs_operations) title (has_oj ? 'operations' : '')
  } else {
    plot src using (column("year")):(cj('')) with linespoints lw 2 pt 7 ps pts \
           lc rgb rgb(c_jobs_construction) title (has_cj ? 'construction' : ''), \
         '' using (column("year")):(oj('')) with linespoints lw 2 pt 7 ps pts \
           lc rgb rgb(c_jobs_operations) title (has_oj ? 'operations' : '')
  }
  unset label 9
  set ytics autofreq
}

# --- water ----------------------------------------------------------------------------------
if (has_water) {
  eval ptitle('water used in the year')
  set ylabel water_unit
  set yrange [0 : ytop(water_top / water_div)]
  if (water_top <= 0) {
    eval none_note('none\n([operation] wue\\_l\\_per\\_kwh = 0)')
  }
  w(c) = v('water_m3', c) / water_div
  if (mc) {
    plot src using (column("year")):(w('p05')):(w('p95')) with filledcurves \
           fs transparent solid 0.3 lc rgb rgb(c_water), \
         '' using (column("year")):(w('p50')) with lines lw 2 lc rgb rgb(c_water)
  } else {
    plot src using (column("year")):(w('')) with boxes lc rgb rgb(c_water)
  }
  unset label 9
  set ytics autofreq
}

# --- heat -----------------------------------------------------------------------------------
if (has_heat) {
  eval ptitle('heat reused in the year')
  set ylabel heat_unit
  set yrange [0 : ytop(heat_top / heat_div)]
  if (heat_top <= 0) {
    eval none_note('none (no site with heat\\_network\nor [heat] reuse\\_share = 0)')
  }
  ht(c) = v('heat_reused_gwh', c) / heat_div
  if (mc) {
    plot src using (column("year")):(ht('p05')):(ht('p95')) with filledcurves \
           fs transparent solid 0.3 lc rgb rgb(c_heat), \
         '' using (column("year")):(ht('p50')) with lines lw 2 lc rgb rgb(c_heat)
  } else {
    plot src using (column("year")):(ht('')) with boxes lc rgb rgb(c_heat)
  }
  unset label 9
  set ytics autofreq
}

# --- on-site power --------------------------------------------------------------------------
if (has_onsite) {
  eval ptitle('on-site power at year end')
  set ylabel 'IT MW'
  set yrange [0 : ytop(onsite_top)]
  if (onsite_top <= 0) {
    eval none_note('none\n(no project bridged)')
  }
  os(c) = v('onsite_mw', c)
  if (mc) {
    plot src using (column("year")):(os('p05')):(os('p95')) with filledcurves \
           fs transparent solid 0.3 lc rgb rgb(c_onsite), \
         '' using (column("year")):(os('p50')) with lines lw 2 lc rgb rgb(c_onsite)
  } else {
    plot src using (column("year")):(0):(os('')) with filledcurves \
           fs solid 0.5 lc rgb rgb(c_onsite), \
         '' using (column("year")):(os('')) with linespoints lw 2 pt 7 ps pts \
           lc rgb rgb(c_onsite)
  }
  unset label 9
  set ytics autofreq
}
unset multiplot
