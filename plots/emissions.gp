# emissions.gp - what the region's data centers emit each year and in total (DESIGN §8).
#
# Stacked bars per year (yearly.csv, kt CO2e emitted during the year): operational emissions
# (op_emissions_t: facility energy x grid carbon intensity) at the bottom, embodied emissions
# (embodied_emissions_t: buildings at energization, IT at fit-out and refresh) on top; line on
# the right axis: cumulative emissions since the first year (cumulative_emissions_t, Mt CO2e).
# Two readings of the operational part (DESIGN §2.2 rule 26): op_emissions_t is attributional
# (grid energy at the grid's average intensity).  When yearly.csv has op_emissions_marginal_t
# and it differs from op_emissions_t in some year, a second panel below pairs them year by year
# (blue: attributional, purple: consequential, the grid energy at [carbon] marginal_g_per_kwh,
# what the extra load displaces), and the top panel's operational bars and cumulative line are
# labelled attributional (the columns they draw).  Without the column, or when the two are equal
# (no marginal intensity given), the figure is the single panel it always was.
#     gnuplot -e "run='out/hauts-de-france'" plots/emissions.gp      [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'emissions'
# The consequential reading: is the column there, and does it differ from op_emissions_t
# anywhere?  Read before style.gp sets the terminal (a second panel makes the figure taller);
# a difference below 1e-9 of the largest emission is CSV rounding, not a second reading.
_marg_awk = '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next } \
  ("op_emissions_marginal_t" in c) { a = $c["op_emissions_t"] + 0; m = $c["op_emissions_marginal_t"] + 0; \
    d = (a > m) ? a - m : m - a; if (d > dmax) dmax = d; if (a > top) top = a; if (m > top) top = m } \
  END { print (dmax > 1e-9 * (top > 1 ? top : 1)) ? 1 : 0 }'
marginal = exists("run") ? system(sprintf("awk -F, '%s' '%s/yearly.csv' 2>/dev/null", _marg_awk, run)) eq '1' : 0
fig_height = marginal ? 1.85 : 1.0
load plotdir.'/style.gp'

opkt(r) = column("op_emissions_t") / 1e3
embkt(r) = column("embodied_emissions_t") / 1e3
cummt(r) = column("cumulative_emissions_t") / 1e6
# (stats honours the ranges already set: measure everything first)
stats yearly using (opkt(0) + embkt(0)) nooutput
ytop = nice_ceil(STATS_max * 1.05)
stats yearly using (cummt(0)) nooutput
y2top = nice_ceil(STATS_max * 1.05)
margkt(r) = column("op_emissions_marginal_t") / 1e3
if (marginal) {
  stats yearly using (max(opkt(0), margkt(0))) nooutput
  ptop = nice_ceil(STATS_max * 1.05)
}
set yrange [0 : ytop]
set y2range [0 : y2top]
if (marginal) {
  set multiplot layout 2, 1 title fig_title('CO_2 emissions') font fnt(font_pt + 1)
  unset title
  # one legend entry a line (the attributional titles are long)
  set key vertical maxrows 3
  # both panels' plot areas over the same years (the top one has a right axis)
  set lmargin at screen 0.155
  set rmargin at screen 0.86
} else {
  set title fig_title('CO_2 emissions')
}
set ylabel 'emitted in the year (kt CO_2e)'
set y2label 'cumulative (Mt CO_2e)' rotate by -90
set border 11 lw 0.8 lc rgb '#333333'
set ytics nomirror
set y2tics nomirror
set format y '%g'
set format y2 '%g'
set boxwidth 0.7 absolute
set style fill solid 1.0 noborder

plot yearly using (column("year")):(opkt(0) + embkt(0)) with boxes \
       lc rgb rgb(c_embodied_co2) title 'embodied (buildings, IT)', \
     '' using (column("year")):(opkt(0)) with boxes \
       lc rgb rgb(c_op_co2) \
       title (marginal ? 'operational, attributional' : 'operational (electricity)'), \
     '' using (column("year")):(cummt(0)) axes x1y2 with linespoints \
       lw 2 pt 7 ps 0.45 lc rgb rgb(c_cumulative) \
       title (marginal ? 'cumulative, attributional (right axis)' : 'cumulative (right axis)')

# --- the two readings of operational CO2, paired year by year ------------------------------
if (marginal) {
  unset y2label
  unset y2tics
  set border 3 lw 0.8 lc rgb '#333333'
  set yrange [0 : ptop]
  set ylabel 'operational (kt CO_2e)'
  set title 'operational CO_2, two readings' font fnt(font_pt) offset 0, -0.6
  set boxwidth 0.36 absolute
  plot yearly using (column("year") - 0.19):(opkt(0)) with boxes lc rgb rgb(c_op_co2) \
         title 'attributional (average grid intensity)', \
       '' using (column("year") + 0.19):(margkt(0)) with boxes lc rgb rgb(c_marginal_co2) \
         title 'consequential (marginal grid intensity)'
  unset multiplot
}
