#pragma once
/// @file Analysis > Referral...: the referral analysis of `swsplan referral` (mode, assigned-by
/// field, province) run on a worker thread through the job machinery (JobDialog), stored
/// through the door; the main window then draws the referral_<mode> lines classed by time.
#include <string>

#include "app/gui/analysis_dialogs.hpp"
#include "layers/referral.hpp"

namespace swsplan::gui {

class ReferralDialog : public JobDialog {
  Q_OBJECT
 public:
  ReferralDialog(const DialogContext& ctx, QWidget* parent);
  /// Runs with the form's choices (returns at once; `succeeded` when stored).
  void run();
  QComboBox* mode_box() const { return mode_; }
  QLineEdit* assigned_by_edit() const { return assigned_by_; }
  QComboBox* province_box() const { return province_; }

 signals:
  /// The run is stored; `lines` is the referral_<mode> layer as stored.
  void succeeded(const gis::VectorLayer& lines);

 private:
  DialogContext ctx_;
  QComboBox *mode_ = nullptr, *province_ = nullptr;
  QLineEdit* assigned_by_ = nullptr;
};

/// The summary lines of a referral run, as the dialog shows them.
QString referral_summary_text(const layers::ReferralResult& r);

}  // namespace swsplan::gui
