#include "app/gui/compare_dialogs.hpp"

#include <QComboBox>
#include <QEventLoop>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <map>
#include <memory>

#include "app/gui/pwp_jobs.hpp"
#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"
#include "layers/siting.hpp"

namespace swsplan::gui {

namespace {
QString num(double v, int prec, bool sign = false) {
  if (!std::isfinite(v)) return QString::fromUtf8("–");
  QString s = QString::number(v, 'f', prec);
  if (sign && v > 0) s.prepend('+');
  return s;
}
QTableWidgetItem* cell(const QString& t, bool right) {
  auto* it = new QTableWidgetItem(t);
  it->setFlags(it->flags() & ~Qt::ItemIsEditable);
  if (right) it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return it;
}
}  // namespace

std::vector<ScenarioChoice> stored_scenarios(const std::string& project_path) {
  std::vector<ScenarioChoice> out;
  const auto p = layers::Project::open(project_path);
  for (const auto& s : layers::list_scenarios(p)) out.push_back({s.name, s.model});
  return out;
}

// --- comparison --------------------------------------------------------------------------

CompareDialog::CompareDialog(const std::string& project_path, QWidget* parent) : JobDialog(parent), path_(project_path) {
  setWindowTitle(tr("Compare scenarios"));
  auto* v = new QVBoxLayout(form_);
  v->setContentsMargins(0, 0, 0, 0);
  auto* f = new QFormLayout;
  a_ = new QComboBox(form_);
  b_ = new QComboBox(form_);
  f->addRow(tr("Scenario A (reference)"), a_);
  f->addRow(tr("Scenario B"), b_);
  service_ = new QLineEdit(form_);
  service_->setPlaceholderText(tr("first stored service"));
  service_->setToolTip(tr("PWP scenarios: the service to compare (e.g. health_centre)"));
  f->addRow(tr("Service (PWP)"), service_);
  v->addLayout(f);
  table_ = new QTableWidget(form_);
  table_->setColumnCount(12);
  table_->verticalHeader()->hide();
  table_->setMinimumHeight(180);
  v->addWidget(table_, 1);
  const QStringList head{tr("District"),  tr("Name"),         tr("Poor households"), tr("Covered poor A"),
                         tr("Covered poor B"), tr("Poor B - A"), tr("Covered households A"), tr("Covered households B"),
                         tr("Households B - A"), tr("Access A"),  tr("Access B"),        tr("Access B - A")};
  table_->setHorizontalHeaderLabels(head);
  resize(900, 720);
  reload_scenarios();
  connect(run_button(), &QPushButton::clicked, this, &CompareDialog::run);
}

void CompareDialog::reload_scenarios() {
  const QString ka = a_->currentText(), kb = b_->currentText();
  a_->clear();
  b_->clear();
  try {
    for (const auto& s : stored_scenarios(path_)) {
      const QString n = QString::fromStdString(s.name);
      for (auto* box : {a_, b_}) {
        if (s.model == layers::kPwpModel) box->addItem(n + ":before", n + ":before");
        box->addItem(n, n);
      }
    }
  } catch (const std::exception& e) {
    show_error(QString::fromStdString(e.what()));
  }
  if (a_->findText(ka) >= 0) a_->setCurrentText(ka);
  if (b_->findText(kb) >= 0) b_->setCurrentText(kb);
  else if (b_->count() > 1 && b_->currentIndex() == a_->currentIndex()) b_->setCurrentIndex(1);
  run_button()->setEnabled(a_->count() > 0);
}

bool CompareDialog::select(const std::string& a, const std::string& b) {
  const int ia = a_->findData(QString::fromStdString(a)), ib = b_->findData(QString::fromStdString(b));
  if (ia < 0 || ib < 0) return false;
  a_->setCurrentIndex(ia);
  b_->setCurrentIndex(ib);
  return true;
}

void CompareDialog::run() {
  const auto a = a_->currentData().toString().toStdString(), b = b_->currentData().toString().toStdString();
  if (a.empty() || b.empty()) {
    show_error(tr("Store at least one scenario first (Office siting or PWP road scenario)."));
    return;
  }
  auto out = std::make_shared<layers::ScenarioDiff>();
  start([path = path_, a, b, svc = service_->text().trimmed().toStdString(), out](gis::Progress& p) {
          *out = run_compare(path, a, b, svc, p);
        },
        [this, out] {
          last_ = *out;
          fill_table(last_);
          result_->setPlainText(QString::fromStdString(compare_summary_text(last_)));
          emit succeeded(last_);
        });
}

void CompareDialog::fill_table(const layers::ScenarioDiff& d) {
  std::vector<const layers::CompareRow*> rows;
  for (const auto& r : d.districts) rows.push_back(&r);
  rows.push_back(&d.total);
  table_->setRowCount(int(rows.size()));
  const int ap = d.access_unit == "km" ? 2 : 1;
  for (int i = 0; i < int(rows.size()); ++i) {
    const auto& r = *rows[std::size_t(i)];
    const QString vals[] = {r.code.empty() ? tr("Total") : QString::fromStdString(r.code),
                            QString::fromStdString(r.name),
                            num(r.poor_households, 0),
                            num(r.covered_poor_a, 0),
                            num(r.covered_poor_b, 0),
                            num(r.diff_covered_poor, 0, true),
                            num(r.covered_households_a, 0),
                            num(r.covered_households_b, 0),
                            num(r.diff_covered_households, 0, true),
                            num(r.access_a, ap),
                            num(r.access_b, ap),
                            num(r.diff_access, ap, true)};
    for (int c = 0; c < 12; ++c) table_->setItem(i, c, cell(vals[c], c >= 2));
  }
  auto* h = table_->horizontalHeaderItem(9);
  if (h) h->setText(tr("Access A (%1)").arg(QString::fromStdString(d.access_unit)));
  if ((h = table_->horizontalHeaderItem(10))) h->setText(tr("Access B (%1)").arg(QString::fromStdString(d.access_unit)));
  table_->resizeColumnsToContents();
}

// --- costs -------------------------------------------------------------------------------

CostDialog::CostDialog(const std::string& project_path, QWidget* parent) : QDialog(parent), path_(project_path) {
  setModal(false);
  setWindowTitle(tr("Costs"));
  auto* v = new QVBoxLayout(this);
  auto* f = new QFormLayout;
  scenario_ = new QComboBox(this);
  with_pwp_ = new QComboBox(this);
  f->addRow(tr("Scenario"), scenario_);
  f->addRow(tr("Add the labour of PWP scenario"), with_pwp_);
  v->addLayout(f);
  table_ = new QTableWidget(this);
  table_->verticalHeader()->hide();
  v->addWidget(table_, 1);
  totals_ = new QLabel(this);
  totals_->setWordWrap(true);
  totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  v->addWidget(totals_);
  auto* bb = new QDialogButtonBox(this);
  auto* calc = bb->addButton(tr("Compute"), QDialogButtonBox::ActionRole);
  auto* csv = bb->addButton(tr("Export CSV..."), QDialogButtonBox::ActionRole);
  auto* close = bb->addButton(tr("Close"), QDialogButtonBox::RejectRole);
  v->addWidget(bb);
  connect(calc, &QPushButton::clicked, this, [this] { compute(); });
  connect(close, &QPushButton::clicked, this, &QDialog::hide);
  connect(csv, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export cost table"), {}, tr("CSV (*.csv)"));
    if (file.isEmpty()) return;
    try {
      export_csv(file.toStdString());
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
    }
  });
  connect(scenario_, &QComboBox::currentIndexChanged, this, [this] { compute(); });
  connect(with_pwp_, &QComboBox::currentIndexChanged, this, [this] { compute(); });
  job_ = new AnalysisJob(this);
  resize(1000, 560);
  reload_scenarios();
}

void CostDialog::reload_scenarios() {
  const QVariant keep = scenario_->currentData();
  const QSignalBlocker block(scenario_), block_pwp(with_pwp_);
  scenario_->clear();
  with_pwp_->clear();
  scenario_->addItem(tr("(gap analysis only: transfers and HEF)"), QString());
  with_pwp_->addItem(tr("(none)"), QString());
  try {
    for (const auto& s : stored_scenarios(path_)) {
      const QString n = QString::fromStdString(s.name);
      scenario_->addItem(n + " (" + QString::fromStdString(s.model) + ")", n);
      if (s.model == layers::kPwpModel) with_pwp_->addItem(n, n);
    }
  } catch (const std::exception& e) {
    last_error_ = QString::fromStdString(e.what());
  }
  const int i = scenario_->findData(keep);
  scenario_->setCurrentIndex(i >= 0 ? i : 0);
}

bool CostDialog::computing() const { return job_->running() || again_; }

bool CostDialog::compute(bool wait) {
  if (job_->running()) {
    again_ = true;  // recompute with the current picks when the running one ends
  } else {
    last_error_.clear();
    totals_->setText(tr("Computing..."));
    auto out = std::make_shared<layers::CostTable>();
    job_->disconnect(this);
    connect(job_, &AnalysisJob::finished, this, [this, out](bool ok, bool, const QString& error) {
      if (again_) {  // the picks changed meanwhile: this result is not what is asked for
        again_ = false;
        compute();
        return;
      }
      if (ok) {
        cost_ = std::move(*out);
        show_table();
      } else {
        last_error_ = error.isEmpty() ? tr("Cancelled") : error;
        table_->setRowCount(0);
        totals_->setText(last_error_);
      }
      emit computed(ok);
    });
    job_->start([path = path_, sc = scenario_->currentData().toString().toStdString(),
                 pwp = with_pwp_->currentData().toString().toStdString(), out](gis::Progress& p) {
      p.report(0.1, "costing");
      *out = layers::cost_scenario(layers::Project::open(path), sc, pwp);
    });
  }
  if (!wait) return true;
  QEventLoop loop;
  auto c = connect(this, &CostDialog::computed, &loop, [&](bool) {
    if (!computing()) loop.quit();
  });
  if (computing()) loop.exec();
  disconnect(c);
  return last_error_.isEmpty();
}

void CostDialog::show_table() {
  // The stored table as is (the CSV export writes the same): item_kind says what each row is,
  // USD amounts and ratios (usd_per_poor_household*) never share a column.
  const auto t = cost_.table();
  table_->clear();
  table_->setColumnCount(int(t.columns.size()));
  // Plain headings; the stored column name (as in the CSV) is the tooltip and the item's data.
  const std::map<std::string, QString> heading{
      {"item", tr("Item id")},
      {"item_kind", tr("Row kind")},
      {"label", tr("Item")},
      {"period", tr("Period")},
      {"quantity", tr("Quantity")},
      {"quantity_unit", tr("Unit")},
      {"unit_cost_usd", tr("Unit cost (USD)")},
      {"total_usd", tr("Total (USD)")},
      {"low_usd", tr("Low (USD)")},
      {"high_usd", tr("High (USD)")},
      {"usd_per_poor_household", tr("USD per poor household")},
      {"usd_per_poor_household_low", tr("USD per poor household, low")},
      {"usd_per_poor_household_high", tr("USD per poor household, high")},
      {"basis", tr("How it is computed")}};
  for (int c = 0; c < int(t.columns.size()); ++c) {
    const std::string& name = t.columns[std::size_t(c)].name;
    const auto it = heading.find(name);
    auto* h = new QTableWidgetItem(it == heading.end() ? QString::fromStdString(name) : it->second);
    h->setData(Qt::UserRole, QString::fromStdString(name));
    h->setToolTip(QString::fromStdString(name));
    table_->setHorizontalHeaderItem(c, h);
    table_->setColumnHidden(c, name == "item" || name == "item_kind");  // ids for the CSV, not for reading
  }
  table_->setRowCount(int(t.size()));
  QLocale loc;
  loc.setNumberOptions(loc.numberOptions() & ~QLocale::OmitGroupSeparator);  // 1,209,794
  const int kind_col = t.find("item_kind");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string kind = kind_col >= 0 ? t.columns[std::size_t(kind_col)].text(r) : std::string();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const auto& col = t.columns[c];
      const bool numeric = col.type != gis::FieldType::String;
      QString s = QString::fromStdString(col.text(r));
      if (col.name == "period") s = s == "one_off"      ? tr("one-off")
                                        : s == "per_year"   ? tr("per year")
                                        : s == "first_year" ? tr("first year")
                                                            : s;
      if (numeric) {
        // Whole counts (offices, vans, people) without decimals; small fractions with two.
        if (auto v = col.number(r))
          s = loc.toString(*v, 'f', std::abs(*v) < 100 && *v != std::floor(*v) ? 2 : 0);
        else
          s.clear();  // null: not applicable to this kind of row
      }
      auto* it = cell(s, numeric);
      if (kind == "total" || kind == "ratio" || kind == "count") {
        QFont f = it->font();
        f.setBold(kind != "count");
        it->setFont(f);
      }
      table_->setItem(int(r), int(c), it);
    }
  }
  table_->resizeColumnsToContents();
  auto grouped = [&loc](double v, int prec) { return std::isfinite(v) ? loc.toString(v, 'f', prec) : QString::fromUtf8("–"); };
  QString text = tr("One-off %1 USD, per year %2 USD, first year %3 USD.")
                     .arg(grouped(cost_.one_off_usd, 0), grouped(cost_.per_year_usd, 0), grouped(cost_.first_year_usd, 0));
  text += " " + tr("Poor households newly reached: %1 (%2).")
                    .arg(grouped(cost_.poor_households_reached, 0), QString::fromStdString(cost_.reached_basis));
  if (std::isfinite(cost_.poor_households_reached_total))
    text += " " + tr("Within reach with the scenario, including those reached today: %1.")
                      .arg(grouped(cost_.poor_households_reached_total, 0));
  text += " " + (std::isfinite(cost_.usd_per_poor_household_first_year)
                     ? tr("%1 USD per poor household newly reached in the first year, %2 USD per year after.")
                           .arg(grouped(cost_.usd_per_poor_household_first_year, 2),
                                grouped(cost_.usd_per_poor_household_per_year, 2))
                     : tr("No poor household newly reached: no cost per household."));
  totals_->setText(text);
}

QString CostDialog::totals_text() const { return totals_->text(); }

void CostDialog::export_csv(const std::string& path) const { gis::write_vector(cost_.table(), path, gis::VectorFormat::CSV); }

}  // namespace swsplan::gui
