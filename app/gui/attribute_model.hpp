#pragma once
/// @file Attribute table of one prepared layer (read-only, typed: numbers sort as numbers).
#include <QAbstractTableModel>
#include <memory>

#include "app/render/prepared_layer.hpp"

namespace swsplan::gui {

class AttributeModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit AttributeModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
  void set_layer(std::shared_ptr<const PreparedLayer> layer);
  const PreparedLayer* layer() const { return layer_.get(); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const PreparedLayer> layer_;
};

}  // namespace swsplan::gui
