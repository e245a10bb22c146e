// Tests of layers/pwp on the synthetic sample (the only project with roads; the national
// import has none): a hand-made national-class road from a remote village of commune KH900407
// ("East Arm", 61 min from a health centre over today's network) through the nearest health
// centre to the nearest road vertex brings that village within 60 min; a road far from
// everything gains nothing; totals add up; upgrades change a road's class; bad works are
// refused naming row and field; the scenario is stored beside siting scenarios and compares
// with itself before the works.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"
#include "layers/project.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("swsplan_test_pwp_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "demo.gpkg";
    fs::copy_file(fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg", path);
  }
  ~SampleCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

gis::Column text_col(const std::string& name, const std::vector<std::string>& v) {
  gis::Column c;
  c.name = name;
  c.type = gis::FieldType::String;
  for (const auto& s : v) s.empty() ? c.push_null() : c.push(s);
  return c;
}

// A line layer in EPSG:4326, one feature per polyline.
gis::VectorLayer lines(const std::vector<std::vector<std::pair<double, double>>>& polylines,
                       const std::vector<gis::Column>& cols) {
  gis::VectorLayer l;
  l.name = "works";
  l.crs = "EPSG:4326";
  l.geom.kind = gis::GeometryKind::Line;
  for (const auto& pl : polylines) {
    std::vector<double> xs, ys;
    for (auto [x, y] : pl) xs.push_back(x), ys.push_back(y);
    l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
    l.geom.begin_part();
    l.geom.add_ring(xs.data(), ys.data(), xs.size());
    l.geom.end_feature();
  }
  l.columns = cols;
  return l;
}

void put(const fs::path& project, const gis::VectorLayer& l, const std::string& name) {
  layers::ProjectWriter w(project.string());
  w.put(l, name);
  w.commit();
}

std::pair<double, double> point_of(const gis::VectorLayer& l, const std::string& field, const std::string& value) {
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.column(field).text(i) == value) return *l.geom.first_xy(i);
  FAIL("no " << field << " = " << value);
  return {};
}

double metric_distance_m(const std::string& crs, std::pair<double, double> a, std::pair<double, double> b) {
  std::vector<double> xs{a.first, b.first}, ys{a.second, b.second};
  gis::Transformer("EPSG:4326", crs).transform(xs, ys);
  return std::hypot(xs[1] - xs[0], ys[1] - ys[0]);
}

const layers::PwpGain& service_gain(const layers::PwpResult& r, const std::string& s) {
  for (const auto& g : r.services)
    if (g.service == s) return g;
  FAIL("no service " << s);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a road from a remote village through its nearest health centre to the network gains it access",
          "[pwp]") {
  SampleCopy s;
  auto p = layers::Project::open(s.path.string());
  const auto villages = p.read("villages");
  const auto facilities = p.read("facilities");
  const auto roads = p.read("roads");
  const auto V = point_of(villages, "vil_code", "90040708");   // East Arm, 247 households
  const auto F = point_of(facilities, "facility_id", "DEMO-HC-020");  // nearest health centre
  // J: the existing road vertex nearest to the health centre, so the new road joins the network.
  std::pair<double, double> J;
  double best = INFINITY;
  for (std::size_t i = 0; i < roads.geom.xs.size(); ++i) {
    const double d = std::hypot(roads.geom.xs[i] - F.first, (roads.geom.ys[i] - F.second));
    if (d < best) best = d, J = {roads.geom.xs[i], roads.geom.ys[i]};
  }
  put(s.path, lines({{V, F, J}}, {text_col("work", {"new"}), text_col("road_class", {"national"})}), "works_connect");
  p = layers::Project::open(s.path.string());

  layers::PwpRequest rq;
  rq.scenario = "connect";
  rq.works = "works_connect";
  rq.services = {layers::Service::HealthCentre};
  // Door to door the village walks straight to the centre today in about 54 min: 45 min
  // puts it out of reach before the road and well within after.
  rq.threshold = layers::Threshold::parse("45min");
  const auto r = layers::run_pwp(p, rq);
  const auto& g = service_gain(r, "health_centre");

  // The village itself: about 54 min today (the straight walk), now its road distance to
  // the centre at 60 km/h.
  std::map<std::string, std::size_t> row;
  const auto& vt = r.villages_table;
  for (std::size_t i = 0; i < vt.size(); ++i) row[vt.column("vil_code").text(i)] = i;
  const auto iv = row.at("90040708");
  CHECK(*vt.column("time_min_before").number(iv) > 45.0);
  CHECK(*vt.column("within_after").number(iv) == 1);
  const double road_min = metric_distance_m(r.metric_crs, V, F) / (60.0 / 3.6) / 60.0;
  // Hand check: the village lies on the road's first vertex (no walk) and the centre on its
  // second, so its time is the V-F length at 60 km/h (the table keeps 0.001 min).
  CHECK(*vt.column("time_min_after").number(iv) == Approx(road_min).margin(0.001));

  // Hand check: the villages whose time moves from above to within 60 min, read off the
  // villages table, are exactly those counted, and the East Arm village is among them.
  double hh = 0, poor = 0, villages_gained = 0;
  for (std::size_t i = 0; i < vt.size(); ++i)
    if (vt.column("within_before").number(i) == 0.0 && vt.column("within_after").number(i) == 1.0) {
      hh += *vt.column("households").number(i);
      poor += *vt.column("poor_hh").number(i);
      ++villages_gained;
    }
  CHECK(g.households_gained > 0);
  CHECK(g.households_gained >= 247);
  CHECK(g.households_gained == Approx(hh));
  CHECK(g.poor_gained == Approx(poor));
  CHECK(g.villages_gained == villages_gained);
  CHECK(g.households_lost == 0);  // the road only adds faster links for health centres
  CHECK(g.households_within_after == Approx(g.households_within_before + g.households_gained - g.households_lost));
  CHECK(r.poor_gained_any == Approx(g.poor_gained));
  // Commune rows add up to the total, and the gain sits in the East Arm commune's district.
  double sum = 0, east_arm = 0;
  for (const auto& c : r.communes) {
    sum += c.gain.households_gained;
    if (c.adm3_pcode == "KH900407") east_arm = c.gain.households_gained;
  }
  CHECK(sum == Approx(g.households_gained));
  CHECK(east_arm >= 247);
  // Cost: length x 3000 person-days/km x 8.5 USD (defaults), wages 2.5 USD/day.
  REQUIRE(r.works.size() == 1);
  const double km = (metric_distance_m(r.metric_crs, V, F) + metric_distance_m(r.metric_crs, F, J)) / 1000.0;
  CHECK(r.km_new == Approx(km).epsilon(1e-6));
  CHECK(r.labour_days == Approx(km * 3000));
  CHECK(r.cost_usd == Approx(km * 3000 * 8.5));
  CHECK(r.wage_usd == Approx(km * 3000 * 2.5));

  // Stored as a "pwp" scenario; costed and compared with itself before the works.
  {
    layers::ProjectWriter w(s.path.string());
    layers::stage_pwp(p, r, w, false);
    w.commit();
  }
  p = layers::Project::open(s.path.string());
  CHECK(layers::is_pwp_scenario(p, "connect"));
  // Read back without recomputing (what a report prints): the same figures.
  const auto back = layers::load_pwp(p, "connect");
  REQUIRE(back.services.size() == 1);
  CHECK(back.services[0].households_gained == g.households_gained);
  CHECK(back.services[0].mean_time_min_after == Approx(g.mean_time_min_after));
  CHECK(back.cost_usd == Approx(r.cost_usd));
  REQUIRE(back.works.size() == 1);
  CHECK(back.works[0].length_km == Approx(r.works[0].length_km));
  REQUIRE(back.communes.size() == r.communes.size());
  for (std::size_t i = 0; i < back.communes.size(); ++i)
    CHECK(back.communes[i].gain.poor_gained == r.communes[i].gain.poor_gained);
  CHECK(back.to_text() == r.to_text());
  CHECK(p.has("scenario_connect_pwp_works"));
  // The gain map is stored: the communes where anything changed, with their polygons and the
  // commune table's figures (net = poor gained - poor lost), East Arm among them.
  REQUIRE(p.has("scenario_connect_pwp_gain"));
  const auto gain = p.read("scenario_connect_pwp_gain");
  CHECK(gain.geom.kind == gis::GeometryKind::Polygon);
  std::map<std::string, const layers::PwpGain*> by_code;
  for (const auto& c : r.communes) by_code[c.adm3_pcode] = &c.gain;
  std::size_t changed = 0;
  for (const auto& c : r.communes) changed += c.gain.households_gained > 0 || c.gain.households_lost > 0 ||
                                              c.gain.poor_gained > 0 || c.gain.poor_lost > 0;
  CHECK(gain.size() == changed);
  bool east_arm_drawn = false;
  const auto communes = p.read("communes");
  for (std::size_t i = 0; i < gain.size(); ++i) {
    const auto code = gain.column("adm3_pcode").text(i);
    CAPTURE(code);
    const auto* cg = by_code.at(code);
    CHECK(*gain.column("net_poor_health_centre").number(i) == Approx(cg->poor_gained - cg->poor_lost));
    CHECK(*gain.column("households_gained_health_centre").number(i) == cg->households_gained);
    east_arm_drawn |= code == "KH900407";
    // The commune's own polygon (the same first vertex).
    for (std::size_t k = 0; k < communes.size(); ++k)
      if (communes.column("adm3_pcode").text(k) == code)
        CHECK(communes.geom.first_xy(k) == gain.geom.first_xy(i));
  }
  CHECK(east_arm_drawn);
  const auto cost = layers::cost_scenario(p, "connect");
  CHECK(cost.kind == "pwp");
  CHECK(cost.one_off_usd == Approx(r.cost_usd));
  REQUIRE(cost.lines.size() == 1);  // road works alone: no transfers or HEF in a road's table
  CHECK(cost.lines[0].item == "pwp_labour");
  CHECK(cost.poor_households_reached == Approx(r.poor_gained_any));
  const auto d = layers::compare_scenarios_full(p, "connect:before", "connect");
  CHECK(d.total.diff_covered_households == Approx(g.households_gained - g.households_lost));
  CHECK(d.total.diff_access < 0);
  CHECK(d.access_unit == "min");
  CHECK_THROWS_AS(layers::stage_pwp(p, r, *std::make_unique<layers::ProjectWriter>(s.path.string()), false),
                  gis::UsageError);
}

TEST_CASE("a new road ending 10 m short of a road segment is joined to it", "[pwp]") {
  SampleCopy s;
  auto p = layers::Project::open(s.path.string());
  const auto V = point_of(p.read("villages"), "vil_code", "90040708");
  const auto F = point_of(p.read("facilities"), "facility_id", "DEMO-HC-020");
  const std::string metric = gis::metric_crs_for(p.read("communes").extent());
  const auto roads = gis::reproject(p.read("roads"), metric);
  std::vector<double> fx{F.first, V.first}, fy{F.second, V.second};
  gis::Transformer("EPSG:4326", metric).transform(fx, fy);
  // The segment (longer than 200 m) whose midpoint is nearest the health centre.
  double best = INFINITY, mx = 0, my = 0, nx = 0, ny = 0;
  const auto& g = roads.geom;
  for (std::size_t r = 0; r + 1 < g.ring_offsets.size(); ++r)
    for (auto v = g.ring_offsets[r]; v + 1 < g.ring_offsets[r + 1]; ++v) {
      const double dx = g.xs[v + 1] - g.xs[v], dy = g.ys[v + 1] - g.ys[v], len = std::hypot(dx, dy);
      const double cx = g.xs[v] + dx / 2, cy = g.ys[v] + dy / 2;
      if (len > 200 && std::hypot(cx - fx[0], cy - fy[0]) < best)
        best = std::hypot(cx - fx[0], cy - fy[0]), mx = cx, my = cy, nx = -dy / len, ny = dx / len;
    }
  REQUIRE(std::isfinite(best));
  // End point 10 m off the segment's middle, on the village's side: no vertex within 25 m.
  const double side = (fx[1] - mx) * nx + (fy[1] - my) * ny >= 0 ? 1.0 : -1.0;
  std::vector<double> ex{mx + side * 10 * nx}, ey{my + side * 10 * ny};
  gis::Transformer(metric, "EPSG:4326").transform(ex, ey);
  put(s.path, lines({{V, {ex[0], ey[0]}}}, {text_col("road_class", {"national"})}), "works_short");
  p = layers::Project::open(s.path.string());
  layers::PwpRequest rq;
  rq.scenario = "short";
  rq.works = "works_short";
  rq.services = {layers::Service::HealthCentre};
  rq.threshold = layers::Threshold::parse("45min");  // the village walks to it in ~54 min today
  const auto r = layers::run_pwp(p, rq);
  // Joined: the village (on the new road) reaches the network instead of being stranded on a
  // piece of road without any health centre.
  const auto& vt = r.villages_table;
  bool seen = false;
  for (std::size_t i = 0; i < vt.size(); ++i)
    if (vt.column("vil_code").text(i) == "90040708") {
      seen = true;
      CHECK(vt.column("within_after").number(i) == 1.0);
    }
  CHECK(seen);
  CHECK(service_gain(r, "health_centre").households_gained >= 247);
  CHECK(service_gain(r, "health_centre").households_lost == 0);
  CHECK(std::any_of(r.notes.begin(), r.notes.end(),
                    [](const std::string& n) { return n.find("joined to a road") != std::string::npos; }));
}

TEST_CASE("a road far from everything gains nothing, but is costed", "[pwp]") {
  SampleCopy s;
  // 80 km east of the demo province: beyond the 10 km walking limit of every village.
  put(s.path, lines({{{105.2, 11.8}, {105.25, 11.8}}}, {text_col("road_class", {"rural"})}), "works_far");
  auto p = layers::Project::open(s.path.string());
  layers::PwpRequest rq;
  rq.scenario = "far";
  rq.works = "works_far";
  rq.services = {layers::Service::HealthCentre, layers::Service::SchoolPrimary};
  const auto r = layers::run_pwp(p, rq);
  REQUIRE(r.services.size() == 2);
  for (const auto& g : r.services) {
    CAPTURE(g.service);
    CHECK(g.households_gained == 0);
    CHECK(g.households_lost == 0);
    CHECK(g.households_within_after == g.households_within_before);
    CHECK(g.mean_time_min_after == Approx(g.mean_time_min_before));
  }
  CHECK(r.poor_gained_any == 0);
  CHECK(r.works[0].work == "new");
  CHECK(r.works[0].road_class == "rural");
  CHECK(r.km_new > 5);
  CHECK(r.cost_usd == Approx(r.km_new * 3000 * 8.5));
  // Nothing changed anywhere: no gain map to store.
  CHECK(r.gain_layer.name.empty());
  {
    layers::ProjectWriter w(s.path.string());
    layers::stage_pwp(p, r, w, false);
    w.commit();
  }
  CHECK_FALSE(layers::Project::open(s.path.string()).has("scenario_far_pwp_gain"));
  CHECK(layers::Project::open(s.path.string()).has("scenario_far_pwp_works"));
}

TEST_CASE("an upgrade changes an existing road's class and is costed per km upgraded", "[pwp]") {
  SampleCopy s;
  auto p = layers::Project::open(s.path.string());
  const auto roads = p.read("roads");
  std::string path_id;
  for (std::size_t i = 0; i < roads.size() && path_id.empty(); ++i)
    if (roads.column("road_class").text(i) == "path") path_id = roads.column("road_id").text(i);
  REQUIRE_FALSE(path_id.empty());
  // The geometry of an upgrade is not used (the road's own is): any line will do.
  put(s.path,
      lines({{{104.0, 11.8}, {104.001, 11.8}}},
            {text_col("work", {"upgrade"}), text_col("road_class", {"rural"}), text_col("road_id", {path_id})}),
      "works_up");
  p = layers::Project::open(s.path.string());
  layers::PwpRequest rq;
  rq.scenario = "up";
  rq.works = "works_up";
  rq.services = {layers::Service::HealthCentre};
  rq.threshold = layers::Threshold::parse("30min");
  const auto r = layers::run_pwp(p, rq);
  REQUIRE(r.works.size() == 1);
  CHECK(r.works[0].work == "upgrade");
  CHECK(r.works[0].from_class == "path");
  CHECK(r.works[0].road_class == "rural");
  CHECK(r.km_new == 0);
  CHECK(r.km_upgrade > 0);
  CHECK(r.labour_days == Approx(r.km_upgrade * 1500));
  // A faster road never makes anyone slower.
  const auto& g = service_gain(r, "health_centre");
  CHECK(g.households_lost == 0);
  CHECK(g.mean_time_min_after <= g.mean_time_min_before + 1e-9);
}

TEST_CASE("bad works are refused naming the row and field", "[pwp]") {
  SampleCopy s;
  auto run = [&](const gis::VectorLayer& l) {
    put(s.path, l, "works_bad");
    auto p = layers::Project::open(s.path.string());
    layers::PwpRequest rq;
    rq.scenario = "bad";
    rq.works = "works_bad";
    rq.services = {layers::Service::HealthCentre};
    (void)layers::run_pwp(p, rq);
  };
  const std::vector<std::pair<double, double>> seg{{104.0, 11.8}, {104.01, 11.8}};
  try {
    run(lines({seg, seg}, {text_col("work", {"new", "widen"})}));
    FAIL("no error");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("feature 2") && Contains("field 'work'"));
  }
  try {
    run(lines({seg}, {text_col("work", {"upgrade"}), text_col("road_class", {"rural"}), text_col("road_id", {"nope"})}));
    FAIL("no error");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("field 'road_id'"));
  }
  try {
    run(lines({seg}, {text_col("road_class", {"motorway"})}));
    FAIL("no error");
  } catch (const gis::InputError& e) {
    CHECK_THAT(std::string(e.what()), Contains("field 'road_class'") && Contains("motorway"));
  }
  auto p = layers::Project::open(s.path.string());
  layers::PwpRequest rq;
  rq.scenario = "pts";
  rq.works = "villages";  // points, not lines
  CHECK_THROWS_AS(layers::run_pwp(p, rq), gis::UsageError);
  rq.works = "roads";
  rq.threshold = layers::Threshold::parse("10km");  // network access is a time
  CHECK_THROWS_AS(layers::run_pwp(p, rq), gis::UsageError);
  // Without a roads layer (like the national import) there is no network to extend.
  {
    layers::ProjectWriter w(s.path.string());
    w.put(p.read("roads"), "my_roads");
    w.remove("roads");
    w.commit();
  }
  p = layers::Project::open(s.path.string());
  rq.works = "my_roads";
  rq.threshold.reset();
  try {
    (void)layers::run_pwp(p, rq);
    FAIL("no error");
  } catch (const gis::UsageError& e) {
    CHECK_THAT(std::string(e.what()), Contains("roads layer"));
  }
}

TEST_CASE("without an adm2_pcode column the commune rows carry the 6-character district code", "[pwp]") {
  SampleCopy s;
  {
    auto p = layers::Project::open(s.path.string());
    auto communes = p.read("communes");
    const int c = communes.find("adm2_pcode");
    REQUIRE(c >= 0);
    communes.columns.erase(communes.columns.begin() + c);
    layers::ProjectWriter w(s.path.string());
    w.put(communes, "communes");
    w.put(lines({{{105.2, 11.8}, {105.25, 11.8}}}, {text_col("road_class", {"rural"})}), "works_far");
    w.commit();
  }
  auto p = layers::Project::open(s.path.string());
  REQUIRE(p.read("communes").find("adm2_pcode") < 0);
  layers::PwpRequest rq;
  rq.scenario = "far";
  rq.works = "works_far";
  rq.services = {layers::Service::HealthCentre};
  const auto r = layers::run_pwp(p, rq);
  REQUIRE(!r.communes.empty());
  for (const auto& c : r.communes) {
    CAPTURE(c.adm3_pcode);
    CHECK(c.adm2_pcode.size() == 6);  // KH9004, not the province KH90
    CHECK(c.adm2_pcode == c.adm3_pcode.substr(0, 6));
  }
}

TEST_CASE("a dead-end road beside villages that have access never makes their time worse", "[pwp]") {
  // A short unconnected track laid through a village that reaches a health centre today:
  // the village (and its neighbours) now snap to the track, a piece of road without any
  // facility. The scenario must keep their old connection: with the works, each village's
  // time is the better of its old and new connection, so nobody loses access.
  SampleCopy s;
  auto p = layers::Project::open(s.path.string());
  const auto vt0 = p.read("villages");
  const auto F = point_of(p.read("facilities"), "facility_id", "DEMO-HC-020");
  // The village nearest the health centre (it surely has access today).
  std::pair<double, double> V;
  double best = INFINITY;
  for (std::size_t i = 0; i < vt0.size(); ++i) {
    const auto xy = *vt0.geom.first_xy(i);
    const double d = std::hypot(xy.first - F.first, xy.second - F.second);
    if (d < best) best = d, V = xy;
  }
  // 2 km east-west through the village, ends far from roads (a dead end when not joined).
  put(s.path, lines({{{V.first - 0.01, V.second + 0.0004}, {V.first + 0.01, V.second + 0.0004}}},
                    {text_col("road_class", {"pwp_track"})}),
      "works_deadend");
  p = layers::Project::open(s.path.string());
  layers::PwpRequest rq;
  rq.scenario = "deadend";
  rq.works = "works_deadend";
  rq.services = {layers::Service::HealthCentre, layers::Service::SchoolPrimary};
  rq.threshold = layers::Threshold::parse("60min");
  const auto r = layers::run_pwp(p, rq);
  const auto& vt = r.villages_table;
  std::size_t worse = 0, compared = 0;
  for (std::size_t i = 0; i < vt.size(); ++i) {
    const auto b = vt.column("time_min_before").number(i), a = vt.column("time_min_after").number(i);
    if (!b) continue;
    ++compared;
    if (!a || *a > *b + 1e-9) ++worse;
  }
  CHECK(compared > 0);
  CHECK(worse == 0);
  for (const auto& g : r.services) {
    CAPTURE(g.service);
    CHECK(g.households_lost == 0);
    CHECK(g.poor_lost == 0);
    CHECK(g.households_within_after == Approx(g.households_within_before + g.households_gained));
    CHECK(g.poor_within_after == Approx(g.poor_within_before + g.poor_gained));
  }
}
