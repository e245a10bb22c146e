#include "gis/io/vector.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "gis/core/error.hpp"
#include "gis/io/vector_internal.hpp"

namespace swsplan::gis {

// ---------------------------------------------------------------------------------------
// Column, Geometries, VectorLayer

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "real";
    case FieldType::String: return "string";
  }
  return "?";
}

const char* to_string(GeometryKind k) {
  switch (k) {
    case GeometryKind::None: return "none";
    case GeometryKind::Point: return "point";
    case GeometryKind::Line: return "line";
    case GeometryKind::Polygon: return "polygon";
  }
  return "?";
}

namespace detail {

bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return false;
  std::string tmp(s);  // strtod needs a terminator; accepts nan/inf, which callers check
  char* end = nullptr;
  out = std::strtod(tmp.c_str(), &end);
  return end == tmp.c_str() + tmp.size();
}

bool parse_int(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  // Leading zeros mean a code ("010201"), which must stay text.
  std::string_view digits = s[0] == '-' ? s.substr(1) : s;
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace detail

using detail::format_number;
using detail::iequals;
using detail::parse_double;

std::optional<double> Column::number(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  switch (type) {
    case FieldType::Integer: return static_cast<double>(ints[i]);
    case FieldType::Real: return reals[i];
    case FieldType::String: {
      double v;
      if (parse_double(strings[i], v)) return v;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string Column::text(std::size_t i) const {
  if (is_null(i)) return {};
  switch (type) {
    case FieldType::Integer: return std::to_string(ints[i]);
    case FieldType::Real: return format_number(reals[i]);
    case FieldType::String: return strings[i];
  }
  return {};
}

void Column::push_null() {
  nulls.push_back(1);
  switch (type) {
    case FieldType::Integer: ints.push_back(0); break;
    case FieldType::Real: reals.push_back(std::numeric_limits<double>::quiet_NaN()); break;
    case FieldType::String: strings.emplace_back(); break;
  }
}

void Column::push(std::int64_t v) {
  if (type == FieldType::Real) return push(static_cast<double>(v));
  if (type == FieldType::String) return push(std::to_string(v));
  nulls.push_back(0);
  ints.push_back(v);
}

void Column::push(double v) {
  if (type == FieldType::String) return push(format_number(v));
  if (type == FieldType::Integer) {
    nulls.push_back(0);
    ints.push_back(static_cast<std::int64_t>(std::llround(v)));
    return;
  }
  nulls.push_back(0);
  reals.push_back(v);
}

void Column::push(std::string v) {
  if (type != FieldType::String) {
    double d;
    if (!parse_double(v, d)) return push_null();
    return push(d);
  }
  nulls.push_back(0);
  strings.push_back(std::move(v));
}

std::optional<std::pair<double, double>> Geometries::first_xy(std::size_t f) const {
  if (empty(f)) return std::nullopt;
  const auto part = feature_offsets[f];
  const auto ring = part_offsets[part];
  if (ring_offsets[ring] == ring_offsets[ring + 1]) return std::nullopt;
  const auto c = ring_offsets[ring];
  return std::make_pair(xs[c], ys[c]);
}

void Geometries::add_point(double x, double y) {
  begin_part();
  add_ring(&x, &y, 1);
}

void Geometries::add_ring(const double* x, const double* y, std::size_t n) {
  xs.insert(xs.end(), x, x + n);
  ys.insert(ys.end(), y, y + n);
  ring_offsets.push_back(static_cast<std::uint32_t>(xs.size()));
  part_offsets.back() = static_cast<std::uint32_t>(ring_offsets.size() - 1);
}

int VectorLayer::find(const std::string& n) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (iequals(columns[i].name, n)) return static_cast<int>(i);
  return -1;
}

const Column& VectorLayer::column(const std::string& n) const {
  int i = find(n);
  if (i < 0) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + c.name;
    throw InputError({source, name, std::nullopt, n}, "no such field; the layer has: " + names);
  }
  return columns[static_cast<std::size_t>(i)];
}

Column& VectorLayer::column(const std::string& n) {
  return const_cast<Column&>(static_cast<const VectorLayer*>(this)->column(n));
}

Column& VectorLayer::add_column(const std::string& n, FieldType type) {
  if (find(n) >= 0) throw UsageError("layer '" + name + "' already has a field '" + n + "'");
  Column c;
  c.name = n;
  c.type = type;
  for (std::size_t i = 0; i < size(); ++i) c.push_null();
  columns.push_back(std::move(c));
  return columns.back();
}

Extent VectorLayer::extent() const {
  Extent e{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
           -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < geom.xs.size(); ++i) {
    e.xmin = std::min(e.xmin, geom.xs[i]);
    e.xmax = std::max(e.xmax, geom.xs[i]);
    e.ymin = std::min(e.ymin, geom.ys[i]);
    e.ymax = std::max(e.ymax, geom.ys[i]);
  }
  return e;
}

std::string VectorLayer::where(std::size_t i, const std::string& field) const {
  return InputLocation{source, name, i < fids.size() ? std::optional<std::int64_t>(fids[i]) : std::nullopt, field}
      .describe();
}

namespace {
void push_from(Column& dst, const Column& src, std::size_t i) {
  if (src.is_null(i)) return dst.push_null();
  switch (src.type) {
    case FieldType::Integer: return dst.push(src.ints[i]);
    case FieldType::Real: return dst.push(src.reals[i]);
    case FieldType::String: return dst.push(std::string(src.strings[i]));
  }
}

void append_feature_geometry(Geometries& dst, const Geometries& src, std::size_t f) {
  for (auto p = src.feature_offsets[f]; p < src.feature_offsets[f + 1]; ++p) {
    dst.begin_part();
    for (auto r = src.part_offsets[p]; r < src.part_offsets[p + 1]; ++r) {
      auto b = src.ring_offsets[r], e = src.ring_offsets[r + 1];
      dst.add_ring(src.xs.data() + b, src.ys.data() + b, e - b);
    }
  }
  dst.end_feature();
}
}  // namespace

VectorLayer select_rows(const VectorLayer& layer, const std::vector<std::size_t>& rows) {
  VectorLayer out;
  out.name = layer.name;
  out.source = layer.source;
  out.crs = layer.crs;
  out.geom.kind = layer.geom.kind;
  for (const auto& c : layer.columns) {
    Column n;
    n.name = c.name;
    n.type = c.type;
    for (auto i : rows) push_from(n, c, i);
    out.columns.push_back(std::move(n));
  }
  for (auto i : rows) {
    out.fids.push_back(layer.fids[i]);
    if (i < layer.geom.features())
      append_feature_geometry(out.geom, layer.geom, i);
    else
      out.geom.add_empty_feature();
  }
  return out;
}

VectorLayer concat_layers(const std::vector<VectorLayer>& parts, const std::string& name) {
  VectorLayer out;
  out.name = name;
  if (parts.empty()) return out;
  out.crs = parts.front().crs;
  out.geom.kind = parts.front().geom.kind;
  for (const auto& p : parts) {
    if (p.size() == 0) continue;
    if (out.geom.kind == GeometryKind::None) out.geom.kind = p.geom.kind;
    if (p.geom.kind != out.geom.kind && p.geom.kind != GeometryKind::None)
      throw UsageError("cannot stack layer '" + p.name + "' (" + to_string(p.geom.kind) + ") onto " + to_string(out.geom.kind));
    if (out.crs.empty()) out.crs = p.crs;
    if (!p.crs.empty() && p.crs != out.crs)
      throw UsageError("cannot stack layer '" + p.name + "' in " + p.crs + " onto " + out.crs + ": reproject first");
    for (const auto& c : p.columns) {
      int i = out.find(c.name);
      if (i < 0) {
        Column n;
        n.name = c.name;
        n.type = c.type;
        out.columns.push_back(std::move(n));
      } else if (out.columns[static_cast<std::size_t>(i)].type != c.type) {
        out.columns[static_cast<std::size_t>(i)].type = FieldType::String;  // resolved below
      }
    }
  }
  for (auto& c : out.columns) {
    for (const auto& p : parts) {
      int i = p.find(c.name);
      for (std::size_t r = 0; r < p.size(); ++r) {
        if (i < 0) {
          c.push_null();
          continue;
        }
        const Column& s = p.columns[static_cast<std::size_t>(i)];
        if (c.type == FieldType::String && s.type != FieldType::String)
          s.is_null(r) ? c.push_null() : c.push(s.text(r));
        else
          push_from(c, s, r);
      }
    }
  }
  std::int64_t fid = 0;
  for (const auto& p : parts)
    for (std::size_t r = 0; r < p.size(); ++r) {
      out.fids.push_back(++fid);
      if (r < p.geom.features())
        append_feature_geometry(out.geom, p.geom, r);
      else
        out.geom.add_empty_feature();
    }
  return out;
}

}  // namespace swsplan::gis
