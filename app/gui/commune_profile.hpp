#pragma once
/// @file The commune profile dock: for the commune clicked on the map, its numbers per
/// service from the project's gap_classes table (class, coverage, capacity ratio,
/// deprivation, households, poor households, lever), so a reviewer sees why each call was made.
#include <QWidget>
#include <string>

#include "gis/io/vector.hpp"

class QLabel;
class QTableWidget;

namespace swsplan::gui {

class CommuneProfile : public QWidget {
  Q_OBJECT
 public:
  explicit CommuneProfile(QWidget* parent = nullptr);
  /// The gap_classes table (empty layer: no analysis yet).
  void set_table(gis::VectorLayer gap_classes);
  bool has_table() const { return table_data_.size() > 0; }
  /// Shows one commune; returns the number of services found for it.
  int show_commune(const std::string& adm3_pcode, const QString& name);
  const std::string& commune() const { return pcode_; }
  /// Cell text of the row for `service` (id) and column `col` (0 service, 1 class, 2 coverage %,
  /// 3 capacity ratio, 4 deprivation %, 5 households, 6 poor households, 7 lever); empty if absent.
  QString cell(const std::string& service, int col) const;
  void retranslate();

 private:
  gis::VectorLayer table_data_;
  std::string pcode_;
  QString name_;
  QLabel* title_ = nullptr;
  QTableWidget* table_ = nullptr;
};

}  // namespace swsplan::gui
