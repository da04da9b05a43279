# pipeline.gp - Gantt chart of the data-center projects (events.csv; DESIGN §8).
#
# One row per project (events with a site; competing loads and reinforcements have none and are
# left out), in order of first event, top to bottom, labelled "name (MW)", or "name → site
# (MW)" for a project that relocated (rule 17: the site and MW it went on with).  Each row has
# two lanes.  The upper one is the build: permitting (announced -> permitted, or -> cancelled
# or relocated), waiting for the grid (permitted -> first phase_started: under rule 16 a phase
# starts only once its tranche is granted, then at its connection's ready date less its
# planned duration), construction (first phase_started -> last phase_built); a relocation
# (diamond) ends the segment under way and starts permitting again at the new site.  The
# lower one is the power: operating (first energized -> end of the rows), stranded (while more
# MW are built than energized, phase_built -> energized), on on-site power (rule 19: from the
# first energization at or after the project's bridged event until grid_connected events have
# moved the MW energized since then, at most the bridged MW, to the grid), drawn over
# operating.  A cancelled project gets a cross at its cancellation, a deferred one (rule 22: its
# permit ended, the market did not want it yet) an open triangle at its deferral.  Bars that run to the right
# edge are still going on when the rows end.  Older traces without these events draw as before.
# events.csv is turned into bars by an awk program (awk is on every Debian system) run through
# gnuplot's '< command' input, which finds columns by header name like every other script.
#     gnuplot -e "run='out/hauts-de-france'" plots/pipeline.gp       [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'pipeline'

# The awk program (no single quote inside: it travels in a shell '...' word), one pass over the
# events.  Variables: h = end of the rows (decimal year), what = 'bars' (CSV: kind,row,x1,x2;
# kinds 0 permitting, 1 construction, 2 stranded, 3 operating, 4 cancelled, 5 waiting for the
# grid, 6 on on-site power, 7 relocated, 8 deferred; markers 4, 7 and 8 have x1 = x2) or
# 'labels' (gnuplot ytics list) or 'count' (number of rows) or 'kinds' ("W O R": 1 when any
# waiting, on-site or relocation is drawn, so that the legend lists only those there) or
# 'deferred' (number of deferrals, for the legend).  Bars are printed lane by lane so that later ones
# are drawn on top: build lane, then operating, on-site, stranded.  Closed segments are kept
# in lists (seg*) as they end; the open ones (ps: permitting, ws: waiting, sst: stranded, ost:
# on-site) are closed at h in END.
gantt_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; \
       if (what == "bars") print "kind,row,x1,x2"; next } \
function seg(k, r, a, b) { ns_++; sk[ns_] = k; sr[ns_] = r; sa[ns_] = a; sb[ns_] = b } \
function close_build(r, t) { if (r in ps) { seg(0, r, ps[r], t); delete ps[r] } \
                             if (r in ws) { seg(5, r, ws[r], t); delete ws[r] } } \
{ t = $c["time"] + 0; e = $c["event"]; p = $c["project"]; s = $c["site"]; m = $c["mw"] + 0; \
  if (p == "" || s == "") next; \
  if (!(p in row)) { n++; row[p] = n; name[n] = p } \
  r = row[p]; \
  if (e == "announced") { if (!(r in ann)) { ann[r] = t; ps[r] = t } mw[r] = m } \
  else if (e == "permitted") { if (r in ps) { seg(0, r, ps[r], t); delete ps[r] } \
         if (!(r in cs)) ws[r] = t } \
  else if (e == "relocated") { close_build(r, t); ps[r] = t; mw[r] = m; to[r] = s; \
         nrl++; rlr[nrl] = r; rlt[nrl] = t } \
  else if (e == "cancelled") { close_build(r, t); canc[r] = t } \
  else if (e == "deferred") { ndf++; dfr[ndf] = r; dft[ndf] = t } \
  else if (e == "phase_started") { if (r in ws) { seg(5, r, ws[r], t); delete ws[r] } \
         if (!(r in cs)) cs[r] = t; ns[r]++ } \
  else if (e == "phase_built") { cb[r] = t; nb[r]++; built[r] += m; \
         if (built[r] > en[r] + 1e-9 && !(r in sst)) sst[r] = t } \
  else if (e == "bridged") { br[r] = m } \
  else if (e == "grid_connected") { gc[r] += m; \
         if ((r in ost) && (osn[r] < br[r] ? osn[r] : br[r]) <= gc[r] + 1e-9) { \
           seg(6, r, ost[r], t); delete ost[r] } } \
  else if (e == "energized") { en[r] += m; if (!(r in op)) op[r] = t; \
         if (!(r in ann)) emw[r] += m; \
         if (r in br) { osn[r] += m; \
           if (!(r in ost) && (osn[r] < br[r] ? osn[r] : br[r]) > gc[r] + 1e-9) ost[r] = t } \
         if ((r in sst) && built[r] <= en[r] + 1e-9) { seg(2, r, sst[r], t); delete sst[r] } } } \
function bar(k, r, a, b) { if (b > a) { drawn[k] = 1; \
  if (what == "bars") printf "%d,%d,%.4f,%.4f\n", k, d[r], a, b } } \
END { \
  for (r = 1; r <= n; r++) { v[r] = (r in mw) ? mw[r] : emw[r]; d[r] = r } nd = n; \
  if (n > maxr) { \
    for (r = 1; r <= n; r++) { j = ++nk; \
      while (j > 1 && v[rk[j - 1]] < v[r]) { rk[j] = rk[j - 1]; j-- } rk[j] = r } \
    for (r = 1; r <= n; r++) d[r] = 0; \
    for (j = 1; j < maxr; j++) d[rk[j]] = 1; \
    nd = 0; for (r = 1; r <= n; r++) if (d[r]) { d[r] = ++nd; show[nd] = r } \
    nd++; for (r = 1; r <= n; r++) if (!d[r]) { d[r] = nd; ko++; kmw += v[r] } } \
  if (what == "count") { print nd + 0; exit } \
  if (what == "deferred") { print ndf + 0; exit } \
  if (what == "labels") { \
    for (i = 1; i <= nd; i++) { \
      if (n > maxr && i == nd) printf ", \"other (%d projects, %g MW)\" %d", ko, kmw, i; \
      else { r = (n > maxr) ? show[i] : i; \
        printf "%s\"%s%s (%g MW)\" %d", (i > 1 ? ", " : ""), name[r], \
               (r in to) ? " → " to[r] : "", v[r], i } } \
    print ""; exit } \
  for (r = 1; r <= n; r++) { if (r in ps) seg(0, r, ps[r], h); if (r in ws) seg(5, r, ws[r], h); \
    if (r in sst) seg(2, r, sst[r], h); if (r in ost) seg(6, r, ost[r], h) } \
  for (i = 1; i <= ns_; i++) if (sk[i] == 0 || sk[i] == 5) bar(sk[i], sr[i], sa[i], sb[i]); \
  for (r = 1; r <= n; r++) { \
    if (r in cs) bar(1, r, cs[r], (nb[r] >= ns[r]) ? cb[r] : h); \
    if (r in op) bar(3, r, op[r], h) } \
  for (i = 1; i <= ns_; i++) if (sk[i] == 6) bar(6, sr[i], sa[i], sb[i]); \
  for (i = 1; i <= ns_; i++) if (sk[i] == 2) bar(2, sr[i], sa[i], sb[i]); \
  if (what == "kinds") { printf "%d %d %d\n", drawn[5] + 0, drawn[6] + 0, (nrl > 0) ? 1 : 0; exit } \
  for (r = 1; r <= n; r++) if (r in canc) printf "4,%d,%.4f,%.4f\n", d[r], canc[r], canc[r]; \
  for (i = 1; i <= nrl; i++) printf "7,%d,%.4f,%.4f\n", d[rlr[i]], rlt[i], rlt[i]; \
  for (i = 1; i <= ndf; i++) printf "8,%d,%.4f,%.4f\n", d[dfr[i]], dft[i], dft[i] }'
# At most max_rows rows: beyond, the max_rows - 1 largest projects (announced MW; ties: first
# event) keep theirs, in order of first event, and the others share a last row, "other (K
# projects, X MW)", where their bars are drawn over each other (the row shows when any of them
# was in each state).
max_rows = 30
gantt_cmd(what, horizon) = sprintf("awk -F, -v what=%s -v h=%.4f -v maxr=%d '%s' '%s/events.csv'", \
                                   what, horizon, max_rows, gantt_awk, run)

n_projects = 1
if (exists("run")) {
  n_projects = int(system(gantt_cmd('count', 0)))
  n_projects = (n_projects < 1) ? 1 : n_projects
}
# 0.24 in per project row, plus title, axis and legend.
fig_height = (n_projects * 0.24 + 1.5) / 3.3
fig_width = 1.25
fig_height = (fig_height < 1) ? 1 : fig_height
load plotdir.'/style.gp'

horizon = year_max + 1
stats events_csv using (column("time")) nooutput
# From the first event (projects announced before start_year), but at most 5 years before the
# rows: an older campus's bar starts at the left edge (it was there already).
t_first = max(min(STATS_min, year_min), year_min - 5)
set xrange [floor(t_first) - 0.2 : horizon + 0.2]
span = horizon - floor(t_first)
gantt_step = year_step(span, 6)  # the row labels take about half the width
set xtics gantt_step
set mxtics 1
set grid xtics lw 0.5 lc rgb '#dddddd' dt 1
set grid noytics
set yrange [n_projects + 0.6 : 0.4]
set ytics scale 0 font key_font
eval('set ytics (' . system(gantt_cmd('labels', horizon)) . ')')
set border 1 lw 0.8 lc rgb '#333333'
# The row labels push the plot to the right: centre the title on the whole figure instead.
unset title
set label 900 fig_title('project pipeline') at screen 0.5, 1 - 0.22 / fig_h_in center \
    font fnt(font_pt + 1)
set tmargin at screen 1 - 0.45 / fig_h_in
# The key too is centred on the figure (below the plot it would be pushed right with it).
set bmargin at screen 0.95 / fig_h_in
set key at screen 0.5, 0.08 / fig_h_in center bottom horizontal maxrows 2
# lanes: build above the row's centre, power below (the y axis points down)
lane_y(k, r) = (k <= 1 || k == 4 || k == 5 || k == 7 || k == 8) ? r - 0.19 : r + 0.19
lane_h = 0.16
is_marker(k) = (k == 4 || k == 7 || k == 8)
array kind_colours[9] = [c_pipeline, c_construction, c_stranded, c_operating, c_cancelled, \
                         c_waiting, c_onsite, c_relocated, c_cancelled]
kind_colour(k) = kind_colours[int(k) + 1]
bars = '< '.gantt_cmd('bars', horizon)
kinds = system(gantt_cmd('kinds', horizon))
has_kind(i) = (words(kinds) == 3) ? (word(kinds, i) eq '1') : 0
n_deferred = int(system(gantt_cmd('deferred', horizon)))
set style fill solid 1.0 noborder

plot bars using (!is_marker(column("kind")) ? (column("x1") + column("x2")) / 2 : NaN): \
       (lane_y(column("kind"), column("row"))): \
       (column("x1")):(column("x2")):(lane_y(column("kind"), column("row")) - lane_h): \
       (lane_y(column("kind"), column("row")) + lane_h): \
       (kind_colour(column("kind"))) \
       with boxxyerror lc rgb variable notitle, \
     '' using (column("kind") == 4 ? column("x1") : NaN):(lane_y(0, column("row"))) \
       with points pt 2 ps 1.6 lw 2 lc rgb rgb(c_cancelled) notitle, \
     '' using (column("kind") == 7 ? column("x1") : NaN):(lane_y(0, column("row"))) \
       with points pt 13 ps 1.3 lc rgb rgb(c_relocated) notitle, \
     '' using (column("kind") == 8 ? column("x1") : NaN):(lane_y(0, column("row"))) \
       with points pt 8 ps 1.3 lw 1.5 lc rgb rgb(c_cancelled) notitle, \
     keyentry with boxes lc rgb rgb(c_pipeline) title 'permitting', \
     keyentry with boxes lc rgb rgb(c_waiting) title (has_kind(1) ? 'waiting for the grid' : ''), \
     keyentry with boxes lc rgb rgb(c_construction) title 'construction', \
     keyentry with boxes lc rgb rgb(c_stranded) title 'stranded (no grid)', \
     keyentry with boxes lc rgb rgb(c_operating) title 'operating', \
     keyentry with boxes lc rgb rgb(c_onsite) title (has_kind(2) ? 'on on-site power' : ''), \
     keyentry with points pt 2 ps 1.6 lw 2 lc rgb rgb(c_cancelled) title 'cancelled', \
     keyentry with points pt 13 ps 1.3 lc rgb rgb(c_relocated) title (has_kind(3) ? 'relocated' : ''), \
     keyentry with points pt 8 ps 1.3 lw 1.5 lc rgb rgb(c_cancelled) \
       title (n_deferred > 0 ? 'deferred (market)' : '')
