#include "app/gui/search_index.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace swsplan::gui {

namespace {

struct AdminSpec {
  const char* layer;
  PlaceLevel level;
  const char* code;        ///< code field
  const char* parent_code; ///< field with the code of the unit one level up ("" at the top)
};

constexpr AdminSpec kAdmin[] = {
    {"provinces", PlaceLevel::Province, "adm1_pcode", ""},
    {"districts", PlaceLevel::District, "adm2_pcode", "adm1_pcode"},
    {"communes", PlaceLevel::Commune, "adm3_pcode", "adm2_pcode"},
    {"villages", PlaceLevel::Village, "vil_code", "adm3_pcode"},
};

QString text_of(const gis::VectorLayer& d, int col, std::size_t row) {
  return col < 0 ? QString() : QString::fromStdString(d.columns[std::size_t(col)].text(row));
}

int find_first(const gis::VectorLayer& d, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (int c = d.find(n); c >= 0 && d.columns[std::size_t(c)].type == gis::FieldType::String) return c;
  return -1;
}

/// The layer's Khmer name field: a known name, else the first text field holding Khmer script.
int khmer_field(const gis::VectorLayer& d, int latin) {
  if (int c = find_first(d, {"name_km", "name_kh", "name_khm", "adm1_km", "adm2_km", "adm3_km", "village_km"}); c >= 0)
    return c;
  for (std::size_t c = 0; c < d.columns.size(); ++c) {
    const auto& col = d.columns[c];
    if (int(c) == latin || col.type != gis::FieldType::String) continue;
    for (std::size_t r = 0; r < std::min<std::size_t>(col.size(), 200); ++r)
      if (!col.is_null(r) && has_khmer(QString::fromStdString(col.strings[r]))) return int(c);
  }
  return -1;
}

void grow(gis::Extent& e, const gis::Extent& b) {
  if (!b.valid()) return;
  if (!e.valid()) {
    e = b;
    return;
  }
  e.xmin = std::min(e.xmin, b.xmin), e.ymin = std::min(e.ymin, b.ymin);
  e.xmax = std::max(e.xmax, b.xmax), e.ymax = std::max(e.ymax, b.ymax);
}

bool looks_like_code(const QString& q) {
  if (q.isEmpty()) return false;
  int i = q.startsWith(QLatin1String("kh")) ? 2 : 0;
  if (i == q.size()) return false;
  for (; i < q.size(); ++i)
    if (!q[i].isDigit()) return false;
  return true;
}

/// 0 exact, 1 prefix, 2 start of a word, 3 anywhere; -1 no match.
int match_rank(const QString& key, const QString& q) {
  if (key.isEmpty()) return -1;
  const auto at = key.indexOf(q);
  if (at < 0) return -1;
  if (at == 0) return key.size() == q.size() ? 0 : 1;
  if (key.indexOf(QLatin1Char(' ') + q) >= 0) return 2;
  return 3;
}

}  // namespace

bool has_khmer(const QString& s) {
  for (QChar c : s)
    if ((c.unicode() >= 0x1780 && c.unicode() <= 0x17FF) || (c.unicode() >= 0x19E0 && c.unicode() <= 0x19FF)) return true;
  return false;
}

QString fold_text(const QString& s) {
  const QString d = s.normalized(QString::NormalizationForm_D);
  QString out;
  out.reserve(d.size());
  bool space = true;  // drops leading spaces
  for (QChar c : d) {
    const char16_t u = c.unicode();
    if (u >= 0x0300 && u <= 0x036F) continue;                  // Latin combining accents
    if (u == 0x200B || u == 0x200C || u == 0x200D || u == 0xFEFF) continue;  // zero-width
    if (c.isSpace() || u == '-' || u == '_' || u == '\'' || u == 0x2019 || u == '.' || u == ',' || u == '(' ||
        u == ')' || u == '/') {
      if (!space) out += QLatin1Char(' ');
      space = true;
      continue;
    }
    out += c;
    space = false;
  }
  if (out.endsWith(QLatin1Char(' '))) out.chop(1);
  return out.normalized(QString::NormalizationForm_C).toCaseFolded();
}

SearchIndex SearchIndex::build(const std::vector<std::shared_ptr<const PreparedLayer>>& layers) {
  SearchIndex idx;
  std::map<std::string, std::shared_ptr<const PreparedLayer>> by_name;
  for (const auto& l : layers)
    if (l) by_name[l->name] = l;
  // Names of each admin level by code, for the "parent" of the level below.
  std::unordered_map<std::string, QString> names_by_code;
  for (const auto& spec : kAdmin) {
    auto it = by_name.find(spec.layer);
    if (it == by_name.end()) continue;
    const auto& d = it->second->data;
    const int code = d.find(spec.code);
    if (code < 0) continue;
    const int latin = find_first(d, {"name_en", "adm1_en", "adm2_en", "adm3_en", "village_en", "name"});
    const int km = khmer_field(d, latin);
    const int ncdd = d.find("ncdd_code");
    const int parent = *spec.parent_code ? d.find(spec.parent_code) : -1;
    std::unordered_map<std::string, QString> mine;
    for (std::size_t r = 0; r < d.size(); ++r) {
      SearchEntry e;
      e.level = spec.level;
      e.layer = spec.layer;
      e.name = text_of(d, latin, r);
      e.name_km = text_of(d, km, r);
      e.code = text_of(d, code, r);
      e.ncdd = text_of(d, ncdd, r);
      if (parent >= 0)
        if (auto p = names_by_code.find(d.columns[std::size_t(parent)].text(r)); p != names_by_code.end()) e.parent = p->second;
      e.rows = {std::uint32_t(r)};
      e.extent = it->second->bbox(r);
      e.key_name = fold_text(e.name);
      e.key_km = fold_text(e.name_km);
      e.key_code = e.code.toCaseFolded();
      mine[e.code.toStdString()] = e.name.isEmpty() ? e.name_km : e.name;
      idx.entries_.push_back(std::move(e));
    }
    names_by_code = std::move(mine);
  }
  // Other layers: one entry per distinct `name` (a road in many pieces is one place).
  for (const auto& [lname, l] : by_name) {
    if (std::any_of(std::begin(kAdmin), std::end(kAdmin), [&](const AdminSpec& s) { return lname == s.layer; })) continue;
    const auto& d = l->data;
    const int nc = find_first(d, {"name"});
    if (nc < 0) continue;
    std::unordered_map<std::string, std::size_t> at;
    for (std::size_t r = 0; r < d.size(); ++r) {
      const auto& col = d.columns[std::size_t(nc)];
      if (col.is_null(r) || col.strings[r].empty()) continue;
      auto [pos, fresh] = at.try_emplace(col.strings[r], idx.entries_.size());
      if (fresh) {
        SearchEntry e;
        e.layer = lname;
        e.name = QString::fromStdString(col.strings[r]);
        e.key_name = fold_text(e.name);
        idx.entries_.push_back(std::move(e));
      }
      auto& e = idx.entries_[pos->second];
      e.rows.push_back(std::uint32_t(r));
      grow(e.extent, l->bbox(r));
    }
  }
  return idx;
}

std::vector<std::size_t> SearchIndex::find(const QString& query, std::size_t limit) const {
  const QString q = fold_text(query);
  if (q.isEmpty()) return {};
  const bool code_query = looks_like_code(q);
  QString digits = q;
  if (digits.startsWith(QLatin1String("kh"))) digits.remove(0, 2);
  struct Hit {
    int rank;
    std::size_t entry;
  };
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    int best = -1;
    auto take = [&best](int r) {
      if (r >= 0 && (best < 0 || r < best)) best = r;
    };
    take(match_rank(e.key_name, q));
    take(match_rank(e.key_km, q));
    if (code_query && !e.key_code.isEmpty()) {
      // "KH0102", "0102" (pcode digits), "102" (NCDD number), "01020101" (village code).
      const QString code_digits = e.key_code.startsWith(QLatin1String("kh")) ? e.key_code.mid(2) : e.key_code;
      if (e.key_code == q || code_digits == digits || e.ncdd == digits) take(0);
      else if (e.key_code.startsWith(q) || code_digits.startsWith(digits)) take(1);
    }
    if (best >= 0) hits.push_back({best, i});
  }
  const auto by_rank = [this](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    const auto &x = entries_[a.entry], &y = entries_[b.entry];
    if (x.level != y.level) return x.level < y.level;
    if (x.name.size() != y.name.size()) return x.name.size() < y.name.size();
    return x.key_name < y.key_name;
  };
  if (hits.size() > limit) {
    std::partial_sort(hits.begin(), hits.begin() + std::ptrdiff_t(limit), hits.end(), by_rank);
    hits.resize(limit);
  } else {
    std::sort(hits.begin(), hits.end(), by_rank);
  }
  std::vector<std::size_t> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(h.entry);
  return out;
}

}  // namespace swsplan::gui
