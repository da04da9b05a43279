# sites.gp - where the operating capacity is: stacked bars of operating IT MW per site and year
# (sites.csv, long format: one row per year and site; DESIGN §8).
#
# Sites are ranked by their capacity in the last year: the 8 largest get a colour each (the
# category palette, largest at the bottom of the stack), the others are stacked together in grey
# as "other (K sites)"; sites that never operate are left out.  The stack is drawn top-down, so
# the legend reads as the stack, top first.
#     gnuplot -e "run='out/hauts-de-france'" plots/sites.gp          [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'sites'
load plotdir.'/style.gp'

# sites.csv is read once, by an awk program (awk is on every Debian system) run through
# gnuplot's '< command' input: it sums each site's operating MW per year, ranks the sites that
# ever operate by their last-year capacity (ties: first appearance), and prints either the
# stack (what = 'stack': "year,l1,l2,...", level l = the sites ranked 1..l, the last level every
# operating site) or the legend ('titles': one title per level, tab-separated) -- cost linear in
# the rows, whatever the number of sites.  No single quote inside: it travels in a shell word.
sites_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next } \
{ y = $c["year"] + 0; s = $c["site"]; m = $c["operating_mw"] + 0; \
  if (!(s in idx)) { ns++; idx[s] = ns; name[ns] = s } \
  if (!(y in yseen)) { yseen[y] = 1; ny++; years[ny] = y } \
  i = idx[s]; op[y, i] += m; if (m > 0) ever[i] = 1; if (y > ylast || ny == 1) ylast = y } \
END { \
  nr = 0; \
  for (i = 1; i <= ns; i++) if (ever[i]) { \
    v = op[ylast, i] + 0; j = ++nr; \
    while (j > 1 && (op[ylast, rk[j - 1]] + 0) < v) { rk[j] = rk[j - 1]; j-- } \
    rk[j] = i } \
  nl = (nr > named + 1) ? named + 1 : nr; \
  if (what == "titles") { \
    for (l = 1; l <= nl; l++) \
      printf "%s%s", (l > 1 ? "\t" : ""), \
        (l <= named || nr == named + 1) ? name[rk[l]] : sprintf("other (%d sites)", nr - named); \
    print ""; exit } \
  for (r = 1; r <= nr; r++) level[rk[r]] = (r <= named) ? r : named + 1; \
  printf "year"; for (l = 1; l <= nl; l++) printf ",l%d", l; print ""; \
  for (k = 1; k <= ny; k++) { y = years[k]; \
    for (l = 1; l <= nl; l++) vs[l] = 0; \
    for (i = 1; i <= ns; i++) if (i in level) vs[level[i]] += op[y, i]; \
    printf "%d", y; t = 0; for (l = 1; l <= nl; l++) { t += vs[l]; printf ",%.10g", t }; print "" } }'
n_named = 8
sites_cmd(what) = sprintf("awk -F, -v what=%s -v named=%d '%s' '%s'", what, n_named, sites_awk, sites_csv)
titles = system(sites_cmd('titles'))
# the titles, one per level (site ids hold no tab)
n_levels = 0
array level_titles[n_named + 1]
_rest = titles
do for [l = 1:n_named + 1] {
  if (strlen(_rest) > 0) {
    _tab = strstrt(_rest, "\t")
    level_titles[l] = (_tab > 0) ? _rest[1:_tab - 1] : _rest
    _rest = (_tab > 0) ? _rest[_tab + 1:] : ''
    n_levels = l
  }
}
level_colour(l) = (l <= n_named) ? cat_colour(l) : 0x999999

stats yearly using (column("operating_mw")) nooutput
set yrange [0 : nice_ceil(max(STATS_max, 1) * 1.05)]

set title fig_title('operating IT capacity by site')
set ylabel 'operating capacity (MW)'
set format y '%.0f'
# Bars with a white edge while a year is a few pixels wide; beyond that (long horizons) the
# bars touch and the edge would hide them.
if (n_years > 60) {
  set boxwidth 1.0 absolute
  set style fill solid 1.0 noborder
} else {
  set boxwidth 0.7 absolute
  set style fill solid 1.0 border rgb 'white'
}
set key maxrows 3
stack = '< '.sites_cmd('stack')

if (n_levels == 0) {
  plot NaN notitle
} else {
  # the stack drawn top-down: level l's bar holds the sites ranked 1..l
  plot for [l = n_levels:1:-1] stack using (column("year")):(column(sprintf("l%d", l))) \
         with boxes lc rgb rgb(level_colour(l)) title level_titles[l]
}
