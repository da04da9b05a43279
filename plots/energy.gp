# energy.gp - the electricity the data centers draw and the compute they deliver (DESIGN §8).
#
# Bars per year (yearly.csv, TWh during the year): facility energy (facility_energy_gwh = IT
# energy x PUE; the part above the IT bar is cooling and losses) with the IT energy
# (it_energy_gwh, from SimGrid's energy plugin) drawn over it; line on the right axis: mean
# compute in use over the year (compute_eflops, EFLOP/s).
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
set yrange [0 : ytop]
set y2range [0 : y2top]

set title fig_title('energy and compute')
set ylabel 'energy in the year (TWh)'
set y2label 'compute in use (EFLOP/s)' rotate by -90
set border 11 lw 0.8 lc rgb '#333333'
set ytics nomirror
set y2tics nomirror textcolor rgb rgb(c_compute)
set format y '%g'
set format y2 '%g'
set boxwidth 0.7 absolute
set style fill solid 1.0 noborder

plot yearly using (column("year")):(fac(0)) with boxes \
       lc rgb rgb(c_facility_energy) title 'facility energy (IT × PUE)', \
     '' using (column("year")):(it(0)) with boxes \
       lc rgb rgb(c_it_energy) title 'IT energy', \
     '' using (column("year")):(flops(0)) axes x1y2 with linespoints \
       lw 2 pt 7 ps 0.45 lc rgb rgb(c_compute) title 'compute (right axis)'
