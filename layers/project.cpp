#include "layers/project.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/core/error.hpp"
#include "layers/lease.hpp"
#include "layers/services.hpp"

namespace fs = std::filesystem;

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::VectorLayer;

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::atoll(sde));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json JoinReport::to_json() const {
  return {{"name", name},
          {"key", key},
          {"left_rows", left_rows},
          {"right_rows", right_rows},
          {"matched", matched},
          {"matched_via_crosswalk", matched_via_crosswalk},
          {"match_rate", match_rate()},
          {"unmatched", unmatched},
          {"duplicates", duplicates},
          {"targets_without_data", targets_without_data},
          {"notes", notes}};
}

std::string JoinReport::to_text() const {
  std::ostringstream os;
  os.precision(1);
  os << std::fixed;
  os << "join " << name << " (key " << key << "): " << matched << " of " << left_rows << " matched ("
     << 100.0 * match_rate() << " %)";
  if (matched_via_crosswalk) os << ", " << matched_via_crosswalk << " through the crosswalk";
  os << "; " << targets_without_data << " of " << right_rows << " targets got no row\n";
  auto list = [&os](const char* what, const std::vector<std::string>& v) {
    if (v.empty()) return;
    os << "  " << v.size() << " " << what << ": ";
    for (std::size_t i = 0; i < v.size() && i < 12; ++i) os << (i ? ", " : "") << v[i];
    if (v.size() > 12) os << ", ... (all listed in table swsplan_join_reports)";
    os << "\n";
  };
  list("unmatched", unmatched);
  list("duplicate keys", duplicates);
  for (const auto& n : notes) os << "  note: " << n << "\n";
  return os.str();
}

// ---------------------------------------------------------------------------------------

Project Project::open(const std::string& path) {
  refuse_database_project(path);
  if (!fs::exists(path)) throw gis::InputError({path, {}, std::nullopt, {}}, "project file not found");
  Project p;
  p.path_ = path;
  auto ds = gis::VectorDataset::open(path, false);
  p.names_ = ds.layer_names();
  return p;
}

std::vector<std::string> Project::layer_names() const { return names_; }

bool Project::has(const std::string& layer) const {
  for (const auto& n : names_)
    if (n == layer) return true;
  return false;
}

VectorLayer Project::read(const std::string& layer) const {
  if (!has(layer))
    throw gis::InputError({path_, layer, std::nullopt, {}},
                          "the project has no such layer; import it first (swsplan import)");
  gis::ReadOptions o;
  o.layer = layer;
  return gis::read_vector(path_, o);
}

nlohmann::json Project::all_settings() const {
  nlohmann::json out = nlohmann::json::object();
  if (!has(names::kSettings)) return out;
  VectorLayer t = read(names::kSettings);
  const Column& k = t.column("key");
  const Column& v = t.column("value");
  for (std::size_t i = 0; i < t.size(); ++i) {
    try {
      out[k.text(i)] = nlohmann::json::parse(v.text(i));
    } catch (const nlohmann::json::exception& e) {
      throw gis::InputError({path_, names::kSettings, t.fids[i], "value"}, std::string("not valid JSON: ") + e.what());
    }
  }
  return out;
}

nlohmann::json Project::setting(const std::string& key) const {
  auto all = all_settings();
  return all.contains(key) ? all[key] : nlohmann::json();
}

std::vector<Provenance> Project::provenance() const {
  std::vector<Provenance> out;
  if (!has(names::kProvenance)) return out;
  VectorLayer t = read(names::kProvenance);
  for (std::size_t i = 0; i < t.size(); ++i) {
    Provenance p;
    p.layer = t.column("layer").text(i);
    p.source = t.column("source").text(i);
    p.source_layer = t.column("source_layer").text(i);
    p.crs = t.column("crs").text(i);
    p.rows = static_cast<std::size_t>(t.column("rows").number(i).value_or(0));
    p.imported_at = t.column("imported_at").text(i);
    p.notes = t.column("notes").text(i);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<nlohmann::json> Project::join_reports() const {
  std::vector<nlohmann::json> out;
  if (!has(names::kJoinReports)) return out;
  VectorLayer t = read(names::kJoinReports);
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(nlohmann::json::parse(t.column("report").text(i)));
  return out;
}

// ---------------------------------------------------------------------------------------

ProjectWriter::ProjectWriter(std::string path, std::string timestamp)
    : path_(std::move(path)), timestamp_(timestamp.empty() ? utc_now_iso() : std::move(timestamp)) {
  refuse_database_project(path_);
}

void ProjectWriter::put(const VectorLayer& layer, const std::string& name) {
  for (auto& [n, l] : puts_)
    if (n == name) {
      l = layer;
      return;
    }
  puts_.emplace_back(name, layer);
}
void ProjectWriter::remove(const std::string& name) { removes_.push_back(name); }
void ProjectWriter::set_setting(const std::string& key, const nlohmann::json& value) { settings_.emplace_back(key, value); }
void ProjectWriter::add_provenance(Provenance p) {
  if (p.imported_at.empty()) p.imported_at = timestamp_;
  provenance_.push_back(std::move(p));
}
void ProjectWriter::add_join_report(const JoinReport& r) { reports_.push_back(r); }
void ProjectWriter::set_meta(const std::string& key, const std::string& value) { meta_.emplace_back(key, value); }

namespace {

void sync_file(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) throw gis::Error("cannot reopen '" + p.string() + "' to flush it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw gis::Error("cannot flush '" + p.string() + "' to disk");
}

VectorLayer table(const std::string& name, const std::vector<std::pair<std::string, FieldType>>& cols) {
  VectorLayer t;
  t.name = name;
  for (const auto& [n, ty] : cols) {
    Column c;
    c.name = n;
    c.type = ty;
    t.columns.push_back(std::move(c));
  }
  return t;
}

// Key/value table merged with existing rows (later values win), sorted by key for stable output.
VectorLayer merged_kv(const gis::VectorDataset& ds, const char* name, const char* value_field,
                      const std::vector<std::pair<std::string, std::string>>& updates) {
  std::map<std::string, std::string> kv;
  if (ds.has_layer(name)) {
    VectorLayer old = ds.read(name);
    for (std::size_t i = 0; i < old.size(); ++i) kv[old.column("key").text(i)] = old.column(value_field).text(i);
  }
  for (const auto& [k, v] : updates) kv[k] = v;
  VectorLayer t = table(name, {{"key", FieldType::String}, {value_field, FieldType::String}});
  std::int64_t fid = 0;
  for (const auto& [k, v] : kv) {
    t.fids.push_back(++fid);
    t.columns[0].push(std::string(k));
    t.columns[1].push(std::string(v));
    t.geom.add_empty_feature();
  }
  return t;
}

}  // namespace

namespace {

std::atomic<std::uint64_t> g_commit_counter{0};

// Commits in progress (bits 2..) and the interrupt flags, in one lock-free word so that a
// signal handler and a starting commit agree on which came first.
constexpr unsigned kInterruptCancelled = 1u, kInterruptDeferred = 2u, kOneCommit = 4u;
std::atomic<unsigned> g_commit_state{0};
static_assert(std::atomic<unsigned>::is_always_lock_free);

// Registers a running commit; refuses to start after an interrupt.
class CommitGate {
 public:
  CommitGate() {
    unsigned s = g_commit_state.load();
    do {
      if (s & (kInterruptCancelled | kInterruptDeferred)) throw gis::Cancelled();
    } while (!g_commit_state.compare_exchange_weak(s, s + kOneCommit));
  }
  ~CommitGate() { g_commit_state.fetch_sub(kOneCommit); }
  CommitGate(const CommitGate&) = delete;
  CommitGate& operator=(const CommitGate&) = delete;
};

std::string megabytes(std::uintmax_t bytes) {
  std::ostringstream os;
  os.precision(bytes < 10ull * 1024 * 1024 ? 1 : 0);
  os << std::fixed << double(bytes) / (1024.0 * 1024.0) << " MB";
  return os.str();
}

std::uintmax_t free_bytes(const fs::path& dir) {
  std::error_code ec;
  const auto sp = fs::space(dir, ec);
  return ec ? static_cast<std::uintmax_t>(-1) : sp.available;
}

bool mentions(const std::string& text, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (text.find(n) != std::string::npos) return true;
  return false;
}

// A failed commit as one plain sentence: the file, what went wrong, the remedy. Errors of
// another kind keep their own message.
[[noreturn]] void throw_plain(const std::exception& e, const fs::path& real, const fs::path& tmp,
                              std::uintmax_t project_bytes) {
  const fs::path dir = real.parent_path();
  const std::string what = e.what();
  std::error_code code;
  if (const auto* fe = dynamic_cast<const fs::filesystem_error*>(&e)) code = fe->code();
  const bool full = code == std::errc::no_space_on_device ||
                    mentions(what, {"disk is full", "No space left", "database or disk is full"});
  const bool too_big = code == std::errc::file_too_large || mentions(what, {"File too large"});
  const bool denied = code == std::errc::permission_denied || code == std::errc::read_only_file_system ||
                      code == std::errc::operation_not_permitted ||
                      mentions(what, {"Permission denied", "readonly database", "Read-only file system"});
  const std::uintmax_t free_now = free_bytes(dir);  // before the copy goes
  std::error_code ec;
  fs::remove(tmp, ec);
  const std::string head = "cannot write the project '" + real.string() + "': ";
  if (full)
    throw gis::Error(head + "the disk holding it is full (" + megabytes(free_now) + " free in '" +
                     dir.string() + "', and a commit writes a full copy of the " + megabytes(project_bytes) +
                     " project there first); free some space and run again. The project was not changed.");
  if (too_big)
    throw gis::Error(head + "the copy exceeds this session's file size limit (ulimit -f); raise the limit and run "
                     "again. The project was not changed.");
  if (denied)
    throw gis::Error(head + "no permission to write in its folder '" + dir.string() +
                     "' (a commit writes a copy there and renames it over the project); make the folder and the "
                     "project writable for you, or work on a copy. The project was not changed.");
  throw;
}

// Gives the copy the project's mode and, where permitted, its owner and group.
void keep_owner_and_mode(const fs::path& tmp, const struct stat& st) {
  if (::chmod(tmp.c_str(), st.st_mode & 07777) != 0)
    throw fs::filesystem_error("cannot set the mode of the copy", tmp, std::error_code(errno, std::generic_category()));
  if (::chown(tmp.c_str(), st.st_uid, st.st_gid) != 0 && ::chown(tmp.c_str(), static_cast<uid_t>(-1), st.st_gid) != 0) {
    // Not root and not in the project's group: the copy stays the writer's.
  }
  // chown may clear set-id bits: set the mode again.
  if (::chmod(tmp.c_str(), st.st_mode & 07777) != 0) {
  }
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);  // the rename itself is durable once the folder is flushed
  ::close(fd);
}

}  // namespace

CommitInterrupt commit_interrupt() noexcept {
  unsigned s = g_commit_state.load();
  for (;;) {
    const bool running = s >= kOneCommit;
    const unsigned next = s | (running ? kInterruptDeferred : kInterruptCancelled);
    if (g_commit_state.compare_exchange_weak(s, next))
      return running ? CommitInterrupt::Deferred : CommitInterrupt::Cancelled;
  }
}
bool commit_interrupt_deferred() noexcept { return (g_commit_state.load() & kInterruptDeferred) != 0; }
bool commit_in_progress() noexcept { return g_commit_state.load() >= kOneCommit; }

bool ProjectWriter::empty() const {
  return puts_.empty() && removes_.empty() && settings_.empty() && provenance_.empty() && reports_.empty() &&
         meta_.empty();
}

void ProjectWriter::commit() {
  // The lease this thread's run holds, or one for this commit alone.
  std::optional<WriterLease> own_lease;
  if (!WriterLease::held_by_this_thread(path_)) {
    LeaseOptions lo;
    lo.verb = "write";
    own_lease.emplace(WriterLease::acquire(path_, lo));
  }
  const fs::path target(real_project_path(path_));
  const CommitGate gate;  // an interrupt from here on waits for the commit to finish
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  const std::uintmax_t project_bytes = exists ? static_cast<std::uintmax_t>(st.st_size) : 0;
  // Unique per commit: process id + a process-wide counter (writers on worker threads of one
  // process never share a temporary file).
  const fs::path tmp(temp_copy_path(target.string(), static_cast<long>(::getpid()), g_commit_counter.fetch_add(1) + 1));
  std::error_code ec;
  fs::remove(tmp, ec);
  if (exists && free_bytes(target.parent_path()) < project_bytes)
    throw_plain(fs::filesystem_error("no room for the copy", target, std::make_error_code(std::errc::no_space_on_device)),
                target, tmp, project_bytes);
  try {
    {
      auto ds = exists ? (fs::copy_file(target, tmp), gis::VectorDataset::open(tmp.string(), true))
                                    : gis::VectorDataset::create_gpkg(tmp.string());
      ds.set_timestamp(timestamp_);
      // The copy is private until the rename, so per-transaction fsyncs buy nothing: write
      // without them and sync the whole file once before it replaces the project.
      ds.execute("PRAGMA synchronous = OFF");
      ds.execute("PRAGMA journal_mode = MEMORY");
      for (const auto& n : removes_)
        if (ds.has_layer(n)) ds.drop(n);
      for (const auto& [n, l] : puts_) ds.write(l, n);

      if (!settings_.empty()) {
        std::vector<std::pair<std::string, std::string>> s;
        for (const auto& [k, v] : settings_) s.emplace_back(k, v.dump());
        ds.write(merged_kv(ds, names::kSettings, "value", s), names::kSettings);
      }
      if (!meta_.empty()) ds.write(merged_kv(ds, names::kProjectMeta, "value", meta_), names::kProjectMeta);

      if (!provenance_.empty()) {
        VectorLayer t = ds.has_layer(names::kProvenance)
                            ? ds.read(names::kProvenance)
                            : table(names::kProvenance, {{"layer", FieldType::String},
                                                         {"source", FieldType::String},
                                                         {"source_layer", FieldType::String},
                                                         {"crs", FieldType::String},
                                                         {"rows", FieldType::Integer},
                                                         {"imported_at", FieldType::String},
                                                         {"notes", FieldType::String}});
        for (const auto& p : provenance_) {
          t.fids.push_back(static_cast<std::int64_t>(t.size() + 1));
          t.column("layer").push(p.layer);
          t.column("source").push(p.source);
          t.column("source_layer").push(p.source_layer);
          t.column("crs").push(p.crs);
          t.column("rows").push(static_cast<std::int64_t>(p.rows));
          t.column("imported_at").push(p.imported_at);
          t.column("notes").push(p.notes);
          t.geom.add_empty_feature();
        }
        ds.write(t, names::kProvenance);
      }
      if (!reports_.empty()) {
        VectorLayer t = ds.has_layer(names::kJoinReports)
                            ? ds.read(names::kJoinReports)
                            : table(names::kJoinReports, {{"name", FieldType::String},
                                                          {"key", FieldType::String},
                                                          {"left_rows", FieldType::Integer},
                                                          {"matched", FieldType::Integer},
                                                          {"unmatched", FieldType::Integer},
                                                          {"duplicates", FieldType::Integer},
                                                          {"match_rate", FieldType::Real},
                                                          {"created_at", FieldType::String},
                                                          {"report", FieldType::String}});
        for (const auto& r : reports_) {
          t.fids.push_back(static_cast<std::int64_t>(t.size() + 1));
          t.column("name").push(r.name);
          t.column("key").push(r.key);
          t.column("left_rows").push(static_cast<std::int64_t>(r.left_rows));
          t.column("matched").push(static_cast<std::int64_t>(r.matched));
          t.column("unmatched").push(static_cast<std::int64_t>(r.unmatched.size()));
          t.column("duplicates").push(static_cast<std::int64_t>(r.duplicates.size()));
          t.column("match_rate").push(r.match_rate());
          t.column("created_at").push(timestamp_);
          t.column("report").push(r.to_json().dump());
          t.geom.add_empty_feature();
        }
        ds.write(t, names::kJoinReports);
      }
      ds.close();
    }
    if (exists) keep_owner_and_mode(tmp, st);
    sync_file(tmp);
    fs::rename(tmp, target);  // atomic on one file system: the old project or the new, never half
    sync_dir(target.parent_path());
  } catch (const gis::Cancelled&) {
    fs::remove(tmp, ec);
    throw;
  } catch (const std::exception& e) {
    throw_plain(e, target, tmp, project_bytes);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace swsplan::layers
