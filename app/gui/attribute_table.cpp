#include "app/gui/attribute_table.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/map_canvas.hpp"

namespace swsplan::gui {

AttributeTable::AttributeTable(MapCanvas* canvas, QWidget* parent)
    : QWidget(parent), canvas_(canvas), layer_box_(new QComboBox(this)), filter_(new QLineEdit(this)),
      selected_only_(new QCheckBox(this)), zoom_(new QPushButton(this)), count_(new QLabel(this)),
      view_(new QTableView(this)), model_(new AttributeModel(this)), proxy_(new AttributeFilterProxy(model_, this)),
      debounce_(new QTimer(this)) {
  auto* top = new QHBoxLayout;
  top->setContentsMargins(0, 0, 0, 0);
  top->addWidget(layer_box_);
  top->addWidget(filter_, 1);
  top->addWidget(selected_only_);
  top->addWidget(zoom_);
  top->addWidget(count_);
  auto* l = new QVBoxLayout(this);
  l->setContentsMargins(0, 0, 0, 0);
  l->addLayout(top);
  l->addWidget(view_);
  layer_box_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  filter_->setMinimumWidth(160);
  count_->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);  // never cut: the count is the point
  filter_->setObjectName("attribute_filter");
  filter_->setClearButtonEnabled(true);
  selected_only_->setObjectName("show_selected_only");
  zoom_->setObjectName("zoom_to_selected");
  count_->setObjectName("selection_count");
  view_->setModel(proxy_);
  view_->setSortingEnabled(true);
  view_->sortByColumn(0, Qt::AscendingOrder);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->verticalHeader()->setDefaultSectionSize(20);
  debounce_->setSingleShot(true);
  debounce_->setInterval(200);
  connect(debounce_, &QTimer::timeout, this, &AttributeTable::apply_filter);
  connect(filter_, &QLineEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
  connect(filter_, &QLineEdit::returnPressed, this, &AttributeTable::apply_filter);
  connect(selected_only_, &QCheckBox::toggled, this, [this](bool on) {
    updating_ = true;
    proxy_->set_selected_only(on, selected_);
    select_in_view(false);
    updating_ = false;
    update_count();
  });
  connect(zoom_, &QPushButton::clicked, this, &AttributeTable::zoom_to_selected);
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AttributeTable::on_view_selection);
  retranslate();
  update_count();
}

void AttributeTable::set_layer(std::shared_ptr<const PreparedLayer> layer) {
  updating_ = true;
  selected_.clear();
  // A filter is written for one layer's fields: another layer starts unfiltered (the same
  // layer re-read after a run keeps it).
  const bool other = !layer || !model_->layer() || model_->layer()->name != layer->name;
  if (other && !filter_->text().isEmpty()) {
    filter_->clear();
    debounce_->stop();
    proxy_->set_filter_text(QString());
  }
  model_->set_layer(std::move(layer));
  proxy_->set_selected_only(proxy_->selected_only(), {});
  proxy_->layer_changed();
  updating_ = false;
  update_count();
}

void AttributeTable::apply_filter() {
  debounce_->stop();
  updating_ = true;
  proxy_->set_filter_text(filter_->text());
  select_in_view(false);
  updating_ = false;
  update_count();
}

void AttributeTable::show_selection(std::vector<std::uint32_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  updating_ = true;
  selected_ = std::move(rows);
  if (proxy_->selected_only()) proxy_->set_selected_only(true, selected_);
  select_in_view(true);
  updating_ = false;
  update_count();
}

void AttributeTable::select_in_view(bool scroll) {
  QItemSelection sel;
  const int last = proxy_->columnCount() - 1;
  QModelIndex first;
  for (auto r : selected_) {
    const auto a = proxy_->mapFromSource(model_->index(int(r), 0));
    if (!a.isValid()) continue;
    if (!first.isValid()) first = a;
    sel.select(a, a.siblingAtColumn(last));
  }
  view_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (scroll && first.isValid()) view_->scrollTo(first);
}

void AttributeTable::on_view_selection() {
  if (updating_ || !model_->layer()) return;
  // The rows shown take the view's selection; selected rows the filter hides stay selected.
  std::vector<std::uint32_t> rows;
  for (auto r : selected_)
    if (!proxy_->shows(int(r))) rows.push_back(r);
  for (const auto& idx : view_->selectionModel()->selectedRows()) rows.push_back(std::uint32_t(proxy_->mapToSource(idx).row()));
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  selected_ = std::move(rows);
  if (proxy_->selected_only()) {
    updating_ = true;
    proxy_->set_selected_only(true, selected_);  // a row unselected here leaves the list
    updating_ = false;
  }
  update_count();
  emit rows_selected(selected_);
}

int AttributeTable::shown_rows() const { return proxy_->rowCount(); }

bool AttributeTable::zoom_to_selected() {
  const auto* l = model_->layer();
  if (!l || selected_.empty()) return false;
  gis::Extent e{1, 1, 0, 0};
  for (auto r : selected_) {
    if (r >= l->size()) continue;
    const auto& b = l->bbox(r);
    if (!b.valid()) continue;
    if (!e.valid()) e = b;
    e.xmin = std::min(e.xmin, b.xmin), e.ymin = std::min(e.ymin, b.ymin);
    e.xmax = std::max(e.xmax, b.xmax), e.ymax = std::max(e.ymax, b.ymax);
  }
  if (!e.valid()) return false;
  constexpr double kMinHalfSpanM = 750;  // one village: some ground around it
  const double cx = (e.xmin + e.xmax) / 2, cy = (e.ymin + e.ymax) / 2;
  e.xmin = std::min(e.xmin, cx - kMinHalfSpanM), e.xmax = std::max(e.xmax, cx + kMinHalfSpanM);
  e.ymin = std::min(e.ymin, cy - kMinHalfSpanM), e.ymax = std::max(e.ymax, cy + kMinHalfSpanM);
  canvas_->zoom_to_extent(e);
  return true;
}

void AttributeTable::update_count() {
  const int total = model_->rowCount();
  QString t = tr("%L1 of %L2 selected").arg(selected_.size()).arg(total);
  if (proxy_->rowCount() != total) t += tr(", %L1 shown").arg(proxy_->rowCount());
  const QString err = proxy_->filter_error();
  if (!err.isEmpty()) t += QStringLiteral(" — ") + err;
  count_->setText(t);
  count_->setStyleSheet(err.isEmpty() ? QString() : QStringLiteral("color: #b00020"));
  zoom_->setEnabled(!selected_.empty());
}

void AttributeTable::retranslate() {
  filter_->setPlaceholderText(tr("Filter rows"));
  filter_->setToolTip(tr("Text: rows where any field contains it (accents and case ignored).\n"
                         "field = value, field != value: equal / not equal (quotes optional).\n"
                         "field > 10, >=, <, <=: compare numbers.\n"
                         "field ~ text: the field contains the text.\n"
                         "Examples: name_en = Srah Sla    poor_share > 0.3    adm2_pcode ~ KH0102"));
  selected_only_->setText(tr("Show selected only"));
  zoom_->setText(tr("Zoom to selected"));
  update_count();
}

void AttributeTable::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

}  // namespace swsplan::gui
