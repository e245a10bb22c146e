#!/usr/bin/env bash
# Network mode (door to door) against raster mode on the same roads, per province: share of
# households within THRESHOLD of the nearest facility of SERVICE, and villages without a time.
# Prints the Markdown table of docs/methods.md ("Network and raster mode, per province").
# Usage: scripts/network_vs_raster.sh PROJECT.gpkg [SERVICE] [THRESHOLD] [path/to/swsplan]
# PROJECT needs a roads layer (scripts/import_national.sh, then
#   swsplan import --out P --roads "khm_roads_osm.gpkg#roads_main_osm?class_field=fclass").
# The project is not modified: both runs work on a copy.
set -euo pipefail
P=${1:?usage: scripts/network_vs_raster.sh PROJECT.gpkg [SERVICE] [THRESHOLD] [swsplan]}
SERVICE=${2:-health_centre}
THR=${3:-60min}
SWSPLAN=${4:-$(dirname "$0")/../build/app/cli/swsplan}
command -v sqlite3 >/dev/null || { echo "network_vs_raster: sqlite3 is needed" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for m in network raster; do
  cp "$P" "$W/$m.gpkg"
  "$SWSPLAN" access "$W/$m.gpkg" --service "$SERVICE" --mode "$m" --threshold "$THR" -q > "$W/$m.txt"
done
# Per province: households, share within the threshold (households-weighted), villages
# without a time (time_min NULL).
q() {
  sqlite3 -separator '|' "$W/$1.gpkg" "
    SELECT substr(c.adm3_pcode, 1, 4), round(sum(c.households)), sum(c.coverage_0_1 * c.households) / sum(c.households),
           (SELECT count(*) FROM access_$SERVICE v WHERE substr(v.adm3_pcode, 1, 4) = substr(c.adm3_pcode, 1, 4)
                                                     AND v.time_min IS NULL)
    FROM access_${SERVICE}_communes c WHERE c.households > 0 GROUP BY 1
    UNION ALL
    SELECT 'all', round(sum(households)), sum(coverage_0_1 * households) / sum(households),
           (SELECT count(*) FROM access_$SERVICE WHERE time_min IS NULL)
    FROM access_${SERVICE}_communes WHERE households > 0;"
}
q network > "$W/n.tsv"
q raster > "$W/r.tsv"
names=$(sqlite3 -separator '|' "$P" "SELECT adm1_pcode, name_en FROM provinces")
echo "| province | households | network: within $THR | raster: within $THR | network - raster (points) | villages without a time (network / raster) |"
echo "|---|---:|---:|---:|---:|---:|"
join -t '|' "$W/n.tsv" "$W/r.tsv" | while IFS='|' read -r code hh nc nn _ rc rn; do
  name=$(printf '%s\n' "$names" | awk -F'|' -v c="$code" '$1 == c {print $2}')
  [ "$code" = all ] && name="Cambodia"
  printf '| %s %s | %.0f | %.1f %% | %.1f %% | %+.1f | %s / %s |\n' "$code" "$name" "$hh" \
    "$(echo "$nc * 100" | bc -l)" "$(echo "$rc * 100" | bc -l)" "$(echo "($nc - $rc) * 100" | bc -l)" "$nn" "$rn"
done
