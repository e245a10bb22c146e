#!/usr/bin/env bash
# Produces the GRASS r.cost reference rasters that tests/gis/access/test_costdist.cpp compares
# against, so CI needs no GRASS. Needs GRASS GIS (Debian 12: apt-get install grass-core, 8.2).
#
#   scripts/grass_reference.sh [out_dir]      (default: tests/data/grass)
#
# Everything is generated inside a throw-away GRASS location (EPSG:32648, UTM 48N, metres),
# deterministically (r.mapcalc seed), and exported as GeoTIFF:
#   friction_<case>.tif        friction in seconds per metre (Float64, nodata holes)
#   sources_<case>.csv         x,y,facility (cell centres; facility = r.cost start point cat)
#   cost_<case>_n8.tif         r.cost           cumulative cost (seconds), Float64
#   cost_<case>_n16.tif        r.cost -k        (knight's move)
#   nearest_<case>_n8.tif / nearest_<case>_n16.tif   r.cost nearest= (facility), Int32
# Cases: a = 32 x 24 square 100 m cells, random friction, 8 % random nodata, a nodata "lake",
#            5 sources of which one sits on a nodata cell;
#        b = 24 x 20 non-square cells (100 m east-west, 60 m north-south), 3 sources.
#
# r.cost measures cost in units of the east-west cell width (EW_fac = 1 in r.cost/main.c), so
# it is fed friction * ewres (seconds per cell width); its output is then seconds, directly
# comparable with swsplan::gis::cost_distance on friction in seconds per metre. The friction is
# Float64 (DCELL): r.cost writes its output in the input's type, so FCELL would round it.
set -euo pipefail

if [[ -z "${GISBASE:-}" ]]; then
  out_dir=$(realpath -m "${1:-tests/data/grass}")
  mkdir -p "$out_dir"
  command -v grass >/dev/null || { echo "grass not found: apt-get install grass-core" >&2; exit 1; }
  exec grass --tmp-location EPSG:32648 --exec bash "$(realpath "$0")" "$out_dir"
fi

out_dir=$1
export GRASS_OVERWRITE=1
export GRASS_VERBOSE=0

# export_case <case> <ewres>: friction s/m in map fr_<case>, start points in vector src_<case>
run_case() {
  local c=$1 ewres=$2
  r.mapcalc expression="fcell_${c} = fr_${c} * ${ewres}"
  r.out.gdal -c -m -f input="fr_${c}" output="${out_dir}/friction_${c}.tif" format=GTiff type=Float64 \
    nodata=-9999 createopt="COMPRESS=DEFLATE,PREDICTOR=3" >/dev/null
  for nb in n8 n16; do
    local kflag=""
    [[ $nb == n16 ]] && kflag="-k"
    r.cost $kflag input="fcell_${c}" output="cost_${c}_${nb}" nearest="nearest_${c}_${nb}" start_points="src_${c}"
    r.out.gdal -c -m -f input="cost_${c}_${nb}" output="${out_dir}/cost_${c}_${nb}.tif" format=GTiff type=Float64 \
      nodata=-9999 createopt="COMPRESS=DEFLATE,PREDICTOR=3" >/dev/null
    r.out.gdal -c -m -f input="nearest_${c}_${nb}" output="${out_dir}/nearest_${c}_${nb}.tif" format=GTiff type=Int32 \
      nodata=-1 createopt="COMPRESS=DEFLATE" >/dev/null
  done
}

# make_sources <case> <west> <north> <ewres> <nsres> "row col facility;..."
make_sources() {
  local c=$1 w=$2 n=$3 ew=$4 ns=$5 cells=$6
  echo "x,y,facility" >"${out_dir}/sources_${c}.csv"
  echo "$cells" | tr ';' '\n' | awk -v w="$w" -v n="$n" -v ew="$ew" -v ns="$ns" \
    'NF==3 { printf "%.1f,%.1f,%d\n", w + ($2 + 0.5) * ew, n - ($1 + 0.5) * ns, $3 }' >>"${out_dir}/sources_${c}.csv"
  tail -n +2 "${out_dir}/sources_${c}.csv" | tr ',' '|' |
    v.in.ascii input=- output="src_${c}" separator=pipe x=1 y=2 cat=3 columns="x double, y double, cat integer"
}

# --- case a: square cells, nodata holes, a source on nodata --------------------------------
g.region n=1400000 s=1397600 w=500000 e=503200 res=100
# Random friction 0.05..0.75 s/m (motorbike on tracks to walking in rough land), 8 % nodata,
# a 4 x 6 cell "lake" (rows 10..13, cols 14..19, 0-based) and a nodata cell under source 4.
r.mapcalc seed=20261122 expression="fr_a = if(rand(0.0, 1.0) < 0.08 || (row() >= 11 && row() <= 14 && col() >= 15 && col() <= 20) || (row() == 7 && col() == 11), null(), 0.05 + rand(0.0, 0.7))"
# sources: row col facility (0-based); facility 4 sits on the nodata cell (row 6, col 10)
make_sources a 500000 1400000 100 100 "4 4 0;16 24 1;20 6 2;8 28 3;6 10 4"
# make sure the other sources are on passable cells (rand may have hit them)
r.mapcalc seed=1 expression="fr_a = if((row() == 5 && col() == 5) || (row() == 17 && col() == 25) || (row() == 21 && col() == 7) || (row() == 9 && col() == 29), 0.3, fr_a)"
run_case a 100

# --- case b: non-square cells (ewres 100 m, nsres 60 m) ------------------------------------
g.region n=1400000 s=1398800 w=500000 e=502400 ewres=100 nsres=60
r.mapcalc seed=7 expression="fr_b = if(rand(0.0, 1.0) < 0.05, null(), 0.05 + rand(0.0, 0.7))"
make_sources b 500000 1400000 100 60 "3 4 10;16 20 11;10 12 12"
r.mapcalc seed=1 expression="fr_b = if((row() == 4 && col() == 5) || (row() == 17 && col() == 21) || (row() == 11 && col() == 13), 0.3, fr_b)"
run_case b 100

g.version -r | head -3 >"${out_dir}/GRASS_VERSION.txt"
echo "GRASS references written to ${out_dir}"
