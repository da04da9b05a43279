# grid.gp - the grid side, one small panel per substation (substations.csv; DESIGN §8).
#
# In each panel (grid MW, stocks at the end of each year): free connection headroom (area),
# the connection queue (requests not yet granted, dashed), a grey band over each substation
# reinforcement, from its reinforcement_started to its reinforcement_done event (events.csv,
# exact dates; to the end of the rows while still under way) and a triangle at its completion.  Panels share
# the year axis; each has its own MW scale.  The legend is drawn once, under the panels.
#     gnuplot -e "run='out/hauts-de-france'" plots/grid.gp           [out=..., fmt='pdf'|'svg']
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'grid'
# substations.csv and events.csv are read by awk programs (awk is on every Debian system; no
# single quote inside: they travel in shell words), each in one pass, so that the cost is
# linear in the rows.  With at most max_panels substations each has its panel (in order of
# first appearance); beyond, the max_panels - 1 with the largest peak queue (the most
# constrained; ties: first appearance) keep theirs and the others are summed into a last panel
# "K other substations" (headroom and queue added up; no reinforcement bands there).
#   what = 'panels': one line per panel, "name top" (top: the panel's peak of headroom and
#                    queue; the grouped panel is named "+K");
#   what = 'rows', k = panel: "year,headroom_mw,queue_mw" lines of panel k, with a header;
# events: 'bands': "panel from to done" per reinforcement of a shown substation (to = h while
# still under way, done 0).
max_panels = 12
subs_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next } \
{ s = $c["substation"]; y = $c["year"] + 0; hr = $c["headroom_mw"] + 0; q = $c["queue_mw"] + 0; \
  if (!(s in idx)) { ns++; idx[s] = ns; name[ns] = s } \
  i = idx[s]; if (!((y, i) in H)) { n++; ry[n] = y; ri[n] = i } \
  H[y, i] = hr; Q[y, i] = q; if (q > qmax[i]) qmax[i] = q; \
  if (!(y in yseen)) { yseen[y] = 1; ny++; years[ny] = y } } \
END { \
  for (i = 1; i <= ns; i++) panel[i] = i; np = ns; \
  if (ns > maxp) { \
    for (i = 1; i <= ns; i++) { j = ++nr; \
      while (j > 1 && qmax[rk[j - 1]] < qmax[i]) { rk[j] = rk[j - 1]; j-- } rk[j] = i } \
    for (i = 1; i <= ns; i++) panel[i] = 0; \
    for (r = 1; r < maxp; r++) panel[rk[r]] = 1; \
    np = 0; for (i = 1; i <= ns; i++) if (panel[i]) panel[i] = ++np; \
    for (i = 1; i <= ns; i++) if (!panel[i]) panel[i] = maxp; np = maxp } \
  for (j = 1; j <= ny; j++) for (i = 1; i <= ns; i++) { y = years[j]; p = panel[i]; \
    PH[y, p] += H[y, i]; PQ[y, p] += Q[y, i]; \
    if (PH[y, p] > top[p]) top[p] = PH[y, p]; if (PQ[y, p] > top[p]) top[p] = PQ[y, p] } \
  if (what == "panels") { \
    for (p = 1; p <= np; p++) { nm = ""; \
      for (i = 1; i <= ns; i++) if (panel[i] == p) { nm = name[i]; cnt[p]++ } \
      if (ns > maxp && p == maxp) nm = "+" cnt[p]; printf "%s %.10g\n", nm, top[p] + 0 } \
    exit } \
  if (what == "names") { for (i = 1; i <= ns; i++) if (panel[i] < maxp || ns <= maxp) printf "%s %d\n", name[i], panel[i]; exit } \
  print "year,headroom_mw,queue_mw"; \
  for (j = 1; j <= ny; j++) { y = years[j]; printf "%d,%.10g,%.10g\n", y, PH[y, k] + 0, PQ[y, k] + 0 } }'
subs_cmd(what, k) = sprintf("awk -F, -v what=%s -v k=%d -v maxp=%d '%s' '%s'", what, k, max_panels, subs_awk, substations_csv)
# Reinforcements of the shown substations (names: "substation panel" pairs on one line).
bands_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; n = split(names, w, " "); \
       for (i = 1; i < n; i += 2) pan[w[i]] = w[i + 1]; next } \
{ e = $c["event"]; if (e != "reinforcement_started" && e != "reinforcement_done") next; \
  s = $c["substation"]; if (!(s in pan)) next; t = $c["time"] + 0; \
  if (e == "reinforcement_started") { if (!(s in from)) from[s] = t } \
  else if (s in from) { printf "%s %.4f %.4f 1\n", pan[s], from[s], t; delete from[s] } \
  else printf "%s %.4f %.4f 1\n", pan[s], t, t } \
END { for (s in from) printf "%s %.4f %.4f 0\n", pan[s], from[s], h }'
bands_cmd(names, horizon) = sprintf("awk -F, -v names='%s' -v h=%.4f '%s' '%s'", names, horizon, bands_awk, events_csv)

n_subs = 1
if (exists("run")) {
  substations_csv = run.'/substations.csv'
  panels = system(subs_cmd('panels', 0))
  n_subs = words(panels) / 2
  n_subs = (n_subs < 1) ? 1 : n_subs
}
panel_cols = (n_subs <= 1) ? 1 : ((n_subs <= 4) ? 2 : 3)
panel_rows = int(ceil(n_subs * 1.0 / panel_cols))
legend_in = 0.45
title_in = 0.55
panel_in = 1.75
fig_height = (panel_rows * panel_in + legend_in + title_in) / 3.3
fig_height = (fig_height < 1) ? 1 : fig_height
load plotdir.'/style.gp'

array sub_top[n_subs]
array sub_name[n_subs]
do for [i = 1:n_subs] {
  sub_top[i] = nice_ceil(max(real(word(panels, 2 * i)), 1) * 1.1)
  _nm = word(panels, 2 * i - 1)
  sub_name[i] = (_nm[1:1] eq '+') ? sprintf('%s other substations', _nm[2:]) : _nm
}
bands = system(bands_cmd(system(subs_cmd('names', 0)), year_max + 1))
n_band_words = words(bands)

fig_h_in_total = fig_h_in
set multiplot layout panel_rows, panel_cols \
    title fig_title('grid headroom and queue') font fnt(font_pt + 1) \
    margins 0.75 / fig_w_in, 1 - 0.15 / fig_w_in, (legend_in + 0.35) / fig_h_in_total, \
            1 - title_in / fig_h_in_total \
    spacing 0.6 / fig_w_in, 0.62 / fig_h_in_total
unset key
set title font fnt(font_pt)
set format y '%.0f'
set style fill solid 1.0 noborder
set boxwidth 1.0 absolute
# About 6 - panel_cols labelled years per panel, starting at the first year.
# Year labels far enough apart for the panel's width (about 4 per panel at 3 columns).
panel_step = year_step(n_years, (panel_cols == 1) ? 8 : ((panel_cols == 2) ? 5 : 3))
set xtics panel_step
set mxtics 1
# The legend, drawn by hand under the panels (a key is confined to one panel): four entries,
# each a sample and a label, at fixed shares of the width.
leg_y = legend_in * 0.5 / fig_h_in_total
leg_dy = 0.06 / fig_h_in_total
array leg_xs[4] = [0.05, 0.26, 0.44, 0.76]
leg_x(k) = leg_xs[k]
leg_w = 0.25 / fig_w_in
set object 101 rect from screen leg_x(1), leg_y - leg_dy to screen leg_x(1) + leg_w, leg_y + leg_dy \
    fc rgb rgb(c_headroom) fs solid 0.45 noborder
set label 101 'headroom' at screen leg_x(1) + leg_w + 0.015, leg_y left font key_font
set arrow 102 from screen leg_x(2), leg_y to screen leg_x(2) + leg_w, leg_y nohead lw 2 dt (6, 3) \
    lc rgb rgb(c_queue)
set label 102 'queue' at screen leg_x(2) + leg_w + 0.015, leg_y left font key_font
set object 103 rect from screen leg_x(3), leg_y - leg_dy to screen leg_x(3) + leg_w, leg_y + leg_dy \
    fc rgb rgb(c_grid_band) fs solid 1.0 noborder
set label 103 'reinforcement' at screen leg_x(3) + leg_w + 0.015, leg_y left font key_font
set label 104 '' at screen leg_x(4) + leg_w / 2, leg_y point pt 9 ps 1.5 lc rgb rgb(c_reinforcement)
set label 105 'reinforced' at screen leg_x(4) + leg_w + 0.015, leg_y left font key_font

do for [i = 1:n_subs] {
  # Its reinforcements, from the bands list ("panel from to done" per band): a grey band from
  # start to completion (or to the end of the rows while under way), a triangle at completion.
  n_bands = 0
  set print $done
  print 'time'
  do for [j = 1:n_band_words:4] {
    if ((word(bands, j) + 0) == i) {
      n_bands = n_bands + 1
      set object 200 + n_bands rect from first (word(bands, j + 1) + 0), graph 0 \
          to first (word(bands, j + 2) + 0), graph 1 behind fc rgb rgb(c_grid_band) fs solid 1.0 noborder
      if ((word(bands, j + 3) + 0) == 1) {
        print word(bands, j + 2)
      }
    }
  }
  print 'NaN'
  unset print
  set title sub_name[i] offset 0, -0.6 font fnt((strstrt(sub_name[i], ' other substations') > 0) ? font_pt - 1.5 : font_pt)
  set yrange [0 : sub_top[i]]
  set ytics nice_step(sub_top[i] / 5)
  set ylabel (((i - 1) % panel_cols == 0) ? 'grid MW' : '')
  sub = '< '.subs_cmd('rows', i)
  plot sub using (column("year")):(column("headroom_mw")) \
         with filledcurves y1 = 0 fs solid 0.45 lc rgb rgb(c_headroom), \
       '' using (column("year")):(column("headroom_mw")) with lines lw 2 lc rgb rgb(c_headroom), \
       '' using (column("year")):(column("queue_mw")) with lines lw 2 dt (6, 3) lc rgb rgb(c_queue), \
       $done using (column("time")):(sub_top[i] * 0.03) with points pt 9 ps 1.5 \
         lc rgb rgb(c_reinforcement)
  do for [k = 1:n_bands] {
    unset object 200 + k
  }
}
unset multiplot
