// Tests of layers/referral and layers/referral_run: the referral of health centres to
// hospitals by straight line and road network against hand computation, both modes against
// a brute force over every hospital on small random projects, the assigned-by grouping
// (a centre never sent to another group's hospital), a centre without a route, raster mode
// against the straight walk on a uniform surface, and the stored layers (replace, cancel).
// Tiny projects are built in EPSG:32648 metres and stored in EPSG:4326.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/network_access.hpp"
#include "layers/project.hpp"
#include "layers/referral.hpp"
#include "layers/referral_run.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using layers::AccessMode;
using layers::ReferralRow;
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
struct Fac {
  Pt p;
  const char* service;  // health_centre / referral_hospital
  const char* od;       // od_code, nullptr = none
};
struct Road {
  Pt a, b;
  const char* cls;
};

struct TinyProject {
  fs::path dir, path;
  TinyProject(const std::vector<Fac>& facilities, const std::vector<Road>& roads, nlohmann::json analysis = {}) {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("swsplan_test_referral_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "tiny.gpkg";
    gis::VectorLayer com;
    com.name = "communes";
    com.crs = "EPSG:4326";
    add_coords(com, {490000, 560000, 560000, 490000, 490000}, {1380000, 1380000, 1440000, 1440000, 1380000},
               gis::GeometryKind::Polygon);
    gis::Column c3("adm3_pcode", gis::FieldType::String);
    c3.push(std::string("KH010101"));
    com.columns = {c3};
    gis::VectorLayer vil;
    vil.name = "villages";
    vil.crs = "EPSG:4326";
    add_coords(vil, {520000}, {1400000}, gis::GeometryKind::Point);
    gis::Column vc("vil_code", gis::FieldType::String), va("adm3_pcode", gis::FieldType::String);
    vc.push(std::string("V1"));
    va.push(std::string("KH010101"));
    vil.columns = {vc, va};
    gis::VectorLayer fac;
    fac.name = "facilities";
    fac.crs = "EPSG:4326";
    gis::Column fid("facility_id", gis::FieldType::String), nm("name", gis::FieldType::String),
        sv("service", gis::FieldType::String), pc("adm3_pcode", gis::FieldType::String),
        at("attributes", gis::FieldType::String);
    int hc = 0, rh = 0;
    for (const auto& f : facilities) {
      add_coords(fac, {f.p.x}, {f.p.y}, gis::GeometryKind::Point);
      const bool is_h = std::string(f.service) == "referral_hospital";
      const std::string id = is_h ? "RH" + std::to_string(++rh) : "HC" + std::to_string(++hc);
      fid.push(id);
      nm.push("name of " + id);
      sv.push(std::string(f.service));
      pc.push(std::string("KH010101"));
      at.push(f.od ? nlohmann::json{{"od_code", f.od}}.dump() : std::string("{}"));
    }
    fac.columns = {fid, nm, sv, pc, at};
    layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
    w.put(com, "communes");
    w.put(vil, "villages");
    w.put(fac, "facilities");
    if (!analysis.is_null()) w.set_setting("analysis", analysis);
    if (!roads.empty()) {
      gis::VectorLayer rd;
      rd.name = "roads";
      rd.crs = "EPSG:4326";
      gis::Column rc("road_class", gis::FieldType::String);
      for (const auto& r : roads) {
        add_coords(rd, {r.a.x, r.b.x}, {r.a.y, r.b.y}, gis::GeometryKind::Line);
        rc.push(std::string(r.cls));
      }
      rd.columns = {rc};
      w.put(rd, "roads");
    }
    w.commit();
  }
  ~TinyProject() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  layers::Project open() const { return layers::Project::open(path.string()); }
};

layers::ReferralResult referral(const TinyProject& t, AccessMode mode, const std::string& by = {}) {
  layers::ReferralRequest rq;
  rq.mode = mode;
  rq.assigned_by = by;
  return layers::compute_referral(t.open(), rq);
}

std::string fac_id(const layers::ReferralResult& r, std::uint32_t row) {
  return row == ReferralRow::kNone ? std::string("-") : r.facilities.column("facility_id").text(row);
}

}  // namespace

TEST_CASE("referral by straight line: hand-computed nearest hospital, time and distance", "[referral]") {
  // HC1 is 10 km from RH1; HC2 is 14.142 km from RH2 and 30 km from RH1.
  TinyProject t({{{510000, 1400000}, "health_centre", nullptr},
                 {{530000, 1400000}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", nullptr},
                 {{540000, 1410000}, "referral_hospital", nullptr},
                 {{515000, 1400000}, "health_post", nullptr}},
                {});
  const auto r = referral(t, AccessMode::Line);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.line_speed_kmh == Approx(20));
  CHECK(fac_id(r, r.rows[0].hospital) == "RH1");
  CHECK(r.rows[0].distance_m == Approx(10000).margin(1));
  CHECK(r.rows[0].time_s == Approx(10000 / (20 / 3.6)).epsilon(1e-4));  // 30 min
  CHECK(fac_id(r, r.rows[1].hospital) == "RH2");
  CHECK(r.rows[1].distance_m == Approx(std::hypot(10000, 10000)).margin(1));
  CHECK(r.summary.with_time == 2);
  CHECK(r.summary.median_min == Approx((30 + std::hypot(10, 10) * 3) / 2).epsilon(1e-4));
  CHECK(r.summary.longest_min == Approx(std::hypot(10, 10) * 3).epsilon(1e-4));
  CHECK(r.summary.beyond_60 == 0);
  const auto lines = layers::referral_lines(r);
  CHECK(lines.name == "referral_line");
  CHECK(lines.size() == 2);
  CHECK(lines.column("hospital_id").text(1) == "RH2");
  CHECK(lines.column("time_min").number(0).value() == Approx(30.0));
}

TEST_CASE("referral by road network: walk to the road, drive, and the route's length", "[referral]") {
  // A national road (60 km/h) from RH1 (its west end) to x = 540 km. HC1 walks 500 m to it
  // (4 km/h: 450 s), drives 20 km (1200 s) to RH1: 1650 s over 20.5 km. RH2 is 3 km off the
  // road's east end: 450 + 1200 + 2700 s = 4350 s; straight walks take far longer.
  TinyProject t({{{520000, 1400500}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", nullptr},
                 {{540000, 1403000}, "referral_hospital", nullptr}},
                {{{500000, 1400000}, {540000, 1400000}, "national"}});
  const auto r = referral(t, AccessMode::Network);
  REQUIRE(r.rows.size() == 1);
  CHECK(fac_id(r, r.rows[0].hospital) == "RH1");
  CHECK(r.rows[0].time_s == Approx(1650).margin(0.5));
  CHECK(r.rows[0].distance_m == Approx(20500).margin(1));
  CHECK_FALSE(r.rows[0].walked_direct);
  CHECK(layers::referral_lines(r).name == "referral_network");
}

TEST_CASE("referral assigned by a field: the group's hospital, never another group's", "[referral]") {
  // HC1 (od A) sits next to RH2 (od B) but must go to RH1; HC2 (od C) has no hospital in its
  // group and HC3 no od value: both are listed without a hospital.
  TinyProject t({{{530000, 1400000}, "health_centre", "A"},
                 {{531000, 1400000}, "health_centre", "C"},
                 {{532000, 1400000}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", "A"},
                 {{530500, 1400000}, "referral_hospital", "B"}},
                {});
  const auto nearest = referral(t, AccessMode::Line);
  CHECK(fac_id(nearest, nearest.rows[0].hospital) == "RH2");
  const auto r = referral(t, AccessMode::Line, "od_code");
  REQUIRE(r.rows.size() == 3);
  CHECK(fac_id(r, r.rows[0].hospital) == "RH1");
  CHECK(r.rows[0].distance_m == Approx(30000).margin(1));
  CHECK(r.rows[0].group == "A");
  CHECK(r.rows[1].hospital == ReferralRow::kNone);
  CHECK_THAT(r.rows[1].note, Contains("od_code = C"));
  CHECK(r.rows[2].hospital == ReferralRow::kNone);
  CHECK_THAT(r.rows[2].note, Contains("no od_code value"));
  CHECK(r.summary.with_time == 1);
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  CHECK_THAT(notes, Contains("HC2 (C)"));
  CHECK_THAT(notes, Contains("HC3"));
  CHECK(layers::referral_table(r).size() == 3);
  CHECK(layers::referral_lines(r).size() == 1);
  CHECK_THROWS_WITH(referral(t, AccessMode::Line, "no_such_field"), Contains("no_such_field"));
}

TEST_CASE("referral by road network: a centre without a route gets no time and is named", "[referral]") {
  // Walks limited to 1 km: HC2 is 5 km from every road and hospital.
  TinyProject t({{{520000, 1400500}, "health_centre", nullptr},
                 {{520000, 1420000}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", nullptr}},
                {{{500000, 1400000}, {540000, 1400000}, "national"}},
                {{"network_snap_m", 1000}, {"network_direct_walk_m", 1000}});
  const auto r = referral(t, AccessMode::Network);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].hospital != ReferralRow::kNone);
  CHECK(r.rows[1].hospital == ReferralRow::kNone);
  CHECK(std::isnan(r.rows[1].time_s));
  CHECK_THAT(r.rows[1].note, Contains("no network route"));
  CHECK(r.summary.with_time == 1);
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  CHECK_THAT(notes, Contains("HC2"));
  const auto table = layers::referral_table(r);
  CHECK(table.column("time_min").is_null(1));
}

TEST_CASE("referral on small random projects equals a brute force over every hospital", "[referral]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> X(500000, 550000), Y(1390000, 1430000);
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<Fac> fac;
    std::vector<Pt> hc, rh;
    for (int i = 0; i < 12; ++i) hc.push_back({X(rng), Y(rng)}), fac.push_back({hc.back(), "health_centre", nullptr});
    for (int k = 0; k < 4; ++k) rh.push_back({X(rng), Y(rng)}), fac.push_back({rh.back(), "referral_hospital", nullptr});
    // A grid of rural roads with one national road across it.
    std::vector<Road> roads;
    for (double x = 500000; x <= 550000; x += 10000) roads.push_back({{x, 1390000}, {x, 1430000}, "rural"});
    for (double y = 1390000; y <= 1430000; y += 10000) roads.push_back({{500000, y}, {550000, y}, "rural"});
    roads.push_back({{500000, 1395000}, {550000, 1425000}, "national"});
    TinyProject t(fac, roads);
    const auto line = referral(t, AccessMode::Line);
    const auto net = referral(t, AccessMode::Network);
    // Brute force, line: every hospital's straight distance. Network: one search per hospital
    // on the routing graph of access -m network.
    const auto project = t.open();
    const auto a = layers::analysis_settings(project);
    std::vector<double> hx, hy, cx, cy;
    for (auto p : hc) cx.push_back(p.x), cy.push_back(p.y);
    for (auto p : rh) hx.push_back(p.x), hy.push_back(p.y);
    auto roads_m = gis::reproject(project.read("roads"), kUtm);
    const auto L = layers::road_lines(roads_m, a);
    auto g = gis::build_routing_graph(gis::build_road_network(L.view(), gis::no_progress()),
                                      gis::PointArrays{cx, cy, {}, {}}, gis::PointArrays{hx, hy, {}, {}},
                                      layers::network_snap_options(a), gis::no_progress());
    std::vector<gis::NetworkNearest> per_h;
    for (std::uint32_t k = 0; k < rh.size(); ++k) {
      const std::uint32_t one[] = {k};
      per_h.push_back(gis::nearest_facility_network(g, one, gis::kUnreachable, gis::no_progress()));
    }
    for (std::size_t i = 0; i < hc.size(); ++i) {
      double best_d = INFINITY, best_t = INFINITY;
      std::size_t kd = 0, kt = 0;
      for (std::size_t k = 0; k < rh.size(); ++k) {
        const double d = std::hypot(hc[i].x - rh[k].x, hc[i].y - rh[k].y);
        if (d < best_d) best_d = d, kd = k;
        if (per_h[k].time_s[i] < best_t) best_t = per_h[k].time_s[i], kt = k;
      }
      INFO("trial " << trial << " centre " << i);
      CHECK(fac_id(line, line.rows[i].hospital) == "RH" + std::to_string(kd + 1));
      CHECK(line.rows[i].distance_m == Approx(best_d).epsilon(1e-6));
      CHECK(fac_id(net, net.rows[i].hospital) == "RH" + std::to_string(kt + 1));
      CHECK(net.rows[i].time_s == Approx(best_t).epsilon(1e-9));
      // The route is at least the straight line, and at most what the slowest speed allows.
      CHECK(net.rows[i].distance_m >= best_d * (1 - 1e-6) - 1);
      CHECK(net.rows[i].distance_m <= best_t * 60 / 3.6 + 1);
    }
  }
}

TEST_CASE("referral on the cost surface: uniform land gives the straight walk", "[referral]") {
  // No roads, no water: off-road walking at raster_offroad_kmh over 8 neighbours, so the
  // time is the straight walk within the discretisation (cells of 100 m).
  TinyProject t({{{510000, 1400000}, "health_centre", nullptr},
                 {{540000, 1420000}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", nullptr},
                 {{545000, 1420000}, "referral_hospital", nullptr}},
                {}, {{"raster_cell_m", 100}});
  const auto r = referral(t, AccessMode::Raster);
  REQUIRE(r.rows.size() == 2);
  CHECK(fac_id(r, r.rows[0].hospital) == "RH1");
  CHECK(fac_id(r, r.rows[1].hospital) == "RH2");
  CHECK(r.rows[0].distance_m == Approx(10000).margin(1));
  CHECK(r.rows[0].time_s == Approx(10000 / (4 / 3.6)).epsilon(0.02));
  CHECK(r.rows[1].time_s == Approx(5000 / (4 / 3.6)).epsilon(0.03));
  std::string notes;
  for (const auto& n : r.notes) notes += n;
  CHECK_THAT(notes, Contains("straight line"));
}

TEST_CASE("referral stored through the door: layers, provenance, replace, cancel", "[referral]") {
  TinyProject t({{{510000, 1400000}, "health_centre", nullptr},
                 {{530000, 1400000}, "health_centre", nullptr},
                 {{500000, 1400000}, "referral_hospital", nullptr}},
                {});
  layers::ReferralRequest rq;
  rq.mode = AccessMode::Line;
  layers::QgisStyler styler = [](const std::string& layer, const gis::VectorLayer&) {
    return std::vector<layers::QgisStyle>{{layer, "swsplan map", "<qgis/>", true, "test"}};
  };
  {
    gis::CancelToken token;
    token.cancel();
    gis::Progress cancelled([](double, const std::string&) {}, &token);
    CHECK_THROWS_AS(layers::run_and_store_referral(t.path.string(), rq, styler, cancelled), gis::Cancelled);
    CHECK_FALSE(t.open().has("referral_line"));
  }
  for (int run = 0; run < 2; ++run) {
    const auto r = layers::run_and_store_referral(t.path.string(), rq, styler, gis::no_progress());
    CHECK(r.summary.with_time == 2);
  }
  const auto p = t.open();
  REQUIRE(p.has("referral_line"));
  REQUIRE(p.has("referral_line_centres"));
  const auto lines = p.read("referral_line");
  CHECK(lines.size() == 2);
  CHECK(lines.geom.kind == gis::GeometryKind::Line);
  CHECK(p.read("referral_line_centres").size() == 2);
  const auto prov = p.read("swsplan_provenance");
  std::size_t n = 0;
  for (std::size_t i = 0; i < prov.size(); ++i) n += prov.column("layer").text(i) == "referral_line";
  CHECK(n >= 1);
  const auto styles = p.read("layer_styles");
  std::size_t s = 0;
  for (std::size_t i = 0; i < styles.size(); ++i) s += styles.column("f_table_name").text(i) == "referral_line";
  CHECK(s == 1);  // replaced, not added again
}
