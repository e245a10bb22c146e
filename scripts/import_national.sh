#!/usr/bin/env bash
# Builds a national project from the real Cambodian layers in ../shared/data/khm (see its
# SOURCES.md for provenance and flaws). Usage: scripts/import_national.sh OUT.gpkg [swsplan binary]
set -euo pipefail
OUT=${1:?usage: scripts/import_national.sh OUT.gpkg [path/to/swsplan]}
SWSPLAN=${2:-build/app/cli/swsplan}
D=${SWSPLAN_KHM_DATA:-$(dirname "$0")/../../shared/data/khm}
"$SWSPLAN" import --out "$OUT" --name "Cambodia (national)" \
  --provinces "$D/khm.gpkg#provinces" \
  --districts "$D/khm.gpkg#districts" \
  --communes "$D/khm.gpkg#communes" \
  --villages "$D/khm.gpkg#villages?households=hh_total_est" \
  --facilities "$D/khm.gpkg#health_facilities?service_field=facility_type" \
  --facilities "$D/khm.gpkg#schools_upper_secondary?service=school_upper_secondary" \
  --indicator "$D/csv/idpoor_communes_2022_wfp_prism.csv?level=commune&key=adm3_pcode&name=idpoor_2022&year=2022&crosswalk=no" \
  --indicator "$D/csv/idpoor_villages_2010_2011_mop.csv?level=village&key=vil_code&name=idpoor_villages&share=TOT_Per_HH&flag_out_of_range=yes" \
  --indicator "$D/csv/commune_database_2011_ncdd.csv?level=commune&key=NCDD_CodeC&name=cdb_2011&year=2011" \
  --crosswalk "$D/csv/commune_code_crosswalk_2013_to_2018.csv"
