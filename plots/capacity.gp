# capacity.gp - how much IT capacity is there, and what holds the rest back (DESIGN §8).
#
# Stacked areas (IT MW, stocks at the end of each year, yearly.csv): operating (energized
# halls), stranded (built, waiting for the grid) and under construction; lines: demand (IT MW),
# the grid connection queue (grid MW: requests not yet granted) and the regional target
# (column target_mw; no line when the column is absent or 0).  Columns are picked by name.
#     gnuplot -e "run='out/hauts-de-france'" plots/capacity.gp       [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'capacity'
load plotdir.'/style.gp'

hdr = header_of(yearly)
target = 0
if (has_col(hdr, 'target_mw')) {
  stats yearly using (column("target_mw")) nooutput
  target = STATS_max
}
stats yearly using (max(column("demand_mw"), column("operating_mw") + column("stranded_mw") \
      + column("under_construction_mw"))) nooutput
ytop = max(STATS_max, target)
stats yearly using (column("grid_queue_mw")) nooutput
ytop = max(ytop, STATS_max)
set yrange [0 : nice_ceil(ytop * 1.08)]

set title fig_title('IT capacity')
set ylabel 'capacity (MW)'
set format y ((ytop < 1e6) ? '%.0f' : '%.1te%T')
op(r) = column("operating_mw")
str(r) = op(0) + column("stranded_mw")
uc(r) = str(0) + column("under_construction_mw")

plot yearly using (column("year")):(str(0)):(uc(0)) with filledcurves \
       fs solid 0.75 lc rgb rgb(c_construction) title 'under construction', \
     '' using (column("year")):(op(0)):(str(0)) with filledcurves \
       fs solid 0.85 lc rgb rgb(c_stranded) title 'stranded (no grid)', \
     '' using (column("year")):(0):(op(0)) with filledcurves \
       fs solid 0.85 lc rgb rgb(c_operating) title 'operating', \
     '' using (column("year")):(column("demand_mw")) with linespoints \
       lw 2 pt 7 ps 0.45 lc rgb rgb(c_demand) title 'demand', \
     '' using (column("year")):(column("grid_queue_mw")) with lines \
       lw 2 dt (6, 3) lc rgb rgb(c_queue) title 'grid queue (grid MW)', \
     (target > 0 ? target : NaN) with lines lw 1.5 dt (10, 4, 2, 4) lc rgb rgb(c_target) \
       title (target > 0 ? sprintf('target (%.0f MW)', target) : '')
