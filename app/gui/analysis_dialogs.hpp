#pragma once
/// @file The gap analysis and siting dialogs: parameters (those of `swsplan analyze` and
/// `swsplan site`), a progress bar and Cancel. The work runs on a worker thread through
/// AnalysisJob, so the window never freezes; a failure shows the library's message (file,
/// row, field) in a message box; a cancelled run writes nothing. Non-modal.
#include <QDialog>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/gui/analysis_jobs.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QPlainTextEdit;

namespace swsplan::gui {

/// What the dialogs offer, from the open project.
struct DialogContext {
  std::string project_path;
  std::vector<std::string> services;        ///< service ids with facilities in the project
  /// Of `services`, those switched off in the project's settings: offered unticked, and run
  /// when the user ticks them (never skipped once ticked).
  std::vector<std::string> disabled_services;
  /// Provinces of the project (adm1_pcode, name), for siting limited to one province.
  std::vector<std::pair<std::string, std::string>> provinces;
  std::vector<std::string> commune_fields;  ///< numeric fields of the communes layer
  std::vector<std::string> point_layers;    ///< point layers of the project (candidates / existing)
};

/// Common frame: parameter form on top, then progress bar, stage, result text, and
/// Run / Cancel / Close.
class JobDialog : public QDialog {
  Q_OBJECT
 public:
  explicit JobDialog(QWidget* parent);
  AnalysisJob* job() const { return job_; }
  /// Last error message (empty after success or cancel).
  const QString& last_error() const { return last_error_; }
  QString result_text() const;
  /// Puts back the text of a run shown before (the dialog rebuilt in another language).
  void set_result_text(const QString& text);
  QPushButton* run_button() const { return run_; }
  QPushButton* cancel_button() const { return cancel_; }
  /// The stage line under the progress bar (what the dialog is doing or why it refused).
  QString status_text() const;
  /// One project writer at a time: before each run the dialog asks `guard`, which returns
  /// why another writer of the same project is busy (empty: free). A busy project refuses
  /// the run with that reason in the stage line and the Run button's tooltip.
  void set_writer_guard(std::function<QString()> guard) { guard_ = std::move(guard); }
  /// Why the last Run was refused (empty when it started).
  const QString& last_refusal() const { return refusal_; }

 protected:
  /// Shows an error (non-blocking message box, the result pane) and keeps it as last_error().
  void show_error(const QString& message);
  /// Starts `work` (progress, cancel wired); `done` runs on the GUI thread after success.
  void start(AnalysisJob::Work work, std::function<void()> done);
  QWidget* form_ = nullptr;
  QPlainTextEdit* result_ = nullptr;

 private:
  void on_finished(bool ok, bool cancelled, const QString& error);
  AnalysisJob* job_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QLabel* stage_ = nullptr;
  QPushButton *run_ = nullptr, *cancel_ = nullptr, *close_ = nullptr;
  std::function<void()> done_;
  std::function<QString()> guard_;
  QString last_error_, refusal_;
};

class GapDialog : public JobDialog {
  Q_OBJECT
 public:
  GapDialog(const DialogContext& ctx, QWidget* parent);
  /// The request the widgets describe.
  GapRequest request() const;
  /// Starts the analysis with request().
  void run();
  QListWidget* services_list() const { return services_; }
  QRadioButton* quantile_button() const { return use_quantile_; }
  QDoubleSpinBox* threshold_box() const { return threshold_; }

 signals:
  /// The project was updated (gap layers written).
  void succeeded(const swsplan::gui::GapSummary& summary);

 private:
  DialogContext ctx_;
  QListWidget* services_ = nullptr;
  QComboBox *mode_ = nullptr, *source_ = nullptr;
  QRadioButton *use_threshold_ = nullptr, *use_quantile_ = nullptr;
  QDoubleSpinBox *threshold_ = nullptr, *quantile_ = nullptr;
  QCheckBox* geometric_ = nullptr;
};

class SitingDialog : public JobDialog {
  Q_OBJECT
 public:
  SitingDialog(const DialogContext& ctx, QWidget* parent);
  /// The request the widgets describe. @throws gis::UsageError for a bad threshold or name.
  layers::SitingRequest request() const;
  bool replace() const;
  void run();
  /// Offers a new set of point layers (after user points were added) and selects
  /// `candidates` / `existing` when non-empty.
  void set_point_layers(const std::vector<std::string>& layers, const std::string& candidates = {},
                        const std::string& existing = {});
  QComboBox* model_box() const { return model_; }
  QSpinBox* p_box() const { return p_; }
  QLineEdit* threshold_edit() const { return threshold_; }
  QLineEdit* scenario_edit() const { return scenario_; }
  QComboBox* candidates_box() const { return candidates_; }
  QComboBox* existing_box() const { return existing_; }
  QComboBox* province_box() const { return province_; }
  QSpinBox* capacity_box() const { return capacity_; }
  QDoubleSpinBox* spacing_box() const { return spacing_; }
  QCheckBox* exact_box() const { return exact_; }
  QSpinBox* time_limit_box() const { return time_limit_; }

 signals:
  void succeeded(const layers::SitingResult& result);

 private:
  DialogContext ctx_;
  QComboBox *model_ = nullptr, *mode_ = nullptr, *demand_ = nullptr, *candidates_ = nullptr, *existing_ = nullptr,
            *province_ = nullptr;
  QSpinBox *p_ = nullptr, *cmin_ = nullptr, *cmax_ = nullptr, *capacity_ = nullptr, *time_limit_ = nullptr;
  QDoubleSpinBox* spacing_ = nullptr;
  QLineEdit *threshold_ = nullptr, *scenario_ = nullptr;
  QCheckBox *replace_ = nullptr, *exact_ = nullptr;
};

}  // namespace swsplan::gui
