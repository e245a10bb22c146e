// Tests of layers/siting on the synthetic demo province (sample-maps/demo_province.gpkg,
// copied to a temporary file): existing offices are always kept, the coverage figures are
// consistent with the assignment, clusters are contiguous and sized 2-3 within a district,
// vans are scheduled within the cycle, and impossible requests fail with clear messages.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("swsplan_test_siting_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
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

const SampleCopy& sample() {
  static SampleCopy s;
  return s;
}

layers::SitingRequest req(layers::SiteModel m, std::uint32_t p, const std::string& thr = "10km") {
  layers::SitingRequest r;
  r.scenario = "t";
  r.model = m;
  r.p = p;
  r.threshold = layers::Threshold::parse(thr);
  return r;
}

std::set<std::string> existing_ids(const layers::Project& pr) {
  std::set<std::string> ids;
  auto f = pr.read("facilities");
  for (std::size_t i = 0; i < f.size(); ++i)
    if (f.column("service").text(i) == "sws_office") ids.insert(f.column("facility_id").text(i));
  return ids;
}

}  // namespace

TEST_CASE("siting keeps existing offices in every model and reports consistent coverage", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  const auto ids = existing_ids(pr);
  REQUIRE(!ids.empty());
  for (auto m : {layers::SiteModel::Mclp, layers::SiteModel::Lscp, layers::SiteModel::Pmedian}) {
    CAPTURE(layers::to_string(m));
    auto r = layers::run_siting(pr, req(m, 2));
    std::set<std::string> kept;
    std::size_t n_new = 0;
    for (const auto& o : r.offices) {
      if (o.existing) kept.insert(o.office_id);
      else ++n_new;
      CHECK(!o.adm3_pcode.empty());
    }
    CHECK(kept == ids);
    if (m != layers::SiteModel::Lscp) CHECK(n_new == 2);
    CHECK(r.covered_poor_after >= r.covered_poor_before);
    CHECK(r.covered_poor_after <= r.poor_total + 1e-9);
    if (m == layers::SiteModel::Mclp) {
      CHECK(r.bound >= r.objective - 1e-6);
      // MCLP objective = poor households covered (demand = poor households).
      CHECK(r.objective == Approx(r.covered_poor_after).margin(1e-6));
    } else {
      CHECK(r.bound <= r.objective + 1e-6);
    }
    if (m == layers::SiteModel::Lscp) CHECK(r.covered_poor_after == Approx(r.poor_total));
    double by_district = 0;
    for (const auto& d : r.districts) by_district += d.covered_poor_after;
    CHECK(by_district == Approx(r.covered_poor_after));
    // Assignment: one row per village, "within" rows sum to the offices' covered poor.
    CHECK(r.assignment_table.size() == pr.read("villages").size());
    CHECK(r.offices_layer.size() == r.offices.size());
  }
}

TEST_CASE("siting: more offices never cover less, ranks follow marginal gain", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  double prev = -1;
  for (std::uint32_t p = 1; p <= 4; ++p) {
    auto r = layers::run_siting(pr, req(layers::SiteModel::Mclp, p, "8km"));
    CHECK(r.covered_poor_after >= prev - 1e-9);
    prev = r.covered_poor_after;
    double last_gain = INFINITY;
    for (const auto& o : r.offices)
      if (!o.existing) {
        CHECK(o.marginal_gain <= last_gain + 1e-9);
        last_gain = o.marginal_gain;
      }
  }
}

TEST_CASE("cluster mode: contiguous clusters of 2-3 communes within one district", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  auto rq = req(layers::SiteModel::Mclp, 1, "60min");
  rq.clusters = true;
  auto r = layers::run_siting(pr, rq);
  auto communes = pr.read("communes");
  const auto metric = gis::metric_crs_for(communes.extent());
  auto adj = gis::polygon_adjacency(gis::reproject(communes, metric), 50.0, 100.0);
  std::map<std::string, std::uint32_t> row;
  for (std::size_t c = 0; c < communes.size(); ++c) row[communes.column("adm3_pcode").text(c)] = static_cast<std::uint32_t>(c);
  auto adjacent = [&](std::uint32_t a, std::uint32_t b) {
    for (auto k = adj.first[a]; k < adj.first[a + 1]; ++k)
      if (adj.target[k] == b) return true;
    return false;
  };
  const auto& t = r.clusters_table;
  REQUIRE(t.size() == communes.size());  // every commune: in a cluster or listed as infeasible
  std::map<std::int64_t, std::vector<std::uint32_t>> members;
  std::map<std::int64_t, std::set<std::string>> districts;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto id = t.column("cluster_id").number(i);
    if (!id) continue;
    members[static_cast<std::int64_t>(*id)].push_back(row.at(t.column("adm3_pcode").text(i)));
    districts[static_cast<std::int64_t>(*id)].insert(t.column("district").text(i));
  }
  REQUIRE(!members.empty());
  for (auto& [id, m] : members) {
    CAPTURE(id);
    CHECK(m.size() >= 2);
    CHECK(m.size() <= 3);
    CHECK(districts[id].size() == 1);
    // Connected: a breadth-first search over the cluster reaches all members.
    std::set<std::uint32_t> seen{m[0]};
    std::vector<std::uint32_t> stack{m[0]};
    while (!stack.empty()) {
      auto u = stack.back();
      stack.pop_back();
      for (auto v : m)
        if (!seen.count(v) && adjacent(u, v)) seen.insert(v), stack.push_back(v);
    }
    CHECK(seen.size() == m.size());
  }
  // One office per cluster (existing offices may serve a cluster), existing kept.
  std::size_t new_offices = 0;
  for (const auto& o : r.offices) new_offices += !o.existing;
  CHECK(new_offices <= members.size());
  CHECK(new_offices + existing_ids(pr).size() >= members.size());
}

TEST_CASE("cluster mode reports a district that cannot be partitioned", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  auto rq = req(layers::SiteModel::Mclp, 1, "60min");
  rq.clusters = true;
  rq.cluster_min = rq.cluster_max = 3;  // districts of 11 and 7 communes cannot split into threes
  auto r = layers::run_siting(pr, rq);
  CHECK(!r.infeasible_districts.empty());
  std::size_t listed = 0;
  for (std::size_t i = 0; i < r.clusters_table.size(); ++i)
    if (r.clusters_table.column("cluster_id").is_null(i)) {
      ++listed;
      CHECK_THAT(r.clusters_table.column("status").text(i), Contains("infeasible"));
    }
  CHECK(listed > 0);
}

TEST_CASE("vans visit every commune beyond the offices within the cycle", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  auto rq = req(layers::SiteModel::Mclp, 1, "4km");
  rq.van_days_per_commune = 4;
  auto r = layers::run_siting(pr, rq);
  REQUIRE(r.van_communes > 0);
  CHECK(r.van_count >= r.van_lower_bound);
  const auto& v = r.vans_table;
  CHECK(v.size() == r.van_communes);
  std::map<std::int64_t, std::int64_t> last_end;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto van = static_cast<std::int64_t>(*v.column("van").number(i));
    const auto s = static_cast<std::int64_t>(*v.column("start_day").number(i));
    const auto e = static_cast<std::int64_t>(*v.column("end_day").number(i));
    CHECK(e - s + 1 == 4);
    CHECK(e <= 60);
    CHECK(s > last_end[van]);
    last_end[van] = e;
  }
}

TEST_CASE("infeasible siting requests give clear errors", "[siting]") {
  auto pr = layers::Project::open(sample().path.string());
  SECTION("p larger than the candidates") {
    auto rq = req(layers::SiteModel::Mclp, 10);
    rq.candidates = "districts";
    CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("larger than the 4 candidate"));
  }
  SECTION("capacity below demand") {
    auto rq = req(layers::SiteModel::Pmedian, 2);
    rq.capacity = 10;
    CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("capacity below demand"));
  }
  SECTION("gap demand without the gap analysis") {
    auto rq = req(layers::SiteModel::Mclp, 2);
    rq.demand = layers::SiteDemand::HouseholdsTimesGaps;
    CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("gap_classes"));
  }
  SECTION("unknown candidates layer, bad province, bad scenario name") {
    auto rq = req(layers::SiteModel::Mclp, 2);
    rq.candidates = "halls";
    CHECK_THROWS_AS(layers::run_siting(pr, rq), gis::UsageError);
    rq.candidates = "communes";
    rq.province = "KH99";
    CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("KH99"));
    rq.province.clear();
    rq.scenario = "bad name;";
    CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("not valid"));
  }
}

TEST_CASE("no candidate within reach is an error", "[siting]") {
  SampleCopy copy;
  {
    // A candidate layer with one point far outside the province.
    gis::VectorLayer far;
    far.name = "far_points";
    far.crs = "EPSG:4326";
    far.geom.kind = gis::GeometryKind::Point;
    auto pr = layers::Project::open(copy.path.string());
    auto c = pr.read("communes");
    auto e = c.extent();
    far.geom.add_point((e.xmin + e.xmax) / 2, (e.ymin + e.ymax) / 2);
    far.geom.end_feature();
    far.fids.push_back(1);
    layers::ProjectWriter w(copy.path.string());
    w.put(far, far.name);
    w.commit();
  }
  auto pr = layers::Project::open(copy.path.string());
  auto rq = req(layers::SiteModel::Mclp, 1, "10m");
  rq.candidates = "far_points";
  CHECK_THROWS_WITH(layers::run_siting(pr, rq), Contains("no candidate site is within"));
}

TEST_CASE("scenarios are stored, listed, compared and not silently replaced", "[siting]") {
  SampleCopy copy;
  auto pr = layers::Project::open(copy.path.string());
  auto a = req(layers::SiteModel::Mclp, 1);
  a.scenario = "one";
  auto b = req(layers::SiteModel::Mclp, 3);
  b.scenario = "three";
  for (auto* rq : {&a, &b}) {
    auto r = layers::run_siting(pr, *rq);
    layers::ProjectWriter w(copy.path.string());
    layers::stage_scenario(pr, r, w, false);
    w.commit();
    pr = layers::Project::open(copy.path.string());
  }
  auto rows = layers::list_scenarios(pr);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "one");
  CHECK(rows[1].name == "three");
  CHECK(rows[1].covered_poor_after >= rows[0].covered_poor_after);
  CHECK(pr.has("scenario_one_offices"));
  CHECK(pr.has("scenario_three_assignment"));
  CHECK(pr.has("scenario_three_vans"));
  auto cmp = layers::compare_scenarios(pr, "one", "three");
  REQUIRE(!cmp.rows.empty());
  CHECK(cmp.rows.back().covered_a == Approx(rows[0].covered_poor_after));
  CHECK(cmp.rows.back().covered_b == Approx(rows[1].covered_poor_after));
  CHECK_THROWS_WITH(layers::compare_scenarios(pr, "one", "nope"), Contains("nope"));
  // Same name again: refused unless replace.
  auto r = layers::run_siting(pr, a);
  layers::ProjectWriter w(copy.path.string());
  CHECK_THROWS_WITH(layers::stage_scenario(pr, r, w, false), Contains("already exists"));
  layers::ProjectWriter w2(copy.path.string());
  layers::stage_scenario(pr, r, w2, true);
  w2.commit();
  CHECK(layers::list_scenarios(layers::Project::open(copy.path.string())).size() == 2);
}
