# drivers.gp - a tornado of the drawn inputs that move an outcome most (DESIGN §8, drivers.csv).
#
# Reads RUN/drivers.csv (written by `dcbuildout run --replications N` when the scenario draws
# inputs, DESIGN §2.2 rule 25: outcome, input, rank_correlation, share; rows of an outcome ranked
# by |rank_correlation|).  One horizontal bar per input, the ten strongest of the outcome, from 0
# to its partial rank correlation: bluish green when the outcome rises with the input, vermillion
# when it falls; each bar labelled with its coefficient and its share of the squares.
#     gnuplot -e "run='out/hdf-mc'" plots/drivers.gp                      [outcome='NAME']
# Default outcome: operating_mw@2035 when drivers.csv holds it, else its first outcome.
_lastslash(s, n) = (n < 1) ? 0 : ((s[n:n] eq '/') ? n : _lastslash(s, n - 1))
plotdir = (_lastslash(ARG0, strlen(ARG0)) == 0) ? '.' : ARG0[1:_lastslash(ARG0, strlen(ARG0)) - 1]
fig = 'drivers'
if (!exists("run")) {
  print "drivers.gp: set the run directory, e.g. gnuplot -e \"run='out/x'\" plots/drivers.gp"
  exit status 1
}
drivers = run.'/drivers.csv'
if (system(sprintf("test -f '%s' && echo yes", drivers)) ne 'yes') {
  print sprintf("drivers.gp: %s: no such file (a Monte Carlo of a scenario that draws inputs)", drivers)
  exit status 1
}
outcomes = system(sprintf("awk -F, '!/^#/ && h && !s[$1]++ { printf \"%%s \", $1 } !/^#/ { h = 1 }' '%s'", drivers))
if (words(outcomes) < 1) {
  print sprintf("drivers.gp: %s ranks no outcome (no input or no outcome varies)", drivers)
  exit status 1
}
if (!exists("outcome")) {
  outcome = (strstrt(' '.outcomes, ' operating_mw@2035 ') > 0) ? 'operating_mw@2035' : word(outcomes, 1)
}
if (strstrt(' '.outcomes, ' '.outcome.' ') == 0) {
  print sprintf("drivers.gp: outcome '%s' is not in %s (outcomes: %s)", outcome, drivers, outcomes)
  exit status 1
}
fig_width = 1.45
years_csv = run.'/quantiles.csv'   # style.gp's year range (unused here)
load plotdir.'/style.gp'

# The outcome's ten strongest inputs: position (1 = strongest), name, coefficient, share.
rows = sprintf("< awk -F, -v o='%s' 'BEGIN { print \"pos,input,r,share\" } !/^#/ && $1 == o && n < 10 { n++; print n \",\" $2 \",\" $3 \",\" $4 }' '%s'", outcome, drivers)
n_bars = int(system(sprintf("awk -F, -v o='%s' '!/^#/ && $1 == o { n++ } END { print (n > 10 ? 10 : n) }' '%s'", outcome, drivers)))
n_reps = system(sprintf("awk '/^# replications:/ { print $3; exit }' '%s'", drivers))
label_of(m) = system(sprintf("printf '%%s' '%s' | sed 's/_mw@/ MW@/; s/_t@/ (t CO2e)@/; s/_/ /g; s/@/ in /'", m))

# The title over the whole figure (the plot area starts far right of the long names).
unset title
set label 91 fig_title(sprintf("what moves %s", label_of(outcome))) at screen 0.5, screen 0.95 \
    center noenhanced font fnt(font_pt + 1)
set tmargin 3
set xlabel sprintf('partial rank correlation%s', \
    n_reps eq '' ? '' : sprintf(' (%s replications)', n_reps))
set xrange [-1.55:1.55]
set xtics -1, 0.5, 1
set format x '%.1f'
set yrange [n_bars + 0.6:0.4]
set ytics scale 0 noenhanced
set grid xtics lc rgb '#dddddd'
set xzeroaxis lt 1 lc rgb '#555555'
unset key
# Room on the left for the longest input name (characters at about 0.9 of the font's size).
name_len = int(system(sprintf("awk -F, -v o='%s' '!/^#/ && $1 == o && n < 10 { n++; if (length($2) > m) m = length($2) } END { print m + 0 }' '%s'", outcome, drivers)))
set lmargin name_len * 0.95 + 2
set style fill solid 0.85 noborder
colour(r) = r >= 0 ? c_operating : c_stranded
# The coefficients' labels, right of a positive bar and left of a negative one: each labels plot
# only when the outcome has a bar of its sign (gnuplot 5.4 crashes on a labels plot whose every
# point is undefined when the data has a single row: a scenario with one drawn input).
n_pos = int(system(sprintf("awk -F, -v o='%s' '!/^#/ && $1 == o && n < 10 { n++; if ($3 >= 0) p++ } END { print p + 0 }' '%s'", outcome, drivers)))
n_neg = n_bars - n_pos
lab_pos = (n_pos == 0) ? '' : ", '' using (column(\"r\") >= 0 ? column(\"r\") + 0.03 : NaN):(column(\"pos\")):(sprintf('%+.2f (%.0f %%)', column(\"r\"), 100 * column(\"share\"))) with labels left font fnt(font_pt - 2) notitle"
lab_neg = (n_neg == 0) ? '' : ", '' using (column(\"r\") < 0 ? column(\"r\") - 0.03 : NaN):(column(\"pos\")):(sprintf('%+.2f (%.0f %%)', column(\"r\"), 100 * column(\"share\"))) with labels right font fnt(font_pt - 2) notitle"
plot rows using (column("r") / 2):(column("pos")):(abs(column("r")) / 2):(0.35):(colour(column("r"))):ytic(2) \
         with boxxyerror lc rgb variable @lab_pos @lab_neg
