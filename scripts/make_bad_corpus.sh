#!/bin/sh
# (Re)creates the hand-made test corpus under tests/data/bad/ (see tests/data/README.md).
# Needs only a POSIX shell, printf and GDAL's ogr2ogr (Debian gdal-bin); the output is
# committed, tests never run this script.
#
# The corpus describes a tiny synthetic "province" KH01 (codes only borrowed from Banteay
# Meanchey, geometry made up): four 0.1-degree square communes in two districts, two
# villages per commune. ok_* files are valid; every other file holds exactly one defect.
set -eu
cd "$(dirname "$0")/../tests/data/bad"
rm -f ./*.geojson ./*.csv ./*.shp ./*.shx ./*.dbf ./*.prj ./*.cpg

# ---- valid inputs: one commune polygon per square, lon 102.9-103.1, lat 13.5-13.7 -------
sq() {  # sq CODE NAME DISTRICT X0 Y0 -> one GeoJSON feature, a 0.1 degree square
  x1=$(echo "$4" | awk '{printf "%.1f", $1 + 0.1}')
  y1=$(echo "$5" | awk '{printf "%.1f", $1 + 0.1}')
  printf '{"type":"Feature","properties":{"adm3_pcode":"%s","adm3_en":"%s","adm2_pcode":"%s"},' "$1" "$2" "$3"
  printf '"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$4" "$5" "$x1" "$5" "$x1" "$y1" "$4" "$y1" "$4" "$5"
}
fc() { printf '{"type":"FeatureCollection","features":[\n%s\n]}\n' "$1"; }
C1=$(sq KH010201 "Banteay Neang" KH0102 102.9 13.6)
C2=$(sq KH010202 "Bat Trang" KH0102 103.0 13.6)
C3=$(sq KH010301 "Chamnaom" KH0103 102.9 13.5)
C4=$(sq KH010302 "Kouk Ballangk" KH0103 103.0 13.5)
fc "$C1,
$C2,
$C3,
$C4" > ok_communes.geojson

fc "$(printf '{"type":"Feature","properties":{"adm2_pcode":"KH0102","adm2_en":"Mongkol Borei"},"geometry":{"type":"Polygon","coordinates":[[[102.9,13.6],[103.1,13.6],[103.1,13.7],[102.9,13.7],[102.9,13.6]]]}},
{"type":"Feature","properties":{"adm2_pcode":"KH0103","adm2_en":"Phnum Srok"},"geometry":{"type":"Polygon","coordinates":[[[102.9,13.5],[103.1,13.5],[103.1,13.6],[102.9,13.6],[102.9,13.5]]]}}')" > ok_districts.geojson

cat > ok_villages.csv <<'EOF'
vil_code,village_en,lon,lat,households,poor_hh
01020101,Ou Thum,102.93,13.63,120,30
01020102,Phnum,102.97,13.67,80,10
01020201,Bat Trang,103.03,13.63,200,50
01020202,Khile,103.07,13.68,60,15
01030101,Chamnaom,102.92,13.52,150,45
01030102,Kouk Pnov,102.98,13.58,90,9
01030201,Kouk Ballangk,103.04,13.55,110,22
01030202,Prey Kei,103.08,13.57,70,35
EOF

# ---- self-intersecting polygon: KH010202 drawn as a bow tie (repaired, with a warning) ---
BOW='{"type":"Feature","properties":{"adm3_pcode":"KH010202","adm3_en":"Bat Trang","adm2_pcode":"KH0102"},"geometry":{"type":"Polygon","coordinates":[[[103.0,13.6],[103.1,13.7],[103.1,13.6],[103.0,13.7],[103.0,13.6]]]}}'
fc "$C1,
$BOW,
$C3,
$C4" > self_intersecting_communes.geojson

# ---- duplicate codes: the fourth square carries the third one's code ----------------------
C4DUP=$(sq KH010301 "Kouk Ballangk" KH0103 103.0 13.5)
fc "$C1,
$C2,
$C3,
$C4DUP" > duplicate_codes_communes.geojson

# ---- missing CRS: the communes as a Shapefile without .prj --------------------------------
ogr2ogr -q -f "ESRI Shapefile" missing_crs_communes.shp ok_communes.geojson -nln missing_crs_communes
rm -f missing_crs_communes.prj missing_crs_communes.cpg
# ... and as a CSV with x/y columns (which, unlike lon/lat, state no CRS)
cat > missing_crs_villages.csv <<'EOF'
vil_code,village_en,x,y,households
01020101,Ou Thum,102.93,13.63,120
01020102,Phnum,102.97,13.67,80
EOF

# ---- empty layer: a polygon Shapefile with CRS and fields but no feature ------------------
ogr2ogr -q -f "ESRI Shapefile" empty_communes.shp ok_communes.geojson -nln empty_communes -where "adm3_pcode = 'none'"
rm -f empty_communes.cpg

# ---- swapped lat/lon: the lon column holds latitudes and the lat column longitudes --------
cat > swapped_latlon_villages.csv <<'EOF'
vil_code,village_en,lon,lat,households
01020101,Ou Thum,13.63,102.93,120
01020102,Phnum,13.67,102.97,80
01020201,Bat Trang,13.63,103.03,200
EOF

# ---- CSV rows without coordinates (data rows 3 and 5) ------------------------------------
cat > villages_missing_coords.csv <<'EOF'
vil_code,village_en,lon,lat,households
01020101,Ou Thum,102.93,13.63,120
01020102,Phnum,102.97,13.67,80
01020201,Bat Trang,,,200
01020202,Khile,103.07,13.68,60
01030101,Chamnaom,102.92,,150
EOF

# ---- non-UTF-8 Shapefiles (CP1252 bytes: 0xE2 = a-circumflex, 0xE9 = e-acute) -------------
{ printf 'adm3_pcode,adm3_en,adm2_pcode,wkt\n'
  printf 'KH010201,Banteay N\303\242ng,KH0102,"POLYGON ((102.9 13.6,103.0 13.6,103.0 13.7,102.9 13.7,102.9 13.6))"\n'
  printf 'KH010202,Bat Tr\303\251ng,KH0102,"POLYGON ((103.0 13.6,103.1 13.6,103.1 13.7,103.0 13.7,103.0 13.6))"\n'
} > cp1252_src.tmp.csv
# The CSV is UTF-8 (printf octal escapes); ogr2ogr recodes it to CP1252 in the DBF.
ogr2ogr -q -f "ESRI Shapefile" cp1252_communes_with_cpg.shp cp1252_src.tmp.csv -nln cp1252_communes_with_cpg \
  -a_srs EPSG:4326 -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO -lco ENCODING=CP1252 -nlt POLYGON
printf '1252\n' > cp1252_communes_with_cpg.cpg
# The same bytes with a .cpg that wrongly claims UTF-8: must be refused naming feature and field.
for e in shp shx dbf prj; do cp cp1252_communes_with_cpg.$e cp1252_communes_cpg_says_utf8.$e; done
printf 'UTF-8\n' > cp1252_communes_cpg_says_utf8.cpg
rm -f cp1252_src.tmp.csv

# ---- truncated files ----------------------------------------------------------------------
head -c 400 ok_communes.geojson > truncated_communes.geojson
ogr2ogr -q -f "ESRI Shapefile" truncated_shp_communes.shp ok_communes.geojson -nln truncated_shp_communes
rm -f truncated_shp_communes.cpg
# keep the .shx/.dbf promising four records but cut the .shp inside the second polygon
head -c 300 truncated_shp_communes.shp > truncated.tmp && mv truncated.tmp truncated_shp_communes.shp

# ---- indicator tables (commune level, key adm3_pcode) -------------------------------------
cat > ok_indicator.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,0.25
KH010301,54,180,0.3
KH010302,57,190,0.3
EOF
cat > unmatched_codes_indicator.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,0.25
KH019901,10,100,0.1
KH010399,12,120,0.1
EOF
cat > duplicate_codes_indicator.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,0.25
KH010201,41,201,0.2
KH010302,57,190,0.3
EOF
cat > share_nan.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,NaN
KH010301,54,180,0.3
KH010302,57,190,0.3
EOF
cat > share_negative.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,0.25
KH010301,54,180,-0.3
KH010302,57,190,0.3
EOF
cat > share_above_one.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,0.2
KH010202,65,260,0.25
KH010301,54,180,0.3
KH010302,257,190,1.35
EOF
cat > share_percent.csv <<'EOF'
adm3_pcode,poor_hh,total_hh,poor_share
KH010201,40,200,20
KH010202,65,260,25
KH010301,54,180,30
KH010302,57,190,30
EOF
# ---- unclosed ring: KH010202's square without its closing vertex (refused) ----------------
OPEN='{"type":"Feature","properties":{"adm3_pcode":"KH010202","adm3_en":"Bat Trang","adm2_pcode":"KH0102"},"geometry":{"type":"Polygon","coordinates":[[[103.0,13.6],[103.1,13.6],[103.1,13.7],[103.0,13.7]]]}}'
fc "$C1,
$OPEN,
$C3,
$C4" > unclosed_ring_communes.geojson

# ---- hole outside its shell: KH010202's "hole" lies inside KH010302 below it; the repair
# would make it an island on the neighbour (refused, naming both and the overlap) ----------
HOLE='{"type":"Feature","properties":{"adm3_pcode":"KH010202","adm3_en":"Bat Trang","adm2_pcode":"KH0102"},"geometry":{"type":"Polygon","coordinates":[[[103.0,13.6],[103.1,13.6],[103.1,13.7],[103.0,13.7],[103.0,13.6]],[[103.02,13.52],[103.08,13.52],[103.08,13.58],[103.02,13.58],[103.02,13.52]]]}}'
fc "$C1,
$HOLE,
$C3,
$C4" > hole_outside_shell_communes.geojson

# ---- re-drawn boundaries: the same squares, district KH0102's communes renumbered
# KH010203 / KH010204 (stored villages and facilities must be placed again) -----------------
R1=$(sq KH010203 "Banteay Neang" KH0102 102.9 13.6)
R2=$(sq KH010204 "Bat Trang" KH0102 103.0 13.6)
fc "$R1,
$R2,
$C3,
$C4" > recoded_communes.geojson

# ---- a village at (0, 0): a missing location written as zeros (data row 3) ---------------
cat > zero_coords_villages.csv <<'EOF'
vil_code,village_en,lon,lat,households,poor_hh
01020101,Ou Thum,102.93,13.63,120,30
01020102,Phnum,102.97,13.67,80,10
01020201,Bat Trang,0,0,200,50
01020202,Khile,103.07,13.68,60,15
EOF

# ---- a facility outside the country (data row 2, Bangkok) --------------------------------
cat > outside_country_facilities.csv <<'EOF'
facility_id,name,service,lon,lat
hc-1,Ou Thum HC,health_centre,102.95,13.65
hc-2,Bangkok clinic,health_centre,100.50,13.75
EOF

# ---- metres declared as degrees: UTM 48N metres (cs2cs EPSG:4326 -> EPSG:32648) in lon/lat
# columns, which imply degrees -------------------------------------------------------------
cat > metres_as_degrees_villages.csv <<'EOF'
vil_code,village_en,lon,lat,households
01020101,Ou Thum,276062.5,1507760.3,120
01020102,Phnum,280428.4,1512150.0,80
01020201,Bat Trang,286884.6,1507670.4,200
EOF

ls -l
