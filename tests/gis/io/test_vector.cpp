// Tests of gis/io/vector: reading the real national GeoPackage (counts, axis order, CRS),
// CSV typing and geometry columns, encodings, error messages that name file/row/field,
// round trips through every writable format, select/concat, the VectorDataset store, and
// the PostGIS connection-string path (parsing only: there is no server here).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"

namespace fs = std::filesystem;
using namespace swsplan::gis;
using Catch::Matchers::Contains;

namespace {

const std::string kGpkg = std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg";
const std::string kBad = std::string(SWSPLAN_TEST_DATA) + "/bad/";

VectorLayer read_layer(const std::string& name) {
  ReadOptions o;
  o.layer = name;
  return read_vector(kGpkg, o);
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("swsplan_test_vector_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string write_text(const TempDir& d, const std::string& name, const std::string& text) {
  const std::string p = d.file(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("list_layers describes the national GeoPackage", "[vector][real]") {
  const auto layers = list_layers(kGpkg);
  std::map<std::string, LayerInfo> by;
  for (const auto& l : layers) by[l.name] = l;
  // Counts as documented in SOURCES.md (and checked with ogrinfo).
  const std::map<std::string, std::int64_t> expected = {{"provinces", 25},        {"districts", 197},
                                                        {"communes", 1633},       {"villages", 14073},
                                                        {"health_facilities", 1121}, {"health_od_offices", 77},
                                                        {"schools_upper_secondary", 418}};
  for (const auto& [name, n] : expected) {
    INFO(name);
    REQUIRE(by.count(name));
    CHECK(by[name].features == n);
    CHECK(by[name].crs == "EPSG:4326");
  }
  CHECK(by["communes"].kind == GeometryKind::Polygon);
  CHECK(by["villages"].kind == GeometryKind::Point);
  // Extent in lon/lat order although EPSG:4326 lists latitude first (ogrinfo: 102.333828,
  // 10.353644 - 107.627679, 14.690269).
  const Extent e = by["communes"].extent;
  CHECK(e.xmin == Approx(102.333828).margin(1e-5));
  CHECK(e.ymin == Approx(10.353644).margin(1e-5));
  CHECK(e.xmax == Approx(107.627679).margin(1e-5));
  CHECK(e.ymax == Approx(14.690269).margin(1e-5));
  bool has_code = false;
  for (const auto& [f, t] : by["communes"].fields) has_code |= f == "adm3_pcode";
  CHECK(has_code);
}

TEST_CASE("read_vector: real villages have x = longitude, y = latitude", "[vector][real]") {
  const auto v = read_layer("villages");
  REQUIRE(v.size() == 14073);
  CHECK(v.geom.kind == GeometryKind::Point);
  CHECK(v.crs == "EPSG:4326");
  CHECK(v.source == kGpkg);
  CHECK(v.name == "villages");
  // The layer carries its own lon/lat as attributes: an independent oracle of axis order.
  const Column& lon = v.column("lon");
  const Column& lat = v.column("LAT");  // lookup is case-insensitive
  std::size_t agree = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto xy = v.geom.first_xy(i);
    REQUIRE(xy);
    if (std::abs(xy->first - *lon.number(i)) < 1e-6 && std::abs(xy->second - *lat.number(i)) < 1e-6) ++agree;
  }
  CHECK(agree == v.size());
  // Feature ids are the GeoPackage fids, strictly increasing.
  for (std::size_t i = 1; i < v.size(); ++i) CHECK(v.fids[i] > v.fids[i - 1]);
  // Codes stored as text keep their zeros.
  CHECK(v.column("vil_code").type == FieldType::String);
  CHECK(v.column("vil_code").text(0).size() == 8);
  // Geometry layout: one part with one ring of one coordinate per point.
  CHECK(v.geom.feature_offsets.size() == v.size() + 1);
  CHECK(v.geom.xs.size() == v.size());
}

TEST_CASE("read_vector: real communes are multipolygons with consistent offsets", "[vector][real]") {
  const auto c = read_layer("communes");
  REQUIRE(c.size() == 1633);
  CHECK(c.geom.kind == GeometryKind::Polygon);
  const auto& g = c.geom;
  CHECK(g.feature_offsets.back() + 1 == g.part_offsets.size());
  CHECK(g.part_offsets.back() + 1 == g.ring_offsets.size());
  CHECK(g.ring_offsets.back() == g.xs.size());
  for (std::size_t f = 0; f < c.size(); ++f) {
    REQUIRE_FALSE(g.empty(f));
    // Every ring is closed and has at least 4 coordinates.
    for (auto p = g.feature_offsets[f]; p < g.feature_offsets[f + 1]; ++p)
      for (auto r = g.part_offsets[p]; r < g.part_offsets[p + 1]; ++r) {
        const auto b = g.ring_offsets[r], e = g.ring_offsets[r + 1];
        REQUIRE(e - b >= 4);
        CHECK(g.xs[b] == g.xs[e - 1]);
        CHECK(g.ys[b] == g.ys[e - 1]);
      }
  }
  const Extent e = c.extent();
  CHECK(e.xmin == Approx(102.333828).margin(1e-5));
  CHECK(e.ymax == Approx(14.690269).margin(1e-5));
}

TEST_CASE("read_vector errors name the file, the layer and what exists", "[vector]") {
  auto m1 = message_of([] { (void)read_vector("/nonexistent/dir/x.gpkg"); });
  CHECK_THAT(m1, Contains("/nonexistent/dir/x.gpkg"));
  CHECK_THAT(m1, Contains("not found"));
  CHECK_THROWS_AS(read_vector("/nonexistent/dir/x.gpkg"), InputError);

  ReadOptions o;
  o.layer = "comunes";
  auto m2 = message_of([&] { (void)read_vector(kGpkg, o); });
  CHECK_THAT(m2, Contains("comunes"));
  CHECK_THAT(m2, Contains("communes"));  // lists the layers the file has

  const auto c = read_layer("provinces");
  auto m3 = message_of([&] { (void)c.column("no_such_field"); });
  CHECK_THAT(m3, Contains("no_such_field"));
  CHECK_THAT(m3, Contains("adm1_pcode"));
  CHECK_THROWS_AS(c.column("no_such_field"), InputError);
  CHECK(c.find("ADM1_PCODE") >= 0);
  CHECK(c.find("nope") == -1);
  CHECK_THAT(c.where(0, "adm1_pcode"), Contains("provinces"));
  CHECK_THAT(c.where(0, "adm1_pcode"), Contains("adm1_pcode"));

  // A truncated GeoJSON cannot be opened.
  auto m4 = message_of([] { (void)read_vector(kBad + "truncated_communes.geojson"); });
  CHECK_THAT(m4, Contains("truncated_communes.geojson"));
  CHECK_THROWS_AS(read_vector(kBad + "truncated_communes.geojson"), InputError);
}

TEST_CASE("a truncated Shapefile is refused, not read with missing geometries", "[vector]") {
  // The .shx and .dbf promise 4 records; the .shp is cut inside the second polygon. GDAL
  // reports "Error in fread()" per record and returns features without geometry.
  CHECK_THROWS_AS(read_vector(kBad + "truncated_shp_communes.shp"), InputError);
}

TEST_CASE("CSV columns are typed, codes with leading zeros stay text", "[vector][csv]") {
  TempDir d;
  const auto p = write_text(d, "t.csv",
                            "code,count,ratio,name,mixed,empty,lon,lat\n"
                            "010201,12,0.5,Ou Thum,7,,103.0,13.6\n"
                            "250101,-3,1e-3,Phnum,x,,103.1,13.7\n"
                            "120101,0,2,\"Bat, Trang\",8,,103.2,13.8\n");
  const auto l = read_vector(p);
  REQUIRE(l.size() == 3);
  CHECK(l.fids == std::vector<std::int64_t>{1, 2, 3});  // 1-based data rows
  CHECK(l.column("count").type == FieldType::Integer);
  CHECK(l.column("count").ints == std::vector<std::int64_t>{12, -3, 0});
  CHECK(l.column("ratio").type == FieldType::Real);
  CHECK(l.column("ratio").reals[1] == Approx(0.001));
  CHECK(l.column("name").type == FieldType::String);
  CHECK(l.column("name").text(2) == "Bat, Trang");
  CHECK(l.column("mixed").type == FieldType::String);
  CHECK(l.column("empty").is_null(0));
  CHECK(l.column("empty").text(0).empty());
  CHECK_FALSE(l.column("empty").number(0));
  // Lon/lat columns imply WGS 84 and give points.
  CHECK(l.crs == "EPSG:4326");
  CHECK(l.geom.kind == GeometryKind::Point);
  CHECK(l.geom.first_xy(2)->first == Approx(103.2));
  CHECK(l.geom.first_xy(2)->second == Approx(13.8));
  // The pcode column: "010201" is a code, not the number 10201.
  const Column& code = l.column("code");
  CHECK(code.type == FieldType::String);
  CHECK(code.text(0) == "010201");
}

TEST_CASE("real CSV code columns keep their leading zeros", "[vector][csv][real]") {
  const auto cw = read_vector(std::string(SWSPLAN_SHARED_DATA) + "/csv/commune_code_crosswalk_2013_to_2018.csv");
  CHECK(cw.size() == 1621);
  CHECK(cw.column("commune_code_src").text(0) == "010201");
  CHECK(cw.column("adm3_pcode_2018").text(0) == "KH010201");
  const auto idp = read_vector(std::string(SWSPLAN_SHARED_DATA) + "/csv/idpoor_villages_2010_2011_mop.csv");
  CHECK(idp.size() == 10620);
  CHECK(idp.column("vil_code").text(0) == "01020101");
  CHECK(idp.geom.kind == GeometryKind::None);
  // Integers without leading zeros are integers.
  const auto c22 = read_vector(std::string(SWSPLAN_SHARED_DATA) + "/csv/idpoor_communes_2022_wfp_prism.csv");
  CHECK(c22.size() == 1646);
  CHECK(c22.column("Adm3_NCDD").type == FieldType::Integer);
  CHECK(c22.column("Total_HHs").type == FieldType::Integer);
  CHECK(c22.column("adm3_pcode").type == FieldType::String);
}

TEST_CASE("village codes written to CSV read back with their leading zero", "[vector][csv]") {
  TempDir d;
  auto villages = select_rows(read_layer("villages"), {0, 1, 2});
  REQUIRE(villages.column("vil_code").text(0) == "01020101");
  write_vector(villages, d.file("v.csv"));
  const auto vb = read_vector(d.file("v.csv"));
  CHECK(vb.column("vil_code").text(0) == "01020101");
}

TEST_CASE("CSV: integer columns are written unquoted, numeric-looking text stays quoted", "[vector][csv][write]") {
  // GDAL's CSV driver (before 3.8.1) quoted integer fields ("3"); ours must not.
  TempDir d;
  VectorLayer t;
  t.name = "t";
  Column code, n, big, share;
  code.name = "code", code.type = FieldType::String;
  n.name = "communes", n.type = FieldType::Integer;
  big.name = "big", big.type = FieldType::Integer;
  share.name = "share_0_1", share.type = FieldType::Real;
  code.push(std::string("010201")), n.push(std::int64_t{3}), big.push(std::int64_t{-999999999999999}), share.push(0.25);
  code.push(std::string("abc")), n.push_null(), big.push(std::int64_t{42}), share.push(1.0);
  t.columns = {code, n, big, share};
  for (int i = 0; i < 2; ++i) t.geom.add_empty_feature(), t.fids.push_back(i + 1);
  write_vector(t, d.file("t.csv"));
  std::ifstream f(d.file("t.csv"));
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  CHECK(text == "code,communes,big,share_0_1\n\"010201\",3,-999999999999999,0.25\nabc,,42,1\n");
  // Read back: the integers are integers again, the code keeps its zero.
  const auto back = read_vector(d.file("t.csv"));
  CHECK(back.column("communes").type == FieldType::Integer);
  CHECK(back.column("communes").number(0) == 3);
  CHECK(back.column("big").number(0) == -999999999999999.0);
  CHECK(back.column("code").text(0) == "010201");
}

TEST_CASE("CSV geometry: x/y need a CRS, WKT columns, rows without coordinates", "[vector][csv]") {
  TempDir d;
  const auto xy = write_text(d, "xy.csv", "id,x,y\n1,500000,1326553\n2,492171,1277502\n");
  auto m = message_of([&] { (void)read_vector(xy); });
  CHECK_THAT(m, Contains("xy.csv"));
  CHECK_THAT(m, Contains("coordinate reference system"));
  CHECK_THROWS_AS(read_vector(xy), CrsError);
  ReadOptions o;
  o.assume_crs = "EPSG:32648";
  const auto l = read_vector(xy, o);
  CHECK(l.crs == "EPSG:32648");
  CHECK(l.geom.first_xy(1)->first == 492171);

  // Explicit column names; a named column that does not exist is an error naming it.
  const auto named = write_text(d, "named.csv", "id,E,N\n1,103.1,13.6\n");
  ReadOptions on;
  on.x_field = "E";
  on.y_field = "N";
  on.assume_crs = "EPSG:4326";
  CHECK(read_vector(named, on).geom.first_xy(0)->first == Approx(103.1));
  on.x_field = "Easting";
  CHECK_THAT(message_of([&] { (void)read_vector(named, on); }), Contains("Easting"));

  const auto wkt = write_text(d, "wkt.csv",
                              "id,wkt\n1,\"POLYGON ((103 13,103.1 13,103.1 13.1,103 13,103 13))\"\n2,\"POLYGON ((103 13,104 13,104 14,103 13))\"\n");
  ReadOptions ow;
  ow.assume_crs = "EPSG:4326";
  const auto w = read_vector(wkt, ow);
  CHECK(w.geom.kind == GeometryKind::Polygon);
  CHECK(w.size() == 2);
  CHECK(w.column("wkt").type == FieldType::String);

  const auto badwkt = write_text(d, "badwkt.csv", "id,wkt\n1,POINT (1 2)\n2,POLYGON ((oops\n");
  auto mw = message_of([&] { (void)read_vector(badwkt, ow); });
  CHECK_THAT(mw, Contains("badwkt.csv"));
  CHECK_THAT(mw, Contains("wkt"));
  CHECK_THAT(mw, Contains("2"));

  // Rows without coordinates: refused naming the rows, unless allowed.
  const std::string missing = kBad + "villages_missing_coords.csv";
  auto mm = message_of([&] { (void)read_vector(missing); });
  CHECK_THAT(mm, Contains("villages_missing_coords.csv"));
  CHECK_THAT(mm, Contains("feature 3"));
  CHECK_THAT(mm, Contains("'lon'"));
  CHECK_THAT(mm, Contains("rows 3, 5"));
  ReadOptions oa;
  oa.allow_missing_geometry = true;
  const auto allowed = read_vector(missing, oa);
  CHECK(allowed.size() == 5);
  CHECK(allowed.geom.empty(2));
  CHECK(allowed.geom.empty(4));
  CHECK_FALSE(allowed.geom.empty(0));
  CHECK_FALSE(allowed.geom.first_xy(2));

  // A non-number coordinate names row and field.
  const auto nonnum = write_text(d, "nonnum.csv", "id,lon,lat\n1,103,13\n2,103,abc\n");
  auto mn = message_of([&] { (void)read_vector(nonnum); });
  CHECK_THAT(mn, Contains("feature 2"));
  CHECK_THAT(mn, Contains("'lat'"));
}

TEST_CASE("Shapefile encodings: .cpg honoured, invalid UTF-8 refused naming feature and field", "[vector][encoding]") {
  const auto ok = read_vector(kBad + "cp1252_communes_with_cpg.shp");
  REQUIRE(ok.size() == 2);
  CHECK(ok.column("adm3_en").text(0) == "Banteay N\xC3\xA2ng");  // a-circumflex, now UTF-8
  CHECK(ok.column("adm3_en").text(1) == "Bat Tr\xC3\xA9ng");     // e-acute
  CHECK(ok.crs == "EPSG:4326");

  auto m = message_of([] { (void)read_vector(kBad + "cp1252_communes_cpg_says_utf8.shp"); });
  CHECK_THAT(m, Contains("cp1252_communes_cpg_says_utf8.shp"));
  CHECK_THAT(m, Contains("feature 0"));
  CHECK_THAT(m, Contains("'adm3_en'"));
  CHECK_THAT(m, Contains("UTF-8"));
}

TEST_CASE("missing CRS and empty layers", "[vector]") {
  auto m = message_of([] { (void)read_vector(kBad + "missing_crs_communes.shp"); });
  CHECK_THAT(m, Contains("missing_crs_communes.shp"));
  CHECK_THAT(m, Contains("assume-crs"));
  CHECK_THROWS_AS(read_vector(kBad + "missing_crs_communes.shp"), CrsError);
  ReadOptions o;
  o.assume_crs = "EPSG:4326";
  const auto l = read_vector(kBad + "missing_crs_communes.shp", o);
  CHECK(l.crs == "EPSG:4326");
  CHECK(l.size() == 4);
  o.assume_crs = "EPSG:nonsense";
  CHECK_THROWS_AS(read_vector(kBad + "missing_crs_communes.shp", o), CrsError);

  const auto e = read_vector(kBad + "empty_communes.shp");
  CHECK(e.size() == 0);
  CHECK(e.geom.kind == GeometryKind::Polygon);
  CHECK(e.columns.size() == 3);
}

TEST_CASE("Column accessors", "[vector]") {
  Column c;
  c.type = FieldType::Real;
  c.push(2.5);
  c.push_null();
  c.push(3.0);
  CHECK(c.size() == 3);
  CHECK(*c.number(0) == 2.5);
  CHECK_FALSE(c.number(1));
  CHECK(c.text(2) == "3");  // no trailing zeros
  CHECK(c.text(1).empty());
  Column s;
  s.type = FieldType::String;
  s.push(std::string("12.5"));
  s.push(std::string("abc"));
  CHECK(*s.number(0) == 12.5);
  CHECK_FALSE(s.number(1));
  Column i;
  i.type = FieldType::Integer;
  i.push(std::int64_t{9007199254740993});
  CHECK(i.text(0) == "9007199254740993");
  CHECK(std::string(to_string(FieldType::Integer)).size() > 0);
  CHECK(std::string(to_string(GeometryKind::Polygon)).size() > 0);
}

TEST_CASE("write_vector round trips in every format", "[vector][write]") {
  TempDir d;
  auto communes = read_layer("communes");
  std::vector<std::size_t> rows = {0, 5, 77, 1632};
  auto sub = select_rows(communes, rows);
  REQUIRE(sub.size() == 4);
  CHECK(sub.fids[2] == communes.fids[77]);
  CHECK(sub.column("adm3_pcode").text(3) == communes.column("adm3_pcode").text(1632));

  for (const char* name : {"sub.gpkg", "sub.geojson", "sub.shp", "sub.csv"}) {
    INFO(name);
    const std::string p = d.file(name);
    write_vector(sub, p);
    ReadOptions o;
    o.assume_crs = "EPSG:4326";  // CSV with WKT carries no CRS
    const auto back = read_vector(p, o);
    REQUIRE(back.size() == sub.size());
    CHECK(back.geom.kind == GeometryKind::Polygon);
    CHECK(back.crs == "EPSG:4326");
    REQUIRE(back.geom.xs.size() == sub.geom.xs.size());
    // Shapefiles store outer rings clockwise, so vertices may come back in another order:
    // compare the sorted coordinates there, the exact sequence elsewhere.
    auto xs = back.geom.xs, ys = back.geom.ys, wx = sub.geom.xs, wy = sub.geom.ys;
    if (std::string(name) == "sub.shp") {
      for (auto* v : {&xs, &ys, &wx, &wy}) std::sort(v->begin(), v->end());
    }
    double worst = 0;
    for (std::size_t i = 0; i < wx.size(); ++i) worst = std::max({worst, std::abs(xs[i] - wx[i]), std::abs(ys[i] - wy[i])});
    CHECK(worst < 1e-9);
    CHECK(back.geom.feature_offsets.size() == sub.geom.feature_offsets.size());
    for (std::size_t i = 0; i < sub.size(); ++i) {
      CHECK(back.column("adm3_pcode").text(i) == sub.column("adm3_pcode").text(i));
      CHECK(*back.column("area_km2").number(i) == Approx(*sub.column("area_km2").number(i)));
    }
    // Writing again replaces the file.
    write_vector(select_rows(sub, {0}), p);
    CHECK(read_vector(p, o).size() == 1);
  }

  // Points to CSV become lon/lat columns that read back as EPSG:4326 points.
  auto villages = select_rows(read_layer("villages"), {0, 1, 2});
  write_vector(villages, d.file("v.csv"));
  const auto vb = read_vector(d.file("v.csv"));
  CHECK(vb.crs == "EPSG:4326");
  CHECK(vb.geom.kind == GeometryKind::Point);
  CHECK(vb.geom.first_xy(1)->first == Approx(villages.geom.first_xy(1)->first).margin(1e-9));

  CHECK(format_for_path("a.GPKG") == VectorFormat::GeoPackage);
  CHECK(format_for_path("a.json") == VectorFormat::GeoJSON);
  CHECK(format_for_path("a.shp") == VectorFormat::Shapefile);
  CHECK(format_for_path("a.csv") == VectorFormat::CSV);
  CHECK_THROWS_AS(format_for_path("a.xlsx"), UsageError);
}

TEST_CASE("concat_layers unions columns and renumbers features", "[vector]") {
  auto hf = select_rows(read_layer("health_facilities"), {0, 1});
  auto sc = select_rows(read_layer("schools_upper_secondary"), {0, 1, 2});
  auto all = concat_layers({hf, sc}, "facilities");
  CHECK(all.name == "facilities");
  REQUIRE(all.size() == 5);
  CHECK(all.fids == std::vector<std::int64_t>{1, 2, 3, 4, 5});
  CHECK(all.geom.first_xy(3)->first == sc.geom.first_xy(1)->first);
  // A column only the schools have is NULL for the health facilities.
  const int only_sc = [&] {
    for (const auto& c : sc.columns)
      if (hf.find(c.name) < 0) return sc.find(c.name);
    return -1;
  }();
  REQUIRE(only_sc >= 0);
  const Column& col = all.column(sc.columns[static_cast<std::size_t>(only_sc)].name);
  CHECK(col.is_null(0));
  CHECK(col.is_null(1));
  CHECK(col.text(2) == sc.columns[static_cast<std::size_t>(only_sc)].text(0));

  // Same name, different types: becomes text.
  VectorLayer a, b;
  for (VectorLayer* l : {&a, &b}) {
    l->crs = "EPSG:4326";
    l->geom.kind = GeometryKind::Point;
    l->fids = {7};
    l->geom.add_point(103, 13);
    l->geom.end_feature();
  }
  a.add_column("v", FieldType::Integer).ints = {1};
  a.column("v").nulls = {0};
  b.add_column("v", FieldType::String).strings = {"x"};
  b.column("v").nulls = {0};
  auto ab = concat_layers({a, b}, "ab");
  CHECK(ab.column("v").type == FieldType::String);
  CHECK(ab.column("v").text(0) == "1");
  CHECK(ab.column("v").text(1) == "x");
  CHECK_THROWS_AS(a.add_column("v", FieldType::Real), UsageError);

  auto polys = select_rows(read_layer("communes"), {0});
  CHECK_THROWS_AS(concat_layers({hf, polys}, "mixed"), UsageError);
  b.crs = "EPSG:32648";
  CHECK_THROWS_AS(concat_layers({a, b}, "crs"), UsageError);
}

TEST_CASE("VectorDataset: create, write, read, drop, transactions, deterministic files", "[vector][dataset]") {
  TempDir d;
  auto provinces = read_layer("provinces");
  auto make = [&](const std::string& path) {
    auto ds = VectorDataset::create_gpkg(path);
    ds.set_timestamp("2026-01-01T00:00:00Z");
    ds.write(provinces, "provinces");
    VectorLayer t;
    t.name = "table";
    t.add_column("k", FieldType::String);
    t.column("k").nulls.clear();
    t.column("k").push(std::string("a"));
    t.fids = {1};
    t.geom.add_empty_feature();
    ds.write(t, "table");
    ds.close();
  };
  const auto p1 = d.file("a.gpkg"), p2 = d.file("b.gpkg");
  make(p1);
  make(p2);
  CHECK_THROWS_AS(VectorDataset::create_gpkg(p1), Error);  // exists
  // Same content and timestamp: byte-identical files.
  CHECK(slurp(p1) == slurp(p2));

  auto ds = VectorDataset::open(p1, true);
  CHECK(ds.path() == p1);
  CHECK(ds.has_layer("provinces"));
  CHECK(ds.has_layer("table"));
  CHECK_FALSE(ds.has_layer("nope"));
  auto back = ds.read("provinces");
  CHECK(back.size() == 25);
  CHECK(back.crs == "EPSG:4326");
  CHECK(back.geom.xs == provinces.geom.xs);
  CHECK(ds.read("table").column("k").text(0) == "a");
  CHECK(ds.read("table").geom.kind == GeometryKind::None);

  ds.begin();
  ds.execute("DELETE FROM \"table\"");
  ds.rollback();
  CHECK(ds.read("table").size() == 1);
  ds.begin();
  ds.execute("DELETE FROM \"table\"");
  ds.commit();
  CHECK(ds.read("table").size() == 0);
  ds.drop("table");
  CHECK_FALSE(ds.has_layer("table"));
  ds.close();
  CHECK_THROWS_AS(VectorDataset::open(d.file("missing.gpkg"), false), InputError);
}

TEST_CASE("split_source and PostGIS connection strings (parsing only)", "[vector][pg]") {
  CHECK(split_source("a/khm.gpkg#communes") == std::pair<std::string, std::string>{"a/khm.gpkg", "communes"});
  CHECK(split_source("a/khm.gpkg") == std::pair<std::string, std::string>{"a/khm.gpkg", ""});
  CHECK(split_source("PG:dbname=gis host=db#public.communes") ==
        std::pair<std::string, std::string>{"PG:dbname=gis host=db", "public.communes"});
  CHECK(split_source("PG:dbname=gis") == std::pair<std::string, std::string>{"PG:dbname=gis", ""});
  // No server here: opening fails with an InputError, and the password never shows.
  const std::string pg = "PG:dbname=none host=127.0.0.1 port=1 user=u password=s3cret connect_timeout=2";
  std::string msg;
  try {
    (void)read_vector(pg);
  } catch (const InputError& e) {
    msg = e.what();
  }
  CHECK_FALSE(msg.empty());
  CHECK_THAT(msg, Contains("dbname=none"));
  CHECK_THAT(msg, !Contains("s3cret"));
}

TEST_CASE("a failed SQL statement does not poison later operations", "[vector][dataset]") {
  // VectorDataset::close() and execute() test CPLGetLastErrorType() and ErrorCapture::last()
  // falls back to CPLGetLastErrorMsg(): both are thread-global and never reset, so an error
  // of an earlier, already reported call makes a later successful close() throw.
  TempDir d;
  auto ds = VectorDataset::create_gpkg(d.file("a.gpkg"));
  ds.write(read_layer("provinces"), "provinces");
  CHECK_THROWS_AS(ds.execute("THIS IS NOT SQL"), Error);
  CHECK_NOTHROW(ds.execute("SELECT 1"));
  CHECK_NOTHROW(ds.close());
  // ... and the same after a failed read of another file in the same thread.
  CHECK_THROWS_AS(read_vector(kBad + "truncated_communes.geojson"), InputError);
  auto ds2 = VectorDataset::create_gpkg(d.file("b.gpkg"));
  ds2.write(read_layer("provinces"), "provinces");
  CHECK_NOTHROW(ds2.close());
}
