#pragma once
// The hand-made gap fixture shared by test_gap.cpp and test_gap_child.cpp (see the
// description at the top of test_gap.cpp: every number there is computed by hand).
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

namespace gap_fixture {

constexpr double kY = 1405000;
constexpr const char* kUtm = "EPSG:32648";

inline void num(gis::Column& c, double v) { std::isfinite(v) ? c.push(v) : c.push_null(); }

inline std::pair<double, double> to_lonlat(double x, double y) {
  std::vector<double> xs{x}, ys{y};
  gis::Transformer(kUtm, "EPSG:4326").transform(xs, ys);
  return {xs[0], ys[0]};
}

inline void add_square(gis::VectorLayer& l, double x0, double y0, double side) {
  std::vector<double> xs{x0, x0 + side, x0 + side, x0, x0}, ys{y0, y0, y0 + side, y0 + side, y0};
  gis::Transformer(kUtm, "EPSG:4326").transform(xs, ys);
  l.geom.kind = gis::GeometryKind::Polygon;
  l.geom.begin_feature();
  l.geom.begin_part();
  l.geom.add_ring(xs.data(), ys.data(), xs.size());
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

inline void add_point(gis::VectorLayer& l, double x, double y) {
  auto [lon, lat] = to_lonlat(x, y);
  l.geom.kind = gis::GeometryKind::Point;
  l.geom.begin_feature();
  l.geom.add_point(lon, lat);
  l.geom.end_feature();
  l.fids.push_back(static_cast<std::int64_t>(l.fids.size() + 1));
}

inline const char* kCommunes[6] = {"KH010101", "KH010102", "KH010103", "KH010201", "KH010202", "KH010203"};

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

inline const Fixture& fixture() {
  static Fixture f;
  return f;
}

inline layers::ServiceSettings hc_settings(double people_per_facility = 2000) {
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

inline Run run(const layers::AnalysisSettings& a = {}, double ppf = 2000) {
  auto p = layers::Project::open(fixture().path.string());
  auto in = layers::load_access_inputs(p);
  auto acc = layers::compute_access(in, hc_settings(ppf), a);
  auto dep = layers::compute_deprivation(p, in, a);
  auto rows = layers::classify(in, acc, dep);
  return {std::move(p), std::move(in), a, std::move(acc), std::move(dep), std::move(rows)};
}

inline std::vector<std::string> classes(const std::vector<layers::GapRow>& rows) {
  std::vector<std::string> v;
  for (const auto& r : rows) v.emplace_back(layers::to_string(r.cls));
  return v;
}

constexpr double kRA = 2000.0 / 991.2, kRB = 300.0 / 1545.6;

}  // namespace gap_fixture

using namespace gap_fixture;
