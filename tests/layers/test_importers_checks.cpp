// Tests of the geometry and value checks of layers/importers: unclosed rings, repairs that
// overlap or change areas, points outside the country, degrees and metres, road one-way
// values, villages placed again; on the corpus in tests/data/bad and on the real communes.
#include <catch2/catch.hpp>

#include "layers/importer_support.hpp"

TEST_CASE("import_admin refuses an unclosed ring, naming the commune and its ends", "[importers][corpus][checks]") {
  auto m = message_of([] {
    layers::import_admin(SourceSpec::parse(kBad + "unclosed_ring_communes.geojson"), AdminLevel::Commune, "");
  });
  CHECK_THAT(m, Contains("unclosed_ring_communes.geojson"));
  CHECK_THAT(m, Contains("feature 1"));
  CHECK_THAT(m, Contains("KH010202"));
  CHECK_THAT(m, Contains("'geometry'"));
  CHECK_THAT(m, Contains("not closed"));
  CHECK_THAT(m, Contains("(103, 13.7)"));
}

TEST_CASE("import_admin refuses a repair that would overlap a neighbour, with the areas", "[importers][corpus][checks]") {
  // The hole lies outside its shell, inside KH010302: GEOS would make it an island there.
  auto m = message_of([] {
    layers::import_admin(SourceSpec::parse(kBad + "hole_outside_shell_communes.geojson"), AdminLevel::Commune, "");
  });
  CHECK_THAT(m, Contains("hole_outside_shell_communes.geojson"));
  CHECK_THAT(m, Contains("KH010202 (feature 1)"));
  CHECK_THAT(m, Contains("would overlap commune KH010302 (feature 3)"));
  CHECK_THAT(m, Contains("as drawn"));
  CHECK_THAT(m, Contains("repaired"));
  // The overlap is the hole: 0.06 x 0.06 degrees at 13.55 N, about 6.49 km x 6.64 km.
  const auto at = m.find(" by ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(m.substr(at + 4)) == Approx(0.06 * 111.32 * std::cos(13.55 * M_PI / 180) * 0.06 * 110.6).epsilon(0.01));
}

TEST_CASE("a repair that changes a commune's area by more than 1 % is flagged with both areas", "[importers][corpus][checks]") {
  auto r = layers::import_admin(SourceSpec::parse(kBad + "self_intersecting_communes.geojson"), AdminLevel::Commune, "");
  bool flagged = false;
  for (const auto& w : r.warnings)
    flagged |= w.find("KH010202 (feature 1)") != std::string::npos && w.find("more than 1 %") != std::string::npos &&
               w.find("as drawn") != std::string::npos && w.find("km²") != std::string::npos;
  CHECK(flagged);
  // The real communes need no repair, so nothing is flagged on them.
  for (const auto& w : layers::import_admin(SourceSpec::parse(kGpkg + "#communes"), AdminLevel::Commune, "").warnings)
    CHECK_THAT(w, !Contains("more than 1 %"));
}

TEST_CASE("points at (0, 0) or outside the country are refused, naming them", "[importers][corpus][checks]") {
  auto z = message_of([] { layers::import_villages(SourceSpec::parse(kBad + "zero_coords_villages.csv"), nullptr, ""); });
  CHECK_THAT(z, Contains("zero_coords_villages.csv"));
  CHECK_THAT(z, Contains("feature 3"));
  CHECK_THAT(z, Contains("'geometry'"));
  CHECK_THAT(z, Contains("(0, 0)"));
  auto o = message_of([] {
    layers::import_facilities(SourceSpec::parse(kBad + "outside_country_facilities.csv"), nullptr, "");
  });
  CHECK_THAT(o, Contains("outside_country_facilities.csv"));
  CHECK_THAT(o, Contains("feature 2"));
  CHECK_THAT(o, Contains("outside Cambodia"));
  CHECK_THAT(o, Contains("100.5"));
}

TEST_CASE("a commune vertex far beyond 180 degrees is refused before any area is measured", "[importers][checks]") {
  // Found by fuzzing (fuzz/corpus/geojson_import/crash-utm-zone-overflow): a hole reaching
  // longitude 1e54 made the polygon invalid, and the area of the repair was measured in a
  // UTM zone computed from that extent, overflowing int.
  TempDir d;
  const auto path = d.write("communes.geojson",
                            R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
                            R"({"adm3_pcode":"KH010202","adm3_en":"Bat Trang"},"geometry":{"type":"Polygon",)"
                            R"("coordinates":[[[103.0,13.6],[103.1,13.6],[103.1,13.7],[103.0,13.7],[103.0,13.6]],)"
                            R"([[103.02,13.62],[1e54,13.62],[103.08,13.68],[103.02,13.62]]]}}]})");
  auto m = message_of([&] { layers::import_admin(SourceSpec::parse(path), layers::AdminLevel::Commune, ""); });
  CHECK_THAT(m, Contains("communes.geojson") && Contains("geometry") && Contains("beyond 180 degrees"));
}

TEST_CASE("metres declared as degrees: the message says they look like metres", "[importers][corpus][checks]") {
  auto m = message_of([] { layers::import_villages(SourceSpec::parse(kBad + "metres_as_degrees_villages.csv"), nullptr, ""); });
  CHECK_THAT(m, Contains("metres_as_degrees_villages.csv"));
  CHECK_THAT(m, Contains("look like metres"));
  CHECK_THAT(m, Contains("EPSG:32648"));
  CHECK_THAT(m, !Contains("cannot be transformed"));
  // Given as what they are, the same numbers import and land in their communes' area.
  TempDir d;
  const auto xy = d.write("xy.csv", "vil_code,x,y\n01020101,276062.5,1507760.3\n");
  auto r = layers::import_villages(SourceSpec::parse(xy + "?crs=EPSG:32648"), nullptr, "");
  REQUIRE(r.layer.size() == 1);
  CHECK(r.layer.geom.first_xy(0)->first == Approx(102.93).margin(1e-6));
}

TEST_CASE("road one-way values: OSM and Geofabrik letters, anything else refused", "[importers][checks]") {
  TempDir d;
  const auto roads = d.write("gf.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fclass":"trunk","oneway":"F"},"geometry":{"type":"LineString","coordinates":[[103,13],[103.1,13.1]]}},
{"type":"Feature","properties":{"fclass":"secondary","oneway":"T"},"geometry":{"type":"LineString","coordinates":[[103.1,13.1],[103.2,13.1]]}},
{"type":"Feature","properties":{"fclass":"primary_link","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[103.2,13.1],[103.3,13.1]]}}]})");
  auto r = layers::import_roads(SourceSpec::parse(roads + "?class_field=fclass"), "");
  REQUIRE(r.layer.size() == 3);
  CHECK(r.layer.column("oneway").text(0) == "1");
  CHECK(r.layer.column("oneway").text(1) == "-1");  // T: against the digitising direction
  CHECK(r.layer.column("oneway").text(2) == "0");
  CHECK(r.layer.column("osm_highway").text(0) == "trunk");
  CHECK(r.layer.column("osm_highway").text(2) == "primary_link");
  CHECK(r.layer.column("road_class").text(1) == "provincial");
  const auto odd = d.write("odd.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fclass":"trunk","oneway":"sometimes"},"geometry":{"type":"LineString","coordinates":[[103,13],[103.1,13.1]]}}]})");
  auto m = message_of([&] { layers::import_roads(SourceSpec::parse(odd + "?class_field=fclass"), ""); });
  CHECK_THAT(m, Contains("feature 0"));
  CHECK_THAT(m, Contains("'oneway'"));
  CHECK_THAT(m, Contains("sometimes"));
}

TEST_CASE("villages placed again in re-imported communes take the new codes", "[importers][corpus][checks]") {
  const auto old_c = layers::import_admin(SourceSpec::parse(kBad + "ok_communes.geojson"), AdminLevel::Commune, "").layer;
  auto villages = layers::import_villages(SourceSpec::parse(kBad + "ok_villages.csv"), &old_c, "").layer;
  const auto new_c = layers::import_admin(SourceSpec::parse(kBad + "recoded_communes.geojson"), AdminLevel::Commune, "").layer;
  const auto rep = layers::place_again_in_communes(villages, new_c, "villages");
  CHECK(rep.matched == 8);
  CHECK(rep.unmatched.empty());
  REQUIRE(rep.notes.size() >= 1);
  CHECK_THAT(rep.notes.back(), Contains("4 of 8 villages changed commune"));
  CHECK(villages.column("adm3_pcode").text(row_of(villages, "vil_code", "01020101")) == "KH010203");
  CHECK(villages.column("adm3_pcode").text(row_of(villages, "vil_code", "01020201")) == "KH010204");
  CHECK(villages.column("adm3_pcode").text(row_of(villages, "vil_code", "01030101")) == "KH010301");
  CHECK(villages.column("adm2_pcode").text(row_of(villages, "vil_code", "01020201")) == "KH0102");
}
