#!/usr/bin/env bash
# Cost distance: swsplan::gis::cost_distance vs GRASS r.cost on the same generated surfaces.
#
#   bench/run_costdist_vs_grass.sh [bench_exe] [sizes...]
#     bench_exe defaults to build-costdist/bench/bench_costdist; sizes default to "1000 4000".
#
# For each size and neighbourhood (8, 16 = r.cost -k) it prints our search time (wall and CPU),
# our wall time including GeoTIFF read/write, r.cost's time (the r.cost command alone, its own
# raster I/O included; wall and user+system CPU), the ratios ours / r.cost, the max absolute /
# relative difference of the travel times and the number of cells allocated differently.
# CPU ratios are the fairer figure on a shared machine; wall ratios on an idle one.
#
# Measured 2026-11-22, 2 vCPU VM shared with other builds (load average 8-13), GRASS 8.2.1,
# radix-heap version (commit "exact radix heap"):
#   size nb   ours_cpu_s rcost_cpu_s cpu_ratio wall_ratio max_abs_s max_rel  alloc_diff
#   1000 n8   0.236      0.891       0.265     0.242      2.7e-12   7.0e-16  0
#   1000 n16  0.325      1.365       0.238     0.238      1.8e-12   7.1e-16  0
#   4000 n8   9.018      24.515      0.368     0.363      9.1e-12   8.5e-16  0
#   4000 n16  12.819     35.551      0.361     0.371      9.1e-12   8.5e-16  0
# The previous run of the same binary gave 4000 n8 0.510 and 4000 n16 0.254 (our search is
# memory-latency bound, so it suffers more from neighbours thrashing the shared cache than
# r.cost's tiled segment I/O does). Target <= 1/3: met at 1000 x 1000, not reliably at 4000.
# Needs GRASS GIS (scripts/install-deps.sh bench installs grass-core). Not a test; nothing is asserted.
set -euo pipefail
command -v grass >/dev/null || { echo "GRASS GIS not found: run scripts/install-deps.sh bench" >&2; exit 1; }

exe=$(realpath "${1:-build-costdist/bench/bench_costdist}")
shift || true
sizes=("${@:-1000 4000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
work=$(mktemp -d /tmp/costdist_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

printf "%-6s %-4s %8s %8s %9s %8s %9s %8s %9s %10s %10s %6s\n" size nb ours_s ours_cpu ours_io_s rcost_s rcost_cpu \
  wall_rat cpu_ratio max_abs_s max_rel alloc_diff
for n in "${sizes[@]}"; do
  "$exe" generate "$n" "$work"
  for nb in n8 n16; do
    ours=$("$exe" run "$work/friction_$n.tif" "$work/sources_$n.csv" "$nb" "$work/ours_t.tif" "$work/ours_f.tif")
    compute_s=$(sed -E 's/.*compute_s=([0-9.]+).*/\1/' <<<"$ours")
    total_s=$(sed -E 's/.*total_s=([0-9.]+).*/\1/' <<<"$ours")
    kflag=""
    [[ $nb == n16 ]] && kflag="-k"
    # r.cost counts cost per east-west cell width: feed it friction (s/m) * ewres (100 m).
    cat >"$work/grass_job.sh" <<JOB
set -e
export GRASS_OVERWRITE=1 GRASS_VERBOSE=0
r.in.gdal input="$work/friction_$n.tif" output=fr
g.region raster=fr
r.mapcalc expression="fcell = fr * 100.0"
tail -n +2 "$work/sources_$n.csv" | tr ',' '|' | v.in.ascii input=- output=src separator=pipe x=1 y=2 cat=3 columns="x double, y double, cat integer"
TIMEFORMAT="%R %U %S"
{ time r.cost $kflag input=fcell output=cost nearest=nearest start_points=src memory=4000 ; } 2> "$work/rcost_time.txt"
r.out.gdal -c -m -f input=cost output="$work/grass_t.tif" format=GTiff type=Float64 nodata=-9999 >/dev/null
r.out.gdal -c -m -f input=nearest output="$work/grass_f.tif" format=GTiff type=Int32 nodata=-1 >/dev/null
JOB
    grass --tmp-location EPSG:32648 --exec bash "$work/grass_job.sh" >"$work/grass.log" 2>&1 || { cat "$work/grass.log"; exit 1; }
    rcost_s=$(tail -1 "$work/rcost_time.txt" | awk '{printf "%.3f", $1}')
    rcost_cpu_s=$(tail -1 "$work/rcost_time.txt" | awk '{printf "%.3f", $2 + $3}')
    compute_cpu_s=$(sed -E 's/.*compute_cpu_s=([0-9.]+).*/\1/' <<<"$ours")
    cmp=$("$exe" compare "$work/ours_t.tif" "$work/grass_t.tif" "$work/ours_f.tif" "$work/grass_f.tif" || true)
    max_abs=$(sed -E 's/.*max_abs_s=([^ ]+).*/\1/' <<<"$cmp")
    max_rel=$(sed -E 's/.*max_rel=([^ ]+).*/\1/' <<<"$cmp")
    alloc=$(sed -E 's/.*alloc_mismatch=([^ ]+).*/\1/' <<<"$cmp")
    ratio=$(awk -v a="$compute_s" -v b="$rcost_s" 'BEGIN { printf "%.3f", a / b }')
    cpu_ratio=$(awk -v a="$compute_cpu_s" -v b="$rcost_cpu_s" 'BEGIN { printf "%.3f", a / b }')
    printf "%-6s %-4s %8s %8s %9s %8s %9s %8s %9s %10s %10s %6s\n" "$n" "$nb" "$compute_s" "$compute_cpu_s" "$total_s" \
      "$rcost_s" "$rcost_cpu_s" "$ratio" "$cpu_ratio" "$max_abs" "$max_rel" "$alloc"
    grep -q "nodata_mismatch=0" <<<"$cmp" || echo "  nodata mismatch: $cmp"
  done
done
