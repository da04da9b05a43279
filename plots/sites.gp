# sites.gp - where the operating capacity is: stacked bars of operating IT MW per site and year
# (sites.csv, long format: one row per year and site; DESIGN §8).
#
# Sites take the category palette in the order they first appear in sites.csv (the platform's
# order); the stack is drawn top-down, so the legend reads as the stack, top first.  Sites that
# never operate anything are left out of the legend (there is nothing of theirs to see).
#     gnuplot -e "run='out/hauts-de-france'" plots/sites.gp          [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'sites'
load plotdir.'/style.gp'

# The sites, in order of first appearance: " a b c " (site ids hold no blanks).
site_list = ' '
stats sites_csv using (site_list = (strstrt(site_list, ' '.strcol("site").' ') > 0) ? site_list \
      : site_list.strcol("site").' ', 0) nooutput
n_sites = words(site_list)
site_index(s) = words(site_list[1:strstrt(site_list, ' '.s.' ')]) + 1
# Largest operating MW of each site; the stack's top is yearly.csv's operating_mw.
array site_max[n_sites]
do for [i = 1:n_sites] {
  stats sites_csv using ((strcol("site") eq word(site_list, i)) ? column("operating_mw") : 0) nooutput
  site_max[i] = STATS_max
}
stats yearly using (column("operating_mw")) nooutput
set yrange [0 : nice_ceil(max(STATS_max, 1) * 1.05)]

set title fig_title('operating IT capacity by site')
set ylabel 'operating capacity (MW)'
set format y '%.0f'
set boxwidth 0.7 absolute
set style fill solid 1.0 border rgb 'white'
# operating MW of the sites 1..i in this row's year, summed over the year's rows by
# 'smooth frequency'
upto(i) = (site_index(strcol("site")) <= i) ? column("operating_mw") : 0

plot for [i = n_sites:1:-1] sites_csv using (column("year")):(upto(i)) smooth frequency \
       with boxes lc rgb rgb(cat_colour(i)) title (site_max[i] > 0 ? word(site_list, i) : '')
