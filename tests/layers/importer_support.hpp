#pragma once
// Shared by the importer tests (test_importers*.cpp): the real national GeoPackage, the
// hand-made corpus folder, a temporary folder and small lookups.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "gis/core/error.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"
#include "layers/importers.hpp"
#include "layers/services.hpp"

namespace fs = std::filesystem;
using namespace swsplan;
using Catch::Matchers::Contains;
using gis::FieldType;
using gis::VectorLayer;
using layers::AdminLevel;
using layers::SourceSpec;

namespace importer_support {

inline const std::string kShared = SWSPLAN_SHARED_DATA;
inline const std::string kGpkg = kShared + "/khm.gpkg";
inline const std::string kBad = std::string(SWSPLAN_TEST_DATA) + "/bad/";

inline VectorLayer read_layer(const std::string& name) {
  gis::ReadOptions o;
  o.layer = name;
  return gis::read_vector(kGpkg, o);
}

// The real communes imported once for the whole file (1,633 polygons).
inline const VectorLayer& real_communes() {
  static const VectorLayer c = layers::import_admin(SourceSpec::parse(kGpkg + "#communes"), AdminLevel::Commune, "").layer;
  return c;
}

template <class F>
inline std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("swsplan_test_importers_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

inline std::size_t row_of(const VectorLayer& l, const std::string& field, const std::string& value) {
  const auto& c = l.column(field);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (c.text(i) == value) return i;
  FAIL("no row with " << field << " = " << value);
  return 0;
}

}  // namespace importer_support

using namespace importer_support;
