#!/usr/bin/env bash
# Records what every swsplan verb prints and writes, so that a refactoring can be checked to
# change nothing: run it once with the old binary and once with the new one, then
#   diff -r OLD_DIR NEW_DIR
# must be empty. Usage: scripts/record_outputs.sh OUT_DIR [SWSPLAN_EXE]
#
# Two projects: a copy of sample-maps/demo_province.gpkg (every verb) and a national project
# built by scripts/import_national.sh with the README's ID-Poor 2022 settings (import,
# settings, access, analyze, site, cost, scenarios, reports; the network and raster access
# modes run on the sample only, the national roads layer being absent).
# Each verb's exit code, stdout and stderr are kept (stderr without the progress bar: -q),
# every project table is dumped with sqlite3 (geometry blobs in hex, so "identical" means
# byte-identical), PDFs are kept as pdftotext text, PNGs and GeoTIFFs by checksum.
# SOURCE_DATE_EPOCH and OGR_CURRENT_DATE are fixed so that provenance times compare.
# The inputs are never modified: every verb runs on copies inside OUT_DIR.
set -uo pipefail
OUT=${1:?usage: scripts/record_outputs.sh OUT_DIR [path/to/swsplan]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SWSPLAN=$(realpath "${2:-$ROOT/build/app/cli/swsplan}")
KHM=${SWSPLAN_KHM_DATA:-$ROOT/../shared/data/khm}
[ -x "$SWSPLAN" ] || { echo "record_outputs: no swsplan executable at $SWSPLAN" >&2; exit 2; }
for tool in sqlite3 pdftotext sha256sum; do
  command -v "$tool" >/dev/null || { echo "record_outputs: $tool is needed" >&2; exit 2; }
done

export SOURCE_DATE_EPOCH=1767225600          # 2026-01-01T00:00:00Z
export OGR_CURRENT_DATE=2026-01-01T00:00:00Z  # gpkg_contents.last_change written by GDAL
export LC_ALL=C.UTF-8 TZ=UTC QT_QPA_PLATFORM=offscreen

rm -rf "$OUT"
mkdir -p "$OUT/work"
OUT=$(realpath "$OUT")
W="$OUT/work"   # scratch: projects, CSV and PDF outputs (removed at the end)
STEP=0

# Every path printed by a verb is made relative to the scratch directory, so two recordings
# made into different OUT_DIRs compare, and wall-clock durations ("seconds": 0.28, "(0.28 s)",
# "in 2.70 s") become T: they are the only output that differs from run to run.
scrub() {
  sed -E -e "s#$W/##g" -e "s#$W#.#g" -e "s#$OUT/##g" \
    -e 's/"seconds": [0-9.e+-]+/"seconds": T/g' -e 's/\([0-9.]+ s\)/(T s)/g' -e 's/ in [0-9.]+ s\b/ in T s/g'
}

# run NAME ARGS...: runs swsplan in $W, keeps stdout, stderr and the exit code as NAME.*
run() {
  local name=$1; shift
  STEP=$((STEP + 1))
  local base
  base="$OUT/$(printf '%03d' "$STEP")_$name"
  (cd "$W" && "$SWSPLAN" "$@") >"$base.out" 2>"$base.err"
  echo "$?" >"$base.rc"
  scrub <"$base.out" >"$base.out.tmp" && mv "$base.out.tmp" "$base.out"
  scrub <"$base.err" >"$base.err.tmp" && mv "$base.err.tmp" "$base.err"
}

# dump_project GPKG NAME: one file per table, rows in storage order, schema sorted.
dump_project() {
  local db=$1 dir="$OUT/tables_$2"
  mkdir -p "$dir"
  sqlite3 "$db" "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name;" >"$dir/_schema.sql"
  local t
  for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'rtree_%' ORDER BY name;"); do
    if [ "$t" = gpkg_contents ]; then
      # last_change is the wall clock of GDAL's write unless OGR_CURRENT_DATE is honoured.
      sqlite3 -header "$db" ".mode quote" \
        "SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name;" \
        >"$dir/$t.txt"
    else
      sqlite3 -header "$db" ".mode quote" "SELECT * FROM \"$t\" ORDER BY rowid;" >"$dir/$t.txt" 2>/dev/null ||
        sqlite3 -header "$db" ".mode quote" "SELECT * FROM \"$t\";" >"$dir/$t.txt"
    fi
  done
}

# keep_pdf FILE NAME: the text of every page (pdftotext keeps page breaks as form feeds).
keep_pdf() {
  if [ -f "$1" ]; then pdftotext -layout "$1" "$OUT/$2.txt"; else echo "missing" >"$OUT/$2.txt"; fi
}

# keep_sums NAME FILES...: checksums of binary outputs (PNG, GeoTIFF), paths relative.
keep_sums() {
  local name=$1; shift
  (cd "$W" && for f in "$@"; do if [ -f "$f" ]; then sha256sum "$f"; else echo "missing $f"; fi; done) >"$OUT/$name.sha256"
}

# ---------------------------------------------------------------- the sample province
S="$W/sample.gpkg"
cp "$ROOT/sample-maps/demo_province.gpkg" "$S"
PC=$(sqlite3 "$S" "SELECT adm3_pcode FROM communes ORDER BY adm3_pcode LIMIT 1;")
DC=${PC:0:6}
cat >"$W/far.geojson" <<'EOF'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"work":"new","road_class":"rural"},"geometry":{"type":"LineString","coordinates":[[105.2,11.8],[105.25,11.8]]}}]}
EOF

run s_info info sample.gpkg
run s_info_json info --json sample.gpkg
run s_settings settings sample.gpkg
run s_settings_json settings --json sample.gpkg
run s_access_line access --json -q sample.gpkg --service health_centre --mode line
run s_access_network access --json -q sample.gpkg --service health_centre --mode network --threshold 60min
run s_access_network_scen access -q sample.gpkg --service health_centre --mode network --threshold 60min --scenario hc_net
run s_access_dry access -q sample.gpkg --service health_centre --mode raster --threshold 60min --scenario hc_dry
run s_access_wet access --json -q sample.gpkg --service health_centre --mode raster --threshold 60min --season wet --scenario hc_wet
mkdir -p "$W/rasters"
run s_access_raster access --json -q sample.gpkg --service health_centre --mode raster --threshold 60min --raster-dir rasters
keep_sums s_rasters rasters/*.tif
run s_analyze analyze -q sample.gpkg --csv s_csv
run s_analyze_json analyze --json -q sample.gpkg
for f in "$W"/s_csv/*.csv; do cp "$f" "$OUT/s_csv_$(basename "$f")"; done
run s_site_mclp site --json -q sample.gpkg --model mclp --p 2 --threshold 10km --scenario two
run s_site_mclp4 site -q sample.gpkg --model mclp --p 4 --threshold 10km --scenario four
run s_site_lscp site --json -q sample.gpkg --model lscp --threshold 10km --scenario cover
run s_site_pmedian site --json -q sample.gpkg --model pmedian --p 3 --scenario med
run s_site_clusters site --json -q sample.gpkg --model mclp --p 2 --clusters 2-4 --scenario vans
run s_site_exists site -q sample.gpkg --model mclp --p 2 --threshold 10km --scenario two
run s_pwp pwp --json -q sample.gpkg --roads far.geojson --scenario far --services health_centre --threshold 60min
run s_pwp_all pwp --json -q sample.gpkg --roads pwp_lines --scenario works
run s_cost cost --json -q sample.gpkg --scenario two --csv s_cost.csv
cp "$W/s_cost.csv" "$OUT/s_cost.csv" 2>/dev/null
run s_cost_pwp cost --json -q sample.gpkg --scenario two --with-pwp far
run s_cost_gap cost --json -q sample.gpkg
run s_compare compare --json -q sample.gpkg two four --csv s_compare.csv
cp "$W/s_compare.csv" "$OUT/s_compare.csv" 2>/dev/null
run s_compare_pwp compare -q sample.gpkg far:before far
run s_compare_access compare -q sample.gpkg hc_dry hc_wet --communes
run s_compare_modes compare --json -q sample.gpkg hc_net hc_dry --no-store
run s_scenarios scenarios sample.gpkg
run s_scenarios_json scenarios --json sample.gpkg
run s_scenarios_compare scenarios sample.gpkg --compare two four
run s_map map -q sample.gpkg --out s_map.png --width 800 --height 600
run s_map_pdf map -q sample.gpkg --out s_map.pdf --layers communes,villages,facilities --lang km
keep_sums s_map s_map.png
keep_pdf "$W/s_map.pdf" s_map_pdf
run s_report_commune report --json commune "$PC" sample.gpkg --out s_commune.pdf
keep_pdf "$W/s_commune.pdf" s_report_commune
run s_report_commune_km report -q commune "$PC" sample.gpkg --out s_commune_km.pdf --lang km
keep_pdf "$W/s_commune_km.pdf" s_report_commune_km
run s_report_batch report -q commune sample.gpkg --district "$DC" --out s_batch.pdf
keep_pdf "$W/s_batch.pdf" s_report_batch
run s_report_district report -q district sample.gpkg --out s_district.pdf --top 4
keep_pdf "$W/s_district.pdf" s_report_district
run s_report_scenario report -q scenario sample.gpkg two --out s_scenario.pdf
keep_pdf "$W/s_scenario.pdf" s_report_scenario
run s_report_compare report -q scenario sample.gpkg compare two four --out s_compare.pdf
keep_pdf "$W/s_compare.pdf" s_report_compare
run s_cost_far cost -q sample.gpkg --scenario far
run s_report_pwp report -q scenario sample.gpkg far --out s_pwp.pdf
keep_pdf "$W/s_pwp.pdf" s_report_pwp
dump_project "$S" sample

# ---------------------------------------------------------------- the national project
if [ -d "$KHM" ]; then
  N="$W/national.gpkg"
  STEP=$((STEP + 1))
  (cd "$W" && SWSPLAN_KHM_DATA="$KHM" bash "$ROOT/scripts/import_national.sh" national.gpkg "$SWSPLAN") \
    >"$OUT/$(printf '%03d' "$STEP")_n_import.out" 2>"$OUT/$(printf '%03d' "$STEP")_n_import.err"
  echo "$?" >"$OUT/$(printf '%03d' "$STEP")_n_import.rc"
  for f in "$OUT/$(printf '%03d' "$STEP")_n_import".{out,err}; do
    sed -e "s#$KHM/##g" "$f" | scrub >"$f.tmp" && mv "$f.tmp" "$f"
  done
  run n_settings settings -q national.gpkg --set analysis.deprivation_source=commune:idp22_poor_share \
    --set analysis.households_fallback=idp22_total_hh
  run n_info info --json national.gpkg
  run n_access_line access --json -q national.gpkg --service health_centre --mode line
  run n_access_school access --json -q national.gpkg --service school_upper_secondary --mode line --scenario school
  run n_analyze analyze -q national.gpkg --csv n_csv
  for f in "$W"/n_csv/*.csv; do cp "$f" "$OUT/n_csv_$(basename "$f")"; done
  NP=$(sqlite3 "$N" "SELECT adm1_pcode FROM provinces ORDER BY adm1_pcode LIMIT 1;")
  run n_site site --json -q national.gpkg --model mclp --p 3 --threshold 10km --province "$NP" --scenario n3
  run n_site5 site -q national.gpkg --model mclp --p 5 --threshold 10km --province "$NP" --scenario n5
  run n_cost cost --json -q national.gpkg --scenario n3
  run n_compare compare --json -q national.gpkg n3 n5 --no-store
  run n_scenarios scenarios --json national.gpkg
  NC=$(sqlite3 "$N" "SELECT adm3_pcode FROM gap_classes ORDER BY adm3_pcode LIMIT 1;" 2>/dev/null)
  run n_report_commune report -q commune "$NC" national.gpkg --out n_commune.pdf
  keep_pdf "$W/n_commune.pdf" n_report_commune
  run n_report_district report -q district national.gpkg --out n_district.pdf --province "$NP"
  keep_pdf "$W/n_district.pdf" n_report_district
  dump_project "$N" national
else
  echo "record_outputs: no national data at $KHM; national project skipped" >&2
fi

rm -rf "$W"
echo "recorded $STEP verbs into $OUT"
