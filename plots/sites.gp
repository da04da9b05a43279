# sites.gp - where the operating capacity is: stacked bars of operating IT MW per site and year
# (sites.csv, long format: one row per year and site; DESIGN §8).
#
# Sites are ranked by their capacity in the last year: the 8 largest get a colour each (the
# category palette, largest at the bottom of the stack), the others are stacked together in grey
# as "N other sites"; sites that never operate are left out.  The stack is drawn top-down, so
# the legend reads as the stack, top first.
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
# Each site's operating MW in the last year; the stack's top is yearly.csv's operating_mw.
array site_last[n_sites]
do for [i = 1:n_sites] {
  stats sites_csv using ((strcol("site") eq word(site_list, i) && column("year") == year_max) \
        ? column("operating_mw") : 0) nooutput
  site_last[i] = STATS_max
  stats sites_csv using ((strcol("site") eq word(site_list, i)) ? column("operating_mw") : 0) nooutput
  site_last[i] = (site_last[i] > 0) ? site_last[i] : ((STATS_max > 0) ? 1e-9 : 0)
}
stats yearly using (column("operating_mw")) nooutput
set yrange [0 : nice_ceil(max(STATS_max, 1) * 1.05)]

# Ranked by last-year capacity (ties: first appearance), largest at the bottom of the stack:
# the top n_named sites get a colour of their own, the others that ever operate are stacked
# together in grey ("N other sites"), so that no two sites share a colour; sites that never
# operate are left out.
n_named = 8
ranked = ' '
n_ranked = 0
do for [k = 1:n_sites] {
  best = 0
  do for [i = 1:n_sites] {
    if (site_last[i] > 0 && strstrt(ranked, ' '.word(site_list, i).' ') == 0 && \
        (best == 0 || site_last[i] > site_last[best])) {
      best = i
    }
  }
  if (best > 0) {
    ranked = ranked.word(site_list, best).' '
    n_ranked = n_ranked + 1
  }
}
n_levels = (n_ranked > n_named + 1) ? n_named + 1 : n_ranked
n_levels = (n_levels < 1) ? 1 : n_levels
site_rank(s) = (strstrt(ranked, ' '.s.' ') > 0) ? words(ranked[1:strstrt(ranked, ' '.s.' ')]) + 1 : 1e9
level_title(l) = (n_ranked == 0) ? '' : ((l <= n_named || n_ranked == n_named + 1) ? word(ranked, l) \
                 : sprintf('%d other sites', n_ranked - n_named))
level_colour(l) = (l <= n_named) ? cat_colour(l) : 0x999999

set title fig_title('operating IT capacity by site')
set ylabel 'operating capacity (MW)'
set format y '%.0f'
set boxwidth 0.7 absolute
set style fill solid 1.0 border rgb 'white'
# operating MW of the sites ranked 1..l in this row's year, summed over the year's rows by
# 'smooth frequency' (level n_levels holds every site, so its bar is the whole stack)
upto(l) = (l >= n_levels || site_rank(strcol("site")) <= l) ? column("operating_mw") : 0

plot for [l = n_levels:1:-1] sites_csv using (column("year")):(upto(l)) smooth frequency \
       with boxes lc rgb rgb(level_colour(l)) title level_title(l)
