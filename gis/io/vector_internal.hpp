#pragma once
/// @file Internal to gis/io: what vector.cpp (the in-memory layer), vector_read.cpp and
/// vector_write.cpp share. Not for use outside gis/io.
#include <gdal_priv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "gis/io/vector.hpp"

namespace swsplan::gis::detail {

// Text of attribute values.
/// Whole-string number (surrounding blanks allowed; nan/inf accepted, callers check).
bool parse_double(std::string_view s, double& out);
bool parse_int(std::string_view s, std::int64_t& out);
/// "%.15g" ("NaN" for NaN): up to 15 significant digits, no trailing zeros.
std::string format_number(double v);
bool iequals(const std::string& a, const std::string& b);

// GDAL datasets.
struct DatasetCloser {
  void operator()(GDALDataset* d) const noexcept { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// Opens a vector source (file or `PG:` connection) with the CSV/encoding options of `opt`.
/// @throws InputError naming the source when it is missing or unreadable.
DatasetPtr open_vector(const std::string& path, const ReadOptions& opt, bool update = false);
/// The named layer, or the first when `name` is empty. @throws InputError listing the layers.
OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name);
/// Reads a whole OGR layer into memory (geometry, typed columns, CRS, warnings).
VectorLayer decode_layer(OGRLayer* ogr, const std::string& path, const ReadOptions& opt);

}  // namespace swsplan::gis::detail
