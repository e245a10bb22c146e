// Tests of layers/project: the GeoPackage project store. Writes are all-or-nothing (a
// failed commit leaves the file byte-for-byte as it was and no temporary behind), reads
// give back what was written, same inputs and timestamp give identical files; a commit goes
// through symlinks to the real file keeping its mode and owner, and waits for the writer lease.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

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
    path = fs::temp_directory_path() / ("swsplan_test_project_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator())); }
};

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

VectorLayer provinces() {
  gis::ReadOptions o;
  o.layer = "provinces";
  return gis::read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", o);
}

VectorLayer table(const std::string& name, const std::vector<std::string>& values) {
  VectorLayer t;
  t.name = name;
  t.add_column("adm3_pcode", FieldType::String);
  t.add_column("value", FieldType::Real);
  for (std::size_t i = 0; i < values.size(); ++i) {
    t.fids.push_back(static_cast<std::int64_t>(i + 1));
    t.column("adm3_pcode").push(values[i]);
    t.column("value").push(double(i) / 2);
    t.geom.add_empty_feature();
  }
  return t;
}

layers::JoinReport report() {
  layers::JoinReport r;
  r.name = "ind_x -> communes";
  r.key = "adm3_pcode";
  r.left_rows = 4;
  r.right_rows = 10;
  r.matched = 3;
  r.unmatched = {"KH999999"};
  r.targets_without_data = 7;
  r.notes = {"a note"};
  return r;
}

void write_project(const std::string& path) {
  layers::ProjectWriter w(path, "2026-01-01T00:00:00Z");
  w.put(provinces(), layers::names::kProvinces);
  w.put(table("ind_x", {"KH010201", "KH010202"}), "ind_x");
  w.set_setting("health_centre", {{"threshold_km", 10}});
  layers::Provenance p;
  p.layer = "provinces";
  p.source = "khm.gpkg";
  p.source_layer = "provinces";
  p.crs = "EPSG:4326";
  p.rows = 25;
  w.add_provenance(p);
  w.add_join_report(report());
  w.set_meta("format", "swsplan project 1");
  w.commit();
}

}  // namespace

TEST_CASE("a project reads back what was written", "[project]") {
  TempDir d;
  const auto path = d.file("p.gpkg");
  write_project(path);
  CHECK(d.entries() == 1);  // no temporary left beside it
  auto p = layers::Project::open(path);
  CHECK(p.path() == path);
  CHECK(p.has("provinces"));
  CHECK(p.has("ind_x"));
  CHECK(p.has(layers::names::kJoinReports));
  CHECK(p.has(layers::names::kProvenance));
  CHECK_FALSE(p.has("communes"));
  const auto prov = p.read("provinces");
  CHECK(prov.size() == 25);
  CHECK(prov.crs == "EPSG:4326");
  CHECK(prov.geom.xs == provinces().geom.xs);
  const auto t = p.read("ind_x");
  CHECK(t.size() == 2);
  CHECK(t.column("adm3_pcode").text(1) == "KH010202");
  CHECK(t.geom.kind == gis::GeometryKind::None);
  CHECK(p.setting("health_centre")["threshold_km"] == 10);
  CHECK(p.setting("nothing").is_null());
  const auto pv = p.provenance();
  REQUIRE(pv.size() == 1);
  CHECK(pv[0].rows == 25);
  CHECK(pv[0].source == "khm.gpkg");
  CHECK(pv[0].imported_at == "2026-01-01T00:00:00Z");
  const auto reps = p.join_reports();
  REQUIRE(reps.size() == 1);
  CHECK(reps[0].dump().find("KH999999") != std::string::npos);

  auto m = [&] {
    try {
      (void)p.read("communes");
    } catch (const gis::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  CHECK_THAT(m, Contains("communes"));
  CHECK_THAT(m, Contains("p.gpkg"));
  CHECK_THROWS_AS(layers::Project::open(d.file("missing.gpkg")), gis::InputError);
}

TEST_CASE("two writers alive at once in one process, on worker threads, never share a temporary or lose layers",
          "[project]") {
  TempDir d;
  const auto a = d.file("a.gpkg"), b = d.file("b.gpkg");
  write_project(a);
  write_project(b);
  const auto big = provinces();  // large enough for the two commits to overlap in time
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    const std::string la = "la_" + std::to_string(round), lb = "lb_" + std::to_string(round);
    // Two projects: both commits land.
    {
      layers::ProjectWriter wa(a), wb(b);
      wa.put(big, la);
      wb.put(big, lb);
      std::string ea, eb;
      std::thread ta([&] { try { wa.commit(); } catch (const std::exception& e) { ea = e.what(); } });
      std::thread tb([&] { try { wb.commit(); } catch (const std::exception& e) { eb = e.what(); } });
      ta.join();
      tb.join();
      CHECK(ea.empty());
      CHECK(eb.empty());
      CHECK(layers::Project::open(a).has(la));
      CHECK(layers::Project::open(b).has(lb));
      CHECK(layers::Project::open(a).read(la).size() == big.size());
      CHECK_FALSE(layers::Project::open(a).has(lb));
    }
    // The same project: the second commit keeps the first one's layer.
    {
      layers::ProjectWriter w1(a), w2(a);
      w1.put(big, "s1_" + std::to_string(round));
      w2.put(table("t2", {"KH010201"}), "s2_" + std::to_string(round));
      std::string e1, e2;
      std::thread t1([&] { try { w1.commit(); } catch (const std::exception& e) { e1 = e.what(); } });
      std::thread t2([&] { try { w2.commit(); } catch (const std::exception& e) { e2 = e.what(); } });
      t1.join();
      t2.join();
      CHECK(e1.empty());
      CHECK(e2.empty());
      const auto p = layers::Project::open(a);
      CHECK(p.has("s1_" + std::to_string(round)));
      CHECK(p.has("s2_" + std::to_string(round)));
      CHECK(p.has(la));  // earlier rounds stay too
      CHECK(p.read("ind_x").size() == 2);
    }
  }
  CHECK(d.entries() == 2);  // no temporary left behind
}

TEST_CASE("updates add, replace and remove layers and append provenance", "[project]") {
  TempDir d;
  const auto path = d.file("p.gpkg");
  write_project(path);
  {
    layers::ProjectWriter w(path, "2026-01-02T00:00:00Z");
    w.put(table("ind_x", {"KH010201", "KH010202", "KH010301"}), "ind_x");
    w.remove(layers::names::kProvinces);
    w.remove("never_there");
    w.set_setting("school_upper_secondary", {{"threshold_km", 7}});
    layers::Provenance pv;
    pv.layer = "ind_x";
    w.add_provenance(pv);
    w.add_join_report(report());
    w.commit();
  }
  auto p = layers::Project::open(path);
  CHECK_FALSE(p.has("provinces"));
  CHECK(p.read("ind_x").size() == 3);
  CHECK(p.setting("health_centre")["threshold_km"] == 10);  // earlier settings stay
  CHECK(p.setting("school_upper_secondary")["threshold_km"] == 7);
  CHECK(p.provenance().size() == 2);
  CHECK(p.join_reports().size() == 2);
}

TEST_CASE("a failed commit leaves the project byte-for-byte unchanged", "[project]") {
  TempDir d;
  const auto path = d.file("p.gpkg");
  write_project(path);
  const std::string before = slurp(path);
  {
    layers::ProjectWriter w(path, "2026-01-02T00:00:00Z");
    w.put(table("ind_y", {"KH010201"}), "ind_y");  // fine on its own
    VectorLayer bad = provinces();
    bad.crs = "EPSG:999999";  // cannot be written
    w.put(bad, "broken");
    CHECK_THROWS_AS(w.commit(), gis::Error);
  }
  CHECK(slurp(path) == before);
  CHECK(d.entries() == 1);
  auto p = layers::Project::open(path);
  CHECK_FALSE(p.has("ind_y"));
  CHECK_FALSE(p.has("broken"));

  // A new project that fails is not created at all.
  {
    layers::ProjectWriter w(d.file("new.gpkg"));
    VectorLayer bad = provinces();
    bad.crs = "EPSG:999999";
    w.put(bad, "broken");
    CHECK_THROWS(w.commit());
  }
  CHECK_FALSE(fs::exists(d.file("new.gpkg")));
  CHECK(d.entries() == 1);
}

TEST_CASE("same inputs and timestamp give identical project files", "[project]") {
  TempDir d;
  write_project(d.file("a.gpkg"));
  write_project(d.file("b.gpkg"));
  CHECK(slurp(d.file("a.gpkg")) == slurp(d.file("b.gpkg")));
}

TEST_CASE("JoinReport text and JSON", "[project]") {
  const auto r = report();
  CHECK(r.match_rate() == Approx(0.75));
  CHECK(layers::JoinReport{}.match_rate() == 0.0);
  const auto j = r.to_json();
  CHECK(j.dump().find("KH999999") != std::string::npos);
  const auto text = r.to_text();
  CHECK_THAT(text, Contains("3 of 4"));
  CHECK_THAT(text, Contains("KH999999"));
  CHECK_THAT(text, Contains("a note"));
  CHECK(layers::utc_now_iso().size() >= 20);
}

TEST_CASE("a commit through a symlink updates the real file and keeps its mode and owner", "[project]") {
  TempDir d;
  fs::create_directories(d.path / "real");
  const auto real = (d.path / "real" / "p.gpkg").string();
  write_project(real);
  REQUIRE(::chmod(real.c_str(), 0640) == 0);
  const bool root = ::geteuid() == 0;
  if (root) REQUIRE(::chown(real.c_str(), 65534, 65534) == 0);  // someone else's project
  const auto link = d.file("link.gpkg");
  fs::create_symlink(real, link);
  {
    layers::ProjectWriter w(link);
    w.put(table("ind_z", {"KH010201"}), "ind_z");
    w.commit();
  }
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == fs::path(real));
  CHECK(layers::Project::open(real).has("ind_z"));
  CHECK(layers::Project::open(link).has("ind_z"));
  struct stat st {};
  REQUIRE(::stat(real.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  if (root) {
    CHECK(st.st_uid == 65534u);
    CHECK(st.st_gid == 65534u);
  }
  // Nothing left beside the link or the real file.
  CHECK(d.entries() == 2);
  CHECK(std::distance(fs::directory_iterator(d.path / "real"), fs::directory_iterator()) == 1);
}

TEST_CASE("a commit gives the committed name a new file, another hard link keeps the previous version",
          "[project]") {
  TempDir d;
  const auto path = d.file("p.gpkg"), snapshot = d.file("snapshot.gpkg");
  write_project(path);
  fs::create_hard_link(path, snapshot);
  const std::string before = slurp(snapshot);
  {
    layers::ProjectWriter w(path);
    w.put(table("ind_z", {"KH010201"}), "ind_z");
    w.commit();
  }
  CHECK(layers::Project::open(path).has("ind_z"));
  CHECK(slurp(snapshot) == before);
  CHECK(fs::hard_link_count(path) == 1);
}

TEST_CASE("a commit waits for the writer lease another thread holds and keeps that run's update", "[project]") {
  TempDir d;
  const auto path = d.file("p.gpkg");
  write_project(path);
  std::atomic<bool> held{false};
  std::thread run([&] {
    // A read-compute-write run: the lease from before its read until after its commit.
    layers::LeaseOptions o;
    o.verb = "site";
    auto lease = layers::WriterLease::acquire(path, o);
    held = true;
    const auto rows = layers::Project::open(path).read("ind_x").size();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    layers::ProjectWriter w(path);
    w.put(table("from_run", std::vector<std::string>(rows, "KH010201")), "from_run");
    w.commit();
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  {
    layers::ProjectWriter w(path);  // starts while the run holds the lease: waits for it
    w.put(table("from_save", {"KH010201"}), "from_save");
    w.commit();
  }
  run.join();
  const auto p = layers::Project::open(path);
  CHECK(p.has("from_run"));
  CHECK(p.has("from_save"));
  CHECK(d.entries() == 1);
}
