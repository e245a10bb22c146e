// Tests of layers/demand on the real national data: with ID-Poor 2022 as the basis the
// households and poor households used equal the source's totals per commune and per
// province (communes left out are listed with a reason), KH170405 gets 3,774 and 1,167,
// every province with poor households gets demand; the village basis names the ID-Poor
// rounds; totals spread over a commune's villages sum back to the commune.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "gis/access/graph.hpp"
#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/demand.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;
using layers::AdminLevel;
using layers::SourceSpec;

namespace {

const std::string kGpkg = std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg";

// The national communes and villages, imported once and stored in a project file.
struct National {
  fs::path dir = fs::temp_directory_path() / ("swsplan_test_demand_" + std::to_string(::getpid()));
  fs::path path = dir / "national.gpkg";
  gis::VectorLayer communes, villages;
  std::vector<std::uint32_t> village_commune;
  National() {
    fs::create_directories(dir);
    communes = layers::import_admin(SourceSpec::parse(kGpkg + "#communes"), AdminLevel::Commune, "").layer;
    villages =
        layers::import_villages(SourceSpec::parse(kGpkg + "#villages?households=hh_total_est"), &communes, "").layer;
    layers::ProjectWriter w(path.string());
    w.put(communes, "communes");
    w.put(villages, "villages");
    w.commit();
    std::map<std::string, std::uint32_t> row;
    for (std::size_t c = 0; c < communes.size(); ++c) row[communes.column("adm3_pcode").text(c)] = static_cast<std::uint32_t>(c);
    for (std::size_t v = 0; v < villages.size(); ++v) {
      auto it = row.find(villages.column("adm3_pcode").text(v));
      village_commune.push_back(it == row.end() ? gis::kNoId : it->second);
    }
  }
  ~National() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // As every verb reads it: with a demand point for a commune that no village lies in.
  struct Used {
    layers::DemandBasis basis;
    gis::VectorLayer villages;
    std::vector<std::uint32_t> village_commune;
    std::size_t points = 0;
  };
  Used used(const std::string& setting) const {
    Used u{{}, villages, village_commune, 0};
    u.basis = layers::demand_basis_with_points(layers::Project::open(path.string()), communes, u.villages,
                                               u.village_commune, setting, &u.points);
    return u;
  }
  layers::DemandBasis basis(const std::string& setting) const { return used(setting).basis; }
};

const National& national() {
  static const National n;
  return n;
}

// The source's own figures, read here from khm.gpkg (not through the importers).
std::map<std::string, std::pair<double, double>> idpoor_2022_by_commune() {
  gis::ReadOptions o;
  o.layer = "communes";
  const auto c = gis::read_vector(kGpkg, o);
  std::map<std::string, std::pair<double, double>> m;
  for (std::size_t i = 0; i < c.size(); ++i) {
    auto h = c.column("idp22_total_hh").number(i), p = c.column("idp22_poor_hh").number(i);
    if (h && p) m[c.column("adm3_pcode").text(i)] = {*h, *p};
  }
  return m;
}

}  // namespace

TEST_CASE("ID-Poor 2022 basis: per commune and province the figures used equal the source", "[demand][real]") {
  const auto& n = national();
  const auto u = n.used("idpoor_2022");
  const auto& b = u.basis;
  // KH070315 has no village point: one demand point inside it carries its households.
  CHECK(u.points == 1);
  CHECK(u.villages.column("vil_code").text(u.villages.size() - 1) == "KH070315-point");
  CHECK(b.id == "idpoor_2022");
  CHECK(b.year == "2022");
  CHECK(b.level == "commune");
  CHECK_THAT(b.label(), Contains("ID-Poor 2022"));
  const auto src = idpoor_2022_by_commune();
  std::map<std::string, std::string> missing;
  for (const auto& m : b.communes_without_value) missing[m.pcode] = m.reason;

  // Per commune: the villages' shares sum back to the source total, which is the source's.
  std::vector<double> hh(n.communes.size(), 0), poor(n.communes.size(), 0);
  for (std::size_t v = 0; v < u.villages.size(); ++v) {
    const auto c = u.village_commune[v];
    if (c == gis::kNoId || !std::isfinite(b.village_households[v])) continue;
    hh[c] += b.village_households[v];
    poor[c] += b.village_poor[v];
    CHECK(b.village_poor[v] <= b.village_households[v] * (1 + 1e-9) + 1e-9);
  }
  std::map<std::string, std::array<double, 4>> province;  // used hh, used poor, source hh, source poor
  for (std::size_t c = 0; c < n.communes.size(); ++c) {
    const std::string pc = n.communes.column("adm3_pcode").text(c);
    auto& pv = province[pc.substr(0, 4)];
    auto it = src.find(pc);
    if (it != src.end()) pv[2] += it->second.first, pv[3] += it->second.second;
    if (missing.count(pc)) {
      CHECK(hh[c] == 0);  // left out, and said why
      continue;
    }
    INFO("commune " << pc);
    REQUIRE(it != src.end());
    CHECK(b.commune_households[c] == it->second.first);
    CHECK(b.commune_poor[c] == it->second.second);
    CHECK(hh[c] == Approx(it->second.first).epsilon(1e-9));
    CHECK(poor[c] == Approx(it->second.second).epsilon(1e-9));
    pv[0] += hh[c], pv[1] += poor[c];
  }
  // Every commune the source lacks is listed with a reason; so is the one without villages.
  for (std::size_t c = 0; c < n.communes.size(); ++c) {
    const std::string pc = n.communes.column("adm3_pcode").text(c);
    if (!src.count(pc)) CHECK(missing.count(pc) == 1);
  }
  for (const auto& [pc, why] : missing) CHECK(!why.empty());
  CHECK(missing.size() < 50);

  // KH170405 (Siem Reap): the figures.
  for (std::size_t c = 0; c < n.communes.size(); ++c)
    if (n.communes.column("adm3_pcode").text(c) == "KH170405") {
      CHECK(hh[c] == Approx(3774));
      CHECK(poor[c] == Approx(1167));
    }
  // Per province within 0.5 % of ID-Poor 2022, and demand in every province with poor households.
  for (const auto& [p, v] : province) {
    INFO("province " << p);
    if (v[3] > 0) CHECK(v[1] > 0);
    CHECK(std::abs(v[0] - v[2]) <= 0.005 * v[2]);
    CHECK(std::abs(v[1] - v[3]) <= 0.005 * v[3]);
  }
  CHECK(province["KH17"][1] == Approx(47515).margin(0.5));
  CHECK(province["KH01"][1] == Approx(31023).margin(0.5));
  CHECK(province["KH01"][0] == Approx(222767).margin(0.5));
}

TEST_CASE("auto basis picks ID-Poor 2022 when the communes carry it", "[demand][real]") {
  const auto b = national().basis("auto");
  CHECK(b.id == "idpoor_2022");
  CHECK(b.spread.find("equal shares") != std::string::npos);
  // Kampong Cham (KH03) has no village counts of 2010/11 (one village, coded in another
  // province, carries one): its communes are split in equal shares, except that one's,
  // which is spread by the count it has, a village without one counting as the average.
  const auto& n = national();
  std::map<std::uint32_t, std::size_t> counted;  // commune row -> villages with a count
  for (std::size_t v = 0; v < n.villages.size(); ++v)
    if (auto h = n.villages.column("households").number(v); h && *h >= 0 && n.village_commune[v] != gis::kNoId)
      ++counted[n.village_commune[v]];
  std::size_t equal_kh03 = 0, kh03 = 0, spread_kh03 = 0;
  for (std::size_t v = 0; v < n.villages.size(); ++v)
    if (n.villages.column("adm3_pcode").text(v).rfind("KH03", 0) == 0) {
      ++kh03;
      const bool has_weight = counted.count(n.village_commune[v]) > 0;
      CHECK(b.village_equal_share[v] == (has_weight ? 0 : 1));
      equal_kh03 += b.village_equal_share[v];
      spread_kh03 += has_weight;
    }
  CHECK(kh03 > 800);
  CHECK(spread_kh03 < 20);
  CHECK(equal_kh03 + spread_kh03 == kh03);
}

TEST_CASE("village basis: the ID-Poor rounds of 2010/2011, sums per commune", "[demand][real]") {
  const auto& n = national();
  const auto b = n.basis("villages");
  CHECK(b.level == "village");
  CHECK(b.year == "2010/2011");
  CHECK_THAT(b.label(), Contains("ID-Poor village rounds"));
  std::vector<double> hh(n.communes.size(), 0);
  for (std::size_t v = 0; v < n.villages.size(); ++v)
    if (n.village_commune[v] != gis::kNoId && std::isfinite(b.village_households[v]))
      hh[n.village_commune[v]] += b.village_households[v];
  std::size_t without = 0;
  for (std::size_t c = 0; c < n.communes.size(); ++c) {
    if (std::isfinite(b.commune_households[c])) CHECK(hh[c] == Approx(b.commune_households[c]));
    without += !std::isfinite(b.commune_households[c]);
  }
  // The five provinces without village rounds are listed commune by commune, not counted as 0.
  CHECK(b.communes_without_value.size() >= without);
  CHECK(without > 300);
}

TEST_CASE("commune database basis counts families and says it has no poor households", "[demand][real]") {
  const auto b = national().basis("commune_database_2011");
  CHECK(b.year == "2011");
  REQUIRE(!b.communes_without_value.empty());
  bool says = false;
  for (const auto& m : b.communes_without_value) says |= m.reason.find("no poor households") != std::string::npos;
  CHECK(says);
}

TEST_CASE("a basis the project lacks, or a misspelt one, is refused saying what is missing", "[demand]") {
  CHECK_THROWS_WITH(national().basis("idpoor_2023"), Contains("not understood"));
  CHECK_THROWS_WITH(national().basis("table:ind_nothing:hh:poor"), Contains("ind_nothing"));
}
