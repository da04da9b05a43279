# style.gp - the look shared by every dcbuildout figure: palette, fonts, terminal, CSV reading.
#
# A figure script sets `fig` (its name, e.g. 'capacity') and loads this file first:
#     load plotdir.'/style.gp'
# (plotdir: the script's own directory, worked out from ARG0, see the top of any figure script).
# Variables read here (set them with gnuplot -e "run='out/x';fmt='pdf'"):
#   run           run directory (required): yearly.csv, sites.csv, substations.csv, events.csv
#   fmt           'png' (default) | 'pdf' (vector, pdfcairo) | 'svg'
#   out           output file (default RUN/figures/FIG.FMT, directory created)
#   title_prefix  figure title prefix (default: [scenario] name of RUN/run.ini, else the run
#                 directory's name)
#   fig_height    height multiplier set by a script before loading (e.g. the Gantt chart)
#
# Palette: Okabe-Ito (colour-blind safe, Okabe & Ito 2008), one FIXED colour per series in
# every figure, so a reader learns it once:
#   demand black · operating bluish green · stranded vermillion · under construction orange ·
#   pipeline / permitting grey · grid queue reddish purple · headroom sky blue ·
#   target dark grey (dash-dot) · operational CO2 blue · embodied CO2 orange ·
#   cumulative CO2 black · IT energy sky blue · facility energy blue · compute reddish purple ·
#   cancelled (cross) and reinforcement done (triangle) black · reinforcement band light grey ·
#   on on-site power blue · leaked (abandoned for want of power) sky blue, dotted ·
#   waiting for the grid yellow · relocated (diamond) black · planned work yellow band (translucent),
#   blue triangle · corridor used grey, its free room sky blue (like headroom), its cap black ·
#   operational CO2 at the marginal intensity (consequential) reddish purple, dashed ·
#   construction jobs orange, operations jobs bluish green (like the MW they count) · water sky
#   blue · heat reused vermillion.
# Two series that share a colour never share a figure.  Series that are categories (sites,
# substations) take the palette in order: cat_colour(i).
#
# Size: a figure is drawn at 5.0 in x 3.3 in with 10 pt text, so that placed half a page wide
# (8-9 cm) its text is still ~7.5 pt; PNG is the same picture at 200 dpi.

if (!exists("run")) {
  print "style.gp: set the run directory, e.g. gnuplot -e \"run='out/hauts-de-france'\" plots/capacity.gp"
  exit status 1
}
if (!exists("fmt")) fmt = 'png'
if (!exists("fig")) fig = 'figure'
if (!exists("fig_height")) fig_height = 1.0
if (!exists("fig_width")) fig_width = 1.0

# --- colours (24-bit integers; rgb(c) gives the '#rrggbb' string for `lc rgb`) --------------
rgb(c) = sprintf("#%06x", int(c))
c_demand = 0x000000
c_operating = 0x009E73
c_stranded = 0xD55E00
c_construction = 0xE69F00
c_pipeline = 0x999999
c_queue = 0xCC79A7
c_headroom = 0x56B4E9
c_target = 0x555555
c_op_co2 = 0x0072B2
c_embodied_co2 = 0xE69F00
c_cumulative = 0x000000
c_it_energy = 0x56B4E9
c_facility_energy = 0x0072B2
c_compute = 0xCC79A7
c_reinforcement = 0x000000
c_cancelled = 0x000000
c_grid_band = 0xE8E8E8
# The second layer (DESIGN §2.2): on-site power (rule 19) and leaked MW (rule 17) share the
# capacity figure with operating green, so they take the two blues; waiting for the grid (rule 16)
# sits between permitting grey and construction orange; planned works (rule 20) are the grid
# operator's programme, set apart from the reactive grey bands; corridors (rule 23).
c_onsite = 0x0072B2
c_leaked = 0x56B4E9
c_waiting = 0xF0E442
c_relocated = 0x000000
c_planned_band = 0xF0E442
c_planned = 0x0072B2
c_corridor_used = 0x999999
c_corridor_cap = 0x000000
# Rule 26 (the outcomes the region asks about): jobs take the colours of the MW they count
# (under construction, operating); water and heat reused share the resources figure with them
# and with on-site power (blue), so they take sky blue and vermillion; the consequential
# (marginal) operational CO2 is drawn over the emissions bars (blue, orange, black): purple.
c_jobs_construction = c_construction
c_jobs_operations = c_operating
c_water = 0x56B4E9
c_heat = 0xD55E00
c_marginal_co2 = 0xCC79A7
# Categories (sites, substations): Okabe-Ito order, then two greys.
array cat_colours[10] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x000000, 0x999999, 0x666666]
cat_colour(i) = cat_colours[int(i - 1) % 10 + 1]

# --- terminal --------------------------------------------------------------------------------
font_name = 'DejaVu Sans'
font_pt = 10
fig_w_in = 5.0 * fig_width
fig_h_in = 3.3 * fig_height
png_dpi = 200
# font_scale: pngcairo draws a point as 96/72 px at "72 dpi"; scale points to the pixel size.
font_scale = (fmt eq 'png') ? png_dpi / 96.0 : 1.0
fnt(pt) = sprintf("%s,%g", font_name, pt * font_scale)
if (fmt eq 'png') {
  # pngcairo counts font points at 72 dpi: scale them with the pixel size.
  set terminal pngcairo enhanced size int(fig_w_in * png_dpi), int(fig_h_in * png_dpi) \
      font fnt(font_pt) linewidth png_dpi / 96.0 \
      background rgb 'white'
} else {
  if (fmt eq 'pdf') {
    set terminal pdfcairo enhanced size fig_w_in, fig_h_in \
        font sprintf("%s,%g", font_name, font_pt) linewidth 1
  } else {
    if (fmt eq 'svg') {
      set terminal svg enhanced size int(fig_w_in * 72), int(fig_h_in * 72) \
          font sprintf("%s,%g", font_name, font_pt) linewidth 1 background rgb 'white'
    } else {
      print sprintf("style.gp: unknown fmt '%s' (png, pdf or svg)", fmt)
      exit status 1
    }
  }
}
if (!exists("out")) {
  system(sprintf("mkdir -p '%s/figures'", run))
  out = sprintf("%s/figures/%s.%s", run, fig, fmt)
}
set output out

# --- text and frame --------------------------------------------------------------------------
set encoding utf8
set border 3 lw 0.8 lc rgb '#333333'
set tics nomirror out scale 0.6 textcolor rgb '#222222'
set grid ytics lw 0.5 lc rgb '#dddddd' dt 1
set grid noxtics
key_font = fnt(font_pt - 1)
set key below center horizontal Left reverse noautotitle samplen 1.5 spacing 1.0 width 0 maxrows 2 font key_font
set key nobox
set xlabel ''
set mxtics 1
set style fill solid 1.0 noborder

# --- reading the traces ----------------------------------------------------------------------
set datafile separator ','
set datafile columnheaders
set datafile missing ''
yearly = run.'/yearly.csv'
sites_csv = run.'/sites.csv'
substations_csv = run.'/substations.csv'
events_csv = run.'/events.csv'
runini = run.'/run.ini'

# header_of(f): the header line of a CSV (first line not starting with '#') as ",a,b,c,", so
# that strstrt(header_of(f), ',name,') > 0 tells whether column 'name' is there.
header_of(f) = system(sprintf("awk '!/^#/ { sub(/\r$/, \"\"); print \",\" $0 \",\"; exit }' '%s' 2>/dev/null", f))
has_col(hdr, name) = strstrt(hdr, ','.name.',') > 0

# file_exists(f): 1 when f is a regular file.
file_exists(f) = system(sprintf("test -f '%s' && echo 1 || echo 0", f)) eq '1'

# Years covered: year_min, year_max, n_years from the 'year' column of years_csv (default
# yearly.csv; a Monte Carlo script may set years_csv to quantiles.csv before loading this file);
# x range with half a year of margin and a readable tic step.  Without the file, n_years = 0 and
# the script sets its own x axis.
# year_step(span, n): a year tic step from 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000
# that puts at most n labels on a span of years (four-digit labels at 10 pt: about 8 on a
# 5 in wide axis), so that labels never run into each other whatever the horizon.
array year_steps[12] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
year_step(span, n) = _ystep(span, n, 1)
_ystep(span, n, i) = (i >= 12 || span / year_steps[i] <= n) ? year_steps[i] : _ystep(span, n, i + 1)

if (!exists("years_csv")) years_csv = yearly
n_years = 0
if (file_exists(years_csv)) {
  stats years_csv using (column("year")) nooutput
  year_min = STATS_min
  year_max = STATS_max
  n_years = year_max - year_min + 1
  set xrange [year_min - 0.6 : year_max + 0.6]
  xtic_step = year_step(n_years, 8 * fig_width)
  set xtics xtic_step
  set format x '%.0f'
}

# Title: title_prefix, else the [scenario] name in run.ini, else the run directory's name.
if (!exists("title_prefix")) {
  title_prefix = system(sprintf("awk -F= '/^[[]/ { g = $0 } g == \"[scenario]\" && $1 ~ /^[ \t]*name[ \t]*$/ { v = $2; sub(/^[ \t]+/, \"\", v); sub(/[ \t\r]+$/, \"\", v); print v; exit }' '%s' 2>/dev/null", runini))
  if (title_prefix eq '') {
    title_prefix = system(sprintf("basename '%s'", run))
  }
}
fig_title(t) = sprintf("%s — %s", title_prefix, t)

# ini_get(f, group, key): the value of key in [group] of the key file f ('' when absent).
ini_get(f, g, k) = system(sprintf("awk -F= -v g='[%s]' -v k='%s' '/^[[]/ { s = $0; sub(/[ \t\r]+$/, \"\", s) } s == g { n = $1; gsub(/^[ \t]+|[ \t]+$/, \"\", n); if (n == k) { v = substr($0, index($0, \"=\") + 1); gsub(/^[ \t]+|[ \t\r]+$/, \"\", v); print v; exit } }' '%s' 2>/dev/null", g, k, f))
# The precision compute_eflops counts in (DESIGN §2.2 rule 26: run.ini's [hardware] precision,
# fp64 when absent, as in runs written before the key), upper-case for labels: 'FP64', 'BF16'.
_prec = ini_get(runini, 'hardware', 'precision')
_lower = 'abcdefghijklmnopqrstuvwxyz'
_upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
_up1(c) = (strstrt(_lower, c) > 0) ? _upper[strstrt(_lower, c):strstrt(_lower, c)] : c
upper(s) = (strlen(s) == 0) ? '' : _up1(s[1:1]) . upper(s[2:strlen(s)])
precision = upper(_prec eq '' ? 'fp64' : _prec)
set title font fnt(font_pt + 1) offset 0, -0.3

# Helpers for the scripts.
max(a, b) = (a > b) ? a : b
min(a, b) = (a < b) ? a : b
# A tidy upper bound for an axis: the first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 x 10^k
# that is >= v (1 when v <= 0).
array nice_steps[11] = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]
nice_ceil(v) = (v <= 0) ? 1 : _nice(v, 10 ** floor(log10(v)), 1)
_nice(v, p, i) = (i >= 11 || v <= nice_steps[i] * p * (1 + 1e-9)) ? nice_steps[i] * p : _nice(v, p, i + 1)
# A tidy tic step near v: 1, 2, 2.5 or 5 x 10^k.
array step_list[5] = [1, 2, 2.5, 5, 10]
nice_step(v) = (v <= 0) ? 1 : _step(v, 10 ** floor(log10(v)), 1)
_step(v, p, i) = (i >= 5 || v <= step_list[i] * p * (1 + 1e-9)) ? step_list[i] * p : _step(v, p, i + 1)
