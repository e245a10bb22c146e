#pragma once
/// @file Scenario comparison and cost views. CompareDialog: pick A and B among the stored
/// scenarios (siting or PWP; "NAME:before" is a PWP scenario without its works), compare on
/// a worker thread (JobDialog), show the district / total table and store the difference
/// layer compare_<A>_<B> (the main window draws it as a diverging choropleth). CostDialog:
/// the cost table of a scenario (layers::cost_scenario, on a worker thread) with the stored
/// columns (item_kind says line / total / count / ratio; ratios in their own column), exportable to CSV.
#include <QDialog>
#include <string>
#include <vector>

#include "app/gui/analysis_dialogs.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"

class QTableWidget;

namespace swsplan::gui {

/// A stored scenario as the dialogs offer it.
struct ScenarioChoice {
  std::string name;   ///< as stored
  std::string model;  ///< "pwp" or a siting model
};
/// The scenarios stored in a project (swsplan_scenarios), in table order; none when absent.
std::vector<ScenarioChoice> stored_scenarios(const std::string& project_path);

class CompareDialog : public JobDialog {
  Q_OBJECT
 public:
  CompareDialog(const std::string& project_path, QWidget* parent);
  /// Refills A and B from the project (keeps the current picks when still present).
  void reload_scenarios();
  /// Picks operands by their text ("name" or "name:before"); false if absent.
  bool select(const std::string& a, const std::string& b);
  void run();
  QComboBox* a_box() const { return a_; }
  QComboBox* b_box() const { return b_; }
  QTableWidget* table() const { return table_; }
  const layers::ScenarioDiff& result() const { return last_; }

 signals:
  void succeeded(const layers::ScenarioDiff& diff);

 private:
  void fill_table(const layers::ScenarioDiff& d);
  std::string path_;
  QComboBox *a_ = nullptr, *b_ = nullptr;
  QLineEdit* service_ = nullptr;
  QTableWidget* table_ = nullptr;
  layers::ScenarioDiff last_;
};

class CostDialog : public QDialog {
  Q_OBJECT
 public:
  CostDialog(const std::string& project_path, QWidget* parent);
  void reload_scenarios();
  /// Computes the table of the selected scenario (empty: gap analysis alone) on a worker
  /// thread (the window stays live); a change of scenario meanwhile recomputes when it ends.
  /// `wait`: until the table is shown (tests). Returns false (message in last_error()) when
  /// the computation failed (only known with `wait`), else true.
  bool compute(bool wait = false);
  /// A computation is running (or queued after the running one).
  bool computing() const;
  /// Writes the shown table as CSV (the stored columns). @throws gis::Error.
  void export_csv(const std::string& path) const;
  QComboBox* scenario_box() const { return scenario_; }
  QTableWidget* table() const { return table_; }
  /// Totals, poor households newly reached and cost per poor household newly reached.
  QString totals_text() const;
  const layers::CostTable& cost() const { return cost_; }
  const QString& last_error() const { return last_error_; }

 signals:
  /// A computation ended: the table shows its result (ok) or last_error() says why not.
  void computed(bool ok);

 private:
  void show_table();
  std::string path_;
  QComboBox *scenario_ = nullptr, *with_pwp_ = nullptr;
  QTableWidget* table_ = nullptr;
  QLabel* totals_ = nullptr;
  AnalysisJob* job_ = nullptr;
  bool again_ = false;  ///< the scenario changed while computing: compute once more
  layers::CostTable cost_;
  QString last_error_;
};

}  // namespace swsplan::gui
