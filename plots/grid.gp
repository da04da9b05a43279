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
# The figure's height follows the number of panels: count the substations first.
n_subs = 1
if (exists("run")) {
  n_subs = int(system(sprintf("awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == \"substation\") c = i; h = 1; next } c && !seen[$c]++ { n++ } END { print n + 0 }' '%s/substations.csv' 2>/dev/null", run)))
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

# The substations, in order of first appearance: " a b " (ids hold no blanks).
sub_list = ' '
stats substations_csv using (sub_list = (strstrt(sub_list, ' '.strcol("substation").' ') > 0) \
      ? sub_list : sub_list.strcol("substation").' ', 0) nooutput
n_subs = words(sub_list)
array sub_top[n_subs]
do for [i = 1:n_subs] {
  stats substations_csv using ((strcol("substation") eq word(sub_list, i)) \
        ? max(column("headroom_mw"), column("queue_mw")) : 0) nooutput
  sub_top[i] = nice_ceil(max(STATS_max, 1) * 1.1)
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
# About 6 - panel_cols labelled years per panel, starting at the first year.
panel_step = 5 * ceil(n_years / (6.0 - panel_cols) / 5)
set xtics year_min, panel_step
set mxtics 1
is_sub(i) = strcol("substation") eq word(sub_list, i)
done_at(i) = (strcol("event") eq 'reinforcement_done' && strcol("substation") eq word(sub_list, i)) \
             ? column("time") : NaN
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
  # This substation's rows, as a CSV datablock with its own header (lines through rows
  # filtered to NaN would be broken at every other substation's row).
  set print $sub
  print 'year,headroom_mw,queue_mw'
  unset print
  set table $sub append separator comma
  plot substations_csv using (column("year")):(column("headroom_mw")):(column("queue_mw")) \
       with table if (is_sub(i))
  unset table
  # Its reinforcements: started/done dates in time order (tab-separated "time flag" lines, a
  # datablock line is a string in gnuplot 5.4), each drawn as a grey band from start to end
  # (or to the end of the rows while under way).  The first line is a placeholder ('0 0', a
  # completion with no start: ignored) so that the block exists when there is no work.
  set print $works
  print '0 0'
  unset print
  set table $works append separator whitespace
  plot events_csv using (column("time")):((strcol("event") eq 'reinforcement_started') ? 1 : 0) \
       with table if (strcol("substation") eq word(sub_list, i) && \
                      (strcol("event") eq 'reinforcement_started' || strcol("event") eq 'reinforcement_done'))
  unset table
  n_bands = 0
  band_from = NaN
  do for [j = 1:|$works|] {
    if (words($works[j]) >= 2) {
      if ((word($works[j], 2) + 0) == 1) {
        band_from = (word($works[j], 1) + 0)
      } else {
        band_to = word($works[j], 1) + 0
        if (band_from == band_from) {
          n_bands = n_bands + 1
          set object 200 + n_bands rect from first band_from, graph 0 to first band_to, graph 1 \
              behind fc rgb rgb(c_grid_band) fs solid 1.0 noborder
        }
        band_from = NaN
      }
    }
  }
  if (band_from == band_from) {
    n_bands = n_bands + 1
    set object 200 + n_bands rect from first band_from, graph 0 to first year_max + 1, graph 1 \
        behind fc rgb rgb(c_grid_band) fs solid 1.0 noborder
  }
  set title word(sub_list, i) offset 0, -0.6
  set yrange [0 : sub_top[i]]
  set ytics nice_step(sub_top[i] / 5)
  set ylabel (((i - 1) % panel_cols == 0) ? 'grid MW' : '')
  plot $sub using (column("year")):(column("headroom_mw")) \
         with filledcurves y1 = 0 fs solid 0.45 lc rgb rgb(c_headroom), \
       '' using (column("year")):(column("headroom_mw")) with lines lw 2 lc rgb rgb(c_headroom), \
       '' using (column("year")):(column("queue_mw")) with lines lw 2 dt (6, 3) lc rgb rgb(c_queue), \
       events_csv using (done_at(i)):(sub_top[i] * 0.03) with points pt 9 ps 1.5 \
         lc rgb rgb(c_reinforcement)
  do for [k = 1:n_bands] {
    unset object 200 + k
  }
}
unset multiplot
