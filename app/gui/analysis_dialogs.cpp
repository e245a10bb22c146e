#include "app/gui/analysis_dialogs.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <memory>

#include "gis/core/error.hpp"
#include "layers/services.hpp"
#include "layers/settings.hpp"
#include "app/render/map_decorations.hpp"
#include "app/render/style.hpp"

namespace swsplan::gui {

JobDialog::JobDialog(QWidget* parent) : QDialog(parent) {
  setModal(false);
  auto* v = new QVBoxLayout(this);
  form_ = new QWidget(this);
  v->addWidget(form_);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setValue(0);
  bar_->setTextVisible(true);
  bar_->setFormat("%p%");
  stage_ = new QLabel(this);
  result_ = new QPlainTextEdit(this);
  result_->setReadOnly(true);
  result_->setMinimumHeight(120);
  v->addWidget(bar_);
  v->addWidget(stage_);
  v->addWidget(result_, 1);
  auto* bb = new QDialogButtonBox(this);
  run_ = bb->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
  cancel_ = bb->addButton(tr("Cancel run"), QDialogButtonBox::RejectRole);
  close_ = bb->addButton(tr("Close"), QDialogButtonBox::DestructiveRole);
  cancel_->setEnabled(false);
  v->addWidget(bb);
  resize(580, 680);
  job_ = new AnalysisJob(this);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    job_->cancel();
    stage_->setText(tr("Cancelling..."));
    cancel_->setEnabled(false);
  });
  connect(close_, &QPushButton::clicked, this, [this] {
    if (job_->running()) job_->cancel();
    hide();
  });
  connect(job_, &AnalysisJob::progressed, this, [this](double d, const QString& st) {
    bar_->setValue(int(std::lround(std::clamp(d, 0.0, 1.0) * 1000)));
    if (!st.isEmpty() && cancel_->isEnabled()) stage_->setText(st);
  });
  connect(job_, &AnalysisJob::finished, this, &JobDialog::on_finished);
}

QString JobDialog::result_text() const { return result_->toPlainText(); }

void JobDialog::set_result_text(const QString& text) { result_->setPlainText(text); }

QString JobDialog::status_text() const { return stage_->text(); }

void JobDialog::start(AnalysisJob::Work work, std::function<void()> done) {
  refusal_.clear();
  if (guard_) refusal_ = guard_();
  if (!refusal_.isEmpty()) {
    // Another writer would commit its own copy of the project meanwhile: refuse, say why.
    stage_->setText(tr("Not started: %1. Run again when it has finished.").arg(refusal_));
    run_->setToolTip(refusal_);
    return;
  }
  run_->setToolTip(QString());
  done_ = std::move(done);
  last_error_.clear();
  result_->clear();
  bar_->setValue(0);
  stage_->setText(tr("Starting..."));
  if (!job_->start(std::move(work))) return;
  run_->setEnabled(false);
  form_->setEnabled(false);
  cancel_->setEnabled(true);
}

void JobDialog::on_finished(bool ok, bool cancelled, const QString& error) {
  run_->setEnabled(true);
  form_->setEnabled(true);
  cancel_->setEnabled(false);
  if (ok) {
    stage_->setText(tr("Finished; results written to the project."));
    if (done_) done_();
    return;
  }
  bar_->setValue(0);
  if (cancelled) {
    stage_->setText(tr("Cancelled: the project was not changed."));
    return;
  }
  stage_->setText(tr("Failed: the project was not changed."));
  show_error(error);
}

void JobDialog::show_error(const QString& message) {
  last_error_ = message;
  result_->setPlainText(message);
  // Non-blocking, so the window (and tests) keep running.
  auto* box = new QMessageBox(QMessageBox::Warning, windowTitle(), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

// --- gap analysis ------------------------------------------------------------------------

GapDialog::GapDialog(const DialogContext& ctx, QWidget* parent) : JobDialog(parent), ctx_(ctx) {
  setWindowTitle(tr("Gap analysis"));
  auto* f = new QFormLayout(form_);
  services_ = new QListWidget(form_);
  for (const auto& s : ctx_.services) {
    const bool off = std::find(ctx_.disabled_services.begin(), ctx_.disabled_services.end(), s) !=
                     ctx_.disabled_services.end();
    // A service switched off in the settings is offered unticked and says so; ticked, it runs.
    const QString label = off ? tr("%1 (off in the project settings)").arg(legend_tr(service_label(s)))
                              : legend_tr(service_label(s));
    auto* it = new QListWidgetItem(label, services_);
    it->setData(Qt::UserRole, QString::fromStdString(s));
    it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
    it->setCheckState(off ? Qt::Unchecked : Qt::Checked);
  }
  services_->setMaximumHeight(150);
  f->addRow(tr("Services to analyse"), services_);
  mode_ = new QComboBox(form_);
  mode_->addItem(tr("Each service's setting"), QString());
  mode_->addItem(tr("Straight line"), "line");
  mode_->addItem(tr("Road network"), "network");
  mode_->addItem(tr("Cost surface (raster)"), "raster");
  f->addRow(tr("Access mode"), mode_);
  source_ = new QComboBox(form_);
  source_->addItem(tr("Project setting"), QString());
  source_->addItem(tr("ID-Poor villages (poor / households)"), "villages");
  for (const auto& c : ctx_.commune_fields)
    source_->addItem(tr("Commune field %1").arg(QString::fromStdString(c)), QString::fromStdString("commune:" + c));
  f->addRow(tr("Deprivation source"), source_);
  use_threshold_ = new QRadioButton(tr("Fixed cut-off"), form_);
  use_quantile_ = new QRadioButton(tr("National quantile"), form_);
  use_threshold_->setChecked(true);
  threshold_ = new QDoubleSpinBox(form_);
  threshold_->setRange(0, 1);
  threshold_->setSingleStep(0.05);
  threshold_->setDecimals(2);
  threshold_->setValue(0.25);
  quantile_ = new QDoubleSpinBox(form_);
  quantile_->setRange(0.01, 0.99);
  quantile_->setSingleStep(0.05);
  quantile_->setDecimals(2);
  quantile_->setValue(0.75);
  quantile_->setEnabled(false);
  connect(use_quantile_, &QRadioButton::toggled, this, [this](bool q) {
    quantile_->setEnabled(q);
    threshold_->setEnabled(!q);
  });
  auto* row1 = new QHBoxLayout;
  row1->addWidget(use_threshold_);
  row1->addWidget(threshold_);
  auto* row2 = new QHBoxLayout;
  row2->addWidget(use_quantile_);
  row2->addWidget(quantile_);
  f->addRow(tr("High deprivation"), row1);
  f->addRow(QString(), row2);
  geometric_ = new QCheckBox(tr("Geometric mean (INFORM style) instead of weighted sum"), form_);
  f->addRow(tr("District priority"), geometric_);
  f->addRow(new QLabel(tr("The deprivation cut-off is saved in the project's settings."), form_));
  connect(run_button(), &QPushButton::clicked, this, &GapDialog::run);
}

GapRequest GapDialog::request() const {
  GapRequest rq;
  // Always the ticked list itself: "all ticked" must not fall back to the enabled services,
  // which would skip a ticked service that is off in the settings.
  for (int i = 0; i < services_->count(); ++i) {
    auto* it = services_->item(i);
    if (it->checkState() == Qt::Checked) rq.services.push_back(it->data(Qt::UserRole).toString().toStdString());
  }
  if (rq.services.empty()) throw gis::UsageError("tick at least one service to analyse");
  rq.mode = mode_->currentData().toString().toStdString();
  rq.deprivation_source = source_->currentData().toString().toStdString();
  if (use_quantile_->isChecked()) rq.quantile_0_1 = quantile_->value();
  else rq.threshold_0_1 = threshold_->value();
  rq.geometric = geometric_->isChecked();
  return rq;
}

void GapDialog::run() {
  GapRequest rq;
  try {
    rq = request();
  } catch (const std::exception& e) {
    show_error(QString::fromStdString(e.what()));
    return;
  }
  auto out = std::make_shared<GapSummary>();
  start([path = ctx_.project_path, rq, out](gis::Progress& p) { *out = run_gap_analysis(path, rq, p); },
        [this, out] {
          result_->setPlainText(out->text());
          emit succeeded(*out);
        });
}

// --- siting ------------------------------------------------------------------------------

SitingDialog::SitingDialog(const DialogContext& ctx, QWidget* parent) : JobDialog(parent), ctx_(ctx) {
  setWindowTitle(tr("Office siting"));
  auto* f = new QFormLayout(form_);
  model_ = new QComboBox(form_);
  model_->addItem(tr("MCLP: cover most demand with p new offices"), "mclp");
  model_->addItem(tr("LSCP: fewest offices covering all"), "lscp");
  model_->addItem(tr("p-median: least weighted travel"), "pmedian");
  model_->addItem(tr("Clusters of contiguous communes per district"), "clusters");
  f->addRow(tr("Model"), model_);
  p_ = new QSpinBox(form_);
  p_->setRange(1, 500);
  p_->setValue(3);
  f->addRow(tr("New offices (p)"), p_);
  threshold_ = new QLineEdit("60min", form_);
  threshold_->setToolTip(tr("Time (60min, 2h) or distance (10km)"));
  f->addRow(tr("Reach threshold"), threshold_);
  mode_ = new QComboBox(form_);
  mode_->addItem(tr("Straight line"), "line");
  mode_->addItem(tr("Road network"), "network");
  f->addRow(tr("Travel"), mode_);
  demand_ = new QComboBox(form_);
  demand_->addItem(tr("Poor households"), "poor_households");
  demand_->addItem(tr("Households"), "households");
  demand_->addItem(tr("Households x service gaps"), "households_x_gaps");
  f->addRow(tr("Demand"), demand_);
  candidates_ = new QComboBox(form_);
  existing_ = new QComboBox(form_);
  f->addRow(tr("Candidate sites"), candidates_);
  f->addRow(tr("Existing offices (kept)"), existing_);
  set_point_layers(ctx_.point_layers);
  cmin_ = new QSpinBox(form_);
  cmax_ = new QSpinBox(form_);
  cmin_->setRange(1, 10);
  cmax_->setRange(1, 10);
  cmin_->setValue(2);
  cmax_->setValue(3);
  auto* cl = new QHBoxLayout;
  cl->addWidget(cmin_);
  cl->addWidget(new QLabel(QString::fromUtf8("–"), form_));
  cl->addWidget(cmax_);
  f->addRow(tr("Communes per cluster"), cl);
  auto sync = [this] {
    const QString m = model_->currentData().toString();
    p_->setEnabled(m == "mclp" || m == "pmedian");
    cmin_->setEnabled(m == "clusters");
    cmax_->setEnabled(m == "clusters");
  };
  connect(model_, &QComboBox::currentIndexChanged, this, sync);
  sync();
  province_ = new QComboBox(form_);
  province_->addItem(tr("All provinces"), QString());
  for (const auto& [code, name] : ctx_.provinces)
    province_->addItem(name.empty() ? QString::fromStdString(code)
                                    : QString::fromStdString(name + " (" + code + ")"),
                       QString::fromStdString(code));
  province_->setToolTip(tr("Demand, candidate sites and existing offices of one province only (as --province)"));
  f->addRow(tr("Province"), province_);
  capacity_ = new QSpinBox(form_);
  capacity_->setRange(0, 10000000);
  capacity_->setSingleStep(500);
  capacity_->setGroupSeparatorShown(true);
  capacity_->setSpecialValueText(tr("No limit"));
  capacity_->setToolTip(tr("Most demand one office may serve, in the demand's units (households or poor "
                           "households); no limit: every village goes to its nearest office (as --capacity)"));
  f->addRow(tr("Capacity per office"), capacity_);
  spacing_ = new QDoubleSpinBox(form_);
  spacing_->setRange(0, 500);
  spacing_->setDecimals(1);
  spacing_->setSuffix(" km");
  spacing_->setSpecialValueText(tr("None"));
  spacing_->setToolTip(tr("No two offices closer than this straight-line distance (as --min-spacing)"));
  f->addRow(tr("Minimum spacing"), spacing_);
  exact_ = new QCheckBox(tr("Solve exactly with CBC (small instances)"), form_);
  f->addRow(QString(), exact_);
  time_limit_ = new QSpinBox(form_);
  time_limit_->setRange(1, 3600);
  time_limit_->setValue(60);
  time_limit_->setSuffix(" s");
  time_limit_->setToolTip(tr("CBC stops after this time with the best solution found and its gap; Cancel stops it at once"));
  f->addRow(tr("Exact solver time limit"), time_limit_);
  connect(exact_, &QCheckBox::toggled, time_limit_, &QWidget::setEnabled);
  time_limit_->setEnabled(false);
  scenario_ = new QLineEdit("gui_scenario", form_);
  f->addRow(tr("Scenario name"), scenario_);
  replace_ = new QCheckBox(tr("Replace a scenario of the same name"), form_);
  replace_->setChecked(true);
  f->addRow(QString(), replace_);
  connect(run_button(), &QPushButton::clicked, this, &SitingDialog::run);
}

void SitingDialog::set_point_layers(const std::vector<std::string>& layers, const std::string& cand,
                                    const std::string& existing) {
  const QVariant keep_c = candidates_->currentData(), keep_e = existing_->currentData();
  candidates_->clear();
  candidates_->addItem(tr("Commune halls"), "communes");
  candidates_->addItem(tr("District towns"), "districts");
  candidates_->addItem(tr("Every village"), "villages");
  existing_->clear();
  existing_->addItem(tr("Facilities of service sws_office"), QString());
  for (const auto& l : layers) {
    candidates_->addItem(tr("Layer %1").arg(QString::fromStdString(l)), QString::fromStdString(l));
    existing_->addItem(tr("Layer %1").arg(QString::fromStdString(l)), QString::fromStdString(l));
  }
  auto pick = [](QComboBox* b, const QVariant& v) {
    const int i = b->findData(v);
    if (i >= 0) b->setCurrentIndex(i);
  };
  pick(candidates_, cand.empty() ? keep_c : QVariant(QString::fromStdString(cand)));
  pick(existing_, existing.empty() ? keep_e : QVariant(QString::fromStdString(existing)));
}

bool SitingDialog::replace() const { return replace_->isChecked(); }

layers::SitingRequest SitingDialog::request() const {
  layers::SitingRequest rq;
  rq.scenario = scenario_->text().trimmed().toStdString();
  layers::validate_scenario_name(rq.scenario);
  const QString m = model_->currentData().toString();
  if (m == "clusters") {
    rq.clusters = true;
    rq.cluster_min = std::uint32_t(cmin_->value());
    rq.cluster_max = std::uint32_t(cmax_->value());
    if (rq.cluster_min > rq.cluster_max) throw gis::UsageError("communes per cluster: the minimum exceeds the maximum");
  } else {
    rq.model = *layers::parse_site_model(m.toStdString());
  }
  rq.p = std::uint32_t(p_->value());
  rq.threshold = layers::Threshold::parse(threshold_->text().trimmed().toStdString());
  rq.mode = *layers::parse_access_mode(mode_->currentData().toString().toStdString());
  rq.demand = *layers::parse_site_demand(demand_->currentData().toString().toStdString());
  rq.candidates = candidates_->currentData().toString().toStdString();
  rq.existing = existing_->currentData().toString().toStdString();
  rq.exact = exact_->isChecked();
  rq.time_limit_s = time_limit_->value();
  rq.province = province_->currentData().toString().toStdString();
  if (capacity_->value() > 0) rq.capacity = double(capacity_->value());
  rq.min_spacing_m = spacing_->value() * 1000.0;
  return rq;
}

void SitingDialog::run() {
  layers::SitingRequest rq;
  try {
    rq = request();
    if (!ctx_.project_path.empty())
      rq.speed_kmh =
          layers::service_settings(layers::Project::open(ctx_.project_path), layers::Service::SwsOffice).line_speed_kmh;
  } catch (const std::exception& e) {
    show_error(QString::fromStdString(e.what()));
    return;
  }
  auto out = std::make_shared<layers::SitingResult>();
  start([path = ctx_.project_path, rq, rep = replace(), out](gis::Progress& p) {
          *out = run_siting_scenario(path, rq, rep, p);
        },
        [this, out] {
          result_->setPlainText(siting_summary_text(*out));
          emit succeeded(*out);
        });
}

}  // namespace swsplan::gui
