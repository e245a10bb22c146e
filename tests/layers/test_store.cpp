// Tests of layers/store: the one door every project write goes through. It commits what a run
// staged and returns the run's result; a clashing scenario is refused before the run starts;
// a cancel before the commit and a run that throws leave the file byte-for-byte as it was; a
// run that staged nothing writes nothing; import-style runs create a missing project; and two
// read-modify-write runs on worker threads never lose each other's update.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/scenarios.hpp"
#include "layers/store.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;
using gis::FieldType;
using gis::VectorLayer;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("swsplan_test_store_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::size_t entries() const { return std::size_t(std::distance(fs::directory_iterator(path), {})); }
};

std::string bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

// A table of `rows` rows with one integer column `n` (0, 1, ...).
VectorLayer counter(const std::string& name, std::int64_t rows) {
  VectorLayer t;
  t.name = name;
  t.add_column("n", FieldType::Integer);
  for (std::int64_t i = 0; i < rows; ++i) {
    t.fids.push_back(i + 1);
    t.column("n").push(i);
    t.geom.add_empty_feature();
  }
  return t;
}

void write_project(const std::string& path) {
  layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
  w.put(counter("log", 1), "log");
  w.commit();
}

// One scenario row named `name` in swsplan_scenarios.
void add_scenario_row(const std::string& path, const std::string& name) {
  layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
  layers::ScenarioRows rows;
  auto table = layers::scenarios_table_keeping(rows);
  layers::ScenarioEntry e;
  e.name = name;
  e.model = "mclp";
  layers::append_scenario_row(table, e);
  w.put(table, table.name);
  w.commit();
}

layers::StoreOptions opts(const std::string& verb) {
  layers::StoreOptions o;
  o.verb = verb;
  o.timestamp = "2026-01-01T00:00:00Z";
  return o;
}

}  // namespace

TEST_CASE("the door commits what the run staged and returns its result", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  const auto rows = layers::run_and_store(p, opts("test"), [&](const layers::Project& project, layers::ProjectWriter& w) {
    const auto n = std::int64_t(project.read("log").size());
    w.put(counter("log", n + 1), "log");
    return n + 1;
  });
  CHECK(rows == 2);
  CHECK(layers::Project::open(p).read("log").size() == 2);
  CHECK(d.entries() == 1);  // no temporary copy, no lock file left
}

TEST_CASE("a stored scenario of the same name is refused before the run starts, unless replace", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  add_scenario_row(p, "a");
  const auto before = bytes(p);
  auto o = opts("site");
  o.scenario = "a";
  o.replace_hint = "tick 'Replace'";
  bool ran = false;
  auto run = [&](const layers::Project&, layers::ProjectWriter& w) {
    ran = true;
    w.put(counter("scenario_a_offices", 1), "scenario_a_offices");
  };
  CHECK_THROWS_WITH(layers::run_and_store(p, o, run),
                    Contains("scenario 'a' already exists") && Contains("pick another name or tick 'Replace'"));
  CHECK_FALSE(ran);
  CHECK(bytes(p) == before);
  o.replace = true;
  layers::run_and_store(p, o, run);
  CHECK(ran);
  CHECK(layers::Project::open(p).has("scenario_a_offices"));
  o.scenario = "not a name!";
  ran = false;
  CHECK_THROWS_AS(layers::run_and_store(p, o, run), gis::UsageError);
  CHECK_FALSE(ran);
}

TEST_CASE("a cancel before the commit or a failing run leaves the project byte-for-byte unchanged", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  const auto before = bytes(p);
  gis::CancelToken token;
  gis::Progress progress({}, &token);
  CHECK_THROWS_AS(layers::run_and_store(p, opts("test"), progress,
                                        [&](const layers::Project&, layers::ProjectWriter& w) {
                                          w.put(counter("log", 5), "log");
                                          token.cancel();  // Ctrl-C after the work, before the commit
                                        }),
                  gis::Cancelled);
  CHECK(bytes(p) == before);
  CHECK_THROWS_WITH(layers::run_and_store(p, opts("test"),
                                          [&](const layers::Project&, layers::ProjectWriter& w) {
                                            w.put(counter("log", 5), "log");
                                            throw std::runtime_error("bad input in row 3");
                                          }),
                    Contains("bad input in row 3"));
  CHECK(bytes(p) == before);
  CHECK(d.entries() == 1);
}

TEST_CASE("a run that stages nothing writes nothing", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  const auto inode = fs::status(p).permissions();
  const auto before = bytes(p);
  const auto t0 = fs::last_write_time(p);
  const bool removed = layers::run_and_store(p, opts("edit"), [](const layers::Project&, layers::ProjectWriter&) {
    return false;  // e.g. a click that found no point to remove
  });
  CHECK_FALSE(removed);
  CHECK(bytes(p) == before);
  CHECK(fs::last_write_time(p) == t0);
  CHECK(fs::status(p).permissions() == inode);
}

TEST_CASE("a creating run gets no project when the file is missing, other runs refuse a missing project", "[store]") {
  TempDir d;
  const auto p = d.file("new.gpkg");
  CHECK_THROWS_WITH(layers::run_and_store(p, opts("analyze"), [](const layers::Project&, layers::ProjectWriter&) {}),
                    Contains("project file not found"));
  CHECK_FALSE(fs::exists(p));
  auto o = opts("import");
  o.create = true;
  const bool was_new = layers::run_and_store(p, o, [](const layers::Project* existing, layers::ProjectWriter& w) {
    w.put(counter("log", 3), "log");
    return existing == nullptr;
  });
  CHECK(was_new);
  CHECK(layers::Project::open(p).read("log").size() == 3);
  const bool second_new = layers::run_and_store(p, o, [](const layers::Project* existing, layers::ProjectWriter& w) {
    w.put(counter("log", existing->read("log").size() + 1), "log");
    return existing == nullptr;
  });
  CHECK_FALSE(second_new);
  CHECK(layers::Project::open(p).read("log").size() == 4);
}

TEST_CASE("read-modify-write runs through the door on two threads never lose an update", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  constexpr int kEach = 10;
  std::atomic<int> failures{0};
  auto worker = [&] {
    for (int i = 0; i < kEach; ++i) {
      try {
        layers::run_and_store(p, opts("append"), [&](const layers::Project& project, layers::ProjectWriter& w) {
          const auto n = std::int64_t(project.read("log").size());  // read ...
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          w.put(counter("log", n + 1), "log");                        // ... and write one more
        });
      } catch (...) {
        ++failures;
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  CHECK(failures == 0);
  CHECK(layers::Project::open(p).read("log").size() == std::size_t(1 + 2 * kEach));
  CHECK(d.entries() == 1);
}

TEST_CASE("a layer stored alone through the door replaces the stored one", "[store]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  write_project(p);
  layers::store_layer(p, counter("swsplan_map_styles", 2), "save map");
  layers::store_layer(p, counter("swsplan_map_styles", 3), "save map");
  const auto project = layers::Project::open(p);
  CHECK(project.read("swsplan_map_styles").size() == 3);
  CHECK(project.read("log").size() == 1);
}
