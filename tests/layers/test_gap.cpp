// Tests of layers/gap on a tiny hand-made project whose every number is computed by hand
// below: deprivation sources (villages, commune field, percent, out of range, indicator
// table, quantile), the 2x2 classes with their reasons, aggregation up the admin ladder
// (sums, never means) and the district priority index.
//
// Fixture (built in EPSG:32648 metres, stored in EPSG:4326; y = 1,405,000 unless noted).
// Six 10 km square communes in a row, x from 500 km (C1) to 560 km (C6):
//   district KH0101: C1 KH010101 [500,510) km, C2 KH010102 [510,520), C3 KH010103 [520,530)
//   district KH0102: C4 KH010201 [530,540), C5 KH010202 [540,550), C6 KH010203 [550,560)
//   district KH0103: no commune at all (its priority component is 0)
// Facilities: A health_centre at x=510 km (cap_people NULL -> people_per_facility),
//             B health_centre at x=535 km (cap_people 300),
//             S school_upper_secondary at (500.5, 1409.5) km (ignored for health_centre).
// Villages (households, poor_hh; distance to the nearest health centre):
//   v1 C1 x=507   100, 10   A 3000 m   (E2SFCA band 1: <= 3333.3 m, weight 1)
//   v2 C2 x=515   200, 80   A 5000 m   (band 2: <= 6666.7 m, weight 0.68)
//   v3a C3 x=521  100,  5   A 11000 m  (beyond 10 km)
//   v3b C3 x=529  100,  5   B 6000 m   (band 2, weight 0.68)
//   v4 C4 (535, 1407) 300, 120  B 2000 m (band 1)
//   v5 C5 x=548   100, 130  B 13000 m  (beyond; poor > households: rate 1.3)
//   C6 has no village.
// Settings: threshold 10 km, coverage norm 0.8, capacity norm 1, people_per_facility 2000,
// capacity_field cap_people, persons_per_household 4.2 (population = households x 4.2).
//   population: v1 420, v2 840, v3a 420, v3b 420, v4 1260, v5 420
//   facility A: weighted demand 420*1 + 840*0.68 = 991.2; R_A = 2000 / 991.2 = 2.0177562550
//   facility B: weighted demand 420*0.68 + 1260*1 = 1545.6; R_B = 300 / 1545.6 = 0.1940993789
//   capacity ratio (household-weighted mean of A_i):
//     C1 R_A = 2.01776; C2 0.68 R_A = 1.37207; C3 (0 + 100 * 0.68 R_B) / 200 = 0.34 R_B = 0.06599;
//     C4 R_B = 0.19410; C5 0
//   coverage: C1 1, C2 1, C3 100/200 = 0.5, C4 1, C5 0
//   deprivation (villages): C1 0.1, C2 0.4, C3 10/200 = 0.05, C4 0.4, C5 1.3 (flagged), C6 none
//   classes at 0.25: C1 served, C2 unaffordable, C3 unavailable (coverage), C4
//     unavailable_unaffordable (capacity), C5 not_classified (rate outside 0-1), C6 not_classified
//     (no villages).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>
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
using Catch::Matchers::StartsWith;

namespace {

constexpr double kY = 1405000;
constexpr const char* kUtm = "EPSG:32648";

void num(gis::Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); }

std::pair<double, double> to_lonlat(double x, double y) {
  std::vector<double> xs{x}, ys{y};
  gis::Transformer(kUtm, "EPSG:4326").transform(xs, ys);
  return {xs[0], ys[0]};
}

void add_square(gis::VectorLayer& l, double x0, double y0, double side) {
  std::vector<double> xs{x0, x0 + side, x0 + side, x0, x0}, ys{y0, y0, y0 + side, y0 + side, y0};
  gis::Transformer(kUtm, "EPSG:4326").transform(xs, ys);
  l.geom.kind = gis::GeometryKind::Polygon;
  l.geom.begin_feature();
  l.geom.begin_part();
  l.geom.add_ring(xs.data(), ys.data(), xs.size());
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

void add_point(gis::VectorLayer& l, double x, double y) {
  auto [lon, lat] = to_lonlat(x, y);
  l.geom.kind = gis::GeometryKind::Point;
  l.geom.begin_feature();
  l.geom.add_point(lon, lat);
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

const char* kCommunes[6] = {"KH010101", "KH010102", "KH010103", "KH010201", "KH010202", "KH010203"};

struct Fixture {
  fs::path dir, path;
  Fixture() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("swsplan_test_gap_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "fixture.gpkg";

    gis::VectorLayer prov;
    prov.name = "provinces";
    prov.crs = "EPSG:4326";
    add_square(prov, 500000, 1400000, 70000);
    gis::Column p1("adm1_pcode", gis::FieldType::String), pn("name_en", gis::FieldType::String);
    p1.push(std::string("KH01"));
    pn.push(std::string("Fixture province"));
    prov.columns = {p1, pn};

    gis::VectorLayer dist;
    dist.name = "districts";
    dist.crs = "EPSG:4326";
    gis::Column d2("adm2_pcode", gis::FieldType::String), d1("adm1_pcode", gis::FieldType::String),
         dn("name_en", gis::FieldType::String);
    const double dx0[3] = {500000, 530000, 560000}, dw[3] = {30000, 30000, 10000};
    for (int d = 0; d < 3; ++d) {
      add_square(dist, dx0[d], 1400000, dw[d]);
      d2.push("KH010" + std::to_string(d + 1));
      d1.push(std::string("KH01"));
      dn.push("District " + std::to_string(d + 1));
    }
    dist.columns = {d2, d1, dn};

    gis::VectorLayer com;
    com.name = "communes";
    com.crs = "EPSG:4326";
    gis::Column c3("adm3_pcode", gis::FieldType::String), c2("adm2_pcode", gis::FieldType::String),
         c1("adm1_pcode", gis::FieldType::String), cn("name_en", gis::FieldType::String),
         pct("dep_pct", gis::FieldType::Real), share("dep_share", gis::FieldType::Real);
    const double dep_pct[6] = {10, 40, 5, 40, NAN, 20};
    const double dep_share[6] = {0.1, 0.4, 0.05, 0.4, 1.3, NAN};
    for (int c = 0; c < 6; ++c) {
      add_square(com, 500000 + 10000.0 * c, 1400000, 10000);
      c3.push(std::string(kCommunes[c]));
      c2.push(std::string(kCommunes[c]).substr(0, 6));
      c1.push(std::string("KH01"));
      cn.push("Commune " + std::to_string(c + 1));
      num(pct, dep_pct[c]);
      num(share, dep_share[c]);
    }
    com.columns = {c3, c2, c1, cn, pct, share};

    gis::VectorLayer vil;
    vil.name = "villages";
    vil.crs = "EPSG:4326";
    gis::Column vc("vil_code", gis::FieldType::String), va("adm3_pcode", gis::FieldType::String),
         hh("households", gis::FieldType::Real), poor("poor_hh", gis::FieldType::Real);
    struct V {
      const char* code;
      int commune;
      double x, y, hh, poor;
    };
    const V vs[] = {{"01010101", 0, 507000, kY, 100, 10},  {"01010201", 1, 515000, kY, 200, 80},
                    {"01010301", 2, 521000, kY, 100, 5},   {"01010302", 2, 529000, kY, 100, 5},
                    {"01020101", 3, 535000, 1407000, 300, 120}, {"01020201", 4, 548000, kY, 100, 130}};
    for (const auto& v : vs) {
      add_point(vil, v.x, v.y);
      vc.push(std::string(v.code));
      va.push(std::string(kCommunes[v.commune]));
      hh.push(v.hh);
      poor.push(v.poor);
    }
    vil.columns = {vc, va, hh, poor};

    gis::VectorLayer fac;
    fac.name = "facilities";
    fac.crs = "EPSG:4326";
    gis::Column fid("facility_id", gis::FieldType::String), sv("service", gis::FieldType::String),
         cap("cap_people", gis::FieldType::Real);
    add_point(fac, 510000, kY);
    fid.push(std::string("A"));
    sv.push(std::string("health_centre"));
    cap.push_null();
    add_point(fac, 535000, kY);
    fid.push(std::string("B"));
    sv.push(std::string("health_centre"));
    cap.push(300.0);
    add_point(fac, 500500, 1409500);
    fid.push(std::string("S"));
    sv.push(std::string("school_upper_secondary"));
    cap.push(5000.0);
    fac.columns = {fid, sv, cap};

    gis::VectorLayer ind;
    ind.name = "ind_fixture";
    gis::Column ik("adm3_pcode", gis::FieldType::String), in("n", gis::FieldType::Real),
         id("d", gis::FieldType::Real), il("lat_pct", gis::FieldType::Real);
    const char* keys[] = {"KH010101", "KH010102", "KH010201", "KH010202", "KH010203"};
    // lat_pct: percent of households with an improved latrine (lower is worse).
    const double ns[] = {1, 4, 3, 2, 7}, ds[] = {10, 10, 0, 10, 10}, lat[] = {90, 20, 30, 10, 60};
    for (int i = 0; i < 5; ++i) {
      ind.fids.push_back(i + 1);
      ind.geom.add_empty_feature();
      ik.push(std::string(keys[i]));
      in.push(ns[i]);
      id.push(ds[i]);
      il.push(lat[i]);
    }
    ind.columns = {ik, in, id, il};

    // Child deprivation by commune (see the test cases for the hand computation); san_pct is
    // in percent, health 1.4 in C5 is out of range, KH019999 matches no commune.
    gis::VectorLayer chc;
    gis::Column ck("adm3_pcode", gis::FieldType::String), ch("health", gis::FieldType::Real),
         cnu("nutrition", gis::FieldType::Real), ced("education", gis::FieldType::Real),
         csa("san_pct", gis::FieldType::Real), cch("children", gis::FieldType::Real);
    struct CRow {
      const char* key;
      double health, nutrition, education, san_pct, children;
    };
    const CRow crows[] = {{"KH010101", 0.1, 0.2, 0, 10, 50},   {"KH010102", 0.6, 0.4, 0, 70, 10},
                          {"KH010103", 1.0, 0, 0, 50, 30},     {"KH010201", 0.2, 0.5, 0.1, 20, 100},
                          {"KH010202", 1.4, 0, 0, 80, 40},     {"KH019999", 0.3, 0, 0, 0, 5}};
    for (const auto& r : crows) {
      chc.fids.push_back(static_cast<std::int64_t>(chc.fids.size() + 1));
      chc.geom.add_empty_feature();
      ck.push(std::string(r.key));
      ch.push(r.health);
      cnu.push(r.nutrition);
      ced.push(r.education);
      csa.push(r.san_pct);
      cch.push(r.children);
    }
    chc.columns = {ck, ch, cnu, ced, csa, cch};

    // Child deprivation by village: 0/1 flags; v4 lacks water, v5 is absent.
    gis::VectorLayer chv;
    gis::Column vk("vil_code", gis::FieldType::String), vh("health", gis::FieldType::Integer),
         vw("water", gis::FieldType::Integer);
    const char* vkeys[] = {"01010101", "01010201", "01010301", "01010302", "01020101"};
    const int vhs[] = {1, 0, 1, 1, 0}, vws[] = {1, 0, 0, 1, -1};
    for (int i = 0; i < 5; ++i) {
      chv.fids.push_back(i + 1);
      chv.geom.add_empty_feature();
      vk.push(std::string(vkeys[i]));
      vh.push(static_cast<std::int64_t>(vhs[i]));
      vws[i] < 0 ? vw.push_null() : vw.push(static_cast<std::int64_t>(vws[i]));
    }
    chv.columns = {vk, vh, vw};

    layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
    w.put(prov, "provinces");
    w.put(dist, "districts");
    w.put(com, "communes");
    w.put(vil, "villages");
    w.put(fac, "facilities");
    w.put(ind, "ind_fixture");
    w.put(chc, "ind_child");
    w.put(chv, "ind_child_vil");
    w.commit();
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const Fixture& fixture() {
  static Fixture f;
  return f;
}

layers::ServiceSettings hc_settings(double people_per_facility = 2000) {
  auto s = layers::default_settings(layers::Service::HealthCentre);
  s.mode = layers::AccessMode::Line;
  s.threshold = layers::Threshold::parse("10km");
  s.coverage_norm_0_1 = 0.8;
  s.capacity_norm = 1.0;
  s.people_per_facility = people_per_facility;
  s.capacity_field = "cap_people";
  return s;
}

struct Run {
  layers::Project project;
  layers::AccessInputs in;
  layers::AnalysisSettings a;
  layers::ServiceAccess acc;
  layers::Deprivation dep;
  std::vector<layers::GapRow> rows;
};

Run run(const layers::AnalysisSettings& a = {}, double ppf = 2000) {
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto acc = layers::compute_access(in, hc_settings(ppf), a);
  auto dep = layers::compute_deprivation(p, in, a);
  auto rows = layers::classify(in, acc, dep);
  return {std::move(p), std::move(in), a, std::move(acc), std::move(dep), std::move(rows)};
}

std::vector<std::string> classes(const std::vector<layers::GapRow>& rows) {
  std::vector<std::string> v;
  for (const auto& r : rows) v.emplace_back(layers::to_string(r.cls));
  return v;
}

constexpr double kRA = 2000.0 / 991.2, kRB = 300.0 / 1545.6;

}  // namespace

TEST_CASE("gap fixture: coverage and E2SFCA capacity ratio equal the hand computation", "[gap]") {
  auto r = run();
  REQUIRE(r.in.communes.size() == 6);
  REQUIRE(r.acc.facility_rows.size() == 2);  // the school is not a health centre
  const auto& cov = r.acc.coverage.share_covered_0_1;
  CHECK(cov[0] == Approx(1.0));
  CHECK(cov[1] == Approx(1.0));
  CHECK(cov[2] == Approx(0.5));
  CHECK(cov[3] == Approx(1.0));
  CHECK(cov[4] == Approx(0.0).margin(1e-12));
  CHECK(r.acc.villages_in_commune[5] == 0);
  const auto& cap = r.acc.capacity_ratio;
  CHECK(cap[0] == Approx(kRA).epsilon(1e-9));
  CHECK(cap[1] == Approx(0.68 * kRA).epsilon(1e-9));
  CHECK(cap[2] == Approx(0.34 * kRB).epsilon(1e-9));
  CHECK(cap[3] == Approx(kRB).epsilon(1e-9));
  CHECK(cap[4] == Approx(0.0).margin(1e-12));
  CHECK(std::isnan(cap[5]));
  CHECK(r.acc.households[2] == Approx(200));
  CHECK(r.acc.households[3] == Approx(300));
}

TEST_CASE("gap fixture: each of the four classes and not_classified with its reason", "[gap]") {
  auto r = run();
  CHECK(r.dep.threshold_0_1 == Approx(0.25));
  CHECK(r.dep.rate_0_1[0] == Approx(0.1));
  CHECK(r.dep.rate_0_1[1] == Approx(0.4));
  CHECK(r.dep.rate_0_1[2] == Approx(0.05));
  CHECK(r.dep.rate_0_1[3] == Approx(0.4));
  CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "unavailable", "unavailable_unaffordable",
                                                    "not_classified", "not_classified"});
  // C3 fails on coverage, C4 on capacity alone.
  CHECK(!r.rows[2].available);
  CHECK(r.rows[3].coverage_0_1 == Approx(1.0));
  CHECK(!r.rows[3].available);
  CHECK(r.rows[3].deprived);
  // C5: rate 1.3 flagged, not clipped; it is not classified and says why.
  CHECK(std::isnan(r.dep.rate_0_1[4]));
  CHECK_THAT(r.dep.flag[4], Contains("1.3") && Contains("outside 0-1") && Contains("not clipped"));
  CHECK_THAT(r.rows[4].reason, StartsWith("no deprivation rate") && Contains("1.3"));
  CHECK(r.rows[5].reason == "no villages in the commune");
  for (std::size_t c = 0; c < 4; ++c) CHECK(r.rows[c].reason.empty());
  // Poor households follow the villages: sums of poor_hh.
  CHECK(r.rows[1].poor_households == Approx(80));
  CHECK(r.rows[3].poor_households == Approx(120));
}

TEST_CASE("gap fixture: a covered commune with too little capacity is unavailable", "[gap]") {
  // people_per_facility 1000: R_A = 1000 / 991.2 = 1.00888, so C1 (ratio R_A) stays available
  // but C2 (0.68 R_A = 0.686) becomes unavailable although fully covered.
  auto r = run({}, 1000);
  CHECK(r.acc.capacity_ratio[0] == Approx(1000.0 / 991.2));
  CHECK(r.acc.capacity_ratio[1] == Approx(0.68 * 1000.0 / 991.2));
  CHECK(classes(r.rows)[0] == "served");
  CHECK(classes(r.rows)[1] == "unavailable_unaffordable");
  CHECK(r.rows[1].coverage_0_1 == Approx(1.0));
}

TEST_CASE("deprivation from a commune field: percent converted, 1.3 flagged not clipped", "[gap]") {
  SECTION("percent") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:dep_pct";
    auto r = run(a);
    CHECK(!r.dep.from_villages);
    REQUIRE(!r.dep.warnings.empty());
    CHECK_THAT(r.dep.warnings[0], Contains("percent"));
    CHECK(r.dep.rate_0_1[0] == Approx(0.10));
    CHECK(r.dep.rate_0_1[1] == Approx(0.40));
    CHECK(r.dep.rate_0_1[2] == Approx(0.05));
    CHECK(r.dep.rate_0_1[5] == Approx(0.20));
    CHECK(std::isnan(r.dep.rate_0_1[4]));
    CHECK_THAT(r.rows[4].reason, Contains("no value of dep_pct"));
    // Same classes as from the villages (rates agree); poor = rate x households.
    CHECK(classes(r.rows)[1] == "unaffordable");
    CHECK(r.rows[1].poor_households == Approx(0.4 * 200));
  }
  SECTION("share with one value out of range") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:dep_share";
    auto r = run(a);
    CHECK(r.dep.warnings.empty());  // 1 of 5 values above 1: not percent
    CHECK(r.dep.rate_0_1[0] == Approx(0.1));
    CHECK(std::isnan(r.dep.rate_0_1[4]));
    CHECK_THAT(r.dep.flag[4], Contains("rate 1.3 is outside 0-1 (flagged, not clipped)"));
    CHECK(r.rows[4].cls == layers::GapClass::NotClassified);
    CHECK_THAT(r.rows[4].reason, Contains("rate 1.3 is outside 0-1"));
    CHECK(std::isnan(r.rows[4].poor_households));
  }
  SECTION("missing field is an InputError naming it") {
    layers::AnalysisSettings a;
    a.deprivation_source = "commune:no_such_field";
    auto p = layers::Project::open(fixture().path.string());
    auto in = layers::load_access_inputs(p);
    CHECK_THROWS_WITH(layers::compute_deprivation(p, in, a), Contains("no_such_field"));
    a.deprivation_source = "bogus";
    CHECK_THROWS_AS(layers::compute_deprivation(p, in, a), gis::InputError);
  }
}

TEST_CASE("deprivation from an indicator table numerator/denominator", "[gap]") {
  layers::AnalysisSettings a;
  a.deprivation_source = "indicator:fixture:n/d";
  auto r = run(a);
  CHECK(r.dep.rate_0_1[0] == Approx(0.1));
  CHECK(r.dep.rate_0_1[1] == Approx(0.4));
  CHECK(std::isnan(r.dep.rate_0_1[2]));
  CHECK_THAT(r.dep.flag[2], Contains("not in ind_fixture"));
  CHECK(std::isnan(r.dep.rate_0_1[3]));  // denominator 0
  CHECK_THAT(r.dep.flag[3], Contains("no usable value"));
  CHECK(r.dep.rate_0_1[4] == Approx(0.2));
  CHECK(r.dep.rate_0_1[5] == Approx(0.7));
  CHECK(r.rows[2].cls == layers::GapClass::NotClassified);
  CHECK(r.rows[4].cls == layers::GapClass::Unavailable);  // 0 coverage, 0.2 < 0.25
}

TEST_CASE("deprivation quantile threshold equals the hand-computed quantile", "[gap]") {
  // Valid village rates sorted: 0.05, 0.1, 0.4, 0.4. Quantile 0.3: position 0.3 * 3 = 0.9,
  // 0.05 + 0.9 * (0.1 - 0.05) = 0.095. C1 (0.1) becomes deprived: unaffordable.
  layers::AnalysisSettings a;
  a.deprivation_quantile_0_1 = 0.3;
  auto r = run(a);
  CHECK(r.dep.threshold_0_1 == Approx(0.095));
  CHECK_THAT(r.dep.threshold_rule, Contains("quantile 0.3"));
  CHECK(classes(r.rows)[0] == "unaffordable");
  CHECK(classes(r.rows)[2] == "unavailable");
  // Quantile 0.5: position 1.5 -> 0.1 + 0.5 * 0.3 = 0.25.
  a.deprivation_quantile_0_1 = 0.5;
  CHECK(run(a).dep.threshold_0_1 == Approx(0.25));
}

TEST_CASE("gap_summary: district, province and nation rows are sums of the commune rows", "[gap]") {
  auto r = run();
  layers::PriorityOptions opt;
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, opt);
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  const auto& gs = out.gap_summary;
  // Commune totals per unit, from the rows themselves.
  std::map<std::pair<std::string, std::string>, std::tuple<double, double, double>> expect;
  for (const auto& row : r.rows)
    for (const auto& [lvl, code] : std::vector<std::pair<std::string, std::string>>{
             {"district", row.adm3_pcode.substr(0, 6)}, {"province", row.adm3_pcode.substr(0, 4)}, {"nation", "KH"}}) {
      auto& [n, h, p] = expect[{lvl, code}];
      n += 1;
      if (std::isfinite(row.households)) h += row.households;
      if (std::isfinite(row.poor_households)) p += row.poor_households;
    }
  std::map<std::pair<std::string, std::string>, std::tuple<double, double, double>> got;
  for (std::size_t i = 0; i < gs.size(); ++i) {
    auto& [n, h, p] = got[{gs.column("level").text(i), gs.column("code").text(i)}];
    n += *gs.column("communes").number(i);
    h += gs.column("households").number(i).value_or(0);
    p += gs.column("poor_households").number(i).value_or(0);
  }
  REQUIRE(got.size() == expect.size());
  for (const auto& [k, v] : expect) {
    CAPTURE(k.first, k.second);
    CHECK(std::get<0>(got[k]) == std::get<0>(v));
    CHECK(std::get<1>(got[k]) == Approx(std::get<1>(v)));
    CHECK(std::get<2>(got[k]) == Approx(std::get<2>(v)));
  }
  // Hand totals: 6 communes, 900 households (C6 has none); district KH0101 500 households.
  CHECK(std::get<0>(got[{"nation", "KH"}]) == 6);
  CHECK(std::get<1>(got[{"nation", "KH"}]) == Approx(900));
  CHECK(std::get<1>(got[{"district", "KH0101"}]) == Approx(500));
  CHECK(std::get<1>(got[{"province", "KH01"}]) == Approx(900));
  // Households are summed: district KH0101's poor share from sums is 100 / 500 = 0.2, while
  // the mean of its commune shares is (0.1 + 0.4 + 0.05) / 3 = 0.1833.
  const double share = std::get<2>(got[{"district", "KH0101"}]) / std::get<1>(got[{"district", "KH0101"}]);
  CHECK(share == Approx(0.2));
  const double mean = (r.dep.rate_0_1[0] + r.dep.rate_0_1[1] + r.dep.rate_0_1[2]) / 3;
  CHECK(mean == Approx(0.55 / 3));
  CHECK(std::abs(share - mean) > 0.01);
  // Per class at district level: KH0101 has one commune in each of served / unaffordable / unavailable.
  for (std::size_t i = 0; i < gs.size(); ++i)
    if (gs.column("level").text(i) == "district" && gs.column("code").text(i) == "KH0101") {
      CHECK(*gs.column("communes").number(i) == 1);
      const auto cls = gs.column("class").text(i);
      const double h = *gs.column("households").number(i);
      if (cls == "served") CHECK(h == Approx(100));
      if (cls == "unaffordable") CHECK(h == Approx(200));
      if (cls == "unavailable") CHECK(h == Approx(200));
    }
}

TEST_CASE("gap_outputs: classes table, reasons and QGIS styles", "[gap]") {
  auto r = run();
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  const auto& gl = out.gap_classes;
  REQUIRE(gl.size() == 6);
  for (std::size_t i = 0; i < gl.size(); ++i) {
    const auto cls = gl.column("class").text(i);
    if (cls == "not_classified")
      CHECK_THAT(gl.column("reason").text(i), StartsWith("not classified: "));
    else
      CHECK(gl.column("reason").is_null(i));
    CHECK(gl.column("threshold").text(i) == "10km");
  }
  CHECK(out.gap_communes.size() == 6);
  CHECK(out.gap_communes.column("class_health_centre").text(3) == "unavailable_unaffordable");
  CHECK(out.gap_communes.column("deprivation_flag").text(4) != "");
  const auto& ls = out.layer_styles;
  REQUIRE(ls.size() == 3);
  CHECK(ls.column("f_table_name").text(0) == "gap_communes");
  CHECK(*ls.column("useAsDefault").number(0) == 1);
  CHECK(*ls.column("useAsDefault").number(1) == 0);
  CHECK_THAT(ls.column("styleQML").text(0), Contains("class_health_centre") && Contains("unavailable_unaffordable"));
  CHECK_THAT(ls.column("styleQML").text(1), Contains("deprivation_0_1"));
  // The district priority layer has its own default style (graduated on the index).
  CHECK(ls.column("f_table_name").text(2) == "district_priority");
  CHECK(*ls.column("useAsDefault").number(2) == 1);
  CHECK_THAT(ls.column("styleQML").text(2), Contains("graduatedSymbol") && Contains("priority_index"));
  // The priority layer carries one component per service.
  CHECK(out.district_priority.find("poor_in_gap_health_centre") >= 0);
}

TEST_CASE("district priority on the fixture: hand-computed ranking and rank ranges", "[gap][priority]") {
  auto r = run();
  // One service: poor households in gap communes. KH0101: C2 80 + C3 10 = 90; KH0102: C4 120
  // (C5 not classified); KH0103: 0. Min-max: 0.75, 1, 0 -> ranks 2, 1, 3.
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  REQUIRE(prio.adm2_pcode == std::vector<std::string>{"KH0101", "KH0102", "KH0103"});
  CHECK(prio.component[0][0] == Approx(90));
  CHECK(prio.component[0][1] == Approx(120));
  CHECK(prio.component[0][2] == Approx(0).margin(1e-12));
  CHECK(prio.index[0] == Approx(0.75));
  CHECK(prio.index[1] == Approx(1.0));
  CHECK(prio.rank == std::vector<int>{2, 1, 3});
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(prio.rank_min[i] <= prio.rank[i]);
    CHECK(prio.rank[i] <= prio.rank_max[i]);
  }
}

TEST_CASE("district priority with two services: weights, geometric mean, sensitivity", "[gap][priority]") {
  auto r = run();
  // Second service, built by hand: only C2 (district KH0101) is in a gap, 50 poor households.
  std::vector<layers::GapRow> second = r.rows;
  for (auto& row : second) row.cls = layers::GapClass::Served;
  second[1].cls = layers::GapClass::Unaffordable;
  second[1].poor_households = 50;
  // Normalised components: service 1 (0.75, 1, 0), service 2 (1, 0, 0).
  SECTION("equal weights, weighted sum") {
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, {});
    CHECK(prio.index[0] == Approx(0.875));
    CHECK(prio.index[1] == Approx(0.5));
    CHECK(prio.index[2] == Approx(0.0).margin(1e-12));
    CHECK(prio.rank == std::vector<int>{1, 2, 3});
    // KH0101 leads whenever w2 > 0.25 w1: stable under +-20 %.
    CHECK(prio.rank_min == prio.rank);
    CHECK(prio.rank_max == prio.rank);
  }
  SECTION("geometric mean of (1 + x), minus 1") {
    layers::PriorityOptions opt;
    opt.geometric = true;
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, opt);
    CHECK(prio.index[0] == Approx(std::sqrt(1.75 * 2.0) - 1));
    CHECK(prio.index[1] == Approx(std::sqrt(2.0) - 1));
    CHECK(prio.index[2] == Approx(0.0).margin(1e-12));
    CHECK(prio.rank == std::vector<int>{1, 2, 3});
  }
  SECTION("a tie broken differently by the +-20 % moves shows up as a rank range") {
    // Service 2 only in KH0101 with the same gap as service 1's in KH0102: components
    // (0.75, 1, 0) and (1, 0, 0) -> give service 1 weight 4, service 2 weight 1:
    // KH0101 = (3 + 1) / 5 = 0.8, KH0102 = 4 / 5 = 0.8: a tie at the centre, split either way
    // by the moved weights.
    layers::PriorityOptions opt;
    opt.weights = {4, 1};
    auto prio = layers::district_priority(r.project, r.in, {r.rows, second}, opt);
    CHECK(prio.index[0] == Approx(0.8));
    CHECK(prio.index[1] == Approx(0.8));
    CHECK(prio.rank_min[0] == 1);
    CHECK(prio.rank_max[0] == 2);
    CHECK(prio.rank_min[1] == 1);
    CHECK(prio.rank_max[1] == 2);
    CHECK(prio.rank_min[2] == 3);
    CHECK(prio.rank_max[2] == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(prio.rank_min[i] <= prio.rank[i]);
      CHECK(prio.rank[i] <= prio.rank_max[i]);
    }
  }
}

TEST_CASE("custom indicator with lower_is_worse: deprived below the threshold, households on the bad side", "[gap]") {
  // lat_pct (percent with an improved latrine) -> C1 0.9, C2 0.2, C3 missing, C4 0.3,
  // C5 0.1, C6 0.6. Lower is worse at 0.25: C2 and C5 deprived.
  layers::AnalysisSettings a;
  a.deprivation_source = "indicator:fixture:lat_pct";
  a.deprivation_lower_is_worse = true;
  auto r = run(a);
  REQUIRE(!r.dep.warnings.empty());
  CHECK_THAT(r.dep.warnings[0], Contains("percent"));
  CHECK(r.dep.rate_0_1[1] == Approx(0.2));
  CHECK(r.dep.rate_0_1[3] == Approx(0.3));
  CHECK_THAT(r.dep.threshold_rule, Contains("lower is worse"));
  CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "not_classified", "unavailable",
                                                    "unavailable_unaffordable", "not_classified"});
  CHECK_THAT(r.rows[2].reason, Contains("not in ind_fixture"));
  // Households counted are those without a latrine: (1 - 0.2) x 200 and (1 - 0.3) x 300.
  CHECK(r.rows[1].poor_households == Approx(160));
  CHECK(r.rows[3].poor_households == Approx(210));
  // The gap_communes "deprived" column follows the direction too.
  auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
  auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
  CHECK(*out.gap_communes.column("deprived").number(0) == 0);
  CHECK(*out.gap_communes.column("deprived").number(1) == 1);
  CHECK(!out.child_deprivation);

  SECTION("national quantile 0.25 on the low side") {
    // Sorted 0.1, 0.2, 0.3, 0.6, 0.9: position 0.25 * 4 = 1 -> 0.2; deprived when <= 0.2.
    a.deprivation_quantile_0_1 = 0.25;
    auto q = run(a);
    CHECK(q.dep.threshold_0_1 == Approx(0.2));
    CHECK(classes(q.rows) == classes(r.rows));
  }
  SECTION("the same field read as higher_is_worse flips the calls") {
    a.deprivation_lower_is_worse = false;
    auto h = run(a);
    CHECK(classes(h.rows) == std::vector<std::string>{"unaffordable", "served", "not_classified",
                                                      "unavailable_unaffordable", "unavailable", "not_classified"});
  }
}

TEST_CASE("child deprivation by commune: counts, 0/1/2+ shares weighted by households, flags", "[gap][child]") {
  // Cut-off 0.5 (inclusive), san_pct percent -> 0.1, 0.7, 0.5, 0.2, 0.8:
  //   C1 health .1 nutrition .2 education 0 sanitation .1 -> 0 deprivations (100 hh)
  //   C2 .6 .4 0 .7 -> 2 (health, sanitation) (200 hh)
  //   C3 1 0 0 .5 -> 2 (200 hh)
  //   C4 .2 .5 .1 .2 -> 1 (nutrition) (300 hh)
  //   C5 health 1.4: flagged, not clipped; C6 not in the table; KH019999 matches no commune.
  layers::AnalysisSettings a;
  a.child_deprivation_table = "child";
  a.child_deprivation_fields = "health=health;nutrition=nutrition;education=education;sanitation=san_pct";
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto cd = layers::compute_child_deprivation(p, in, a);
  REQUIRE(cd.present);
  CHECK(cd.level == "commune");
  CHECK(cd.dimensions == std::vector<std::string>{"health", "nutrition", "education", "sanitation"});
  CHECK(cd.count[0] == 0);
  CHECK(cd.count[1] == 2);
  CHECK(cd.count[2] == 2);
  CHECK(cd.count[3] == 1);
  CHECK(std::isnan(cd.count[4]));
  CHECK(cd.units_unknown[4] == 1);
  CHECK_THAT(cd.flag[4], Contains("health = 1.4 is outside 0-1 (flagged, not clipped)"));
  CHECK_THAT(cd.flag[5], Contains("commune not in ind_child"));
  bool pct = false, unmatched = false;
  for (const auto& w : cd.warnings) {
    pct = pct || (w.find("san_pct") != std::string::npos && w.find("percent") != std::string::npos);
    unmatched = unmatched || w.find("KH019999") != std::string::npos;
  }
  CHECK(pct);
  CHECK(unmatched);
  CHECK(cd.share(1, 2) == Approx(1.0));
  CHECK(cd.share(3, 1) == Approx(1.0));
  CHECK(std::isnan(cd.share(4, 2)));

  auto t = layers::child_deprivation_table(in, cd);
  auto row = [&](const std::string& level, const std::string& code) {
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t.column("level").text(i) == level && t.column("code").text(i) == code) return i;
    FAIL("no row " << level << " " << code);
    return std::size_t{0};
  };
  // District KH0101 (C1, C2, C3): households 100 with 0, 400 with 2+ -> 2+ share 0.8,
  // while the share of communes (and the mean of commune shares) is 2/3: sums, not means.
  auto d1 = row("district", "KH0101");
  CHECK(*t.column("units_0").number(d1) == 1);
  CHECK(*t.column("units_2plus").number(d1) == 2);
  CHECK(*t.column("weight_2plus").number(d1) == Approx(400));
  CHECK(*t.column("weight_share_2plus_0_1").number(d1) == Approx(0.8));
  CHECK(*t.column("units_share_2plus_0_1").number(d1) == Approx(2.0 / 3));
  // District KH0102: C4 (1 deprivation, 300 hh), C5 unknown, C6 absent.
  auto d2 = row("district", "KH0102");
  CHECK(*t.column("units_1").number(d2) == 1);
  CHECK(*t.column("units_unknown").number(d2) == 1);
  CHECK(*t.column("weight_share_1_0_1").number(d2) == Approx(1.0));
  // Nation: 100 / 300 / 400 households with 0 / 1 / 2+.
  auto n = row("nation", "KH");
  CHECK(*t.column("weight_share_0_0_1").number(n) == Approx(0.125));
  CHECK(*t.column("weight_share_1_0_1").number(n) == Approx(0.375));
  CHECK(*t.column("weight_share_2plus_0_1").number(n) == Approx(0.5));
  CHECK(*t.column("units_unknown").number(n) == 1);
  CHECK(t.column("weight_basis").text(n) == "households");
  // Province = nation here, and each level's units add up to the communes'.
  auto pr = row("province", "KH01");
  for (const char* f : {"units_0", "units_1", "units_2plus", "units_unknown", "weight_0", "weight_1", "weight_2plus"})
    CHECK(*t.column(f).number(pr) == Approx(*t.column(f).number(n)));
  CHECK(*t.column("deprivations").number(row("commune", "KH010102")) == 2);

  SECTION("weighted by a children field instead of households") {
    // Children: C1 50 (0), C2 10 (2+), C3 30 (2+), C4 100 (1): KH0101 2+ share 40 / 90.
    a.child_deprivation_weight = "children";
    auto cw = layers::compute_child_deprivation(p, in, a);
    CHECK(cw.weight == "children");
    auto tw = layers::child_deprivation_table(in, cw);
    for (std::size_t i = 0; i < tw.size(); ++i)
      if (tw.column("code").text(i) == "KH0101") CHECK(*tw.column("weight_share_2plus_0_1").number(i) == Approx(40.0 / 90));
  }
  SECTION("as the deprivation source: rate = share with 2+ deprivations") {
    a.deprivation_source = "child_deprivation";
    auto r = run(a);
    CHECK(r.dep.rate_0_1[0] == Approx(0.0).margin(1e-12));
    CHECK(r.dep.rate_0_1[1] == Approx(1.0));
    CHECK(r.dep.rate_0_1[3] == Approx(0.0).margin(1e-12));
    CHECK(classes(r.rows) == std::vector<std::string>{"served", "unaffordable", "unavailable_unaffordable",
                                                      "unavailable", "not_classified", "not_classified"});
    CHECK_THAT(r.rows[4].reason, Contains("health = 1.4"));
    CHECK(r.rows[1].poor_households == Approx(200));
    auto prio = layers::district_priority(r.project, r.in, {r.rows}, {});
    auto out = layers::gap_outputs(r.project, r.in, {r.acc}, {r.rows}, r.dep, prio);
    REQUIRE(out.child_deprivation);
    CHECK(out.child_deprivation->size() == t.size());
    CHECK(*out.gap_communes.column("child_deprivations").number(2) == 2);
    CHECK(*out.gap_communes.column("child_dep_2plus_0_1").number(1) == Approx(1.0));
    CHECK_THAT(out.gap_communes.column("child_dep_flag").text(4), Contains("1.4"));
  }
}

TEST_CASE("child deprivation by village: commune shares weighted by village households", "[gap][child]") {
  // Flags health, water: v1 (C1, 100 hh) 1,1 -> 2; v2 (C2, 200) 0,0 -> 0; v3a (C3, 100) 1,0 -> 1;
  // v3b (C3, 100) 1,1 -> 2; v4 (C4) water missing; v5 (C5) absent. Columns named after the
  // dimensions are found without a mapping.
  layers::AnalysisSettings a;
  a.child_deprivation_table = "ind_child_vil";
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto cd = layers::compute_child_deprivation(p, in, a);
  CHECK(cd.level == "village");
  CHECK(cd.dimensions == std::vector<std::string>{"health", "water"});
  CHECK(cd.share(0, 2) == Approx(1.0));
  CHECK(cd.share(1, 0) == Approx(1.0));
  CHECK(cd.share(2, 1) == Approx(0.5));
  CHECK(cd.share(2, 2) == Approx(0.5));
  CHECK(cd.count[2] == Approx(1.5));  // (100 x 1 + 100 x 2) / 200
  CHECK(cd.units[1][2] == 1);
  CHECK(cd.units[2][2] == 1);
  CHECK_THAT(cd.flag[3], Contains("village 01020101") && Contains("no value of water"));
  CHECK_THAT(cd.flag[4], Contains("no village of the commune"));
  a.deprivation_source = "child_deprivation";
  auto d = layers::compute_deprivation(p, in, a);
  CHECK(d.rate_0_1[2] == Approx(0.5));
  CHECK(std::isnan(d.rate_0_1[3]));
  CHECK_THAT(d.flag[3], Contains("no value of water"));
}

TEST_CASE("child deprivation by village: a commune with only some of its villages in the table gets no rate",
          "[gap][child]") {
  // C3 has two villages (01010301, 01010302); the table lists only the first.
  const auto path = fixture().path.string();
  {
    auto p = layers::Project::open(path);
    auto t = p.read("ind_child_vil");
    auto part = gis::select_rows(t, {0, 2});  // v1 (C1) and v3a (C3)
    layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
    w.put(part, "ind_child_vil_part");
    w.commit();
  }
  auto p = layers::Project::open(path);
  auto in = layers::load_access_inputs(p);
  layers::AnalysisSettings a;
  a.child_deprivation_table = "ind_child_vil_part";
  auto cd = layers::compute_child_deprivation(p, in, a);
  CHECK(cd.flag[0].empty());  // C1: its only village is listed
  CHECK_THAT(cd.flag[2], Contains("only 1 of 2 villages"));
  a.deprivation_source = "child_deprivation";
  auto d = layers::compute_deprivation(p, in, a);
  CHECK(d.rate_0_1[0] == Approx(1.0));
  CHECK(std::isnan(d.rate_0_1[2]));
  CHECK_THAT(d.flag[2], Contains("only 1 of 2 villages"));
}

TEST_CASE("child deprivation settings errors name the setting, table or field", "[gap][child]") {
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  layers::AnalysisSettings a;
  CHECK(!layers::compute_child_deprivation(p, in, a).present);
  a.child_deprivation_table = "nope";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("ind_nope") && Contains("child_deprivation_table"));
  a.child_deprivation_table = "child";
  a.child_deprivation_fields = "happiness=health";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("happiness") && Contains("not a dimension"));
  a.child_deprivation_fields = "health=no_such_column";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("no_such_column"));
  a.child_deprivation_fields = "health=health;health=san_pct";
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("mapped twice"));
  a.child_deprivation_fields = "";
  a.child_deprivation_table = "fixture";  // no column named after a dimension
  CHECK_THROWS_WITH(layers::compute_child_deprivation(p, in, a), Contains("no column named after a dimension"));
}
