# capacity.gp - how much IT capacity is there, and what holds the rest back (DESIGN §8).
#
# Stacked areas (IT MW, stocks at the end of each year, yearly.csv): operating (energized
# halls), stranded (built, waiting for the grid) and under construction; lines: demand (IT MW),
# the grid connection queue (grid MW: requests not yet granted) and the regional target
# (column target_mw; no line when the column is absent or 0).  From the second layer (DESIGN
# §2.2): the part of operating that runs on on-site power (onsite_mw, rule 19: a blue band at
# the top of the operating area, since without it that capacity would be stranded) and the IT MW
# of projects abandoned for want of power (leaked_mw, rule 17, cumulative: a dotted line).  Each
# is drawn, and listed in the legend, only when its column is there and not all 0, so that older
# runs (without the columns) and runs without bridging or abandonment draw as before.
# Columns are picked by name.
#     gnuplot -e "run='out/hauts-de-france'" plots/capacity.gp       [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'capacity'
# The second layer's optional series: the peak of onsite_mw and of leaked_mw (0 when the column
# is absent), read before style.gp sets the terminal, since each adds a legend entry and, with
# both, the legend a line (the figure grows by that line instead of the plot shrinking).
_opt_awk = '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next } \
  { if ("onsite_mw" in c && $c["onsite_mw"] + 0 > o) o = $c["onsite_mw"] + 0; \
    if ("leaked_mw" in c && $c["leaked_mw"] + 0 > l) l = $c["leaked_mw"] + 0 } \
  END { printf "%.10g %.10g\n", o, l }'
_opt = exists("run") ? system(sprintf("awk -F, '%s' '%s/yearly.csv' 2>/dev/null", _opt_awk, run)) : ''
onsite_max = (words(_opt) == 2) ? real(word(_opt, 1)) : 0
leaked_max = (words(_opt) == 2) ? real(word(_opt, 2)) : 0
n_extra = (onsite_max > 0) + (leaked_max > 0)
fig_height = (n_extra == 2) ? 1 + 0.18 / 3.3 : 1.0
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
ytop = max(ytop, leaked_max)
set yrange [0 : nice_ceil(ytop * 1.08)]

set title fig_title('IT capacity')
set ylabel 'capacity (MW)'
set format y ((ytop < 1e6) ? '%.0f' : '%.1te%T')
op(r) = column("operating_mw")
str(r) = op(0) + column("stranded_mw")
uc(r) = str(0) + column("under_construction_mw")

# The optional series are spliced into the plot command as text (a plot element that names an
# absent column would warn on every row).
onsite_el = (onsite_max > 0) ? \
  ", '' using (column(\"year\")):(op(0) - column(\"onsite_mw\")):(op(0)) with filledcurves" \
  . sprintf(" fs solid 0.85 lc rgb '%s' title 'on on-site power'", rgb(c_onsite)) : ''
leaked_el = (leaked_max > 0) ? \
  ", '' using (column(\"year\")):(column(\"leaked_mw\")) with linespoints" \
  . sprintf(" lw 2 dt (2, 2) pt 5 ps 0.4 lc rgb '%s' title 'leaked (abandoned)'", \
            rgb(c_leaked)) : ''
eval("plot yearly using (column('year')):(str(0)):(uc(0)) with filledcurves" \
     . sprintf(" fs solid 0.75 lc rgb '%s' title 'under construction',", rgb(c_construction)) \
     . " '' using (column('year')):(op(0)):(str(0)) with filledcurves" \
     . sprintf(" fs solid 0.85 lc rgb '%s' title 'stranded (no grid)',", rgb(c_stranded)) \
     . " '' using (column('year')):(0):(op(0)) with filledcurves" \
     . sprintf(" fs solid 0.85 lc rgb '%s' title 'operating'", rgb(c_operating)) \
     . onsite_el \
     . ", '' using (column('year')):(column('demand_mw')) with linespoints" \
     . sprintf(" lw 2 pt 7 ps 0.45 lc rgb '%s' title 'demand',", rgb(c_demand)) \
     . " '' using (column('year')):(column('grid_queue_mw')) with lines" \
     . sprintf(" lw 2 dt (6, 3) lc rgb '%s' title 'grid queue (grid MW)',", rgb(c_queue)) \
     . " (target > 0 ? target : NaN) with lines lw 1.5 dt (10, 4, 2, 4)" \
     . sprintf(" lc rgb '%s' title '%s'", rgb(c_target), \
               (target > 0 ? sprintf('target (%.0f MW)', target) : '')) \
     . leaked_el)
