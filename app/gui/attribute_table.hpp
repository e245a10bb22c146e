#pragma once
/// @file The attribute table dock's contents: layer choice, filter box (attribute_filter.hpp),
/// "Show selected only", "Zoom to selected", the selection count ("3 of 1,652 selected") and
/// the table. It keeps the selection of its layer (also rows the filter hides) and reports the
/// user's changes with rows_selected(); the map's selection comes in through show_selection().
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/gui/attribute_filter.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace swsplan::gui {

class MapCanvas;

class AttributeTable : public QWidget {
  Q_OBJECT
 public:
  AttributeTable(MapCanvas* canvas, QWidget* parent = nullptr);

  QComboBox* layer_box() const { return layer_box_; }
  QTableView* view() const { return view_; }
  AttributeModel* model() const { return model_; }
  AttributeFilterProxy* proxy() const { return proxy_; }
  QLineEdit* filter_edit() const { return filter_; }
  QCheckBox* selected_only_box() const { return selected_only_; }
  QPushButton* zoom_button() const { return zoom_; }
  QLabel* count_label() const { return count_; }

  /// Shows `layer` (selection cleared, filter text kept and applied to the new fields).
  void set_layer(std::shared_ptr<const PreparedLayer> layer);
  /// The selection made elsewhere (map, search): selects these rows; rows_selected() is not emitted.
  void show_selection(std::vector<std::uint32_t> rows);
  /// Rows selected, ascending (including rows the filter hides).
  const std::vector<std::uint32_t>& selected_rows() const { return selected_; }
  /// Rows the table shows now.
  int shown_rows() const;
  /// Applies the filter box's text now (typing applies it after a short pause).
  void apply_filter();
  /// Zooms the map to the selected features; false when nothing is selected.
  bool zoom_to_selected();

 signals:
  /// The user changed the selection in the table.
  void rows_selected(const std::vector<std::uint32_t>& rows);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void on_view_selection();
  /// Selects in the view the selected rows it shows (no rows_selected()).
  void select_in_view(bool scroll);
  void update_count();

  MapCanvas* canvas_;
  QComboBox* layer_box_;
  QLineEdit* filter_;
  QCheckBox* selected_only_;
  QPushButton* zoom_;
  QLabel* count_;
  QTableView* view_;
  AttributeModel* model_;
  AttributeFilterProxy* proxy_;
  QTimer* debounce_;
  std::vector<std::uint32_t> selected_;
  bool updating_ = false;
};

}  // namespace swsplan::gui
