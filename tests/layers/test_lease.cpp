// Tests of layers/lease: the writer lease of a project. Two holders (threads or processes)
// exclude each other, a refused one names the holder, a nested lease of one thread is free, a
// holder killed with SIGKILL loses the lease to the next run (its stale text ignored), the
// lease finds the real file behind symlinks, and stale temporary copies of dead runs go.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "layers/lease.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("swsplan_test_lease_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

layers::LeaseOptions opts(const std::string& verb, double wait_s) {
  layers::LeaseOptions o;
  o.verb = verb;
  o.wait_s = wait_s;
  return o;
}

// A pid that certainly names no process: a child that has exited and been reaped.
long dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return static_cast<long>(pid);
}

}  // namespace

TEST_CASE("a second holder on another thread is refused after its wait, naming the first", "[lease]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  std::atomic<bool> held{false}, done{false};
  std::thread holder([&] {
    auto lease = layers::WriterLease::acquire(p, opts("site", 0));
    held = true;
    while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(fs::exists(p + ".swsplan-lock"));
  std::string waited_for;
  auto o = opts("analyze", 0.3);
  o.on_wait = [&](const std::string& h) { waited_for = h; };
  try {
    (void)layers::WriterLease::acquire(p, o);
    FAIL("the second lease was granted while the first was held");
  } catch (const layers::LeaseBusy& e) {
    REQUIRE(e.holder());
    CHECK(e.holder()->verb == "site");
    CHECK(e.holder()->pid == static_cast<long>(::getpid()));
    CHECK_THAT(std::string(e.what()), Contains("swsplan site (pid " + std::to_string(::getpid())));
    CHECK_THAT(std::string(e.what()), Contains("p.gpkg"));
    CHECK_THAT(std::string(e.what()), Contains("--wait"));
  }
  CHECK_THAT(waited_for, Contains("swsplan site"));
  done = true;
  holder.join();
  CHECK_FALSE(fs::exists(p + ".swsplan-lock"));  // released: the sidecar is gone
}

TEST_CASE("a waiting holder gets the lease once the first releases it", "[lease]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  std::atomic<bool> held{false};
  std::thread holder([&] {
    auto lease = layers::WriterLease::acquire(p, opts("import", 0));
    held = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto lease = layers::WriterLease::acquire(p, opts("site", 10));
  CHECK(lease.owns_lock());
  CHECK(layers::WriterLease::held_by_this_thread(p));
  holder.join();
}

TEST_CASE("a thread that holds the lease may take it again, cancelling stops a wait", "[lease]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  {
    auto outer = layers::WriterLease::acquire(p, opts("site", 0));
    CHECK(outer.owns_lock());
    {
      auto inner = layers::WriterLease::acquire(p, opts("write", 0));
      CHECK_FALSE(inner.owns_lock());
      CHECK(layers::WriterLease::held_by_this_thread(p));
    }
    CHECK(layers::WriterLease::held_by_this_thread(p));  // the inner one did not release it

    gis::CancelToken token;
    token.cancel();
    gis::Progress progress({}, &token);
    std::thread other([&] {
      auto o = opts("analyze", 30);
      o.progress = &progress;
      CHECK_THROWS_AS(layers::WriterLease::acquire(p, o), gis::Cancelled);
      CHECK_FALSE(layers::WriterLease::held_by_this_thread(p));
    });
    other.join();
  }
  CHECK_FALSE(layers::WriterLease::held_by_this_thread(p));
  CHECK_FALSE(fs::exists(p + ".swsplan-lock"));
}

TEST_CASE("a holder killed with SIGKILL loses the lease, its stale holder text is ignored", "[lease]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ready[0]);
    try {
      auto lease = layers::WriterLease::acquire(p, opts("import", 0));
      (void)!::write(ready[1], "x", 1);
      ::pause();  // killed here, holding the lease
    } catch (...) {
    }
    ::_exit(1);
  }
  ::close(ready[1]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  ::close(ready[0]);
  // Alive: refused, naming the child.
  try {
    (void)layers::WriterLease::acquire(p, opts("site", 0));
    FAIL("granted while another process held the lease");
  } catch (const layers::LeaseBusy& e) {
    REQUIRE(e.holder());
    CHECK(e.holder()->pid == static_cast<long>(child));
    CHECK(e.holder()->verb == "import");
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(fs::exists(p + ".swsplan-lock"));  // the dead holder's sidecar and text remain
  auto lease = layers::WriterLease::acquire(p, opts("site", 0));
  CHECK(lease.owns_lock());
  REQUIRE(lease.notes().size() == 1);
  CHECK_THAT(lease.notes()[0], Contains("swsplan import (pid " + std::to_string(child)));
}

TEST_CASE("the lease guards the real file behind symlinks", "[lease]") {
  TempDir d;
  fs::create_directories(d.path / "real");
  const auto real = (d.path / "real" / "p.gpkg").string();
  { std::ofstream(real) << "x"; }
  fs::create_symlink(real, d.path / "link.gpkg");
  fs::create_symlink("link.gpkg", d.path / "link2.gpkg");
  fs::create_symlink(d.path / "real" / "new.gpkg", d.path / "dangling.gpkg");
  CHECK(layers::real_project_path(d.file("link2.gpkg")) == fs::canonical(real).string());
  CHECK(layers::real_project_path(d.file("dangling.gpkg")) == (fs::canonical(d.path / "real") / "new.gpkg").string());
  CHECK(layers::real_project_path(d.file("absent.gpkg")) == (fs::canonical(d.path) / "absent.gpkg").string());

  auto lease = layers::WriterLease::acquire(d.file("link2.gpkg"), opts("site", 0));
  CHECK(lease.real_path() == fs::canonical(real).string());
  CHECK(fs::exists(real + ".swsplan-lock"));
  CHECK_FALSE(fs::exists(d.file("link2.gpkg") + ".swsplan-lock"));
  CHECK(layers::WriterLease::held_by_this_thread(real));  // the same lease by either name
  CHECK_THROWS_AS(layers::WriterLease::acquire(d.file("nofolder/p.gpkg"), opts("site", 0)), gis::Error);
}

TEST_CASE("under the lease, temporary copies of dead runs are removed and others kept", "[lease]") {
  TempDir d;
  const auto p = d.file("p.gpkg");
  { std::ofstream(p) << "project"; }
  const long gone = dead_pid();
  const std::string stale = layers::temp_copy_path(fs::canonical(p).string(), gone, 3);
  const std::string mine = layers::temp_copy_path(fs::canonical(p).string(), static_cast<long>(::getpid()), 1);
  const std::string alive = layers::temp_copy_path(fs::canonical(p).string(), 1, 1);  // init never dies
  const std::string other = d.file("q.gpkg.swsplan-tmp-" + std::to_string(gone) + "-1");  // another project's
  for (const auto& f : {stale, mine, alive, other}) std::ofstream(f) << "copy";
  CHECK(fs::path(stale).filename().string() == "p.gpkg.swsplan-tmp-" + std::to_string(gone) + "-3");

  auto lease = layers::WriterLease::acquire(p, opts("site", 0));
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(mine));
  CHECK(fs::exists(alive));
  CHECK(fs::exists(other));
  REQUIRE(lease.notes().size() == 1);
  CHECK_THAT(lease.notes()[0], Contains(fs::path(stale).filename().string()));
}

TEST_CASE("holder records round-trip, a local folder is not a network file system", "[lease]") {
  layers::LeaseHolder h{"pwp", 4242, "pc-1", "2026-01-01T10:00:00Z"};
  const auto back = layers::LeaseHolder::parse(h.to_text());
  REQUIRE(back);
  CHECK(back->verb == "pwp");
  CHECK(back->pid == 4242);
  CHECK(back->host == "pc-1");
  CHECK(back->started_at == "2026-01-01T10:00:00Z");
  CHECK(h.describe() == "swsplan pwp (pid 4242 on host pc-1, since 2026-01-01T10:00:00Z)");
  CHECK_FALSE(layers::LeaseHolder::parse(""));
  CHECK_FALSE(layers::LeaseHolder::parse("something else\npid=3\n"));
  TempDir d;
  CHECK(layers::network_file_system(d.path.string()).empty());
  auto lease = layers::WriterLease::acquire(d.file("p.gpkg"), opts("site", 0));
  CHECK(lease.warning().empty());
}
