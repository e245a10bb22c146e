#include "app/gui/pwp_dialogs.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <memory>

#include "app/render/map_decorations.hpp"
#include "app/gui/pwp_jobs.hpp"
#include "app/render/style.hpp"
#include "gis/core/error.hpp"
#include "layers/services.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

PwpDialog::PwpDialog(const DialogContext& ctx, QWidget* parent) : JobDialog(parent), ctx_(ctx) {
  setWindowTitle(tr("PWP road scenario"));
  auto* f = new QFormLayout(form_);
  scenario_ = new QLineEdit("gui_pwp", form_);
  f->addRow(tr("Scenario name"), scenario_);
  works_ = new QComboBox(form_);
  works_->setToolTip(tr("Line layer with fields work (new / upgrade), road_class, road_id (upgrades)"));
  f->addRow(tr("Road works layer"), works_);
  set_works_layers({kUserPwpWorks});
  services_ = new QListWidget(form_);
  for (const auto& s : ctx_.services) {
    auto* it = new QListWidgetItem(legend_tr(service_label(s)), services_);
    it->setData(Qt::UserRole, QString::fromStdString(s));
    it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
    it->setCheckState(Qt::Checked);
  }
  services_->setMaximumHeight(150);
  f->addRow(tr("Services"), services_);
  threshold_ = new QLineEdit(form_);
  threshold_->setPlaceholderText(tr("each service's own"));
  threshold_->setToolTip(tr("One travel-time threshold for every service (60min, 2h); empty: each service's own"));
  f->addRow(tr("Threshold"), threshold_);
  replace_ = new QCheckBox(tr("Replace a scenario of the same name"), form_);
  replace_->setChecked(true);
  f->addRow(QString(), replace_);
  f->addRow(new QLabel(tr("Draw new roads with \"Draw road works\"; they are stored in layer user_pwp_works."), form_));
  connect(run_button(), &QPushButton::clicked, this, &PwpDialog::run);
}

void PwpDialog::set_works_layers(const std::vector<std::string>& layers, const std::string& select) {
  const QVariant keep = works_->currentData();
  works_->clear();
  for (const auto& l : layers) works_->addItem(QString::fromStdString(l), QString::fromStdString(l));
  if (works_->findData(QString(kUserPwpWorks)) < 0) works_->insertItem(0, kUserPwpWorks, QString(kUserPwpWorks));
  const int i = works_->findData(select.empty() ? keep : QVariant(QString::fromStdString(select)));
  works_->setCurrentIndex(i >= 0 ? i : works_->findData(QString(kUserPwpWorks)));
}

bool PwpDialog::replace() const { return replace_->isChecked(); }

layers::PwpRequest PwpDialog::request() const {
  layers::PwpRequest rq;
  rq.scenario = scenario_->text().trimmed().toStdString();
  layers::validate_scenario_name(rq.scenario);
  rq.works = works_->currentData().toString().toStdString();
  if (rq.works.empty()) throw gis::UsageError("pick a road works layer (draw roads first)");
  bool all = true;
  for (int i = 0; i < services_->count(); ++i) {
    auto* it = services_->item(i);
    if (it->checkState() != Qt::Checked) {
      all = false;
      continue;
    }
    const auto id = it->data(Qt::UserRole).toString().toStdString();
    rq.services.push_back(layers::require_service(id));
  }
  if (all) rq.services.clear();  // as the CLI: the project's enabled services
  else if (rq.services.empty()) throw gis::UsageError("tick at least one service");
  const auto t = threshold_->text().trimmed().toStdString();
  if (!t.empty()) rq.threshold = layers::Threshold::parse(t);
  return rq;
}

void PwpDialog::run() {
  layers::PwpRequest rq;
  try {
    rq = request();
  } catch (const std::exception& e) {
    show_error(QString::fromStdString(e.what()));
    return;
  }
  auto out = std::make_shared<layers::PwpResult>();
  start([path = ctx_.project_path, rq, rep = replace(), out](gis::Progress& p) {
          *out = run_pwp_scenario(path, rq, rep, p);
        },
        [this, out] {
          last_ = *out;
          result_->setPlainText(QString::fromStdString(pwp_summary_text(*out)));
          emit succeeded(*out);
        });
}

}  // namespace swsplan::gui
