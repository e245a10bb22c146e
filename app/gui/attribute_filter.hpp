#pragma once
/// @file The attribute table's filter: a proxy over AttributeModel that keeps the rows
/// matching a filter text and, with "show selected only", the selected rows.
///
/// Filter text (also the filter box's tooltip):
/// - plain text: rows where any field contains it (accents and case ignored; Khmer as typed);
/// - `field = value`, `field != value`: equal / not equal (text: case ignored; numbers as
///   numbers); quotes around the value are optional;
/// - `field > n`, `>=`, `<`, `<=`: numeric comparison (text fields holding numbers too);
/// - `field ~ text`: the field contains the text.
/// An unknown field matches nothing and filter_error() says so. NULL matches no comparison.
#include <QSortFilterProxyModel>
#include <cstdint>
#include <vector>

#include "app/gui/attribute_model.hpp"

namespace swsplan::gui {

/// A parsed filter text.
struct AttributeFilter {
  enum class Kind { None, Text, Compare, Invalid } kind = Kind::None;
  QString text;         ///< folded text (Kind::Text) or the value (Kind::Compare)
  int column = -1;      ///< column of the layer (Kind::Compare)
  QString op;           ///< = != < <= > >= ~
  bool numeric = false; ///< the value is a number
  double number = 0;
  QString error;        ///< Kind::Invalid: why
};

/// Parses `text` against the fields of `layer` (see the file comment).
AttributeFilter parse_attribute_filter(const QString& text, const gis::VectorLayer& layer);
/// Whether row `row` of `layer` passes `f`.
bool filter_accepts(const AttributeFilter& f, const gis::VectorLayer& layer, std::size_t row);

class AttributeFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit AttributeFilterProxy(AttributeModel* source, QObject* parent = nullptr);
  /// Sets the filter text (parsed against the current layer); re-filters.
  void set_filter_text(const QString& text);
  const AttributeFilter& filter() const { return filter_; }
  QString filter_error() const { return filter_.kind == AttributeFilter::Kind::Invalid ? filter_.error : QString(); }
  /// Keeps only the rows in `rows` (sorted) when `on`.
  void set_selected_only(bool on, std::vector<std::uint32_t> rows);
  bool selected_only() const { return selected_only_; }
  /// Call after the source model's layer changed: re-parses the filter for the new fields.
  void layer_changed();
  /// Whether source row `row` is shown.
  bool shows(int row) const { return filterAcceptsRow(row, {}); }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

 private:
  AttributeModel* source_;
  QString text_;
  AttributeFilter filter_;
  bool selected_only_ = false;
  std::vector<std::uint32_t> rows_;
  mutable std::vector<QString> row_text_;  ///< folded text of every field per row, built on first text filter
};

}  // namespace swsplan::gui
