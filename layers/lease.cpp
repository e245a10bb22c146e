#include "layers/lease.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace fs = std::filesystem;

namespace swsplan::layers {

namespace {

constexpr const char* kLockSuffix = ".swsplan-lock";
constexpr const char* kTempInfix = ".swsplan-tmp-";
constexpr const char* kHolderHeader = "swsplan writer lease";

// Leases held by this thread, by real project path (nesting depth).
thread_local std::map<std::string, int> t_held;

std::string errno_text(int e) { return std::strerror(e); }

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string read_all(int fd) {
  std::string out;
  char buf[512];
  off_t off = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    off += n;
    if (out.size() > 4096) break;  // a holder record is a few lines
  }
  return out;
}

bool write_all(int fd, const std::string& text) {
  if (::ftruncate(fd, 0) != 0) return false;
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool same_file(int fd, const std::string& path) {
  struct stat a {}, b {};
  if (::fstat(fd, &a) != 0 || ::stat(path.c_str(), &b) != 0) return false;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool process_gone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

// ---------------------------------------------------------------------------------------

std::string LeaseHolder::describe() const {
  std::ostringstream os;
  os << "swsplan " << (verb.empty() ? "run" : verb) << " (pid " << pid << " on host " << host;
  if (!started_at.empty()) os << ", since " << started_at;
  os << ")";
  return os.str();
}

std::string LeaseHolder::to_text() const {
  return std::string(kHolderHeader) + "\nverb=" + verb + "\npid=" + std::to_string(pid) + "\nhost=" + host +
         "\nstarted_at=" + started_at + "\n";
}

std::optional<LeaseHolder> LeaseHolder::parse(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kHolderHeader) return std::nullopt;
  LeaseHolder h;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    if (k == "verb") h.verb = v;
    else if (k == "pid") h.pid = std::atol(v.c_str());
    else if (k == "host") h.host = v;
    else if (k == "started_at") h.started_at = v;
  }
  if (h.pid <= 0) return std::nullopt;
  return h;
}

// ---------------------------------------------------------------------------------------

void refuse_database_project(const std::string& project_path) {
  if (!gis::is_database_source(project_path)) return;
  throw gis::UsageError("'" + gis::describe_source(project_path) +
                        "' is a PostgreSQL connection, but a swsplan project is a GeoPackage file: a project "
                        "stored in PostGIS is not available yet. PostGIS tables can be read as sources, e.g. "
                        "--communes \"PG:dbname=khm#communes\", into a project file such as khm.gpkg");
}

std::string real_project_path(const std::string& project_path) {
  refuse_database_project(project_path);
  fs::path p = fs::absolute(project_path);
  std::error_code ec;
  if (fs::exists(p, ec)) {
    auto c = fs::canonical(p, ec);
    if (!ec) return c.string();
  }
  // Not there (yet), or a dangling symlink: follow the links by hand, then resolve the folder.
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    const fs::path t = fs::read_symlink(p, ec);
    if (ec) break;
    p = t.is_absolute() ? t : p.parent_path() / t;
  }
  const fs::path dir = fs::weakly_canonical(p.parent_path(), ec);
  return ((ec ? p.parent_path() : dir) / p.filename()).string();
}

std::string network_file_system(const std::string& dir) {
  struct statfs s {};
  if (::statfs(dir.c_str(), &s) != 0) return {};
  // Magic numbers from linux/magic.h and the file systems' own headers.
  static const std::pair<unsigned long, const char*> kNetwork[] = {
      {0x6969UL, "nfs"},           {0x517BUL, "smb"},           {0xFF534D42UL, "cifs"},  {0xFE534D42UL, "smb2"},
      {0x65735546UL, "fuse"},      {0x00C36400UL, "ceph"},      {0x5346414FUL, "afs"},   {0x73757245UL, "coda"},
      {0x564CUL, "ncp"},           {0x01021997UL, "9p"},        {0x0BD00BD0UL, "lustre"}, {0x47504653UL, "gpfs"},
      {0x01161970UL, "gfs2"},      {0x7461636FUL, "ocfs2"},
  };
  const auto type = static_cast<unsigned long>(s.f_type) & 0xFFFFFFFFUL;
  for (const auto& [magic, name] : kNetwork)
    if (type == magic) return name;
  return {};
}

std::string temp_copy_path(const std::string& real_path, long pid, unsigned long long n) {
  return real_path + kTempInfix + std::to_string(pid) + "-" + std::to_string(n);
}

std::vector<std::string> remove_stale_temp_copies(const std::string& real_path) {
  std::vector<std::string> removed;
  const fs::path real(real_path);
  const std::string prefix = real.filename().string() + kTempInfix;
  std::error_code ec;
  for (fs::directory_iterator it(real.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    // PID-N, digits only
    const std::string rest = name.substr(prefix.size());
    const auto dash = rest.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 >= rest.size()) continue;
    if (rest.find_first_not_of("0123456789-") != std::string::npos) continue;
    const long pid = std::atol(rest.substr(0, dash).c_str());
    if (pid == static_cast<long>(::getpid()) || !process_gone(pid)) continue;
    std::error_code rm;
    const auto bytes = fs::file_size(it->path(), rm);
    if (fs::remove(it->path(), rm))
      removed.push_back(name + " (" + std::to_string(rm ? 0 : bytes / (1024 * 1024)) + " MB)");
  }
  return removed;
}

// ---------------------------------------------------------------------------------------

WriterLease WriterLease::acquire(const std::string& project_path, const LeaseOptions& options) {
  WriterLease lease;
  lease.real_path_ = real_project_path(project_path);
  lease.lock_path_ = lease.real_path_ + kLockSuffix;
  if (auto it = t_held.find(lease.real_path_); it != t_held.end() && it->second > 0) {
    ++it->second;  // nested: this thread holds it already
    return lease;
  }
  const std::string dir = fs::path(lease.real_path_).parent_path().string();
  if (!fs::is_directory(dir))
    throw gis::Error("cannot write the project '" + project_path + "': its folder '" + dir + "' does not exist");

  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(std::max(0.0, options.wait_s)));
  std::optional<LeaseHolder> holder;
  bool announced = false;
  for (;;) {
    const int fd = ::open(lease.lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
      const int e = errno;
      throw gis::Error("cannot create the lock file '" + lease.lock_path_ + "' (" + errno_text(e) +
                       "): a writing run puts its lock and its temporary copy beside the project, so its folder '" +
                       dir + "' must be writable by you; the project was not changed");
    }
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (::fcntl(fd, F_OFD_SETLK, &fl) == 0) {
      if (!same_file(fd, lease.lock_path_)) {  // the previous holder removed it as we locked it
        ::close(fd);
        continue;
      }
      if (auto stale = LeaseHolder::parse(read_all(fd)))
        lease.notes_.push_back("took over the writer lease of a run that ended without releasing it: " +
                               stale->describe());
      LeaseHolder me{options.verb, static_cast<long>(::getpid()), host_name(), utc_now_iso()};
      (void)write_all(fd, me.to_text());  // informative only: the lock is what excludes
      lease.fd_ = fd;
      break;
    }
    const int e = errno;
    if (e != EAGAIN && e != EACCES) {
      ::close(fd);
      if (e == ENOLCK)
        throw gis::Error("the file system holding '" + lease.real_path_ +
                         "' refuses file locks, so two runs could overwrite each other's results; work on a copy on "
                         "a local disk (or ask for locking on the share); the project was not changed");
      throw gis::Error("cannot lock '" + lease.lock_path_ + "': " + errno_text(e) + "; the project was not changed");
    }
    if (auto h = LeaseHolder::parse(read_all(fd))) holder = h;
    ::close(fd);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      const double waited_s = std::chrono::duration<double>(now - start).count();
      std::ostringstream os;
      os.precision(0);
      os << std::fixed << "the project '" << project_path << "' is being written by "
         << (holder ? holder->describe() : std::string("another run")) << "; waited " << waited_s
         << " s. Run again when it has finished, or wait longer (--wait SECONDS); the project was not changed";
      throw LeaseBusy(os.str(), holder);
    }
    if (!announced && options.on_wait) {
      announced = true;
      options.on_wait(holder ? holder->describe() : std::string("another run"));
    }
    if (options.progress) options.progress->check();
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(50),
                                                                              deadline - now));
  }

  t_held[lease.real_path_] = 1;
  if (const std::string nfs = network_file_system(dir); !nfs.empty())
    lease.warning_ = "the project is on a network file system (" + nfs +
                     "): its writer lease is a lock the file server must honour, which cannot be checked from here; "
                     "it keeps runs on this computer apart, but do not write the project from two computers at once";
  for (auto& r : remove_stale_temp_copies(lease.real_path_))
    lease.notes_.push_back("removed the temporary copy of a run that ended during its write: " + r);
  return lease;
}

WriterLease::WriterLease(WriterLease&& other) noexcept
    : fd_(other.fd_),
      real_path_(std::move(other.real_path_)),
      lock_path_(std::move(other.lock_path_)),
      warning_(std::move(other.warning_)),
      notes_(std::move(other.notes_)) {
  other.fd_ = -1;
  other.real_path_.clear();
}

WriterLease::~WriterLease() {
  if (real_path_.empty()) return;  // moved from
  auto it = t_held.find(real_path_);
  if (it != t_held.end() && --it->second <= 0) t_held.erase(it);
  if (fd_ >= 0) {
    // Remove the sidecar while still holding it: a waiter that locks the removed file sees
    // that it is gone and retries on a fresh one.
    ::unlink(lock_path_.c_str());
    ::close(fd_);
  }
}

bool WriterLease::held_by_this_thread(const std::string& project_path) {
  auto it = t_held.find(real_project_path(project_path));
  return it != t_held.end() && it->second > 0;
}

}  // namespace swsplan::layers
