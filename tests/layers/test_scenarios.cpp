// Tests of layers/scenarios, the scenario registry, on a copy of the synthetic demo province:
// names are checked, a scenario owns exactly its layers (not those of a longer-named one),
// an existing scenario is refused unless replaced, and rows written through the registry
// read back field by field.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "layers/project.hpp"
#include "layers/scenarios.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

struct SampleCopy {
  fs::path dir, path;
  SampleCopy() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("swsplan_test_scenarios_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
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

// A one-row attribute table standing in for a scenario's layer.
gis::VectorLayer marker(const std::string& name) {
  gis::VectorLayer l;
  l.name = name;
  gis::Column c;
  c.name = "v";
  c.type = gis::FieldType::Integer;
  c.push(static_cast<std::int64_t>(1));
  l.columns.push_back(std::move(c));
  l.fids.push_back(1);
  l.geom.add_empty_feature();
  return l;
}

// Stores scenario `name` of kind `model` with the layers `parts` through the registry.
void store(const fs::path& path, const std::string& name, const std::string& model,
           const std::vector<std::string>& parts, bool replace = false) {
  auto pr = layers::Project::open(path.string());
  layers::ProjectWriter w(path.string(), "2026-01-01T00:00:00Z");
  const auto rows = layers::begin_scenario_store(pr, name, w, replace);
  for (const auto& p : parts) w.put(marker(layers::scenario_layer(name, p.c_str())), layers::scenario_layer(name, p.c_str()));
  auto table = layers::scenarios_table_keeping(rows);
  layers::ScenarioEntry e;
  e.name = name;
  e.model = model;
  e.p = 2;
  e.threshold = "10km";
  e.demand = "households";
  e.objective = 12.5;
  e.covered_poor_after = layers::finite_or_null(NAN);
  e.created_at = w.timestamp();
  e.settings = R"({"kind":")" + model + R"("})";
  layers::append_scenario_row(table, e);
  w.put(table, layers::kScenariosTable);
  w.commit();
}

}  // namespace

TEST_CASE("scenario names: 1-40 letters, digits or underscores", "[scenarios]") {
  CHECK_NOTHROW(layers::validate_scenario_name("dry_2026"));
  CHECK_NOTHROW(layers::validate_scenario_name(std::string(40, 'a')));
  CHECK_THROWS_AS(layers::validate_scenario_name(""), gis::UsageError);
  CHECK_THROWS_AS(layers::validate_scenario_name(std::string(41, 'a')), gis::UsageError);
  CHECK_THROWS_WITH(layers::validate_scenario_name("a-b"), Contains("a-b") && Contains("letters, digits"));
  CHECK(layers::scenario_layer("a", "offices") == "scenario_a_offices");
  CHECK(layers::pwp_layer("a", "works") == "scenario_a_pwp_works");
  CHECK(layers::access_scenario_layer("a", "villages") == "scenario_a_access_villages");
}

TEST_CASE("the registry stores rows, owns each scenario's layers and refuses a silent replace", "[scenarios]") {
  SampleCopy copy;
  CHECK(layers::list_scenarios(layers::Project::open(copy.path.string())).empty());
  store(copy.path, "a", "mclp", {"offices", "vans"});
  store(copy.path, "a_b", "pwp", {"pwp_works"});
  auto pr = layers::Project::open(copy.path.string());
  auto rows = layers::list_scenarios(pr);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "a");
  CHECK(rows[0].model == "mclp");
  CHECK(rows[0].p == 2);
  CHECK(rows[0].threshold == "10km");
  CHECK(rows[0].objective == 12.5);
  CHECK(std::isnan(rows[0].bound));               // not given: NULL
  CHECK(std::isnan(rows[0].covered_poor_after));  // not finite: NULL
  CHECK(rows[0].created_at == "2026-01-01T00:00:00Z");
  CHECK(rows[0].settings["kind"] == "mclp");
  CHECK(rows[1].name == "a_b");

  // "a" owns scenario_a_offices and scenario_a_vans, not scenario_a_b_pwp_works.
  const auto owned = layers::scenario_layers(pr, "a");
  CHECK(owned == std::vector<std::string>{"scenario_a_offices", "scenario_a_vans"});
  CHECK(layers::scenario_layers(pr, "a_b") == std::vector<std::string>{"scenario_a_b_pwp_works"});

  {
    layers::ProjectWriter w(copy.path.string());
    CHECK_THROWS_WITH(layers::begin_scenario_store(pr, "a", w, false), Contains("already exists") && Contains("--replace"));
    CHECK_THROWS_AS(layers::begin_scenario_store(pr, "bad name", w, true), gis::UsageError);
  }
  // Replaced by a scenario of another kind: the old layers go, the other scenario stays.
  store(copy.path, "a", "access", {"access_villages"}, true);
  pr = layers::Project::open(copy.path.string());
  CHECK_FALSE(pr.has("scenario_a_offices"));
  CHECK_FALSE(pr.has("scenario_a_vans"));
  CHECK(pr.has("scenario_a_access_villages"));
  CHECK(pr.has("scenario_a_b_pwp_works"));
  rows = layers::list_scenarios(pr);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "a_b");  // the kept row first, the new one appended
  CHECK(rows[1].name == "a");
  CHECK(rows[1].model == "access");
}
