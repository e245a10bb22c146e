#include "app/gui/search_box.hpp"

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QEvent>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>

#include "app/gui/main_window.hpp"

namespace swsplan::gui {

namespace {
/// A point (a village) or a tiny unit is shown with this much ground around it.
constexpr double kMinHalfSpanM = 750;
}

SearchBox::SearchBox(MainWindow* window)
    : QLineEdit(window), window_(window), completer_(new QCompleter(this)), model_(new QStandardItemModel(this)),
      index_(std::make_shared<const SearchIndex>()) {
  setObjectName("search_box");
  setClearButtonEnabled(true);
  setMinimumWidth(240);
  completer_->setModel(model_);
  completer_->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
  completer_->setMaxVisibleItems(14);
  completer_->setWidget(this);  // not setCompleter(): the line edit must not filter our list
  connect(completer_, QOverload<const QModelIndex&>::of(&QCompleter::activated), this, [this](const QModelIndex& i) {
    if (i.row() >= 0 && std::size_t(i.row()) < shown_.size()) {
      const auto entry = shown_[std::size_t(i.row())];
      setText(label(index_->entries()[entry]));
      choose(entry);
    }
  });
  connect(this, &QLineEdit::textEdited, this, &SearchBox::update_popup);
  connect(this, &QLineEdit::returnPressed, this, [this] {
    if (completer_->popup()->isVisible() || text() == last_chosen_) return;  // the popup's own Enter chose
    search(text());
  });
  auto* find = new QAction(window);
  find->setObjectName("find_action");
  find->setShortcut(QKeySequence::Find);
  find->setShortcutContext(Qt::WindowShortcut);
  window->addAction(find);
  connect(find, &QAction::triggered, this, [this] {
    setFocus(Qt::ShortcutFocusReason);
    selectAll();
  });
  connect(window, &MainWindow::project_opened, this, [this](const QString&, bool ok) {
    if (ok) rebuild();
  });
  // A file added to the map is searched too (its named features), as QGIS's locator does.
  connect(window, &MainWindow::data_layer_added, this, [this](const QString&, bool ok) {
    if (ok) rebuild();
  });
  connect(&job_, &QFutureWatcher<std::shared_ptr<const SearchIndex>>::finished, this, [this] {
    if (job_.property("generation").toULongLong() != generation_) return;  // a later build runs
    try {
      index_ = job_.result();
    } catch (const std::exception&) {
      index_ = std::make_shared<const SearchIndex>();
    }
    ready_ = true;
    emit index_ready(int(index_->size()), build_ms_);
  });
  retranslate();
}

SearchBox::~SearchBox() { job_.waitForFinished(); }

void SearchBox::rebuild() {
  std::vector<std::shared_ptr<const PreparedLayer>> layers;
  for (const auto& l : window_->canvas()->view().layers) layers.push_back(l.data);
  ready_ = false;
  ++generation_;
  job_.waitForFinished();  // at most one build at a time; the previous one is short
  job_.setProperty("generation", QVariant::fromValue<qulonglong>(generation_));
  job_.setFuture(QtConcurrent::run([this, layers] {
    const auto t0 = std::chrono::steady_clock::now();
    auto idx = std::make_shared<const SearchIndex>(SearchIndex::build(layers));
    build_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return idx;
  }));
}

QString SearchBox::label(const SearchEntry& e) const {
  QString name = e.name.isEmpty() ? e.name_km : e.name;
  if (!e.name.isEmpty() && !e.name_km.isEmpty() && e.name_km != e.name) name += QStringLiteral(" · ") + e.name_km;
  const QString in = e.parent.isEmpty() ? QString() : tr(", %1").arg(e.parent);
  switch (e.level) {
    case PlaceLevel::Province: return tr("%1 (province %2)").arg(name, e.code);
    case PlaceLevel::District: return tr("%1 (district %2%3)").arg(name, e.code, in);
    case PlaceLevel::Commune: return tr("%1 (commune %2%3)").arg(name, e.code, in);
    case PlaceLevel::Village: return tr("%1 (village %2%3)").arg(name, e.code, in);
    case PlaceLevel::Feature: break;
  }
  if (e.rows.size() > 1) return tr("%1 (%2, %L3 features)").arg(name, QString::fromStdString(e.layer)).arg(e.rows.size());
  return tr("%1 (%2)").arg(name, QString::fromStdString(e.layer));
}

QStringList SearchBox::suggestions(const QString& text) {
  update_popup(text);
  QStringList out;
  for (int r = 0; r < model_->rowCount(); ++r) out << model_->item(r)->text();
  return out;
}

void SearchBox::update_popup(const QString& text) {
  shown_ = index_->find(text);
  model_->clear();
  for (auto i : shown_) {
    auto* item = new QStandardItem(label(index_->entries()[i]));
    item->setEditable(false);
    model_->appendRow(item);
  }
  if (!hasFocus() || shown_.empty()) {
    completer_->popup()->hide();
    return;
  }
  completer_->setCompletionPrefix(QString());
  // As wide as the longest line ("Ou Chrey (commune KH900305, Srok Demo South)"), not the box.
  auto* popup = completer_->popup();
  QRect r = rect();
  r.setWidth(std::max(width(), popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width() + 12));
  completer_->complete(r);
}

bool SearchBox::search(const QString& text) {
  const auto hits = index_->find(text, 1);
  if (hits.empty()) {
    window_->statusBar()->showMessage(ready_ ? tr("Nothing found for \"%1\"").arg(text)
                                             : tr("The search index is still being built"), 6000);
    return false;
  }
  return choose(hits.front());
}

bool SearchBox::choose(std::size_t i) {
  if (i >= index_->size()) return false;
  const auto& e = index_->entries()[i];
  auto* canvas = window_->canvas();
  const auto* layer = canvas->layer(e.layer);
  if (!layer || !layer->data) return false;
  std::vector<std::uint32_t> rows;
  for (auto r : e.rows)
    if (r < layer->data->size()) rows.push_back(r);
  if (rows.empty()) return false;
  window_->set_layer_visible(e.layer, true);  // a village found while villages are off is shown
  gis::Extent x = e.extent;
  if (x.valid()) {
    const double cx = (x.xmin + x.xmax) / 2, cy = (x.ymin + x.ymax) / 2;
    x.xmin = std::min(x.xmin, cx - kMinHalfSpanM), x.xmax = std::max(x.xmax, cx + kMinHalfSpanM);
    x.ymin = std::min(x.ymin, cy - kMinHalfSpanM), x.ymax = std::max(x.ymax, cy + kMinHalfSpanM);
    canvas->zoom_to_extent(x);
  }
  window_->select_features(e.layer, rows);
  last_chosen_ = label(e);
  window_->statusBar()->showMessage(tr("Found %1").arg(last_chosen_), 10000);
  emit found(last_chosen_);
  return true;
}

void SearchBox::retranslate() {
  setPlaceholderText(tr("Find a place or code (Ctrl+F)"));
  setToolTip(tr("Province, district, commune or village by name (English or Khmer) or code "
                "(KH0301, 301, a village code); also named roads and facilities. "
                "Choose a match to zoom to it and select it."));
}

void SearchBox::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QLineEdit::changeEvent(e);
}

}  // namespace swsplan::gui
