// Tests of gis/io/raster: GeoTIFF round trips (values, nodata, georeferencing, CRS), the
// all-or-nothing write, and errors that name the file.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "gis/core/error.hpp"
#include "gis/io/raster.hpp"

using namespace swsplan::gis;
namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("swsplan_test_raster_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::size_t entries() const {
    return std::size_t(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

Raster sample(const std::string& crs_wkt) {
  Raster r;
  r.grid = {7, 5, 500000.0, 1400000.0, 100.0, 60.0, crs_wkt};
  r.values.resize(r.grid.cells());
  for (std::size_t i = 0; i < r.values.size(); ++i) r.values[i] = 0.1 * double(i) - 1.0 / 3.0;
  r.values[3] = kNaN;
  r.values[17] = kNaN;
  return r;
}

std::string utm48_wkt() {
  // The committed GRASS reference carries EPSG:32648 (UTM 48N, Cambodia's usual metric CRS).
  return read_raster(std::string(SWSPLAN_TEST_DATA) + "/grass/friction_a.tif").grid.crs_wkt;
}

}  // namespace

TEST_CASE("Float64 GeoTIFF round trip keeps values, nodata, georeferencing and CRS", "[raster]") {
  TempDir dir;
  const std::string wkt = utm48_wkt();
  REQUIRE_FALSE(wkt.empty());
  const Raster r = sample(wkt);
  write_geotiff(r, dir.file("t.tif"));
  const Raster back = read_raster(dir.file("t.tif"));
  CHECK(back.grid.width == 7);
  CHECK(back.grid.height == 5);
  CHECK(back.grid.x0 == 500000.0);
  CHECK(back.grid.y0 == 1400000.0);
  CHECK(back.grid.dx == 100.0);
  CHECK(back.grid.dy == 60.0);
  CHECK(back.grid.crs_wkt.find("UTM zone 48N") != std::string::npos);
  CHECK(back.nodata == -9999.0);  // NaN in memory is written as -9999 when no nodata is set
  REQUIRE(back.values.size() == r.values.size());
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    if (std::isnan(r.values[i]))
      CHECK(std::isnan(back.values[i]));
    else
      CHECK(back.values[i] == r.values[i]);  // Float64: bit-exact
  }
  CHECK(dir.entries() == 1);  // no temporary file left behind
}

TEST_CASE("an explicit nodata value is written and read back as NaN", "[raster]") {
  TempDir dir;
  Raster r = sample("");
  r.nodata = -1.0;
  write_geotiff(r, dir.file("n.tif"));
  const Raster back = read_raster(dir.file("n.tif"));
  CHECK(back.nodata == -1.0);
  CHECK(std::isnan(back.values[3]));
  CHECK(back.values[4] == r.values[4]);
  CHECK(back.grid.crs_wkt.empty());
}

TEST_CASE("Int32 allocation raster round trip", "[raster]") {
  TempDir dir;
  GridSpec g{4, 3, 10.0, 20.0, 5.0, 5.0, utm48_wkt()};
  std::vector<std::int32_t> v{0, 1, 2, -1, 5, 5, 5, -1, 2147483647, 7, 8, 9};
  write_geotiff_int(g, v, -1, dir.file("a.tif"));
  const Raster back = read_raster(dir.file("a.tif"));
  CHECK(back.nodata == -1.0);
  CHECK(back.grid.x0 == 10.0);
  CHECK(back.grid.dy == 5.0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == -1)
      CHECK(std::isnan(back.values[i]));
    else
      CHECK(back.values[i] == double(v[i]));
  }
}

TEST_CASE("writes replace a file whole or not at all", "[raster]") {
  TempDir dir;
  Raster r = sample("");
  write_geotiff(r, dir.file("x.tif"));
  r.values[0] = 42.0;
  write_geotiff(r, dir.file("x.tif"));  // overwrite
  CHECK(read_raster(dir.file("x.tif")).values[0] == 42.0);
  CHECK(dir.entries() == 1);

  // a failed write (wrong value count) leaves the old file untouched
  Raster bad = r;
  bad.values.pop_back();
  CHECK_THROWS_AS(write_geotiff(bad, dir.file("x.tif")), UsageError);
  CHECK(read_raster(dir.file("x.tif")).values[0] == 42.0);
  CHECK(dir.entries() == 1);

  // a folder that does not exist: an Error naming the file, nothing created
  CHECK_THROWS_WITH(write_geotiff(r, dir.file("missing/y.tif")), Catch::Contains("missing/y.tif"));
  CHECK(dir.entries() == 1);
}

TEST_CASE("read errors name the file", "[raster]") {
  TempDir dir;
  CHECK_THROWS_AS(read_raster(dir.file("nope.tif")), InputError);
  CHECK_THROWS_WITH(read_raster(dir.file("nope.tif")), Catch::Contains("nope.tif"));
  write_geotiff(sample(""), dir.file("one.tif"));
  CHECK_THROWS_WITH(read_raster(dir.file("one.tif"), 2), Catch::Contains("no band 2"));
}
