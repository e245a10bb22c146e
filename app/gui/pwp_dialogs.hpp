#pragma once
/// @file The PWP road scenario dialog: scenario name, works layer (default user_pwp_works,
/// the roads drawn on the map), services, threshold; runs layers::run_pwp on a worker thread
/// with progress and Cancel (JobDialog) and stores the scenario all-or-nothing.
#include <string>
#include <vector>

#include "app/gui/analysis_dialogs.hpp"
#include "layers/pwp.hpp"

namespace swsplan::gui {

class PwpDialog : public JobDialog {
  Q_OBJECT
 public:
  PwpDialog(const DialogContext& ctx, QWidget* parent);
  /// The request the widgets describe. @throws gis::UsageError for a bad name or threshold.
  layers::PwpRequest request() const;
  bool replace() const;
  void run();
  /// Offers the line layers of the project as works; selects `select` when present.
  void set_works_layers(const std::vector<std::string>& layers, const std::string& select = {});
  QLineEdit* scenario_edit() const { return scenario_; }
  QComboBox* works_box() const { return works_; }
  QListWidget* services_list() const { return services_; }
  QLineEdit* threshold_edit() const { return threshold_; }
  /// The last successful result (empty scenario before one).
  const layers::PwpResult& result() const { return last_; }

 signals:
  void succeeded(const layers::PwpResult& result);

 private:
  DialogContext ctx_;
  QLineEdit *scenario_ = nullptr, *threshold_ = nullptr;
  QComboBox* works_ = nullptr;
  QListWidget* services_ = nullptr;
  QCheckBox* replace_ = nullptr;
  layers::PwpResult last_;
};

}  // namespace swsplan::gui
