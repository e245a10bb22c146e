#pragma once
/// @file Coordinate reference systems and transformations over PROJ. One PJ_CONTEXT per
/// thread; a Transformer belongs to the thread that created it. Axis order is normalised
/// so coordinates are always x = east/longitude, y = north/latitude.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::gis {

/// A validated CRS definition ("EPSG:32648", WKT, or a PROJ string).
struct CrsInfo {
  std::string definition;  ///< as given (normalised to "EPSG:n" when PROJ identifies it)
  std::string name;        ///< e.g. "WGS 84 / UTM zone 48N"
  bool geographic = false;
  std::optional<int> epsg;
};

/// Parses and validates a CRS definition. @throws CrsError naming the text.
CrsInfo describe_crs(const std::string& definition);

/// WKT (WKT2:2019) of a CRS definition, e.g. for raster georeferencing. @throws CrsError.
std::string crs_to_wkt(const std::string& definition);

/// EPSG code of the UTM zone containing (lon, lat): 326zz north, 327zz south.
int utm_epsg(double lon_deg, double lat_deg);

/// A metric CRS for data covering the lon/lat extent: the UTM zone of its centre
/// (EPSG:32648 for Cambodia).
std::string metric_crs_for(const Extent& lonlat_extent);

/// Transforms coordinates between two CRSs, in place, x = east/lon and y = north/lat on
/// both sides. Not thread-safe: use one Transformer per thread.
class Transformer {
 public:
  /// @throws CrsError when either CRS is unknown or no transformation exists.
  Transformer(const std::string& from, const std::string& to);
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  ~Transformer();

  /// Transforms arrays in place (structure of arrays, strided PROJ call).
  /// Points that cannot be transformed become NaN; returns how many did.
  std::size_t transform(std::span<double> xs, std::span<double> ys) const;
  /// True when from and to are the same CRS (transform is then a no-op).
  bool identity() const { return identity_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool identity_ = false;
};

/// Reprojects a whole layer (all coordinates) to `to_crs`. @throws CrsError.
VectorLayer reproject(const VectorLayer& layer, const std::string& to_crs);

/// Checks whether a layer's coordinates look like latitude and longitude swapped:
/// for a geographic CRS, |y| > 90 while |x| <= 90; or, given an expected lon/lat extent
/// (e.g. Cambodia), the points fall outside it but inside it once swapped.
/// Returns a warning text naming the layer, or nullopt when all looks right.
std::optional<std::string> check_axis_order(const VectorLayer& layer, const std::optional<Extent>& expected_lonlat = {});

}  // namespace swsplan::gis
