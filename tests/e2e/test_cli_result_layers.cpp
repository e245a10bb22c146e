// End-to-end tests of the map layers a siting run stores with its scenario, so that every
// front end draws them from the project: mobile-van stops (a point inside the visited
// commune, labelled V<van>.<order>, one per row of the vans table) and a line from each
// assigned village to its office (one per assigned row of the assignment table, from the
// village's point to the office's point). `swsplan map` draws them.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "e2e_util.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;

TEST_CASE("swsplan site stores van stops and village-to-office lines that swsplan map draws", "[e2e][site]") {
  TempDir dir("result_layers");
  const fs::path p = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", p);
  auto r = run_swsplan({"site", "-q", p.string(), "--p", "1", "--threshold", "10km", "--scenario", "cl"},
                       dir.path);
  REQUIRE(r.exit_code == 0);
  const auto project = layers::Project::open(p.string());

  // Van stops: one per visit, inside the commune it names.
  const auto vans = project.read("scenario_cl_vans");
  REQUIRE(vans.size() > 0);  // one new office at 10 km leaves 28 communes to the vans
  REQUIRE(project.has("scenario_cl_van_stops"));
  const auto stops = project.read("scenario_cl_van_stops");
  CHECK(stops.geom.kind == gis::GeometryKind::Point);
  REQUIRE(stops.size() == vans.size());
  const auto communes = project.read("communes");
  gis::PolygonIndex index(communes);
  for (std::size_t i = 0; i < stops.size(); ++i) {
    CAPTURE(i);
    CHECK(stops.column("adm3_pcode").text(i) == vans.column("adm3_pcode").text(i));
    CHECK(stops.column("stop").text(i) == "V" + vans.column("van").text(i) + "." + vans.column("order").text(i));
    const auto xy = stops.geom.first_xy(i);
    REQUIRE(xy);
    const auto row = index.locate(xy->first, xy->second);
    REQUIRE(row >= 0);
    CHECK(communes.column("adm3_pcode").text(static_cast<std::size_t>(row)) == stops.column("adm3_pcode").text(i));
  }

  // Assignment lines: village point -> office point, with the assignment table's cost.
  const auto asg = project.read("scenario_cl_assignment");
  REQUIRE(project.has("scenario_cl_assignment_lines"));
  const auto lines = project.read("scenario_cl_assignment_lines");
  CHECK(lines.geom.kind == gis::GeometryKind::Line);
  std::size_t assigned = 0;
  std::map<std::string, std::size_t> asg_row;
  for (std::size_t i = 0; i < asg.size(); ++i)
    if (!asg.column("office_id").is_null(i)) ++assigned, asg_row[asg.column("vil_code").text(i)] = i;
  REQUIRE(assigned > 0);
  REQUIRE(lines.size() == assigned);
  const auto villages = project.read("villages");
  const auto offices = project.read("scenario_cl_offices");
  std::map<std::string, std::pair<double, double>> village_at, office_at;
  for (std::size_t i = 0; i < villages.size(); ++i) village_at[villages.column("vil_code").text(i)] = *villages.geom.first_xy(i);
  for (std::size_t i = 0; i < offices.size(); ++i) office_at[offices.column("office_id").text(i)] = *offices.geom.first_xy(i);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto v = lines.column("vil_code").text(i), o = lines.column("office_id").text(i);
    CAPTURE(v, o);
    const auto k = asg_row.at(v);
    CHECK(asg.column("office_id").text(k) == o);
    CHECK(lines.column("cost").number(i) == asg.column("cost").number(k));
    const auto& g = lines.geom;
    REQUIRE(g.feature_offsets[i + 1] - g.feature_offsets[i] == 1);  // one part of one ring
    const auto ring = g.part_offsets[g.feature_offsets[i]];
    const auto b = g.ring_offsets[ring];
    REQUIRE(g.ring_offsets[ring + 1] - b == 2);  // two vertices
    CHECK(lines.geom.xs[b] == Approx(village_at.at(v).first).margin(1e-9));
    CHECK(lines.geom.ys[b] == Approx(village_at.at(v).second).margin(1e-9));
    CHECK(lines.geom.xs[b + 1] == Approx(office_at.at(o).first).margin(1e-9));
    CHECK(lines.geom.ys[b + 1] == Approx(office_at.at(o).second).margin(1e-9));
  }

  // swsplan map draws them: the page with the stops differs from the page without.
  const auto without = dir / "without.png", with = dir / "with.png";
  r = run_swsplan({"map", p.string(), "--out", without.string(), "--layers", "communes", "--no-legend"}, dir.path);
  if (r.err.find("without the desktop renderer") != std::string::npos) {
    WARN("swsplan built without the desktop renderer (preset nogui / asan-nogui): no map to check");
    return;
  }
  REQUIRE(r.exit_code == 0);
  r = run_swsplan({"map", p.string(), "--out", with.string(), "--layers",
                   "communes,scenario_cl_assignment_lines,scenario_cl_van_stops", "--extent-layers", "communes",
                   "--no-legend"},
                  dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(sha256_file(with.string()) != sha256_file(without.string()));
}
