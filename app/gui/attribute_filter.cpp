#include "app/gui/attribute_filter.hpp"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>

#include "app/gui/search_index.hpp"

namespace swsplan::gui {

AttributeFilter parse_attribute_filter(const QString& text, const gis::VectorLayer& layer) {
  AttributeFilter f;
  const QString t = text.trimmed();
  if (t.isEmpty()) return f;
  static const QRegularExpression expr(QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_]*)\s*(==|=|!=|<>|<=|>=|<|>|~)\s*(.*)$)"));
  const auto m = expr.match(t);
  if (!m.hasMatch()) {
    f.kind = AttributeFilter::Kind::Text;
    f.text = fold_text(t);
    return f;
  }
  f.column = layer.find(m.captured(1).toStdString());
  if (f.column < 0 && m.captured(1).compare(QLatin1String("fid"), Qt::CaseInsensitive) != 0) {
    f.kind = AttributeFilter::Kind::Invalid;
    f.error = QCoreApplication::translate("swsplan::gui::AttributeTable", "no field \"%1\"").arg(m.captured(1));
    return f;
  }
  f.kind = AttributeFilter::Kind::Compare;
  f.op = m.captured(2) == "==" ? "=" : m.captured(2) == "<>" ? "!=" : m.captured(2);
  QString v = m.captured(3).trimmed();
  if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) v = v.mid(1, v.size() - 2);
  f.text = v;
  bool ok = false;
  f.number = v.toDouble(&ok);
  f.numeric = ok;
  if (!ok && f.op != "=" && f.op != "!=" && f.op != "~") {
    f.kind = AttributeFilter::Kind::Invalid;
    f.error = QCoreApplication::translate("swsplan::gui::AttributeTable", "\"%1\" is not a number").arg(v);
  }
  return f;
}

bool filter_accepts(const AttributeFilter& f, const gis::VectorLayer& layer, std::size_t row) {
  switch (f.kind) {
    case AttributeFilter::Kind::None: return true;
    case AttributeFilter::Kind::Invalid: return false;
    case AttributeFilter::Kind::Text:
      for (const auto& c : layer.columns)
        if (!c.is_null(row) && fold_text(QString::fromStdString(c.text(row))).contains(f.text)) return true;
      return QString::number(layer.fids[row]).contains(f.text);
    case AttributeFilter::Kind::Compare: break;
  }
  std::optional<double> num;
  QString txt;
  if (f.column < 0) {  // fid
    num = double(layer.fids[row]);
    txt = QString::number(layer.fids[row]);
  } else {
    const auto& c = layer.columns[std::size_t(f.column)];
    if (c.is_null(row)) return false;
    num = c.number(row);
    txt = QString::fromStdString(c.text(row));
  }
  if (f.op == "~") return fold_text(txt).contains(fold_text(f.text));
  if (f.numeric && num) {
    const double a = *num, b = f.number;
    if (f.op == "=") return a == b;
    if (f.op == "!=") return a != b;
    if (f.op == "<") return a < b;
    if (f.op == "<=") return a <= b;
    if (f.op == ">") return a > b;
    if (f.op == ">=") return a >= b;
    return false;
  }
  if (f.op == "=") return fold_text(txt) == fold_text(f.text);
  if (f.op == "!=") return fold_text(txt) != fold_text(f.text);
  return false;  // an ordering of a value that is not a number
}

AttributeFilterProxy::AttributeFilterProxy(AttributeModel* source, QObject* parent)
    : QSortFilterProxyModel(parent), source_(source) {
  // The parsed filter and the folded row texts belong to the layer being replaced: forget them
  // before the proxy filters the new one (whose rows and columns may differ); layer_changed()
  // parses the filter again for the new layer.
  connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
    row_text_.clear();
    filter_ = AttributeFilter{};
  });
  setSourceModel(source);
}

void AttributeFilterProxy::set_filter_text(const QString& text) {
  text_ = text;
  filter_ = source_->layer() ? parse_attribute_filter(text_, source_->layer()->data) : AttributeFilter{};
  invalidateFilter();
}

void AttributeFilterProxy::layer_changed() {
  row_text_.clear();
  set_filter_text(text_);
}

void AttributeFilterProxy::set_selected_only(bool on, std::vector<std::uint32_t> rows) {
  selected_only_ = on;
  rows_ = std::move(rows);
  invalidateFilter();
}

bool AttributeFilterProxy::filterAcceptsRow(int row, const QModelIndex&) const {
  const auto* l = source_->layer();
  if (!l || row < 0 || std::size_t(row) >= l->size()) return false;
  if (selected_only_ && !std::binary_search(rows_.begin(), rows_.end(), std::uint32_t(row))) return false;
  if (filter_.kind != AttributeFilter::Kind::Text) return filter_accepts(filter_, l->data, std::size_t(row));
  if (row_text_.empty()) {
    // Every field of every row folded once per layer: typing in the filter box then costs a
    // substring search per row, not a conversion of each value per keystroke.
    row_text_.resize(l->size());
    for (std::size_t r = 0; r < l->size(); ++r) {
      QString s = QString::number(l->data.fids[r]);
      for (const auto& c : l->data.columns)
        if (!c.is_null(r)) s += QChar('\n') + QString::fromStdString(c.text(r));
      row_text_[r] = fold_text(s);
    }
  }
  return row_text_[std::size_t(row)].contains(filter_.text);
}

}  // namespace swsplan::gui
