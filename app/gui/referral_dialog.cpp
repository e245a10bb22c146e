#include "app/gui/referral_dialog.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <cmath>
#include <memory>

#include "app/render/referral_style.hpp"
#include "layers/referral_run.hpp"

namespace swsplan::gui {

namespace {
QString minutes(double m) { return std::isfinite(m) ? QString::number(m, 'f', 1) : QStringLiteral("-"); }
}  // namespace

QString referral_summary_text(const layers::ReferralResult& r) {
  const auto& s = r.summary;
  QString t = ReferralDialog::tr("%1 of %2 health centres reach a referral hospital").arg(s.with_time).arg(s.centres);
  t += "\n" + ReferralDialog::tr("Median %1 min, longest %2 min").arg(minutes(s.median_min), minutes(s.longest_min));
  t += "\n" + ReferralDialog::tr("Beyond 60 min: %1, beyond 120 min: %2").arg(s.beyond_60).arg(s.beyond_120);
  for (const auto& n : r.notes) t += "\n" + QString::fromStdString(n);
  return t;
}

ReferralDialog::ReferralDialog(const DialogContext& ctx, QWidget* parent) : JobDialog(parent), ctx_(ctx) {
  setWindowTitle(tr("Referral analysis"));
  auto* f = new QFormLayout(form_);
  mode_ = new QComboBox(form_);
  mode_->addItem(tr("Road network"), "network");
  mode_->addItem(tr("Straight line"), "line");
  mode_->addItem(tr("Cost surface (raster)"), "raster");
  f->addRow(tr("Travel mode"), mode_);
  assigned_by_ = new QLineEdit(form_);
  assigned_by_->setPlaceholderText(tr("empty: the nearest hospital; e.g. od_code"));
  f->addRow(tr("Assigned by field"), assigned_by_);
  province_ = new QComboBox(form_);
  province_->addItem(tr("All provinces"), QString());
  for (const auto& [code, name] : ctx_.provinces)
    province_->addItem(QString::fromStdString(code + " " + name), QString::fromStdString(code));
  f->addRow(tr("Health centres of"), province_);
  f->addRow(new QLabel(tr("In raster mode the distance is the straight line to the hospital reached."), form_));
  connect(run_button(), &QPushButton::clicked, this, &ReferralDialog::run);
}

void ReferralDialog::run() {
  layers::ReferralRequest rq;
  rq.mode = *layers::parse_access_mode(mode_->currentData().toString().toStdString());
  rq.assigned_by = assigned_by_->text().trimmed().toStdString();
  rq.province = province_->currentData().toString().toStdString();
  auto out = std::make_shared<layers::ReferralResult>();
  auto lines = std::make_shared<gis::VectorLayer>();
  start(
      [path = ctx_.project_path, rq, out, lines](gis::Progress& p) {
        *out = layers::run_and_store_referral(path, rq, analysis_qgis_styler(), p);
        *lines = layers::referral_lines(*out);
      },
      [this, out, lines] {
        result_->setPlainText(referral_summary_text(*out));
        emit succeeded(*lines);
      });
}

}  // namespace swsplan::gui
