#include "app/gui/commune_profile.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "app/render/map_decorations.hpp"
#include "app/render/style.hpp"

namespace swsplan::gui {

namespace {
QString num(const gis::Column& c, std::size_t i, double scale, int prec) {
  const auto v = c.number(i);
  if (!v || !std::isfinite(*v)) return QString::fromUtf8("–");
  return QString::number(*v * scale, 'f', prec);
}
}  // namespace

CommuneProfile::CommuneProfile(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(4, 4, 4, 4);
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  table_ = new QTableWidget(this);
  table_->setColumnCount(8);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(20);
  table_->horizontalHeader()->setStretchLastSection(true);
  v->addWidget(title_);
  v->addWidget(table_, 1);
  retranslate();
}

void CommuneProfile::retranslate() {
  table_->setHorizontalHeaderLabels({tr("Service"), tr("Class"), tr("Coverage %"), tr("Capacity ratio"),
                                     tr("Deprivation %"), tr("Households"), tr("Poor households"), tr("Lever")});
  if (pcode_.empty())
    title_->setText(has_table() ? tr("Click a commune with the Identify tool to see its numbers per service.")
                                : tr("No gap analysis in this project yet: run Analysis > Gap analysis."));
  else
    show_commune(pcode_, name_);
}

void CommuneProfile::set_table(gis::VectorLayer t) {
  table_data_ = std::move(t);
  if (!pcode_.empty()) show_commune(pcode_, name_);
  else retranslate();
}

int CommuneProfile::show_commune(const std::string& pcode, const QString& name) {
  pcode_ = pcode;
  name_ = name;
  table_->setRowCount(0);
  int n = 0;
  QString demand_source;  // source and year of the households and poor households, as analyze recorded them
  if (has_table()) {
    const auto& t = table_data_;
    const int ds = t.find("demand_source");
    const auto &k = t.column("adm3_pcode"), &sv = t.column("service"), &cls = t.column("class"),
               &cov = t.column("coverage_0_1"), &cap = t.column("capacity_ratio"), &dep = t.column("deprivation_0_1"),
               &hh = t.column("households"), &poor = t.column("poor_households"), &lev = t.column("lever"),
               &reason = t.column("reason");
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (k.text(i) != pcode) continue;
      if (ds >= 0 && demand_source.isEmpty())
        demand_source = QString::fromStdString(t.columns[static_cast<std::size_t>(ds)].text(i));
      table_->insertRow(n);
      const std::string c = cls.text(i);
      QString ctext = legend_tr(QString::fromStdString(c == "unavailable_unaffordable" ? "unavailable and unaffordable" : c));
      if (!reason.text(i).empty()) ctext += " (" + QString::fromStdString(reason.text(i)) + ")";
      const QString cells[8] = {legend_tr(service_label(sv.text(i))), ctext, num(cov, i, 100, 1), num(cap, i, 1, 2),
                                num(dep, i, 100, 1), num(hh, i, 1, 0), num(poor, i, 1, 0),
                                QString::fromStdString(lev.text(i))};
      for (int col = 0; col < 8; ++col) {
        auto* it = new QTableWidgetItem(cells[col]);
        if (col == 0) it->setData(Qt::UserRole, QString::fromStdString(sv.text(i)));
        if (col == 1) {
          it->setBackground(gap_class_color(c));
          it->setForeground(c == "unavailable_unaffordable" ? QColor(Qt::white) : QColor(Qt::black));
        }
        if (col >= 2 && col <= 6) it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        it->setToolTip(cells[col]);
        table_->setItem(n, col, it);
      }
      ++n;
    }
  }
  table_->resizeColumnsToContents();
  QString title = tr("<b>%1</b> (%2): %3 service(s)").arg(name.toHtmlEscaped(), QString::fromStdString(pcode)).arg(n);
  if (!demand_source.isEmpty())
    title += "<br><small>" + tr("Households and poor households: %1").arg(demand_source.toHtmlEscaped()) + "</small>";
  title_->setText(has_table() ? title : tr("No gap analysis in this project yet: run Analysis > Gap analysis."));
  return n;
}

QString CommuneProfile::cell(const std::string& service, int col) const {
  for (int r = 0; r < table_->rowCount(); ++r)
    if (table_->item(r, 0)->data(Qt::UserRole).toString().toStdString() == service) return table_->item(r, col)->text();
  return {};
}

}  // namespace swsplan::gui
