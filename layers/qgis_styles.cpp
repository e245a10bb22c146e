#include "layers/qgis_styles.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "layers/services.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

using gis::Column;
using gis::FieldType;
using gis::VectorLayer;

namespace {

// The text columns of layer_styles in the order QGIS creates them (useAsDefault, an integer,
// sits between styleSLD and description).
const char* const kTextColumns[] = {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                                    "styleName",       "styleQML",       "styleSLD"};
const char* const kTailColumns[] = {"description", "owner", "ui", "update_time"};

/// A row of layer_styles as stored: every column's text, NULLs kept.
struct StoredRow {
  std::vector<std::optional<std::string>> text;  // kTextColumns then kTailColumns
  std::optional<std::int64_t> use_as_default;
};

std::vector<StoredRow> read_rows(const Project& project) {
  std::vector<StoredRow> out;
  if (!project.has(kLayerStyles)) return out;
  const VectorLayer t = project.read(kLayerStyles);
  auto cell = [&](const char* name, std::size_t i) -> std::optional<std::string> {
    const int c = t.find(name);
    if (c < 0 || t.columns[std::size_t(c)].is_null(i)) return std::nullopt;
    return t.columns[std::size_t(c)].text(i);
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    StoredRow r;
    for (const char* n : kTextColumns) r.text.push_back(cell(n, i));
    for (const char* n : kTailColumns) r.text.push_back(cell(n, i));
    if (const int c = t.find("useAsDefault"); c >= 0)
      if (auto v = t.columns[std::size_t(c)].number(i)) r.use_as_default = std::int64_t(*v);
    out.push_back(std::move(r));
  }
  return out;
}

StoredRow row_of(const QgisStyle& s) {
  StoredRow r;
  r.text = {std::string(), std::string(), s.table, std::string("geom"), s.name, s.qml, std::string(),
            s.description, std::string(kStyleOwner), std::nullopt, std::nullopt};
  r.use_as_default = s.is_default ? 1 : 0;
  return r;
}

VectorLayer table_of(const std::vector<StoredRow>& rows) {
  VectorLayer t;
  t.name = kLayerStyles;
  t.geom.kind = gis::GeometryKind::None;
  std::vector<Column> cols;
  for (const char* n : kTextColumns) cols.emplace_back(n, FieldType::String);
  Column def("useAsDefault", FieldType::Integer);
  std::vector<Column> tail;
  for (const char* n : kTailColumns) tail.emplace_back(n, FieldType::String);
  std::int64_t fid = 0;
  for (const auto& r : rows) {
    t.fids.push_back(++fid);
    t.geom.add_empty_feature();
    for (std::size_t c = 0; c < cols.size(); ++c) r.text[c] ? cols[c].push(*r.text[c]) : cols[c].push_null();
    for (std::size_t c = 0; c < tail.size(); ++c) {
      const auto& v = r.text[cols.size() + c];
      v ? tail[c].push(*v) : tail[c].push_null();
    }
    r.use_as_default ? def.push(*r.use_as_default) : def.push_null();
  }
  t.columns = std::move(cols);
  t.columns.push_back(std::move(def));
  for (auto& c : tail) t.columns.push_back(std::move(c));
  return t;
}

/// Stages the stored rows with swsplan's rows of `tables` replaced by `styles`.
void stage_merged(const Project* project, const std::set<std::string>& tables, const std::vector<QgisStyle>& styles,
                  ProjectWriter& w) {
  const auto stored = project ? read_rows(*project) : std::vector<StoredRow>{};
  std::vector<StoredRow> rows;
  for (const auto& r : stored) {
    const bool ours = r.text[8] && *r.text[8] == kStyleOwner;  // owner
    if (ours && r.text[2] && tables.count(*r.text[2])) continue;
    rows.push_back(r);
  }
  for (const auto& s : styles) rows.push_back(row_of(s));
  if (rows.empty() && stored.empty()) return;
  if (rows.size() == stored.size() && styles.empty()) return;  // nothing of ours to remove
  w.put(table_of(rows), kLayerStyles);
}

}  // namespace

const std::vector<std::string>& base_styled_layers() {
  static const std::vector<std::string> names = {names::kProvinces,   names::kDistricts, names::kCommunes, "water",
                                                 names::kPwpPolygons, names::kRoads,     names::kPwpLines, names::kVillages,
                                                 names::kPwpPoints,   names::kFacilities, names::kOffices};
  return names;
}

std::vector<std::string> layers_without_saved_choice(const Project& project, const std::vector<std::string>& names) {
  std::set<std::string> chosen;
  for (const auto& r : read_rows(project))
    if (r.text[8] && *r.text[8] == kStyleOwner && r.text[4] && *r.text[4] == kSavedMapStyleName && r.text[2])
      chosen.insert(*r.text[2]);
  std::vector<std::string> out;
  for (const auto& n : names)
    if (!chosen.count(n)) out.push_back(n);
  return out;
}

VectorLayer layer_styles_table(const std::vector<QgisStyle>& rows) {
  std::vector<StoredRow> r;
  for (const auto& s : rows) r.push_back(row_of(s));
  return table_of(r);
}

void stage_qgis_styles(const Project& project, const QgisStyler& styler,
                       const std::vector<std::pair<std::string, const VectorLayer*>>& layers, ProjectWriter& w) {
  std::set<std::string> tables;
  std::vector<QgisStyle> styles;
  for (const auto& [name, data] : layers) {
    tables.insert(name);
    if (!styler) continue;
    std::optional<VectorLayer> read;
    if (!data) {
      if (!project.has(name)) continue;
      read.emplace(project.read(name));
    }
    for (auto& s : styler(name, data ? *data : *read)) styles.push_back(std::move(s));
  }
  stage_merged(&project, tables, styles, w);
}

void store_map_state(const std::string& project_path, const VectorLayer& map_table, const std::vector<QgisStyle>& styles,
                     const std::string& verb) {
  StoreOptions so;
  so.verb = verb;
  run_and_store(project_path, so, [&](const Project& project, ProjectWriter& w) {
    w.put(map_table, map_table.name);
    std::set<std::string> tables;
    for (const auto& s : styles) tables.insert(s.table);
    stage_merged(&project, tables, styles, w);
  });
}

}  // namespace swsplan::layers
