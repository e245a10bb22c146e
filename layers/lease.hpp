#pragma once
/// @file The writer lease of a project: one writing run at a time per project file, across
/// processes and threads, held from before the run reads its inputs until after its commit,
/// so a read-compute-write run never loses another run's update.
///
/// The lease is an open-file-description lock (Linux `F_OFD_SETLK`) on a sidecar file
/// `<project>.swsplan-lock` beside the *real* project file (symlinks resolved; not the
/// GeoPackage itself, which every commit replaces by a rename). Each lease opens the sidecar
/// anew, so two threads of one process exclude each other like two processes do; a thread
/// that already holds the lease of a project may take it again (nested, free).
/// - The holder writes who it is into the sidecar (verb, pid, host, start time); a waiting or
///   refused run names it.
/// - A holder that dies (even kill -9) loses the lock with its last file descriptor: the
///   kernel releases it, the next run takes it and overwrites the stale holder text.
/// - The sidecar is removed when the lease is released (a waiter that locked the removed file
///   notices and retries on the new one).
/// - Under the lease, temporary copies `<project>.swsplan-tmp-PID-N` left by dead runs (their
///   PID is gone) are removed.
/// - On a network file system (NFS, SMB/CIFS, FUSE, Ceph, ...) the lock is only as good as
///   the server's lock support and cannot be checked from here: the lease is taken and
///   `warning()` says so plainly (the caller shows it). A file system that refuses locks
///   (ENOLCK) refuses the run.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/error.hpp"
#include "gis/core/progress.hpp"

namespace swsplan::layers {

/// Who holds (or held) a project's writer lease.
struct LeaseHolder {
  std::string verb;        ///< e.g. "site"
  long pid = 0;
  std::string host;
  std::string started_at;  ///< ISO 8601 UTC

  /// "swsplan site (pid 1234 on host pc-1, since 2026-01-01T10:00:00Z)"
  std::string describe() const;
  std::string to_text() const;
  /// Parses the sidecar text; nullopt when empty or not a holder record.
  static std::optional<LeaseHolder> parse(const std::string& text);
};

/// Another run held the lease for longer than the wait. what() names the project, the holder
/// and the remedy.
class LeaseBusy : public gis::Error {
 public:
  LeaseBusy(const std::string& what, std::optional<LeaseHolder> holder)
      : gis::Error(what), holder_(std::move(holder)) {}
  const std::optional<LeaseHolder>& holder() const noexcept { return holder_; }

 private:
  std::optional<LeaseHolder> holder_;
};

struct LeaseOptions {
  std::string verb = "write";  ///< what the holder is doing, shown to a waiting run
  double wait_s = 10.0;        ///< how long to wait for another holder; 0 = refuse at once
  /// Checked while waiting (Ctrl-C): throws gis::Cancelled.
  const gis::Progress* progress = nullptr;
  /// Called once when the lease is busy and the run starts to wait.
  std::function<void(const std::string& holder_description)> on_wait;
};

/// The default wait of a writing run (seconds).
inline constexpr double kDefaultLeaseWait_s = 10.0;

class WriterLease {
 public:
  /// Takes the writer lease of the project at `project_path` (which may not exist yet; its
  /// folder must). @throws LeaseBusy after `wait_s`; gis::Cancelled when cancelled while
  /// waiting; gis::Error naming the lock file when it cannot be created (e.g. a read-only
  /// folder) or the file system refuses locks.
  static WriterLease acquire(const std::string& project_path, const LeaseOptions& options = {});

  WriterLease(WriterLease&& other) noexcept;
  WriterLease& operator=(WriterLease&&) = delete;
  WriterLease(const WriterLease&) = delete;
  WriterLease& operator=(const WriterLease&) = delete;
  ~WriterLease();

  /// The project file the lease guards (absolute, symlinks resolved).
  const std::string& real_path() const { return real_path_; }
  const std::string& lock_path() const { return lock_path_; }
  /// Non-empty on a network file system: a plain sentence on how far the lease can be trusted.
  const std::string& warning() const { return warning_; }
  /// What taking the lease did besides (a dead holder's lease recovered, stale copies removed).
  const std::vector<std::string>& notes() const { return notes_; }
  /// False for a nested lease of a thread that already held it.
  bool owns_lock() const { return fd_ >= 0; }

  /// True when the calling thread holds the lease of this project.
  static bool held_by_this_thread(const std::string& project_path);

 private:
  WriterLease() = default;
  int fd_ = -1;
  std::string real_path_, lock_path_, warning_;
  std::vector<std::string> notes_;
};

/// Refuses a database connection given where a project is expected: a swsplan project is a
/// GeoPackage file. @throws gis::UsageError naming the connection (password hidden).
void refuse_database_project(const std::string& project_path);

/// The real file behind `project_path`: absolute, every symlink resolved (also for a file that
/// does not exist yet: its folder is resolved).
std::string real_project_path(const std::string& project_path);

/// Name of a network file system holding `dir` ("nfs", "cifs", "fuse", ...), or empty for a
/// local one.
std::string network_file_system(const std::string& dir);

/// Temporary copy `<real>.swsplan-tmp-PID-N` of one commit.
std::string temp_copy_path(const std::string& real_path, long pid, unsigned long long n);

/// Removes temporary copies of `real_path` whose process is gone; returns their names.
/// Call only while holding the project's lease.
std::vector<std::string> remove_stale_temp_copies(const std::string& real_path);

}  // namespace swsplan::layers
