# emissions.gp - what the region's data centers emit each year and in total (DESIGN §8).
#
# Stacked bars per year (yearly.csv, kt CO2e emitted during the year): operational emissions
# (op_emissions_t: facility energy x grid carbon intensity) at the bottom, embodied emissions
# (embodied_emissions_t: buildings at energization, IT at fit-out and refresh) on top; line on
# the right axis: cumulative emissions since the first year (cumulative_emissions_t, Mt CO2e).
#     gnuplot -e "run='out/hauts-de-france'" plots/emissions.gp      [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'emissions'
load plotdir.'/style.gp'

opkt(r) = column("op_emissions_t") / 1e3
embkt(r) = column("embodied_emissions_t") / 1e3
cummt(r) = column("cumulative_emissions_t") / 1e6
# (stats honours the ranges already set: measure everything first)
stats yearly using (opkt(0) + embkt(0)) nooutput
ytop = nice_ceil(STATS_max * 1.05)
stats yearly using (cummt(0)) nooutput
y2top = nice_ceil(STATS_max * 1.05)
set yrange [0 : ytop]
set y2range [0 : y2top]

set title fig_title('CO_2 emissions')
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
       lc rgb rgb(c_op_co2) title 'operational (electricity)', \
     '' using (column("year")):(cummt(0)) axes x1y2 with linespoints \
       lw 2 pt 7 ps 0.45 lc rgb rgb(c_cumulative) title 'cumulative (right axis)'
