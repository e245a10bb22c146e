// Tests of layers/importers: source specs, admin/village/facility/PWP/road/indicator
// importers on the real national data (expectations computed here from the inputs, not
// pasted) and on the hand-made corpus in tests/data/bad, share normalisation, crosswalks.
#include <catch2/catch.hpp>

#include "layers/importer_support.hpp"

TEST_CASE("SourceSpec parses path, layer and options", "[importers][spec]") {
  auto s = SourceSpec::parse("../data/khm.gpkg#villages?households=hh_total_est&code=vil_code");
  CHECK(s.path == "../data/khm.gpkg");
  CHECK(s.layer == "villages");
  CHECK(s.options.size() == 2);
  CHECK(s.get("households") == "hh_total_est");
  CHECK(s.get("missing", "dflt") == "dflt");
  CHECK(s.describe() == "../data/khm.gpkg#villages");

  auto c = SourceSpec::parse("t.csv?level=commune&&share=a;b");  // empty items are skipped
  CHECK(c.layer.empty());
  CHECK(c.get("share") == "a;b");
  CHECK(c.describe() == "t.csv");

  // PostGIS: the layer follows the last '#', the password stays in the path (never printed).
  auto pg = SourceSpec::parse("PG:dbname=gis host=db user=u#public.communes?code=pcode");
  CHECK(pg.path == "PG:dbname=gis host=db user=u");
  CHECK(pg.layer == "public.communes");
  CHECK(pg.get("code") == "pcode");

  CHECK_THROWS_AS(SourceSpec::parse("t.csv?level"), gis::UsageError);
  CHECK_THROWS_AS(SourceSpec::parse("t.csv?=x"), gis::UsageError);
  CHECK_THROWS_AS(SourceSpec::parse("?level=x"), gis::UsageError);
  CHECK_THROWS_AS(SourceSpec::parse(""), gis::UsageError);

  auto typo = SourceSpec::parse("v.csv?hosueholds=hh&x=lon");
  auto m = message_of([&] { typo.check_options({"households", "code"}); });
  CHECK_THAT(m, Contains("hosueholds"));
  CHECK_THAT(m, Contains("households"));
  CHECK_NOTHROW(SourceSpec::parse("v.csv?households=hh&x=lon&crs=EPSG:4326").check_options({"households"}));
}

TEST_CASE("import_admin on the real communes keeps codes and areas", "[importers][real]") {
  const auto src = read_layer("communes");
  const auto& c = real_communes();
  REQUIRE(c.size() == src.size());
  CHECK(c.name == "communes");
  CHECK(c.crs == "EPSG:4326");
  CHECK(c.geom.kind == gis::GeometryKind::Polygon);
  for (const char* f : {"adm3_pcode", "name_en", "ncdd_code", "adm1_pcode", "adm2_pcode", "area_km2"}) CHECK(c.find(f) >= 0);
  CHECK(c.columns[0].name == "adm3_pcode");
  for (std::size_t i = 0; i < c.size(); ++i) {
    INFO(src.column("adm3_pcode").text(i));
    CHECK(c.column("adm3_pcode").text(i) == src.column("adm3_pcode").text(i));
    CHECK(c.column("ncdd_code").text(i) == src.column("ncdd_code").text(i));
    CHECK(c.column("adm2_pcode").text(i) == src.column("adm2_pcode").text(i));
    CHECK(c.column("adm1_pcode").text(i) == src.column("adm1_pcode").text(i));
    CHECK(c.column("name_en").text(i) == src.column("adm3_en").text(i));
    const double pub = *src.column("area_km2").number(i);
    CHECK(*c.column("area_km2").number(i) == Approx(pub).epsilon(0.01).margin(0.001));
  }
  // Other source fields follow (e.g. the published indicators).
  CHECK(c.find("idp22_poor_share") >= 0);
}

TEST_CASE("import_admin accepts NCDD numeric codes", "[importers][real]") {
  auto r = layers::import_admin(SourceSpec::parse(kGpkg + "#districts?code=ncdd_code"), AdminLevel::District, "");
  const auto src = read_layer("districts");
  REQUIRE(r.layer.size() == 197);
  for (std::size_t i = 0; i < r.layer.size(); ++i)
    CHECK(r.layer.column("adm2_pcode").text(i) == src.column("adm2_pcode").text(i));
  CHECK(r.repairs.repaired.empty());
  CHECK(r.provenance.rows == 197);
  CHECK(r.provenance.crs == "EPSG:4326");
}

TEST_CASE("import_admin repairs a self-intersecting commune and warns naming it", "[importers][corpus]") {
  auto r = layers::import_admin(SourceSpec::parse(kBad + "self_intersecting_communes.geojson"), AdminLevel::Commune, "");
  REQUIRE(r.layer.size() == 4);
  REQUIRE(r.repairs.repaired.size() == 1);
  const auto fid = r.repairs.repaired[0].fid;
  bool named = false;
  for (const auto& w : r.warnings) named |= w.find("feature " + std::to_string(fid)) != std::string::npos &&
                                            w.find("self_intersecting_communes.geojson") != std::string::npos;
  CHECK(named);
  // The bow tie over a 0.1-degree square keeps two triangles: half the area of its
  // neighbour square in the same latitude band (about 0.1 x 111.32 cos(13.65 deg) km by
  // 0.1 x 110.6 km = 119.7 km^2).
  const double sq = *r.layer.column("area_km2").number(row_of(r.layer, "adm3_pcode", "KH010201"));
  const double bow = *r.layer.column("area_km2").number(row_of(r.layer, "adm3_pcode", "KH010202"));
  CHECK(sq == Approx(119.7).epsilon(0.005));
  CHECK(bow == Approx(sq / 2).epsilon(0.001));
}

TEST_CASE("import_admin refuses duplicate, malformed and empty codes naming them", "[importers][corpus]") {
  auto m = message_of([] {
    layers::import_admin(SourceSpec::parse(kBad + "duplicate_codes_communes.geojson"), AdminLevel::Commune, "");
  });
  CHECK_THAT(m, Contains("duplicate_codes_communes.geojson"));
  CHECK_THAT(m, Contains("KH010301"));
  CHECK_THAT(m, Contains("duplicate"));
  CHECK_THAT(m, Contains("adm3_pcode"));

  TempDir d;
  const auto p = d.write("bad_code.geojson",
                         R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"adm3_pcode":"KH010201"},"geometry":{"type":"Polygon","coordinates":[[[103,13],[103.1,13],[103.1,13.1],[103,13]]]}},
{"type":"Feature","properties":{"adm3_pcode":"KH01O202"},"geometry":{"type":"Polygon","coordinates":[[[104,13],[104.1,13],[104.1,13.1],[104,13]]]}}]})");
  auto m2 = message_of([&] { layers::import_admin(SourceSpec::parse(p), AdminLevel::Commune, ""); });
  CHECK_THAT(m2, Contains("bad_code.geojson"));
  CHECK_THAT(m2, Contains("feature 1"));
  CHECK_THAT(m2, Contains("'adm3_pcode'"));
  CHECK_THAT(m2, Contains("KH01O202"));
  CHECK_THROWS_AS(layers::import_admin(SourceSpec::parse(p), AdminLevel::Commune, ""), gis::InputError);

  auto m3 = message_of([] { layers::import_admin(SourceSpec::parse(kBad + "empty_communes.shp"), AdminLevel::Commune, ""); });
  CHECK_THAT(m3, Contains("empty_communes.shp"));
  CHECK_THAT(m3, Contains("empty"));

  // Points are not communes.
  auto m4 = message_of([] { layers::import_admin(SourceSpec::parse(kGpkg + "#villages"), AdminLevel::Commune, ""); });
  CHECK_THAT(m4, Contains("polygon"));
  // Unknown option.
  CHECK_THROWS_AS(layers::import_admin(SourceSpec::parse(kGpkg + "#communes?cod=x"), AdminLevel::Commune, ""),
                  gis::UsageError);
}

TEST_CASE("import_admin refuses communes whose geometry is missing", "[importers][corpus]") {
  // truncated_shp_communes.shp is cut inside the second record: GDAL gives three features
  // without geometry. They must not become communes of area 0.
  CHECK_THROWS_AS(layers::import_admin(SourceSpec::parse(kBad + "truncated_shp_communes.shp"), AdminLevel::Commune, ""),
                  gis::InputError);
}

TEST_CASE("import_villages on the real villages places them in their communes", "[importers][real]") {
  const auto src = read_layer("villages");
  auto r = layers::import_villages(SourceSpec::parse(kGpkg + "#villages?households=hh_total_est"), &real_communes(), "");
  const auto& v = r.layer;
  REQUIRE(v.size() == src.size());
  CHECK(v.columns[0].name == "vil_code");
  // Independent expectations from the source columns.
  std::size_t hh_given = 0, poor_given = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    hh_given += !src.column("hh_total_est").is_null(i) && !src.column("hh_total_est").text(i).empty();
    poor_given += !src.column("idp_poor_hh").is_null(i);
  }
  std::size_t hh = 0, poor = 0, same_commune = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    hh += !v.column("households").is_null(i);
    poor += !v.column("poor_hh").is_null(i);
    same_commune += v.column("adm3_pcode").text(i) == src.column("adm3_pcode").text(i);
    CHECK(v.column("vil_code").text(i) == src.column("vil_code").text(i));
  }
  CHECK(hh == hh_given);
  CHECK(poor == poor_given);
  // The data's adm3_pcode is point-in-polygon (+ nearest for 2 coastal points): all agree.
  CHECK(same_commune == v.size());
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].left_rows == v.size());
  CHECK(r.reports[0].matched == v.size());
  // Communes without any village point, counted from the data's own n_village_points.
  const auto& c = real_communes();
  std::size_t empty_communes = 0;
  for (std::size_t i = 0; i < c.size(); ++i) empty_communes += c.column("n_village_points").number(i).value_or(0) == 0;
  CHECK(r.reports[0].targets_without_data == empty_communes);
  CHECK(r.layer.crs == "EPSG:4326");
  // poor_share = poor / households where both exist.
  const auto k = row_of(v, "vil_code", "01020101");
  if (!v.column("households").is_null(k) && !v.column("poor_hh").is_null(k) && *v.column("households").number(k) > 0)
    CHECK(*v.column("poor_share").number(k) ==
          Approx(*v.column("poor_hh").number(k) / *v.column("households").number(k)));
}

TEST_CASE("import_villages without communes takes the commune from the code", "[importers][corpus]") {
  auto r = layers::import_villages(SourceSpec::parse(kBad + "ok_villages.csv"), nullptr, "");
  REQUIRE(r.layer.size() == 8);
  CHECK(r.layer.column("adm3_pcode").text(0) == "KH010201");
  CHECK(r.layer.column("adm2_pcode").text(0) == "KH0102");
  CHECK(r.layer.column("adm1_pcode").text(0) == "KH01");
  CHECK(r.layer.column("vil_code").text(0) == "01020101");
  CHECK(*r.layer.column("poor_share").number(0) == Approx(30.0 / 120.0));
  bool warned = false;
  for (const auto& w : r.warnings) warned |= w.find("no commune boundaries") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("import_villages: corpus errors name file, row and field", "[importers][corpus]") {
  auto m = message_of([] { layers::import_villages(SourceSpec::parse(kBad + "villages_missing_coords.csv"), nullptr, ""); });
  CHECK_THAT(m, Contains("villages_missing_coords.csv"));
  CHECK_THAT(m, Contains("feature 3"));
  CHECK_THAT(m, Contains("'lon'"));

  auto m2 = message_of([] { layers::import_villages(SourceSpec::parse(kBad + "missing_crs_villages.csv"), nullptr, ""); });
  CHECK_THAT(m2, Contains("missing_crs_villages.csv"));
  CHECK_THAT(m2, Contains("coordinate reference system"));
  // ... which the crs= option or the global assumption fixes.
  CHECK(layers::import_villages(SourceSpec::parse(kBad + "missing_crs_villages.csv?crs=EPSG:4326"), nullptr, "").layer.size() == 2);
  CHECK(layers::import_villages(SourceSpec::parse(kBad + "missing_crs_villages.csv"), nullptr, "EPSG:4326").layer.size() == 2);

  TempDir d;
  const auto dup = d.write("dup.csv", "vil_code,lon,lat\n01020101,103,13.6\n1020101,103.01,13.6\n");
  auto m3 = message_of([&] { layers::import_villages(SourceSpec::parse(dup), nullptr, ""); });
  CHECK_THAT(m3, Contains("dup.csv"));
  CHECK_THAT(m3, Contains("01020101"));  // the 7-digit spelling is the same village
  const auto neg = d.write("neg.csv", "vil_code,lon,lat,households\n01020101,103,13.6,-5\n");
  auto m4 = message_of([&] { layers::import_villages(SourceSpec::parse(neg), nullptr, ""); });
  CHECK_THAT(m4, Contains("feature 1"));
  CHECK_THAT(m4, Contains("'households'"));
}

TEST_CASE("import_villages refuses latitudes beyond 90 degrees, saying lon/lat look swapped", "[importers][corpus]") {
  auto m = message_of([&] { layers::import_villages(SourceSpec::parse(kBad + "swapped_latlon_villages.csv"), nullptr, ""); });
  CHECK_THAT(m, Contains("look swapped"));
  CHECK_THAT(m, Contains("swapped_latlon_villages.csv"));
}

TEST_CASE("import_facilities maps the real facility types to services", "[importers][real]") {
  const auto src = read_layer("health_facilities");
  auto r = layers::import_facilities(SourceSpec::parse(kGpkg + "#health_facilities?service_field=facility_type"),
                                     &real_communes(), "");
  REQUIRE(r.layer.size() == src.size());
  std::map<std::string, std::size_t> want, got;
  for (std::size_t i = 0; i < src.size(); ++i) {
    auto s = layers::parse_service(src.column("facility_type").text(i));
    REQUIRE(s);
    ++want[layers::service_id(*s)];
  }
  for (std::size_t i = 0; i < r.layer.size(); ++i) ++got[r.layer.column("service").text(i)];
  CHECK(got == want);
  CHECK(got.size() == 3);  // health centres, health posts, referral hospitals
  // Facilities lie in the commune the data says (point in polygon on the same communes).
  std::size_t same = 0;
  for (std::size_t i = 0; i < r.layer.size(); ++i) same += r.layer.column("adm3_pcode").text(i) == src.column("adm3_pcode").text(i);
  CHECK(same == src.size());
  // facility_id is unique in the source and kept.
  std::set<std::string> ids;
  for (std::size_t i = 0; i < r.layer.size(); ++i) ids.insert(r.layer.column("facility_id").text(i));
  CHECK(ids.size() == r.layer.size());

  auto m = message_of([] {
    layers::import_facilities(SourceSpec::parse(kGpkg + "#health_facilities?service_field=facility_id"), nullptr, "");
  });
  CHECK_THAT(m, Contains("not recognised"));
  CHECK_THAT(m, Contains("facility_id"));
  CHECK_THROWS_AS(layers::import_facilities(SourceSpec::parse(kGpkg + "#schools_upper_secondary?service=school_upper"),
                                            nullptr, ""),
                  gis::UsageError);
  auto sc = layers::import_facilities(SourceSpec::parse(kGpkg + "#schools_upper_secondary?service=school_upper_secondary"),
                                      nullptr, "");
  CHECK(sc.layer.size() == 418);
  CHECK(sc.layer.column("service").text(0) == "school_upper_secondary");
}

TEST_CASE("import_roads and import_pwp classify and refuse unknown classes", "[importers]") {
  TempDir d;
  const auto roads = d.write("roads.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"primary","name":"NR5","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[103,13],[103.1,13.1]]}},
{"type":"Feature","properties":{"highway":"track","name":null,"oneway":"-1"},"geometry":{"type":"LineString","coordinates":[[103.1,13.1],[103.2,13.1]]}},
{"type":"Feature","properties":{"highway":"Rural","name":"r","oneway":"no"},"geometry":{"type":"LineString","coordinates":[[103.2,13.1],[103.3,13.1]]}}]})");
  auto r = layers::import_roads(SourceSpec::parse(roads), "");
  REQUIRE(r.layer.size() == 3);
  CHECK(r.layer.column("road_class").text(0) == "national");
  CHECK(r.layer.column("road_class").text(1) == "pwp_track");
  CHECK(r.layer.column("road_class").text(2) == "rural");
  CHECK(r.layer.column("pwp").text(1) == "1");
  CHECK(r.layer.column("oneway").text(0) == "1");
  CHECK(r.layer.column("oneway").text(1) == "-1");
  CHECK(r.layer.column("oneway").text(2) == "0");

  const auto odd = d.write("odd.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"class":"dyke"},"geometry":{"type":"LineString","coordinates":[[103,13],[103.1,13.1]]}}]})");
  auto m = message_of([&] { layers::import_roads(SourceSpec::parse(odd), ""); });
  CHECK_THAT(m, Contains("dyke"));
  CHECK_THAT(m, Contains("map="));
  CHECK(layers::import_roads(SourceSpec::parse(odd + "?map=dyke:rural"), "").layer.column("road_class").text(0) == "rural");

  auto p = layers::import_pwp(SourceSpec::parse(odd + "?type=road"), nullptr, "");
  CHECK(p.layer.name == "pwp_lines");
  CHECK(p.layer.column("asset_type").text(0) == "road");
  CHECK(p.layer.column("road_class").text(0) == "dyke");  // PWP keeps the class as published
}

TEST_CASE("normalise_share: fractions, percent, NaN, negative, above one, flags", "[importers][share]") {
  auto layer = [](std::vector<std::string> v) {
    VectorLayer l;
    l.name = "t";
    l.source = "t.csv";
    auto& c = l.add_column("share", FieldType::String);
    for (std::size_t i = 0; i < v.size(); ++i) {
      l.fids.push_back(static_cast<std::int64_t>(i + 1));
      v[i].empty() ? c.push_null() : c.push(v[i]);
      l.geom.add_empty_feature();
    }
    return l;
  };
  auto ok = layer({"0.2", "", "1", "0"});
  CHECK(layers::normalise_share(ok, "share", false).empty());
  CHECK(ok.column("share").type == FieldType::Real);
  CHECK(*ok.column("share").number(0) == 0.2);
  CHECK(ok.column("share").is_null(1));
  CHECK(ok.find("share_flag") < 0);

  auto pct = layer({"20", "25.5", "100", "0"});
  auto w = layers::normalise_share(pct, "share", false);
  REQUIRE(w.size() == 1);
  CHECK_THAT(w[0], Contains("percent"));
  CHECK(*pct.column("share").number(1) == Approx(0.255));
  CHECK(*pct.column("share").number(2) == Approx(1.0));

  for (auto [value, why] : {std::pair<std::string, std::string>{"NaN", "NaN"}, {"-0.3", "negative"}, {"1.35", "above 1"}}) {
    INFO(value);
    auto bad = layer({"0.2", "0.3", value, "0.1"});
    auto m = message_of([&] { layers::normalise_share(bad, "share", false); });
    CHECK_THAT(m, Contains("t.csv"));
    CHECK_THAT(m, Contains("feature 3"));
    CHECK_THAT(m, Contains("'share'"));
    CHECK_THAT(m, Contains(why));
    auto flagged = layer({"0.2", "0.3", value, "0.1"});
    auto fw = layers::normalise_share(flagged, "share", true);
    CHECK(flagged.column("share").is_null(2));
    CHECK(*flagged.column("share").number(3) == Approx(0.1));
    REQUIRE(flagged.find("share_flag") >= 0);
    CHECK_THAT(flagged.column("share_flag").text(2), Contains(why));
    CHECK(flagged.column("share_flag").is_null(0));
    CHECK(fw.size() == 1);
  }
  auto text = layer({"0.2", "abc"});
  CHECK_THAT(message_of([&] { layers::normalise_share(text, "share", false); }), Contains("abc"));
}

TEST_CASE("read_crosswalk on the real crosswalk and on conflicts", "[importers][real]") {
  const auto cw = layers::read_crosswalk(SourceSpec::parse(kShared + "/csv/commune_code_crosswalk_2013_to_2018.csv"));
  CHECK(cw.size() == 1621);
  CHECK(cw.at("KH010201") == "KH010201");
  std::size_t changed = 0;
  for (const auto& [a, b] : cw) changed += a != b;
  CHECK(changed == 115);  // SOURCES.md: 1,506 unchanged, 115 changed
  TempDir d;
  const auto p = d.write("cw.csv", "commune_code_src,adm3_pcode_2018\n030101,KH250101\n30101,KH250102\n");
  auto m = message_of([&] { layers::read_crosswalk(SourceSpec::parse(p)); });
  CHECK_THAT(m, Contains("KH030101"));
  CHECK_THAT(m, Contains("feature 2"));
}

TEST_CASE("import_indicator joins the real ID-Poor 2022 table by code", "[importers][real]") {
  const std::string path = kShared + "/csv/idpoor_communes_2022_wfp_prism.csv";
  const auto table = gis::read_vector(path);
  const auto& c = real_communes();
  std::set<std::string> codes;
  for (std::size_t i = 0; i < c.size(); ++i) codes.insert(c.column("adm3_pcode").text(i));
  std::size_t present = 0;
  std::set<std::string> reached;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string k = table.column("adm3_pcode").text(i);
    if (codes.count(k)) {
      ++present;
      reached.insert(k);
    }
  }
  auto r = layers::import_indicator(SourceSpec::parse(path + "?key=adm3_pcode&name=idpoor_2022&crosswalk=no"), &c, nullptr);
  REQUIRE(r.reports.size() == 1);
  const auto& rep = r.reports[0];
  CHECK(rep.left_rows == table.size());
  CHECK(rep.matched == present);
  CHECK(rep.unmatched.size() == table.size() - present);
  CHECK(rep.targets_without_data == codes.size() - reached.size());
  CHECK(rep.matched_via_crosswalk == 0);
  CHECK(r.layer.name == "ind_idpoor_2022");
  CHECK(r.layer.columns[0].name == "adm3_pcode");
  CHECK(r.layer.size() == table.size());
  // NCDD numbers as the key give the same join.
  auto r2 = layers::import_indicator(SourceSpec::parse(path + "?key=Adm3_NCDD&name=x&crosswalk=no"), &c, nullptr);
  CHECK(r2.reports[0].matched == present);
}

TEST_CASE("import_indicator through the crosswalk matches what the data's own columns say", "[importers][real]") {
  const std::string path = kShared + "/csv/commune_database_2011_ncdd.csv";
  const auto table = gis::read_vector(path);
  // The file carries adm3_pcode_direct (code exists in 2018) and adm3_pcode_crosswalk.
  std::size_t direct = 0, via = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const bool d = !table.column("adm3_pcode_direct").is_null(i);
    direct += d;
    via += !d && !table.column("adm3_pcode_crosswalk").is_null(i);
  }
  const auto cw = layers::read_crosswalk(SourceSpec::parse(kShared + "/csv/commune_code_crosswalk_2013_to_2018.csv"));
  auto r = layers::import_indicator(SourceSpec::parse(path + "?key=NCDD_CodeC&name=cdb_2011"), &real_communes(), &cw);
  const auto& rep = r.reports[0];
  CHECK(rep.matched == direct + via);
  CHECK(rep.matched_via_crosswalk == via);
  CHECK(rep.unmatched.size() == table.size() - direct - via);
  CHECK(rep.duplicates.empty());
}

TEST_CASE("import_indicator: village level, shares flagged, corpus tables", "[importers][corpus]") {
  const auto& c = real_communes();
  (void)c;
  // Commune corpus tables against the corpus communes.
  const auto communes = layers::import_admin(SourceSpec::parse(kBad + "ok_communes.geojson"), AdminLevel::Commune, "").layer;
  auto un = layers::import_indicator(SourceSpec::parse(kBad + "unmatched_codes_indicator.csv"), &communes, nullptr);
  CHECK(un.reports[0].matched == 2);
  CHECK(un.reports[0].unmatched == std::vector<std::string>{"KH019901", "KH010399"});
  CHECK(un.reports[0].targets_without_data == 2);

  auto md = message_of([&] { layers::import_indicator(SourceSpec::parse(kBad + "duplicate_codes_indicator.csv"), &communes, nullptr); });
  CHECK_THAT(md, Contains("duplicate_codes_indicator.csv"));
  CHECK_THAT(md, Contains("KH010201"));
  CHECK_THAT(md, Contains("feature 3"));
  auto first = layers::import_indicator(SourceSpec::parse(kBad + "duplicate_codes_indicator.csv?duplicates=first"), &communes, nullptr);
  CHECK(first.layer.size() == 3);
  CHECK(first.layer.column("poor_hh").text(0) == "40");

  auto pct = layers::import_indicator(SourceSpec::parse(kBad + "share_percent.csv?share=poor_share"), &communes, nullptr);
  CHECK(*pct.layer.column("poor_share").number(0) == Approx(0.20));
  bool warned = false;
  for (const auto& w : pct.warnings) warned |= w.find("percent") != std::string::npos;
  CHECK(warned);

  for (const char* f : {"share_nan.csv", "share_negative.csv", "share_above_one.csv"}) {
    INFO(f);
    auto m = message_of([&] { layers::import_indicator(SourceSpec::parse(kBad + f + "?share=poor_share"), &communes, nullptr); });
    CHECK_THAT(m, Contains(f));
    CHECK_THAT(m, Contains("'poor_share'"));
    CHECK_THAT(m, Contains("feature"));
    auto flagged =
        layers::import_indicator(SourceSpec::parse(kBad + f + "?share=poor_share&flag_out_of_range=yes"), &communes, nullptr);
    CHECK(flagged.layer.find("poor_share_flag") >= 0);
  }
  CHECK_THROWS_AS(layers::import_indicator(SourceSpec::parse(kBad + "ok_indicator.csv?level=hamlet"), &communes, nullptr),
                  gis::UsageError);
  CHECK_THROWS_AS(layers::import_indicator(SourceSpec::parse(kBad + "ok_indicator.csv?share=nope"), &communes, nullptr),
                  gis::InputError);
}

TEST_CASE("import_indicator of the real ID-Poor villages keeps the published codes", "[importers][real]") {
  const std::string path = kShared + "/csv/idpoor_villages_2010_2011_mop.csv";
  const auto v = read_layer("villages");
  std::set<std::string> vcodes;
  for (std::size_t i = 0; i < v.size(); ++i) vcodes.insert(v.column("vil_code").text(i));
  // Expected matches, counted on the raw text of the file (first column, 8 digits).
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::size_t rows = 0, present = 0;
  while (std::getline(in, line)) {
    ++rows;
    present += vcodes.count(line.substr(0, line.find(','))) > 0;
  }
  auto r = layers::import_indicator(SourceSpec::parse(path + "?level=village&key=vil_code&name=idpoor_villages&share=TOT_Per_HH&flag_out_of_range=yes"),
                                    &v, nullptr);
  CHECK(r.reports[0].left_rows == rows);
  CHECK(r.reports[0].matched == present);
  CHECK(r.reports[0].unmatched.size() == rows - present);
  CHECK(r.layer.column("vil_code").text(0) == "01020101");
}

TEST_CASE("unmatched village keys are reported as published, with the leading zero", "[importers][real]") {
  // The file's vil_code column is "01020101"-style text and must stay text: the join report
  // lists 01100109, not 1100109. The file also has the published 7-digit Vil_Code, which is
  // kept (as src_Vil_Code) because it differs; the 8-digit vil_code equals the key and is not
  // duplicated.
  const std::string path = kShared + "/csv/idpoor_villages_2010_2011_mop.csv";
  const auto v = read_layer("villages");
  auto r = layers::import_indicator(SourceSpec::parse(path + "?level=village&key=vil_code&name=iv&share=TOT_Per_HH&flag_out_of_range=yes"),
                                    &v, nullptr);
  std::size_t eight = 0;
  for (const auto& u : r.reports[0].unmatched) eight += u.size() == 8;
  CHECK(eight == r.reports[0].unmatched.size());
  const int src = r.layer.find("src_vil_code");
  REQUIRE(src >= 0);
  CHECK(r.layer.columns[static_cast<std::size_t>(src)].name == "src_Vil_Code");
}
