# energy.gp - the electricity the data centers draw and the compute they deliver (DESIGN §8).
#
# Bars per year (yearly.csv, TWh during the year): facility energy (facility_energy_gwh = IT
# energy x PUE; the part above the IT bar is cooling and losses) with the IT energy
# (it_energy_gwh, from SimGrid's energy plugin) drawn over it; line on the right axis: mean
# compute in use over the year (compute_eflops, EFLOP/s; a log axis when it spans more than three
# decades, as it does over decades of hardware efficiency gains), in the precision of run.ini's
# [hardware] precision (rule 26; FP64 when absent), named on its axis and in the legend.
#     gnuplot -e "run='out/hauts-de-france'" plots/energy.gp         [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'energy'
load plotdir.'/style.gp'

fac(r) = column("facility_energy_gwh") / 1e3
it(r) = column("it_energy_gwh") / 1e3
flops(r) = column("compute_eflops")
# (stats honours the ranges already set: measure everything first)
stats yearly using (max(fac(0), it(0))) nooutput
ytop = nice_ceil(STATS_max * 1.05)
stats yearly using (flops(0)) nooutput
y2top = nice_ceil(STATS_max * 1.05)
# Compute grows with hardware efficiency, i.e. exponentially: over more than three decades of
# range the right axis turns logarithmic (powers of ten), else it stays linear from 0.
stats yearly using ((flops(0) > 0) ? flops(0) : NaN) nooutput
flops_log = (STATS_records > 0 && STATS_min > 0 && STATS_max / STATS_min > 1000)
if (flops_log) {
  y2lo = 10 ** floor(log10(STATS_min))
  y2hi = 10 ** ceil(log10(STATS_max))
}
set yrange [0 : ytop]
if (flops_log) {
  set logscale y2 10
  set my2tics 1
  set y2range [y2lo : y2hi]
} else {
  set y2range [0 : y2top]
}

set title fig_title('energy and compute')
set ylabel 'energy in the year (TWh)'
set y2label (flops_log ? sprintf('compute (EFLOP/s %s, log)', precision) \
                       : sprintf('compute in use (EFLOP/s %s)', precision)) \
    rotate by -90 textcolor rgb rgb(c_compute)
set border 11 lw 0.8 lc rgb '#333333'
set ytics nomirror
set y2tics nomirror textcolor rgb rgb(c_compute)
set format y '%g'
set format y2 (flops_log ? '10^{%T}' : '%g')
set boxwidth 0.7 absolute
set style fill solid 1.0 noborder

plot yearly using (column("year")):(fac(0)) with boxes \
       lc rgb rgb(c_facility_energy) title 'facility energy (IT × PUE)', \
     '' using (column("year")):(it(0)) with boxes \
       lc rgb rgb(c_it_energy) title 'IT energy', \
     '' using (column("year")):((flops_log && flops(0) <= 0) ? NaN : flops(0)) axes x1y2 \
       with linespoints \
       lw 2 pt 7 ps 0.45 lc rgb rgb(c_compute) title sprintf('compute, %s (right axis)', precision)
