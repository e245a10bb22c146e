// Tests of layers/access: straight-line distances and times against hand computation, the
// village and commune tables, network mode on a tiny road layer (a river gap bridged or
// not), raster mode on the synthetic sample, and the UsageErrors of impossible settings.
// Tiny projects are built in EPSG:32648 metres and stored in EPSG:4326, so the distances
// the code measures back in EPSG:32648 are the round numbers written here.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/access.hpp"
#include "layers/gap.hpp"
#include "layers/project.hpp"
#include "layers/settings.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kUtm = "EPSG:32648";

void add_coords(gis::VectorLayer& l, std::vector<double> xs, std::vector<double> ys, gis::GeometryKind kind) {
  gis::Transformer(kUtm, "EPSG:4326").transform(xs, ys);
  l.geom.kind = kind;
  l.geom.begin_feature();
  if (kind == gis::GeometryKind::Point) {
    l.geom.add_point(xs[0], ys[0]);
  } else {
    l.geom.begin_part();
    l.geom.add_ring(xs.data(), ys.data(), xs.size());
  }
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

struct Pt {
  double x, y;
};
struct Road {
  Pt a, b;
  const char* cls;
  int bridge;
};

struct TinyProject {
  fs::path dir, path;
  TinyProject(const std::vector<Pt>& villages, const std::vector<double>& households, const std::vector<Pt>& facilities,
              const std::vector<Road>& roads, double commune_total_hh = NAN) {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("swsplan_test_access_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "tiny.gpkg";
    gis::VectorLayer com;
    com.name = "communes";
    com.crs = "EPSG:4326";
    add_coords(com, {500000, 540000, 540000, 500000, 500000}, {1390000, 1390000, 1420000, 1420000, 1390000},
               gis::GeometryKind::Polygon);
    gis::Column c3("adm3_pcode", gis::FieldType::String), c2("adm2_pcode", gis::FieldType::String);
    c3.push(std::string("KH010101"));
    c2.push(std::string("KH0101"));
    gis::Column tot("tot_hh", gis::FieldType::Real);
    std::isfinite(commune_total_hh) ? tot.push(commune_total_hh) : tot.push_null();
    com.columns = {c3, c2, tot};
    gis::VectorLayer vil;
    vil.name = "villages";
    vil.crs = "EPSG:4326";
    gis::Column vc("vil_code", gis::FieldType::String), va("adm3_pcode", gis::FieldType::String),
         hh("households", gis::FieldType::Real), poor("poor_hh", gis::FieldType::Real);
    for (std::size_t i = 0; i < villages.size(); ++i) {
      add_coords(vil, {villages[i].x}, {villages[i].y}, gis::GeometryKind::Point);
      vc.push("V" + std::to_string(i + 1));
      va.push(std::string("KH010101"));
      if (std::isfinite(households[i])) {
        hh.push(households[i]);
        poor.push(households[i] / 4);
      } else {
        hh.push_null();
        poor.push_null();
      }
    }
    vil.columns = {vc, va, hh, poor};
    gis::VectorLayer fac;
    fac.name = "facilities";
    fac.crs = "EPSG:4326";
    gis::Column fid("facility_id", gis::FieldType::String), sv("service", gis::FieldType::String);
    for (std::size_t i = 0; i < facilities.size(); ++i) {
      add_coords(fac, {facilities[i].x}, {facilities[i].y}, gis::GeometryKind::Point);
      fid.push("F" + std::to_string(i + 1));
      sv.push(std::string("health_centre"));
    }
    fac.columns = {fid, sv};
    layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
    w.put(com, "communes");
    w.put(vil, "villages");
    w.put(fac, "facilities");
    if (std::isfinite(commune_total_hh)) w.set_setting("analysis", {{"households_fallback", "tot_hh"}});
    if (!roads.empty()) {
      gis::VectorLayer rd;
      rd.name = "roads";
      rd.crs = "EPSG:4326";
      gis::Column rc("road_class", gis::FieldType::String), br("bridge", gis::FieldType::Integer);
      for (const auto& r : roads) {
        add_coords(rd, {r.a.x, r.b.x}, {r.a.y, r.b.y}, gis::GeometryKind::Line);
        rc.push(std::string(r.cls));
        br.push(static_cast<std::int64_t>(r.bridge));
      }
      rd.columns = {rc, br};
      w.put(rd, "roads");
    }
    w.commit();
  }
  ~TinyProject() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

layers::ServiceSettings hc(const std::string& thr, layers::AccessMode mode = layers::AccessMode::Line) {
  auto s = layers::default_settings(layers::Service::HealthCentre);
  s.mode = mode;
  s.threshold = layers::Threshold::parse(thr);
  return s;
}

// Facilities F1 (510, 1410) km and F2 (530, 1410) km; villages:
//   V1 (513, 1414): F1 at sqrt(3^2 + 4^2) = 5 km
//   V2 (522, 1410): F2 at 8 km (F1 at 12 km)
//   V3 (500, 1400): F1 at sqrt(10^2 + 10^2) = 14.142 km
//   V4 (530, 1419): F2 at 9 km
const std::vector<Pt> kVillages = {{513000, 1414000}, {522000, 1410000}, {500000, 1400000}, {530000, 1419000}};
const std::vector<double> kHouseholds = {100, 200, 300, 400};
const std::vector<Pt> kFacilities = {{510000, 1410000}, {530000, 1410000}};
const double kDist[4] = {5000, 8000, std::sqrt(2.0) * 10000, 9000};
const std::uint32_t kNearest[4] = {0, 1, 0, 1};

}  // namespace

TEST_CASE("access line mode: distances and nearest facilities equal the hand computation", "[access]") {
  TinyProject tp(kVillages, kHouseholds, kFacilities, {});
  auto p = layers::Project::open(tp.path.string());
  auto in = layers::load_access_inputs(p);
  CHECK(in.metric_crs == "EPSG:32648");
  auto a = layers::compute_access(in, hc("10km"), {});
  CHECK(!a.cost_is_time);
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(a.cost[i] == Approx(kDist[i]).margin(1e-3));
    CHECK(a.nearest[i] == kNearest[i]);
  }
  // Coverage: V1, V2, V4 within 10 km: (100 + 200 + 400) / 1000 households.
  CHECK(a.coverage.share_covered_0_1[0] == Approx(0.7));
  CHECK(a.households[0] == Approx(1000));
  auto vt = layers::village_access_table(in, a);
  REQUIRE(vt.size() == 4);
  CHECK(vt.name == "access_health_centre");
  CHECK(*vt.column("distance_km").number(2) == Approx(14.142).margin(1e-3));
  CHECK(vt.column("nearest_facility").text(1) == "F2");
  CHECK(*vt.column("within_threshold").number(2) == 0);
  CHECK(*vt.column("within_threshold").number(3) == 1);
  auto ct = layers::commune_access_table(in, a);
  REQUIRE(ct.size() == 1);
  CHECK(ct.name == "access_health_centre_communes");
  CHECK(*ct.column("coverage_0_1").number(0) == Approx(0.7));
  CHECK(*ct.column("villages").number(0) == 4);
  CHECK(ct.column("basis").text(0) == "households");
}

TEST_CASE("access line mode: a time threshold converts with line_speed_kmh", "[access]") {
  TinyProject tp(kVillages, kHouseholds, kFacilities, {});
  auto p = layers::Project::open(tp.path.string());
  auto in = layers::load_access_inputs(p);
  SECTION("30 min at 20 km/h = 10 km: same reach as 10km") {
    auto s = hc("30min");
    s.line_speed_kmh = 20;
    auto a = layers::compute_access(in, s, {});
    CHECK(a.cost_is_time);
    for (std::size_t i = 0; i < 4; ++i) CHECK(a.cost[i] == Approx(kDist[i] / (20 / 3.6)).epsilon(1e-9));
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.7));
    // The E2SFCA bands scale too: same capacity ratio as with the 10 km threshold.
    auto d = layers::compute_access(in, hc("10km"), {});
    CHECK(a.capacity_ratio[0] == Approx(d.capacity_ratio[0]).epsilon(1e-9));
    auto vt = layers::village_access_table(in, a);
    CHECK(*vt.column("time_min").number(0) == Approx(5000 / (20 / 3.6) / 60).margin(1e-3));  // 15 min
  }
  SECTION("20 min at 25 km/h = 8.33 km: V4 (9 km) drops out") {
    auto s = hc("20min");
    s.line_speed_kmh = 25;
    auto a = layers::compute_access(in, s, {});
    CHECK(a.cost[3] == Approx(9000 / (25 / 3.6)));  // 1296 s > 1200 s
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.3));  // V1 + V2 = 300 of 1000
  }
}

TEST_CASE("access network mode: a river gap is crossed only where a bridge joins the roads", "[access][network]") {
  // Rural roads (25 km/h) west (500-520 km) and east (521-540 km) of a 1 km river gap;
  // village V on the west road at 505 km, facility F on the east road at 535 km.
  const std::vector<Pt> v = {{505000, 1405000}};
  const std::vector<Pt> f = {{535000, 1405000}};
  const std::vector<Road> west_east = {{{500000, 1405000}, {520000, 1405000}, "rural", 0},
                                       {{521000, 1405000}, {540000, 1405000}, "rural", 0}};
  SECTION("no bridge: door to door, only the 30 km straight walk is left (7.5 h at 4 km/h)") {
    TinyProject tp(v, {100}, f, west_east);
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    auto a = layers::compute_access(in, hc("2h", layers::AccessMode::Network), {});
    CHECK(a.cost[0] == Approx(30000 / (4 / 3.6)).margin(0.01));
    CHECK(a.nearest[0] == 0);
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.0).margin(1e-12));
    bool walked = false;
    for (const auto& n : a.notes) walked = walked || n.find("walking straight") != std::string::npos;
    CHECK(walked);
  }
  SECTION("no bridge, straight walks limited to 2 km: unreachable, and a note says why") {
    TinyProject tp(v, {100}, f, west_east);
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    layers::AnalysisSettings short_walks;
    short_walks.network_direct_walk_m = 2000;
    auto a = layers::compute_access(in, hc("2h", layers::AccessMode::Network), short_walks);
    CHECK(a.cost[0] == gis::kUnreachable);
    CHECK(a.nearest[0] == gis::kNoId);
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.0).margin(1e-12));
    bool noted = false;
    for (const auto& n : a.notes) noted = noted || n.find("connects to no facility") != std::string::npos;
    CHECK(noted);
  }
  SECTION("a bridge line joining the two ends: 30 km of rural road = 4320 s") {
    auto roads = west_east;
    roads.push_back({{520000, 1405000}, {521000, 1405000}, "rural", 1});
    TinyProject tp(v, {100}, f, roads);
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    auto a = layers::compute_access(in, hc("2h", layers::AccessMode::Network), {});
    CHECK(a.cost[0] == Approx(30000 / (25 / 3.6)).margin(0.01));
    CHECK(a.nearest[0] == 0);
    CHECK(a.coverage.share_covered_0_1[0] == Approx(1.0));
    auto b = layers::compute_access(in, hc("60min", layers::AccessMode::Network), {});
    CHECK(b.coverage.share_covered_0_1[0] == Approx(0.0).margin(1e-12));  // 72 min > 60 min
  }
  SECTION("a bridge crossing another road mid-span does not connect to it") {
    // North-south flyover through the west road at 505 km; the facility sits on it.
    const std::vector<Road> roads = {{{500000, 1405000}, {520000, 1405000}, "rural", 0},
                                     {{505000, 1400000}, {505000, 1410000}, "rural", 1}};
    TinyProject tp({{502000, 1405000}}, {100}, {{505000, 1409000}}, roads);
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    layers::AnalysisSettings short_walks;  // the straight walk (5 km) would reach it otherwise
    short_walks.network_direct_walk_m = 2000;
    auto a = layers::compute_access(in, hc("2h", layers::AccessMode::Network), short_walks);
    CHECK(a.cost[0] == gis::kUnreachable);
    // Door to door the village walks the 5 km: 4500 s, not along the flyover.
    auto d = layers::compute_access(in, hc("2h", layers::AccessMode::Network), {});
    CHECK(d.cost[0] == Approx(5000 / (4 / 3.6)).margin(0.01));
  }
}

TEST_CASE("access network mode: impossible settings are UsageErrors that say what to do", "[access][network]") {
  TinyProject tp(kVillages, kHouseholds, kFacilities, {});
  auto p = layers::Project::open(tp.path.string());
  auto in = layers::load_access_inputs(p);
  CHECK_THROWS_AS(layers::compute_access(in, hc("60min", layers::AccessMode::Network), {}), gis::UsageError);
  CHECK_THROWS_WITH(layers::compute_access(in, hc("60min", layers::AccessMode::Network), {}),
                    Contains("roads layer") && Contains("health_centre"));
  CHECK_THROWS_AS(layers::compute_access(in, hc("10km", layers::AccessMode::Network), {}), gis::UsageError);
  CHECK_THROWS_WITH(layers::compute_access(in, hc("10km", layers::AccessMode::Network), {}),
                    Contains("time threshold"));
  CHECK_THROWS_AS(layers::compute_access(in, hc("10km", layers::AccessMode::Raster), {}), gis::UsageError);
}

TEST_CASE("access raster mode on the sample: a time surface, village times no faster than the fastest road",
          "[access][raster]") {
  const fs::path dir = fs::temp_directory_path() / ("swsplan_test_access_raster_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "demo.gpkg";
  fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
  {
    auto p = layers::Project::open(path.string());
    auto in = layers::load_access_inputs(p);
    auto a = layers::compute_access(in, hc("2h", layers::AccessMode::Raster), layers::analysis_settings(p));
    REQUIRE(a.time_raster);
    const auto& g = a.time_raster->grid;
    CHECK(a.allocation.size() == g.cells());
    CHECK(a.time_raster->values.size() == g.cells());
    REQUIRE(!a.facility_rows.empty());
    // A straight line at 60 km/h (national roads, the fastest class) is a lower bound, less
    // one cell diagonal for the snapping of village and facility to cell centres.
    const double vmax = 60 / 3.6, slack = std::sqrt(2.0) * g.dx;
    std::size_t reached = 0;
    for (std::size_t i = 0; i < a.cost.size(); ++i) {
      if (a.cost[i] == gis::kUnreachable) continue;
      ++reached;
      double best = INFINITY;
      for (auto r : a.facility_rows)
        best = std::min(best, std::hypot(in.vx_m[i] - in.fx_m[r], in.vy_m[i] - in.fy_m[r]));
      CAPTURE(i, best, a.cost[i]);
      CHECK(a.cost[i] >= (best - slack) / vmax - 1e-6);
    }
    CHECK(reached > a.cost.size() / 2);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("access without household counts: equal village weights, or the commune total split", "[access]") {
  const std::vector<double> unknown(4, NAN);
  SECTION("no fallback: coverage counts villages, capacity ratio unknown") {
    TinyProject tp(kVillages, unknown, kFacilities, {});
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    auto a = layers::compute_access(in, hc("10km"), {});
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.75));  // 3 of 4 villages
    CHECK(std::isnan(a.capacity_ratio[0]));
    CHECK(std::isnan(a.households[0]));
    CHECK(a.basis[0] == "villages (no household counts)");
  }
  SECTION("households_fallback: 1000 households split 250 per village, marked as an estimate") {
    TinyProject tp(kVillages, unknown, kFacilities, {}, 1000);
    auto p = layers::Project::open(tp.path.string());
    auto in = layers::load_access_inputs(p);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(in.households[i] == Approx(250));
      CHECK(in.households_estimated[i] == 1);
    }
    auto a = layers::compute_access(in, hc("10km"), {});
    CHECK(a.households[0] == Approx(1000));
    CHECK(a.coverage.share_covered_0_1[0] == Approx(0.75));
    CHECK(std::isfinite(a.capacity_ratio[0]));
    CHECK_THAT(a.basis[0], Contains("estimated"));
  }
}

TEST_CASE("classify without household counts: out of reach is unavailable, within reach is not classified",
          "[access][gap]") {
  TinyProject tp(kVillages, std::vector<double>(4, NAN), kFacilities, {});
  auto p = layers::Project::open(tp.path.string());
  auto in = layers::load_access_inputs(p);
  layers::Deprivation dep;
  dep.rate_0_1 = {0.1};
  dep.flag = {""};
  dep.threshold_0_1 = 0.25;
  auto s = hc("10km");
  s.coverage_norm_0_1 = 0.8;  // 3 of 4 villages covered: not covered, whatever the capacity
  auto rows = layers::classify(in, layers::compute_access(in, s, {}), dep);
  CHECK(rows[0].cls == layers::GapClass::Unavailable);
  s.coverage_norm_0_1 = 0.7;  // covered, but no capacity ratio without households
  rows = layers::classify(in, layers::compute_access(in, s, {}), dep);
  CHECK(rows[0].cls == layers::GapClass::NotClassified);
  CHECK(rows[0].reason == "capacity ratio unknown (no household counts)");
}
