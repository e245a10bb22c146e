// Tests of layers/sample: the synthetic demo province is deterministic, has the project
// schema, tiles properly, has parent-consistent codes and the intended poverty gradient, and
// the committed sample-maps/demo_province.gpkg is what the generator makes today.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <unistd.h>

#include "gis/access/network.hpp"
#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "layers/project.hpp"
#include "layers/sample.hpp"
#include "layers/services.hpp"

namespace fs = std::filesystem;
using namespace swsplan;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("swsplan_test_sample_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

/// The sample, written once per test run.
const fs::path& written_sample() {
  static TempDir dir;
  static const fs::path p = [] {
    const fs::path out = dir.path / "first.gpkg";
    layers::write_sample(out.string());
    return out;
  }();
  return p;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = double(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

TEST_CASE("sample: two runs give byte-identical GeoPackages", "[sample]") {
  const fs::path first = written_sample();
  const fs::path second = first.parent_path() / "second.gpkg";
  layers::write_sample(second.string());
  const std::string a = slurp(first), b = slurp(second);
  REQUIRE(!a.empty());
  CHECK(a.size() == b.size());
  CHECK(a == b);
  CHECK(a.size() < 5u * 1024 * 1024);
}

TEST_CASE("sample: refuses to overwrite without force, replaces with force", "[sample]") {
  const fs::path first = written_sample();
  const fs::path target = first.parent_path() / "force.gpkg";
  { std::ofstream(target) << "not a project"; }
  CHECK_THROWS_AS(layers::write_sample(target.string()), gis::UsageError);
  CHECK(slurp(target) == "not a project");
  layers::write_sample(target.string(), {}, true);
  CHECK(slurp(target) == slurp(first));
}

TEST_CASE("sample: the committed sample-maps/demo_province.gpkg equals a fresh generation", "[sample]") {
  const fs::path committed = fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg";
  REQUIRE(fs::exists(committed));
  INFO("regenerate with: swsplan sample --out sample-maps/demo_province.gpkg --force");
  CHECK(slurp(committed) == slurp(written_sample()));
}

TEST_CASE("sample: project schema, metadata and provenance", "[sample]") {
  const auto project = layers::Project::open(written_sample().string());
  const std::map<std::string, std::vector<std::string>> schema{
      {"provinces", {"adm1_pcode", "name_en", "ncdd_code", "area_km2"}},
      {"districts", {"adm2_pcode", "name_en", "ncdd_code", "adm1_pcode", "area_km2"}},
      {"communes", {"adm3_pcode", "name_en", "ncdd_code", "adm2_pcode", "adm1_pcode", "area_km2"}},
      {"villages",
       {"vil_code", "name_en", "adm3_pcode", "adm2_pcode", "adm1_pcode", "households", "poor_hh", "idp_l1_hh",
        "idp_l2_hh", "poor_share"}},
      {"facilities", {"facility_id", "name", "service", "capacity", "adm3_pcode", "source", "attributes"}},
      {"roads", {"road_id", "road_class", "name", "oneway", "bridge", "pwp"}},
      {"pwp_lines", {"asset_id", "asset_type", "road_class", "name", "adm3_pcode", "attributes"}},
      {"water", {"water_id", "name", "kind"}},
  };
  for (const auto& [name, fields] : schema) {
    INFO("layer " << name);
    REQUIRE(project.has(name));
    const auto layer = project.read(name);
    CHECK(layer.crs == "EPSG:4326");
    CHECK(layer.size() > 0);
    for (const auto& f : fields) {
      INFO("field " << f);
      CHECK(layer.find(f) >= 0);
    }
  }
  const auto ints = [&](const std::string& layer, const std::string& field) {
    return project.read(layer).column(field).type == gis::FieldType::Integer;
  };
  CHECK(ints("villages", "households"));
  CHECK(ints("villages", "poor_hh"));
  CHECK(ints("communes", "ncdd_code"));
  CHECK(ints("roads", "pwp"));

  const auto sample = layers::generate_sample();
  CHECK(sample.layer("provinces").size() == 1);
  CHECK(sample.layer("districts").size() == 4);
  CHECK(sample.layer("communes").size() == 40);
  CHECK(sample.layer("villages").size() >= 400);
  CHECK(sample.layer("villages").size() <= 600);

  // Services: everything but a job centre, so the gap shows.
  const auto& fac = sample.layer("facilities");
  std::map<std::string, int> by_service;
  for (std::size_t i = 0; i < fac.size(); ++i) {
    ++by_service[fac.column("service").text(i)];
    CHECK(fac.column("source").text(i) == "synthetic");
    REQUIRE(layers::parse_service(fac.column("service").text(i)));
  }
  CHECK(by_service["referral_hospital"] == 1);
  CHECK(by_service["tvet_centre"] == 1);
  CHECK(by_service["sws_office"] == 1);
  CHECK(by_service["job_centre"] == 0);
  CHECK(by_service["health_centre"] >= 13);
  CHECK(by_service["health_centre"] <= 20);
  CHECK(by_service["health_post"] >= 1);
  CHECK(by_service["school_upper_secondary"] >= 4);  // spaced over the province, at least one per district
  // Some communes are left with no facility at all.
  std::set<std::string> served;
  for (std::size_t i = 0; i < fac.size(); ++i) served.insert(fac.column("adm3_pcode").text(i));
  CHECK(served.size() < 40);
  CHECK(served.size() >= 36);

  const auto& roads = sample.layer("roads");
  std::set<std::string> classes;
  int pwp = 0, bridges = 0;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    classes.insert(roads.column("road_class").text(i));
    pwp += int(*roads.column("pwp").number(i));
    bridges += int(*roads.column("bridge").number(i));
  }
  CHECK(classes == std::set<std::string>{"national", "provincial", "rural", "pwp_track", "path"});
  CHECK(pwp > 0);
  CHECK(bridges > 0);
  const auto& pwp_lines = sample.layer("pwp_lines");
  std::set<std::string> asset_types;
  for (std::size_t i = 0; i < pwp_lines.size(); ++i) asset_types.insert(pwp_lines.column("asset_type").text(i));
  CHECK(asset_types == std::set<std::string>{"irrigation", "road"});
  CHECK(pwp_lines.size() == std::size_t(pwp) + 1);

  // Marked synthetic: meta, provenance, names.
  bool all_synthetic = true;
  const auto prov = project.provenance();
  CHECK(prov.size() >= 8);
  for (const auto& p : prov) all_synthetic = all_synthetic && p.notes.find("SYNTHETIC") != std::string::npos;
  CHECK(all_synthetic);
  CHECK(sample.layer("provinces").column("name_en").text(0) == "Demo Province (synthetic)");
  CHECK(sample.layer("provinces").column("adm1_pcode").text(0) == "KH90");
  const auto meta = project.read("swsplan_project");
  bool synthetic_meta = false;
  for (std::size_t i = 0; i < meta.size(); ++i) {
    std::string row;
    for (const auto& c : meta.columns) row += c.text(i) + "|";
    synthetic_meta = synthetic_meta || row.find("synthetic|yes") != std::string::npos;
  }
  CHECK(synthetic_meta);
}

TEST_CASE("sample: codes are parent-consistent and villages lie in their commune", "[sample]") {
  const auto sample = layers::generate_sample();
  const auto& communes = sample.layer("communes");
  const auto& districts = sample.layer("districts");
  const auto& villages = sample.layer("villages");

  std::map<std::string, std::size_t> communes_per_district;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    const std::string c = communes.column("adm3_pcode").text(i);
    CHECK(c.size() == 8);
    CHECK(c.rfind("KH90", 0) == 0);
    CHECK(communes.column("adm2_pcode").text(i) == c.substr(0, 6));
    CHECK(communes.column("adm1_pcode").text(i) == "KH90");
    CHECK(communes.column("ncdd_code").text(i) == c.substr(2));
    ++communes_per_district[communes.column("adm2_pcode").text(i)];
  }
  CHECK(communes_per_district.size() == 4);
  for (const auto& [d, n] : communes_per_district) {
    INFO("district " << d);
    CHECK(n >= 7);
    CHECK(n <= 14);
  }
  for (std::size_t i = 0; i < districts.size(); ++i)
    CHECK(communes_per_district.count(districts.column("adm2_pcode").text(i)) == 1);

  const gis::PolygonIndex index(communes);
  std::set<std::string> codes;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    const std::string code = villages.column("vil_code").text(i);
    const std::string commune = villages.column("adm3_pcode").text(i);
    INFO("village " << code);
    CHECK(code.size() == 8);
    CHECK(codes.insert(code).second);
    CHECK("KH" + code.substr(0, 6) == commune);
    CHECK(villages.column("adm2_pcode").text(i) == commune.substr(0, 6));
    const auto xy = villages.geom.first_xy(i);
    REQUIRE(xy);
    const auto c = index.locate(xy->first, xy->second);
    REQUIRE(c >= 0);
    CHECK(communes.column("adm3_pcode").text(std::size_t(c)) == commune);

    const double hh = *villages.column("households").number(i);
    const double poor = *villages.column("poor_hh").number(i);
    CHECK(hh >= 50);
    CHECK(hh <= 400);
    CHECK(poor <= hh);
    CHECK(*villages.column("idp_l1_hh").number(i) + *villages.column("idp_l2_hh").number(i) == poor);
    const double share = *villages.column("poor_share").number(i);
    CHECK(share >= 0);
    CHECK(share <= 1);
  }
}

TEST_CASE("sample: communes tile the province", "[sample]") {
  const auto sample = layers::generate_sample();
  auto area_sum = [](const gis::VectorLayer& l) {
    const auto a = gis::areas(gis::reproject(l, "EPSG:32648"));
    return std::accumulate(a.begin(), a.end(), 0.0);
  };
  const double province = area_sum(sample.layer("provinces"));
  const double districts = area_sum(sample.layer("districts"));
  const double communes = area_sum(sample.layer("communes"));
  CHECK(province > 500e6);
  CHECK(std::abs(communes - province) / province < 1e-3);
  CHECK(std::abs(districts - province) / province < 1e-3);
  // Each layer a single polygon per unit (contiguous) and communes adjacent to each other.
  for (const auto* name : {"provinces", "districts", "communes"}) {
    const auto& l = sample.layer(name);
    for (std::size_t i = 0; i < l.size(); ++i) {
      INFO(name << " feature " << i);
      CHECK(l.geom.feature_offsets[i + 1] - l.geom.feature_offsets[i] == 1);
    }
  }
  const auto adj = gis::polygon_adjacency(gis::reproject(sample.layer("communes"), "EPSG:32648"), 1.0, 100.0);
  for (std::size_t i = 0; i + 1 < adj.first.size(); ++i) CHECK(adj.first[i + 1] > adj.first[i]);
}

TEST_CASE("sample: roads form one connected network", "[sample]") {
  const auto sample = layers::generate_sample();
  const auto roads = gis::reproject(sample.layer("roads"), "EPSG:32648");
  std::vector<std::uint32_t> first{0};
  for (std::size_t f = 0; f < roads.size(); ++f) {
    REQUIRE(roads.geom.feature_offsets[f + 1] - roads.geom.feature_offsets[f] == 1);
    const auto part = roads.geom.feature_offsets[f];
    const auto ring = roads.geom.part_offsets[part];
    first.push_back(roads.geom.ring_offsets[ring + 1]);
  }
  const std::vector<double> speed(roads.size(), 30.0);
  gis::LineArrays lines;
  lines.vertex_first = first;
  lines.x_m = roads.geom.xs;
  lines.y_m = roads.geom.ys;
  lines.speed_kmh = speed;
  const auto net = gis::build_road_network(lines, gis::no_progress());
  REQUIRE(net.node_count() > 0);
  CHECK(net.zero_length_lines.empty());
  // Union-find over the edges: a single component.
  std::vector<std::uint32_t> parent(net.node_count());
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (std::uint32_t e = 0; e < net.edge_count(); ++e) parent[find(net.edge_from[e])] = find(net.edge_to[e]);
  std::set<std::uint32_t> roots;
  for (std::uint32_t n = 0; n < net.node_count(); ++n) roots.insert(find(n));
  CHECK(roots.size() == 1);
}

TEST_CASE("sample: poverty rises away from the provincial town", "[sample]") {
  const auto sample = layers::generate_sample();
  const auto& v = sample.layer("villages");
  std::vector<double> d, share;
  double l1 = 0, poor = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto xy = *v.geom.first_xy(i);
    const double dx = (xy.first - sample.town_lon) * std::cos(sample.town_lat * 3.14159265358979 / 180);
    const double dy = xy.second - sample.town_lat;
    d.push_back(std::hypot(dx, dy));
    share.push_back(*v.column("poor_share").number(i));
    l1 += *v.column("idp_l1_hh").number(i);
    poor += *v.column("poor_hh").number(i);
  }
  CHECK(correlation(d, share) > 0.5);
  CHECK(l1 / poor == Approx(0.4).margin(0.03));
}

TEST_CASE("sample: a different seed gives a different but valid province", "[sample]") {
  layers::SampleOptions o;
  o.seed = 7;
  const auto a = layers::generate_sample(o);
  const auto b = layers::generate_sample();
  CHECK(a.layer("communes").size() == 40);
  CHECK(a.layer("villages").geom.xs != b.layer("villages").geom.xs);
}
