// End-to-end tests of the project's writer lease and commit hygiene with the real `swsplan`
// processes on copies of the demo province: two concurrent writers never lose an update (each
// run stores its result, or exits non-zero naming the holder), a run waiting for the lease is
// cancelled by SIGINT/SIGTERM/SIGHUP with exit 130 and the project byte-identical, a signal
// during the final write lets it finish and says so, a run killed with SIGKILL mid-write leaves
// a temporary copy the next run removes, and a symlinked project updates its target.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "child_process.hpp"
#include "e2e_util.hpp"
#include "layers/lease.hpp"
#include "layers/project.hpp"

using namespace swsplan;
using namespace swsplan::e2e;
using Catch::Matchers::Contains;

namespace {

const fs::path kDemo = fs::path(SWSPLAN_SOURCE_DIR) / "sample-maps" / "demo_province.gpkg";

// Names in `dir` containing `part`.
std::vector<std::string> names_with(const fs::path& dir, const std::string& part) {
  std::vector<std::string> v;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (contains(it->path().filename().string(), part)) v.push_back(it->path().filename().string());
  return v;
}

std::set<std::string> scenarios(const fs::path& p, const fs::path& scratch) {
  auto r = run_swsplan({"scenarios", p.string(), "--json"}, scratch);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> s;
  for (const auto& e : nlohmann::json::parse(r.out)) s.insert(e["name"].get<std::string>());
  return s;
}

std::size_t gap_provenance_rows(const fs::path& p) {
  std::size_t n = 0;
  for (const auto& pv : layers::Project::open(p.string()).provenance()) n += pv.layer == "gap_communes";
  return n;
}

std::vector<std::string> site_args(const fs::path& p, const std::string& scenario) {
  return {"site", p.string(), "--p", "2", "--threshold", "10km", "--scenario", scenario, "--quiet"};
}

void wait_for_text(const fs::path& file, const std::string& text, const Child& c) {
  for (int i = 0; i < 2000 && !exited(c); ++i) {
    std::error_code ec;
    if (fs::exists(file, ec) && contains(slurp(file), text)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("the run did not print '" + text + "'");
}

// Waits until a temporary copy of the project appears (its commit runs), or the child ends.
bool wait_for_commit(const fs::path& dir, const Child& c) {
  while (!exited(c))
    if (!names_with(dir, ".swsplan-tmp-").empty()) return true;
  return false;
}

}  // namespace

TEST_CASE("lease: 20 runs of two concurrent `site` lose no scenario", "[e2e][lease]") {
  TempDir dir("lease_site");
  const fs::path p = dir / "p.gpkg";
  std::size_t lost = 0, refused = 0;
  for (int run = 0; run < 20; ++run) {
    CAPTURE(run);
    fs::remove(p);
    fs::copy_file(kDemo, p);
    Child a = start(site_args(p, "a"), dir.path), b = start(site_args(p, "b"), dir.path);
    const RunResult ra = finish(a), rb = finish(b);
    const auto stored = scenarios(p, dir.path);
    for (const auto& [r, name] : {std::pair{&ra, "a"}, std::pair{&rb, "b"}}) {
      INFO(name << ": " << r->describe());
      if (r->exit_code == 0) {
        lost += stored.count(name) == 0;
      } else {
        ++refused;
        CHECK(r->exit_code == 1);
        CHECK_THAT(r->err, Contains("is being written by swsplan site (pid"));
        CHECK(stored.count(name) == 0);
      }
    }
    CHECK((ra.exit_code == 0 || rb.exit_code == 0));
    CHECK(names_with(dir.path, ".swsplan-").empty());
  }
  CHECK(lost == 0);
  WARN("two concurrent site runs: " << refused << " of 40 refused after the default wait");
}

TEST_CASE("lease: 20 runs of `site` and `analyze` at once keep both results", "[e2e][lease]") {
  TempDir dir("lease_mixed");
  const fs::path p = dir / "p.gpkg";
  fs::copy_file(kDemo, p);
  const std::size_t gap_before = gap_provenance_rows(p);
  std::size_t lost = 0;
  for (int run = 0; run < 20; ++run) {
    CAPTURE(run);
    fs::remove(p);
    fs::copy_file(kDemo, p);
    Child an = start({"analyze", p.string(), "--quiet"}, dir.path);
    Child si = start(site_args(p, "s"), dir.path);
    const RunResult ra = finish(an), rs = finish(si);
    INFO("analyze: " << ra.describe() << "\nsite: " << rs.describe());
    for (const auto* r : {&ra, &rs})
      if (r->exit_code != 0) CHECK_THAT(r->err, Contains("is being written by swsplan"));
    if (ra.exit_code == 0) lost += gap_provenance_rows(p) != gap_before + 1;
    if (rs.exit_code == 0) lost += scenarios(p, dir.path).count("s") == 0;
    CHECK((ra.exit_code == 0 || rs.exit_code == 0));
  }
  CHECK(lost == 0);
}

TEST_CASE("lease: a run waiting for the lease names the holder, and a signal cancels it with nothing written",
          "[e2e][lease]") {
  TempDir dir("lease_signal");
  const fs::path p = dir / "p.gpkg";
  fs::copy_file(kDemo, p);
  const std::string before = sha256_file(p);
  layers::LeaseOptions o;
  o.verb = "e2e-holder";
  auto lease = layers::WriterLease::acquire(p.string(), o);
  const std::string holder = "swsplan e2e-holder (pid " + std::to_string(::getpid());

  SECTION("refused after --wait") {
    auto r = run_swsplan({"site", p.string(), "--p", "2", "--threshold", "10km", "--scenario", "x", "--wait", "0.3"},
                         dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains(holder));
    CHECK_THAT(r.err, Contains("--wait"));
  }
  SECTION("signals while waiting") {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      for (const std::string verb : {"site", "analyze", "settings"}) {
        CAPTURE(sig, verb);
        std::vector<std::string> args = verb == "site"      ? site_args(p, "x")
                                        : verb == "analyze" ? std::vector<std::string>{"analyze", p.string()}
                                                            : std::vector<std::string>{"settings", p.string(), "--set",
                                                                                       "health_centre.threshold=5km"};
        args.erase(std::remove(args.begin(), args.end(), "--quiet"), args.end());
        Child c = start(args, dir.path);
        wait_for_text(c.err, "is being written by " + holder, c);
        ::kill(c.pid, sig);
        const auto r = finish(c);
        INFO(r.describe());
        CHECK(r.exit_code == 130);
        CHECK_THAT(r.err, Contains("cancelled; nothing was written"));
        CHECK(sha256_file(p) == before);
        CHECK(names_with(dir.path, ".swsplan-tmp-").empty());
      }
    }
  }
}

TEST_CASE("lease: a signal during the final write lets it finish and says so", "[e2e][lease]") {
  TempDir dir("lease_commit_signal");
  const fs::path p = dir / "p.gpkg";
  int deferred = 0;
  for (int attempt = 0; attempt < 40 && deferred < 3; ++attempt) {
    CAPTURE(attempt);
    fs::remove(p);
    fs::copy_file(kDemo, p);
    Child c = start(site_args(p, "x"), dir.path);
    const bool committing = wait_for_commit(dir.path, c);
    if (committing) ::kill(c.pid, SIGINT);
    const auto r = finish(c);
    INFO(r.describe());
    CHECK(r.exit_code == 0);  // the signal came once the write had started: it finished
    CHECK(scenarios(p, dir.path).count("x") == 1);
    CHECK(names_with(dir.path, ".swsplan-").empty());
    if (contains(r.err, "interrupted while writing the project")) {
      ++deferred;
      CHECK_THAT(r.err, Contains("which was completed"));
    }
  }
  CHECK(deferred >= 1);
}

TEST_CASE("lease: SIGKILL during a write leaves the project whole, and the next run removes the stale copy",
          "[e2e][lease]") {
  TempDir dir("lease_kill");
  const fs::path p = dir / "p.gpkg";
  int stale_left = 0;
  for (int attempt = 0; attempt < 40 && stale_left < 2; ++attempt) {
    CAPTURE(attempt);
    fs::remove(p);
    for (const auto& n : names_with(dir.path, ".swsplan-")) fs::remove(dir / n);
    fs::copy_file(kDemo, p);
    const std::string before = sha256_file(p);
    Child c = start(site_args(p, "x"), dir.path);
    if (wait_for_commit(dir.path, c)) ::kill(c.pid, SIGKILL);
    const auto r = finish(c);
    if (r.exit_code != 128 + SIGKILL) continue;  // finished before the kill
    const bool stale = !names_with(dir.path, ".swsplan-tmp-").empty();
    const bool lock_left = !names_with(dir.path, ".swsplan-lock").empty();  // killed holding the lease
    stale_left += stale;
    // The old project or the complete new one, never half.
    const auto names = scenarios(p, dir.path);
    if (names.count("x") == 0) CHECK(sha256_file(p) == before);

    auto again = run_swsplan({"site", p.string(), "--p", "2", "--threshold", "10km", "--scenario", "y"}, dir.path);
    INFO(again.describe());
    REQUIRE(again.exit_code == 0);
    CHECK(names_with(dir.path, ".swsplan-").empty());  // no temporary copy, no lock file
    if (stale) CHECK_THAT(again.err, Contains("removed the temporary copy of a run that ended during its write"));
    if (lock_left) CHECK_THAT(again.err, Contains("took over the writer lease of a run that ended without releasing it"));
    CHECK(scenarios(p, dir.path).count("y") == 1);
  }
  CHECK(stale_left >= 1);
}

TEST_CASE("lease: a symlinked project updates its target, keeping mode and owner", "[e2e][lease]") {
  TempDir dir("lease_symlink");
  fs::create_directories(dir.path / "store");
  const fs::path real = dir.path / "store" / "p.gpkg", link = dir / "p.gpkg";
  fs::copy_file(kDemo, real);
  REQUIRE(::chmod(real.c_str(), 0600) == 0);
  const bool root = ::geteuid() == 0;
  if (root) REQUIRE(::chown(real.c_str(), 65534, 65534) == 0);
  fs::create_symlink(real, link);
  auto r = run_swsplan(site_args(link, "x"), dir.path);
  INFO(r.describe());
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(scenarios(real, dir.path).count("x") == 1);
  struct stat st {};
  REQUIRE(::stat(real.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  if (root) CHECK(st.st_uid == 65534u);
  CHECK(names_with(dir.path, ".swsplan-").empty());
  CHECK(names_with(dir.path / "store", ".swsplan-").empty());
}
