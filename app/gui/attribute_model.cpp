#include "app/gui/attribute_model.hpp"

namespace swsplan::gui {

void AttributeModel::set_layer(std::shared_ptr<const PreparedLayer> layer) {
  beginResetModel();
  layer_ = std::move(layer);
  endResetModel();
}

int AttributeModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : int(layer_->size());
}

int AttributeModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !layer_ ? 0 : int(layer_->data.columns.size()) + 1;
}

QVariant AttributeModel::data(const QModelIndex& index, int role) const {
  if (!layer_ || !index.isValid()) return {};
  const auto row = std::size_t(index.row());
  if (index.column() == 0) {
    if (role == Qt::DisplayRole || role == Qt::EditRole) return qlonglong(layer_->data.fids[row]);
    return {};
  }
  const auto& c = layer_->data.columns[std::size_t(index.column() - 1)];
  if (role == Qt::TextAlignmentRole && c.type != gis::FieldType::String) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
  if (c.is_null(row)) return {};
  switch (c.type) {
    case gis::FieldType::Integer: return qlonglong(c.ints[row]);
    case gis::FieldType::Real: return c.reals[row];
    case gis::FieldType::String: return QString::fromStdString(c.strings[row]);
  }
  return {};
}

QVariant AttributeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (role != Qt::DisplayRole || !layer_) return {};
  if (o == Qt::Vertical) return section + 1;
  if (section == 0) return QStringLiteral("fid");
  return QString::fromStdString(layer_->data.columns[std::size_t(section - 1)].name);
}

}  // namespace swsplan::gui
