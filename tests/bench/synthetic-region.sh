# synthetic-region.sh - the synthetic region of the benchmarks (sourced by bench_run.sh and
# bench_plot.sh): make_region DCB DIR SITES YEARS writes DIR/sites.csv, DIR/region.xml (generated
# with `dcbuildout platform`: SITES sites of 20 halls of 10 MW, every third one turnkey, one
# substation per 10 sites) and DIR/region.ini (demand 4 MW a site growing 8 % a year, 8 crews,
# the investor on, over YEARS years from 2025).
make_region() {
  dcb=$1 dir=$2 s=$3 years=$4
  mkdir -p "$dir"
  awk -v s="$s" 'BEGIN {
    print "site,substation,halls,hall_mw,turnkey"
    for (i = 1; i <= s; i++) printf "s%04d,sub%03d,20,10,%s\n", i, int((i - 1) / 10), (i % 3 == 0 ? "true" : "false")
  }' >"$dir/sites.csv"
  "$dcb" platform "$dir/sites.csv" --out "$dir/region.xml" >/dev/null
  {
    echo "[scenario]"
    echo "name = synthetic-$s-$years"
    echo "platform = region.xml"
    echo "start_year = 2025"
    echo "end_year = $((2025 + years - 1))"
    echo "[demand]"
    echo "it_mw = $((s * 4))"
    echo "growth = 0.08"
    echo "[grid]"
    echo "crews = 8"
    echo "[investor]"
    echo "enabled = true"
    echo "project_mw = 200"
    echo "phase_mw = 100"
    echo "cancel_probability = 0.2"
    i=0
    while [ $i -lt $(((s + 9) / 10)) ]; do
      printf '[substation:sub%03d]\nheadroom_mw = 600\nreinforcement_mw = 1000\n' $i
      i=$((i + 1))
    done
  } >"$dir/region.ini"
}
