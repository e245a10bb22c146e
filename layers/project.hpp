#pragma once
/// @file The project store: one GeoPackage file holding the standard layers (see
/// services.hpp names), indicator tables, settings (JSON per key), provenance and join
/// reports. Every change goes through ProjectWriter, which is all-or-nothing: it works on a
/// copy beside the project and renames it over the original only when everything succeeded,
/// so a failed or cancelled import leaves an existing project byte-for-byte as it was.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::layers {

/// Outcome of one join (e.g. an indicator table to communes by code).
struct JoinReport {
  std::string name;         ///< e.g. "ind_idpoor_2022 -> communes"
  std::string key;          ///< key description, e.g. "adm3_pcode"
  std::size_t left_rows = 0;    ///< rows of the joined table
  std::size_t right_rows = 0;   ///< rows of the target layer
  std::size_t matched = 0;      ///< left rows that found a target
  std::size_t matched_via_crosswalk = 0;  ///< of matched, through the crosswalk
  std::vector<std::string> unmatched;     ///< left keys without a target (all of them)
  std::vector<std::string> duplicates;    ///< keys occurring more than once on the left
  std::size_t targets_without_data = 0;   ///< target rows no left row reached
  std::vector<std::string> notes;

  double match_rate() const { return left_rows ? double(matched) / double(left_rows) : 0.0; }
  nlohmann::json to_json() const;
  /// Multi-line text for the terminal.
  std::string to_text() const;
};

/// One imported source.
struct Provenance {
  std::string layer;        ///< project layer or table written
  std::string source;       ///< file (or connection without password)
  std::string source_layer;
  std::string crs;          ///< CRS of the source
  std::size_t rows = 0;
  std::string imported_at;  ///< ISO 8601 UTC
  std::string notes;
};

/// Read-only view of a project file.
class Project {
 public:
  /// @throws InputError if the file does not exist or is not a swsplan project.
  static Project open(const std::string& path);

  const std::string& path() const { return path_; }
  std::vector<std::string> layer_names() const;
  bool has(const std::string& layer) const;
  /// @throws InputError naming the project and layer when absent.
  gis::VectorLayer read(const std::string& layer) const;
  /// Settings value for `key` (JSON), or null.
  nlohmann::json setting(const std::string& key) const;
  nlohmann::json all_settings() const;
  std::vector<Provenance> provenance() const;
  std::vector<nlohmann::json> join_reports() const;

 private:
  std::string path_;
  std::vector<std::string> names_;
};

/// Stages changes and writes them all at once (commit). Input files are never opened for
/// writing. One writer is not thread-safe (stage and commit it from one thread), but several
/// writers may live at once on worker threads of one process or in several processes:
/// - a commit holds the project's writer lease (layers/lease.hpp): the one its thread already
///   holds (a run takes it before it reads its inputs, so no update is lost), or one it takes
///   for the commit alone (waiting up to kDefaultLeaseWait_s);
/// - each commit copies the real file (symlinks resolved) as it is when the commit starts to
///   `<real>.swsplan-tmp-PID-N` in the same folder, writes the copy, gives it the project's
///   mode and (where permitted) owner and group, flushes it and renames it over the real file.
///   A symlink keeps pointing at the updated project; other hard links of the file keep the
///   previous version (the rename gives this name a new file, as a backup tool that
///   hard-links snapshots expects);
/// - a commit refused by a signal (commit_interrupt()) before it starts throws Cancelled;
///   once started it finishes.
class ProjectWriter {
 public:
  /// `path` may or may not exist. `timestamp` (ISO 8601) stamps provenance; empty = now
  /// (pass a fixed value for reproducible files).
  explicit ProjectWriter(std::string path, std::string timestamp = {});

  /// Replaces (or adds) a layer or attribute table.
  void put(const gis::VectorLayer& layer, const std::string& name);
  /// Removes a layer if present.
  void remove(const std::string& name);
  void set_setting(const std::string& key, const nlohmann::json& value);
  void add_provenance(Provenance p);
  void add_join_report(const JoinReport& r);
  void set_meta(const std::string& key, const std::string& value);

  /// Applies everything atomically (copy -> write -> rename) under the writer lease. On any
  /// error the original is untouched and the temporary copy removed; a full disk or a
  /// missing permission is one sentence naming the file and the remedy. @throws Error,
  /// LeaseBusy, Cancelled (interrupted before the commit started).
  void commit();
  const std::string& timestamp() const { return timestamp_; }
  /// True when nothing is staged (a commit would change nothing).
  bool empty() const;

 private:
  std::string path_, timestamp_;
  std::vector<std::pair<std::string, gis::VectorLayer>> puts_;
  std::vector<std::string> removes_;
  std::vector<std::pair<std::string, nlohmann::json>> settings_;
  std::vector<Provenance> provenance_;
  std::vector<JoinReport> reports_;
  std::vector<std::pair<std::string, std::string>> meta_;
};

/// What a signal does to the commits of this process (async-signal-safe, for a handler of
/// SIGINT/SIGTERM/SIGHUP).
enum class CommitInterrupt {
  Cancelled,  ///< no commit was running: none will start (it throws Cancelled); stop the run
  Deferred,   ///< a commit is running: it finishes (the project is written whole)
};
/// Called from a signal handler: refuses every later commit, unless one is running now.
CommitInterrupt commit_interrupt() noexcept;
/// True when an interrupt arrived while a commit ran (the project was written all the same).
bool commit_interrupt_deferred() noexcept;
/// True while a commit of this process is writing.
bool commit_in_progress() noexcept;

/// Current UTC time as ISO 8601 (honours SOURCE_DATE_EPOCH for reproducible builds).
std::string utc_now_iso();

}  // namespace swsplan::layers
