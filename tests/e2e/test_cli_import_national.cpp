// End-to-end test of `swsplan import` on the national data of ../shared/data/khm: the real
// binary imports it into a project, and every fact it stores is checked against expectations
// computed here from the inputs (counts, codes, join reports, CSV exports).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.hpp"
#include "import_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

struct National {
  TempDir dir{"e2e_national"};
  fs::path project = dir / "national.gpkg";
  RunResult result;
  nlohmann::json summary;
  std::vector<std::pair<std::string, std::string>> inputs_before, inputs_after;

  National() {
    const std::string D = shared_data().string();
    const std::vector<fs::path> inputs = {shared("khm.gpkg"), shared("csv/idpoor_communes_2022_wfp_prism.csv"),
                                          shared("csv/idpoor_villages_2010_2011_mop.csv"),
                                          shared("csv/commune_database_2011_ncdd.csv"),
                                          shared("csv/commune_code_crosswalk_2013_to_2018.csv")};
    for (const auto& p : inputs) inputs_before.emplace_back(p.string(), sha256_file(p));
    result = run_swsplan(
        {"import", "--json", "--out", project.string(), "--provinces", D + "/khm.gpkg#provinces", "--districts",
         D + "/khm.gpkg#districts", "--communes", D + "/khm.gpkg#communes", "--villages",
         D + "/khm.gpkg#villages?households=hh_total_est", "--facilities",
         D + "/khm.gpkg#health_facilities?service_field=facility_type", "--facilities",
         D + "/khm.gpkg#schools_upper_secondary?service=school_upper_secondary", "--indicator",
         D + "/csv/idpoor_communes_2022_wfp_prism.csv?level=commune&key=adm3_pcode&name=idpoor_2022&year=2022&crosswalk=no",
         "--indicator",
         D + "/csv/idpoor_villages_2010_2011_mop.csv?level=village&key=vil_code&name=idpoor_villages&share=TOT_Per_HH&flag_out_of_range=yes",
         "--indicator", D + "/csv/commune_database_2011_ncdd.csv?level=commune&key=NCDD_CodeC&name=cdb_2011",
         "--crosswalk", D + "/csv/commune_code_crosswalk_2013_to_2018.csv"},
        dir.path);
    for (const auto& p : inputs) inputs_after.emplace_back(p.string(), sha256_file(p));
    if (result.exit_code == 0) summary = nlohmann::json::parse(result.out);
  }
};

const National& national() {
  static National n;
  return n;
}

gis::VectorLayer source(const std::string& layer) {
  gis::ReadOptions o;
  o.layer = layer;
  return gis::read_vector(shared("khm.gpkg"), o);
}

// Lines of a CSV file split on commas (the shared CSVs quote nothing in the key columns).
std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::size_t col_index(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw std::runtime_error("no column " + name);
}

}  // namespace

TEST_CASE("national import of ../shared/data/khm", "[e2e][real]") {
  const auto& n = national();
  INFO(n.result.describe().substr(0, 4000));
  REQUIRE(n.result.exit_code == 0);
  auto proj = layers::Project::open(n.project.string());

  SECTION("inputs are untouched") { CHECK(n.inputs_before == n.inputs_after); }

  SECTION("every admin unit is imported with its code") {
    for (const char* l : {"provinces", "districts", "communes"}) {
      INFO(l);
      const auto src = source(l);
      const auto got = proj.read(l);
      CHECK(got.size() == src.size());
      CHECK(n.summary["layers"][l] == src.size());
      const std::string key = std::string("adm") + (l[0] == 'p' ? "1" : l[0] == 'd' ? "2" : "3") + "_pcode";
      std::set<std::string> a, b;
      for (std::size_t i = 0; i < src.size(); ++i) a.insert(src.column(key).text(i));
      for (std::size_t i = 0; i < got.size(); ++i) b.insert(got.column(key).text(i));
      CHECK(a == b);
      CHECK(got.crs == "EPSG:4326");
    }
    // Communes and districts agree: every commune's district exists.
    const auto rep = join_report(n.project, "communes -> districts");
    CHECK(rep["matched"] == 1633);
  }

  SECTION("villages lie inside the commune the data assigns them") {
    const auto src = source("villages");
    const auto v = proj.read("villages");
    REQUIRE(v.size() == src.size());
    std::map<std::string, std::string> want;
    for (std::size_t i = 0; i < src.size(); ++i) want[src.column("vil_code").text(i)] = src.column("adm3_pcode").text(i);
    std::size_t agree = 0, parents_ok = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string c = v.column("adm3_pcode").text(i);
      agree += want[v.column("vil_code").text(i)] == c;
      parents_ok += layers::parent_pcode(c, layers::AdminLevel::District) == v.column("adm2_pcode").text(i) &&
                    layers::parent_pcode(c, layers::AdminLevel::Province) == v.column("adm1_pcode").text(i);
    }
    CHECK(agree == v.size());
    CHECK(parents_ok == v.size());
    // Households: present where the source's estimate is.
    std::size_t est = 0, hh = 0;
    for (std::size_t i = 0; i < src.size(); ++i) est += !src.column("hh_total_est").is_null(i);
    for (std::size_t i = 0; i < v.size(); ++i) hh += !v.column("households").is_null(i);
    CHECK(hh == est);
    // The location report: all matched, and the communes left without villages are those
    // the data counts 0 village points for.
    const auto rep = join_report(n.project, "villages -> communes");
    CHECK(rep["matched"] == src.size());
    const auto communes = source("communes");
    std::size_t empty = 0;
    for (std::size_t i = 0; i < communes.size(); ++i) empty += communes.column("n_village_points").number(i).value_or(0) == 0;
    CHECK(rep["targets_without_data"] == empty);
  }

  SECTION("facilities of both sources, by service") {
    const auto hf = source("health_facilities");
    const auto sc = source("schools_upper_secondary");
    const auto f = proj.read("facilities");
    CHECK(f.size() == hf.size() + sc.size());
    std::map<std::string, std::size_t> by;
    for (std::size_t i = 0; i < f.size(); ++i) ++by[f.column("service").text(i)];
    CHECK(by["school_upper_secondary"] == sc.size());
    std::map<std::string, std::size_t> types;
    for (std::size_t i = 0; i < hf.size(); ++i) ++types[hf.column("facility_type").text(i)];
    std::size_t health = 0;
    for (const auto& [s, k] : by)
      if (s != "school_upper_secondary") health += k;
    CHECK(health == hf.size());
    CHECK(by.size() == 1 + types.size());
    // Every facility got a commune.
    std::size_t placed = 0;
    for (std::size_t i = 0; i < f.size(); ++i) placed += !f.column("adm3_pcode").is_null(i);
    CHECK(placed == f.size());
  }

  SECTION("ID-Poor 2022 joins where its codes exist in the communes") {
    const auto rows = csv_rows(shared("csv/idpoor_communes_2022_wfp_prism.csv"));
    const auto k = col_index(rows[0], "adm3_pcode");
    const auto communes = source("communes");
    std::set<std::string> codes;
    for (std::size_t i = 0; i < communes.size(); ++i) codes.insert(communes.column("adm3_pcode").text(i));
    std::size_t present = 0;
    std::set<std::string> unmatched;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      if (codes.count(rows[r][k]))
        ++present;
      else
        unmatched.insert(rows[r][k]);
    }
    const auto rep = join_report(n.project, "ind_idpoor_2022");
    CHECK(rep["left_rows"] == rows.size() - 1);
    CHECK(rep["matched"] == present);
    std::set<std::string> stored;
    for (const auto& u : rep["unmatched"]) stored.insert(u.get<std::string>());
    CHECK(stored == unmatched);
    CHECK(proj.read("ind_idpoor_2022").size() == rows.size() - 1);
    // And the stored table row for KH010201 carries the file's numbers.
    const auto t = proj.read("ind_idpoor_2022");
    const auto i = row_of(t, "adm3_pcode", "KH010201");
    const auto total = col_index(rows[0], "Total_HHs");
    for (std::size_t r = 1; r < rows.size(); ++r)
      if (rows[r][k] == "KH010201") CHECK(t.column("Total_HHs").text(i) == rows[r][total]);
  }

  SECTION("the Commune Database joins directly or through the crosswalk") {
    const auto rows = csv_rows(shared("csv/commune_database_2011_ncdd.csv"));
    const auto d = col_index(rows[0], "adm3_pcode_direct"), c = col_index(rows[0], "adm3_pcode_crosswalk");
    std::size_t direct = 0, via = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const bool has_direct = d < rows[r].size() && !rows[r][d].empty();
      direct += has_direct;
      via += !has_direct && c < rows[r].size() && !rows[r][c].empty();
    }
    const auto rep = join_report(n.project, "ind_cdb_2011");
    CHECK(rep["left_rows"] == rows.size() - 1);
    CHECK(rep["matched"] == direct + via);
    CHECK(rep["matched_via_crosswalk"] == via);
  }

  SECTION("ID-Poor villages: join by village code, out-of-range shares flagged") {
    const auto rows = csv_rows(shared("csv/idpoor_villages_2010_2011_mop.csv"));
    const auto k = col_index(rows[0], "vil_code"), s = col_index(rows[0], "TOT_Per_HH");
    const auto villages = source("villages");
    std::set<std::string> codes;
    for (std::size_t i = 0; i < villages.size(); ++i) codes.insert(villages.column("vil_code").text(i));
    std::size_t present = 0, out_of_range = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
      present += codes.count(rows[r][k]);
      if (!rows[r][s].empty()) {
        const double x = std::strtod(rows[r][s].c_str(), nullptr);
        out_of_range += std::isnan(x) || x < 0 || x > 1;
      }
    }
    const auto rep = join_report(n.project, "ind_idpoor_villages");
    CHECK(rep["left_rows"] == rows.size() - 1);
    CHECK(rep["matched"] == present);
    const auto t = proj.read("ind_idpoor_villages");
    REQUIRE(t.find("TOT_Per_HH_flag") >= 0);
    std::size_t flagged = 0;
    for (std::size_t i = 0; i < t.size(); ++i) flagged += !t.column("TOT_Per_HH_flag").is_null(i);
    CHECK(flagged == out_of_range);
    CHECK(out_of_range == 3);  // SOURCES.md: 3 villages have a published share above 1
  }

  SECTION("provenance names every source") {
    const auto pv = proj.provenance();
    std::set<std::string> layers_;
    for (const auto& p : pv) layers_.insert(p.layer);
    for (const char* l : {"provinces", "districts", "communes", "villages", "facilities", "ind_idpoor_2022",
                          "ind_idpoor_villages", "ind_cdb_2011"})
      CHECK(layers_.count(l));
  }
}
