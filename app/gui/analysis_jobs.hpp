#pragma once
/// @file The work behind the GUI's analysis dialogs, free of widgets: the gap analysis and
/// siting exactly as `swsplan analyze` / `swsplan site` run them (same layers/ calls, results
/// written through the door, layers/store.hpp), a job runner that executes one of them on a
/// worker thread with progress and a gis::CancelToken, and the editable user point layers
/// (candidate sites, fixed offices, layers/map_edits.hpp) the siting dialog can use.
#include <QObject>
#include <array>
#include <QString>
#include <QFutureWatcher>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "layers/map_edits.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

/// Parameters of a gap analysis (the CLI's `analyze` options plus the deprivation settings
/// stored in the project).
struct GapRequest {
  std::vector<std::string> services;    ///< service ids; empty = enabled services with facilities
  std::string mode;                     ///< "" = each service's own; else line / network / raster
  std::string deprivation_source;       ///< "" = the project's; "villages", "commune:<field>", ...
  std::optional<double> threshold_0_1;  ///< fixed cut-off (when no quantile)
  std::optional<double> quantile_0_1;   ///< national quantile as the cut-off instead
  bool geometric = false;               ///< district index as a geometric mean
};

/// Per service: communes / households / poor households per class.
struct GapServiceSummary {
  std::string service;
  std::map<std::string, std::array<double, 3>> classes;  ///< class -> communes, households, poor
  std::vector<std::string> notes;
};
struct GapSummary {
  std::string deprivation;                ///< source and threshold rule
  std::vector<GapServiceSummary> services;
  std::vector<std::string> skipped;       ///< enabled services without facilities
  std::vector<std::string> top_districts; ///< "1. KH0102 Name (index 0.93)"
  std::size_t communes = 0;
  /// Multi-line text shown after a run.
  QString text() const;
};

/// Runs the gap analysis on `project_path` and writes gap_communes, gap_classes,
/// gap_summary, district_priority and layer_styles (and changed deprivation settings) in
/// one commit through the door. Cancelled before the commit: nothing is written.
/// @throws gis::Error (InputError naming file/row/field, UsageError, Cancelled).
GapSummary run_gap_analysis(const std::string& project_path, const GapRequest& rq, gis::Progress& progress);

/// Runs siting and stores the scenario in one commit (as `swsplan site`). `replace`: an
/// existing scenario of that name is replaced; otherwise refused before any work.
layers::SitingResult run_siting_scenario(const std::string& project_path, layers::SitingRequest rq, bool replace,
                                         gis::Progress& progress);
/// Summary lines of a siting result (covered poor households before/after, bound, gap).
QString siting_summary_text(const layers::SitingResult& r);

/// Runs one piece of work on a worker thread. Progress arrives on the GUI thread (signal
/// `progressed`), `cancel()` sets the gis::CancelToken the work's Progress checks, and
/// `finished` reports success, cancellation or the error message (file/row/field as the
/// library wrote it). One run at a time.
class AnalysisJob : public QObject {
  Q_OBJECT
 public:
  using Work = std::function<void(gis::Progress&)>;
  explicit AnalysisJob(QObject* parent = nullptr);
  ~AnalysisJob() override;

  /// Starts `work`; returns false if a run is already going.
  bool start(Work work);
  void cancel();
  bool running() const;
  /// Blocks (running the event loop) until `finished` was emitted; for tests.
  bool wait(int timeout_ms);

 signals:
  void progressed(double done_0_1, const QString& stage);
  /// ok: the work returned; cancelled: it stopped on the token; else `error` says why.
  void finished(bool ok, bool cancelled, const QString& error);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  QFutureWatcher<void>* watcher_ = nullptr;
  bool busy_ = false;  ///< from start() until `finished` was emitted (GUI thread)
};

// The map's point edits live in layers/ (one commit each through the door).
using layers::kUserCandidates;
using layers::kUserOffices;
using layers::toggle_user_point;

}  // namespace swsplan::gui
