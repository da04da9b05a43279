# grid.gp - the grid side, one small panel per substation (substations.csv; DESIGN §8).
#
# In each panel (grid MW, stocks at the end of each year): free connection headroom (area),
# the connection queue (requests not yet granted, dashed), a grey band over each reactive
# reinforcement (rule 3; and rule 21's dedicated works for a guaranteed grant), from its
# reinforcement_started to its reinforcement_done event (events.csv, exact dates; to the end of
# the rows while still under way) and a triangle at its completion; a planned work of the grid
# operator's programme (rule 20: the events whose project column is the work's name, site
# empty) gets a translucent yellow band from its start (when the run saw it start) to its ready date
# and a blue triangle there labelled with its MW.  Events are paired start -> done per
# (substation, project), so that works that overlap at one substation keep their own dates.
# Then one panel per corridor (rule 23, corridors.csv; none when the file is absent or holds
# its header alone): the grid MW granted at its members (grey area), the room left under its cap
# (sky blue, like headroom) and the cap (black line); the members are read from run.ini's
# [corridor:NAME] substations.  Panels share the year axis; each has its own MW scale.  The
# legend is drawn once, under the panels, and lists planned works and corridors only when there.
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
# Works of the shown substations (names: "substation panel" pairs on one line): one line
# "panel from to done kind mw" per work, kind 0 reactive (project ""), 1 planned (a project
# name and no site), 2 dedicated (a project and its site); a done event without a start (a
# planned work started before the rows, or not dated) gives from = to.  Starts and completions
# are matched first in, first out per (substation, project).
bands_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; n = split(names, w, " "); \
       for (i = 1; i < n; i += 2) pan[w[i]] = w[i + 1]; next } \
{ e = $c["event"]; if (e != "reinforcement_started" && e != "reinforcement_done") next; \
  s = $c["substation"]; if (!(s in pan)) next; t = $c["time"] + 0; p = $c["project"]; \
  kd = (p == "") ? 0 : (($c["site"] == "") ? 1 : 2); key = s SUBSEP p; \
  if (e == "reinforcement_started") { qt[key, ++qn[key]] = t; qk[key, qn[key]] = kd; \
    qm[key, qn[key]] = $c["mw"] + 0; if (!(key in qh)) { qh[key] = 1; kl[++nkl] = key; ks[key] = s } } \
  else if ((key in qh) && qh[key] <= qn[key]) { j = qh[key]++; \
    printf "%s %.4f %.4f 1 %d %.10g\n", pan[s], qt[key, j], t, kd, $c["mw"] + 0 } \
  else printf "%s %.4f %.4f 1 %d %.10g\n", pan[s], t, t, kd, $c["mw"] + 0 } \
END { for (l = 1; l <= nkl; l++) { key = kl[l]; for (j = qh[key]; j <= qn[key]; j++) \
        printf "%s %.4f %.4f 0 %d %.10g\n", pan[ks[key]], qt[key, j], h, qk[key, j], qm[key, j] } }'
bands_cmd(names, horizon) = sprintf("awk -F, -v names='%s' -v h=%.4f '%s' '%s'", names, horizon, bands_awk, events_csv)

# Corridors (rule 23, corridors.csv), one pass like the substations: with at most
# max_corridors each has its panel (in order of first appearance); beyond, the first
# max_corridors - 1 keep theirs and the others are summed into "K other corridors".
#   what = 'panels': one line per panel, "name top" (the grouped panel is named "+K");
#   what = 'rows', k = panel: "year,cap_mw,used_mw" lines of panel k, with a header.
max_corridors = 4
corr_awk = '\
/^#/ { next } \
!hdr { for (i = 1; i <= NF; i++) c[$i] = i; hdr = 1; next } \
{ s = $c["corridor"]; y = $c["year"] + 0; \
  if (!(s in idx)) { ns++; idx[s] = ns; name[ns] = s } \
  p = (idx[s] < maxc) ? idx[s] : maxc; \
  if (!(y in yseen)) { yseen[y] = 1; ny++; years[ny] = y } \
  C[y, p] += $c["cap_mw"]; U[y, p] += $c["used_mw"]; \
  if (C[y, p] > top[p]) top[p] = C[y, p]; if (U[y, p] > top[p]) top[p] = U[y, p] } \
END { np = (ns < maxc) ? ns : maxc; \
  if (what == "panels") { for (p = 1; p <= np; p++) \
      printf "%s %.10g\n", (ns > maxc && p == maxc) ? "+" (ns - maxc + 1) : name[p], top[p] + 0; \
    exit } \
  print "year,cap_mw,used_mw"; \
  for (j = 1; j <= ny; j++) { y = years[j]; printf "%d,%.10g,%.10g\n", y, C[y, k] + 0, U[y, k] + 0 } }'
corridors_csv = exists("run") ? run.'/corridors.csv' : ''
corr_cmd(what, k) = sprintf("awk -F, -v what=%s -v k=%d -v maxc=%d '%s' '%s' 2>/dev/null", what, k, \
                            max_corridors, corr_awk, corridors_csv)
# A corridor's members, from run.ini: "a, b, c" (empty when run.ini does not name them).
members_awk = '/^[[]/ { g = $0; sub(/[ \t\r]+$/, "", g) } \
  g == "[corridor:" name "]" && $1 ~ /^[ \t]*substations[ \t]*$/ { v = $2; \
  sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v); print v; exit }'
corr_members(nm) = system(sprintf("awk -F= -v name='%s' '%s' '%s/run.ini' 2>/dev/null", nm, \
                                  members_awk, run))

n_subs = 1
n_corr = 0
if (exists("run")) {
  substations_csv = run.'/substations.csv'
  panels = system(subs_cmd('panels', 0))
  n_subs = words(panels) / 2
  n_subs = (n_subs < 1) ? 1 : n_subs
  corr_panels = system(corr_cmd('panels', 0))
  n_corr = words(corr_panels) / 2
}
n_panels = n_subs + n_corr
panel_cols = (n_panels <= 1) ? 1 : ((n_panels <= 4) ? 2 : 3)
panel_rows = int(ceil(n_panels * 1.0 / panel_cols))
# The works of the shown substations, read before the terminal is set: whether any planned
# work is there decides the legend's second line (with the corridors).
events_csv = exists("run") ? run.'/events.csv' : ''
bands = system(bands_cmd(system(subs_cmd('names', 0)), 1e9))
n_band_words = words(bands)
has_planned = 0
do for [j = 1:n_band_words:6] {
  if ((word(bands, j + 4) + 0) == 1) {
    has_planned = 1
  }
}
n_legend = 4 + 2 * has_planned + 2 * (n_corr > 0)
legend_in = (n_legend > 4) ? 0.7 : 0.45
title_in = 0.55
panel_in = 1.75
fig_height = (panel_rows * panel_in + legend_in + title_in) / 3.3
fig_height = (fig_height < 1) ? 1 : fig_height
load plotdir.'/style.gp'
# Works still under way run to the end of the rows (the list above was read with a far end).
horizon = year_max + 1
bands = system(bands_cmd(system(subs_cmd('names', 0)), horizon))

array sub_top[n_subs]
array sub_name[n_subs]
do for [i = 1:n_subs] {
  sub_top[i] = nice_ceil(max(real(word(panels, 2 * i)), 1) * 1.1)
  _nm = word(panels, 2 * i - 1)
  sub_name[i] = (_nm[1:1] eq '+') ? sprintf('%s other substations', _nm[2:]) : _nm
}
array corr_top[max(n_corr, 1)]
array corr_title[max(n_corr, 1)]
array corr_members[max(n_corr, 1)]
do for [i = 1:n_corr] {
  # room at the top for the members' line
  corr_top[i] = nice_ceil(max(real(word(corr_panels, 2 * i)), 1) * 1.3)
  _nm = word(corr_panels, 2 * i - 1)
  _mb = (_nm[1:1] eq '+') ? '' : corr_members(_nm)
  corr_title[i] = (_nm[1:1] eq '+') ? sprintf('%s other corridors', _nm[2:]) : sprintf('corridor %s', _nm)
  # at 3 panels a row about 20 characters fit on a panel at 7.5 pt
  _fit = (panel_cols == 3) ? 20 : 34
  corr_members[i] = (strlen(_mb) > _fit) ? _mb[1:_fit - 1].'…' : _mb
}

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
# Year labels far enough apart for the panel's width (about 4 per panel at 3 columns).
panel_step = year_step(n_years, (panel_cols == 1) ? 8 : ((panel_cols == 2) ? 5 : 3))
set xtics panel_step
set mxtics 1
# The legend, drawn by hand under the panels (a key is confined to one panel): four entries on
# the first line, each a sample and a label, at fixed shares of the width; planned works and
# corridors on a second line when there are any.
leg_dy = 0.06 / fig_h_in_total
leg_y1 = (legend_in - 0.2) / fig_h_in_total
leg_y2 = leg_y1 - 0.25 / fig_h_in_total
leg_y = (n_legend > 4) ? leg_y1 : legend_in * 0.5 / fig_h_in_total
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
# second line: planned works at the left, then the corridors (at 0.05/0.26 without planned works)
array leg2_xs[4] = [0.05, 0.26, 0.50, 0.76]
_lx = 0
if (has_planned) {
  set object 106 rect from screen leg_x(1), leg_y2 - leg_dy to screen leg_x(1) + leg_w, \
      leg_y2 + leg_dy fc rgb rgb(c_planned_band) fs transparent solid 0.55 noborder
  set label 107 '' at screen leg_x(1) + leg_w / 2, leg_y2 point pt 9 ps 1.5 lc rgb rgb(c_planned)
  set label 108 'planned work, ready (+MW)' at screen leg_x(1) + leg_w + 0.015, leg_y2 left \
      font key_font
  _lx = 2
}
if (n_corr > 0) {
  _x1 = leg2_xs[_lx + 1]
  _x2 = leg2_xs[_lx + 2]
  set object 109 rect from screen _x1, leg_y2 - leg_dy to screen _x1 + leg_w, leg_y2 + leg_dy \
      fc rgb rgb(c_corridor_used) fs solid 0.6 noborder
  set label 109 'corridor used' at screen _x1 + leg_w + 0.015, leg_y2 left font key_font
  set arrow 110 from screen _x2, leg_y2 to screen _x2 + leg_w, leg_y2 nohead lw 1.5 \
      lc rgb rgb(c_corridor_cap)
  set label 110 'corridor cap' at screen _x2 + leg_w + 0.015, leg_y2 left font key_font
}

do for [i = 1:n_subs] {
  # Its works, from the bands list ("panel from to done kind mw" per work): a band from start
  # to completion (or to the end of the rows while under way), grey for reactive and dedicated
  # works, translucent yellow for planned ones; a triangle at completion, black or blue (with the MW).
  n_bands = 0
  set print $done
  print 'time'
  do for [j = 1:n_band_words:6] {
    if ((word(bands, j) + 0) == i && (word(bands, j + 4) + 0) != 1) {
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
  # (the MW are labels, not a 'with labels' plot: gnuplot 5.4.4 crashes on that in this loop;
  # successive labels of a panel are raised in turn, three heights, so that works a few years
  # apart do not write over each other)
  n_plabels = 0
  set print $planned
  print 'time'
  do for [j = 1:n_band_words:6] {
    if ((word(bands, j) + 0) == i && (word(bands, j + 4) + 0) == 1) {
      n_bands = n_bands + 1
      set object 200 + n_bands rect from first (word(bands, j + 1) + 0), graph 0 \
          to first (word(bands, j + 2) + 0), graph 1 behind fc rgb rgb(c_planned_band) \
          fs transparent solid 0.55 noborder
      if ((word(bands, j + 3) + 0) == 1) {
        print word(bands, j + 2)
        n_plabels = n_plabels + 1
        set label 300 + n_plabels sprintf('+%.0f', word(bands, j + 5) + 0) \
            at first (word(bands, j + 2) + 0), graph 0.03 center offset 0, 1.0 + 1.1 * ((n_plabels - 1) % 3) \
            font fnt(font_pt - 2.5) tc rgb rgb(c_planned) front
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
         lc rgb rgb(c_reinforcement), \
       $planned using (column("time")):(sub_top[i] * 0.03) with points pt 9 ps 1.5 \
         lc rgb rgb(c_planned)
  do for [k = 1:n_bands] {
    unset object 200 + k
  }
  do for [k = 1:n_plabels] {
    unset label 300 + k
  }
}
# The corridors: used (grey) under the cap (black), the room between them sky blue.
do for [i = 1:n_corr] {
  panel = n_subs + i
  set title corr_title[i] offset 0, -0.6 \
      font fnt((strlen(corr_title[i]) > ((panel_cols == 3) ? 16 : 28)) ? font_pt - 1.5 : font_pt)
  set label 400 corr_members[i] at graph 0.03, graph 0.93 left font fnt(font_pt - 2.5) \
      tc rgb '#444444' front
  set yrange [0 : corr_top[i]]
  set ytics nice_step(corr_top[i] / 5)
  set ylabel (((panel - 1) % panel_cols == 0) ? 'grid MW' : '')
  corr = '< '.corr_cmd('rows', i)
  plot corr using (column("year")):(column("used_mw")) \
         with filledcurves y1 = 0 fs solid 0.6 lc rgb rgb(c_corridor_used), \
       '' using (column("year")):(column("used_mw")):(max(column("cap_mw"), column("used_mw"))) \
         with filledcurves fs solid 0.45 lc rgb rgb(c_headroom), \
       '' using (column("year")):(column("cap_mw")) with lines lw 1.5 lc rgb rgb(c_corridor_cap)
  unset label 400
}
unset multiplot
