#pragma once
/// @file The place index behind the search box: provinces, districts, communes and villages
/// by name (Latin or Khmer) and code, plus the named features of the other layers (roads,
/// facilities, ...; one entry per distinct name and layer). Built once per project load from
/// the prepared layers (no geometry is read per keystroke: each entry keeps its rows and
/// extent), then find() scans short folded strings only.
#include <QString>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/render/prepared_layer.hpp"

namespace swsplan::gui {

/// Folds a name for matching: Latin accents removed (NFD, combining marks U+0300-U+036F
/// dropped), case folded, punctuation as spaces, runs of spaces collapsed, zero-width
/// characters (common inside Khmer words) removed. Khmer script is kept as it is, so a Khmer
/// query matches as a substring.
QString fold_text(const QString& s);
/// True when `s` contains a character of the Khmer block (U+1780-U+17FF, U+19E0-U+19FF).
bool has_khmer(const QString& s);

enum class PlaceLevel { Province, District, Commune, Village, Feature };

struct SearchEntry {
  PlaceLevel level = PlaceLevel::Feature;
  std::string layer;
  QString name;     ///< Latin (English) name; for a feature layer its `name` value, any script
  QString name_km;  ///< Khmer name when the layer has one
  QString code;     ///< pcode (KH0102...) or village code; empty for features
  QString ncdd;     ///< NCDD number as text (102); empty when absent
  QString parent;   ///< name of the unit one level up (district of a commune, ...)
  std::vector<std::uint32_t> rows;  ///< rows of `layer` (several for a road in pieces)
  gis::Extent extent{1, 1, 0, 0};   ///< map CRS
  QString key_name, key_km, key_code;  ///< folded
};

class SearchIndex {
 public:
  /// Indexes `layers` (any order; the admin layers are recognised by name: provinces,
  /// districts, communes, villages). Safe on a worker thread: layers are immutable.
  static SearchIndex build(const std::vector<std::shared_ptr<const PreparedLayer>>& layers);

  /// Entries matching `query`, best first, at most `limit`. A name matches as a substring
  /// (accent- and case-insensitive; Khmer as typed); a code when the query is digits or
  /// KH + digits and a prefix of the pcode / village code or the NCDD number. Ranked exact,
  /// then prefix, then start of a word, then anywhere; then province, district, commune,
  /// village, other features; then by name.
  std::vector<std::size_t> find(const QString& query, std::size_t limit = 50) const;

  const std::vector<SearchEntry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<SearchEntry> entries_;
};

}  // namespace swsplan::gui
