#pragma once
/// @file Vector layers in memory (typed attribute columns + geometry as structure of arrays)
/// and their reading/writing through GDAL: GeoPackage, Shapefile (.cpg honoured), GeoJSON,
/// CSV with lon/lat or WKT columns, PostGIS (`PG:` connection strings).
/// No GDAL type appears here: callers above gis/ never see a GDAL handle.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace swsplan::gis {

enum class FieldType { Integer, Real, String };
const char* to_string(FieldType t);

/// One attribute column. Exactly one of ints / reals / strings is used, by `type`.
struct Column {
  std::string name;
  FieldType type = FieldType::String;
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
  std::vector<std::string> strings;
  std::vector<std::uint8_t> nulls;  ///< 1 where the value is NULL/empty

  Column() = default;
  /// An empty column of the given name and type.
  Column(std::string column_name, FieldType column_type) : name(std::move(column_name)), type(column_type) {}

  std::size_t size() const { return nulls.size(); }
  bool is_null(std::size_t i) const { return nulls[i] != 0; }
  /// Numeric value (integers widened; strings parsed); nullopt for NULL or unparsable text.
  std::optional<double> number(std::size_t i) const;
  /// Text value ("" for NULL); numbers formatted without trailing zeros.
  std::string text(std::size_t i) const;

  void push_null();
  void push(std::int64_t v);
  void push(double v);
  void push(std::string v);
};

enum class GeometryKind { None, Point, Line, Polygon };
const char* to_string(GeometryKind k);

/// All geometries of a layer as flat arrays. Feature f has parts
/// [feature_offsets[f], feature_offsets[f+1]); part p has rings [part_offsets[p], part_offsets[p+1]);
/// ring r has coordinates [ring_offsets[r], ring_offsets[r+1]). A point is one part with one
/// one-coordinate ring; a line part has one ring; a polygon part has its shell then its holes.
/// An empty or missing geometry has no parts. Coordinates are x = east/longitude,
/// y = north/latitude, always (axis order is normalised at I/O).
struct Geometries {
  GeometryKind kind = GeometryKind::None;
  std::vector<double> xs, ys;
  std::vector<std::uint32_t> ring_offsets{0};
  std::vector<std::uint32_t> part_offsets{0};
  std::vector<std::uint32_t> feature_offsets{0};

  std::size_t features() const { return feature_offsets.size() - 1; }
  bool empty(std::size_t f) const { return feature_offsets[f] == feature_offsets[f + 1]; }
  /// First coordinate of feature f (the point itself for point layers); nullopt if empty.
  std::optional<std::pair<double, double>> first_xy(std::size_t f) const;

  // Builders: begin a feature, add parts/rings/coordinates, in order.
  void begin_feature() {}
  void add_point(double x, double y);           ///< one-point part
  void begin_part() { part_offsets.push_back(part_offsets.back()); }
  void add_ring(const double* x, const double* y, std::size_t n);  ///< appends a ring to the open part
  void end_feature() { feature_offsets.push_back(static_cast<std::uint32_t>(part_offsets.size() - 1)); }
  void add_empty_feature() { end_feature(); }
};

/// Appends one feature decoded from ISO/OGC WKB (as produced by gis/access catchment
/// polygons); members not of g.kind are dropped. @throws Error on malformed WKB.
void append_wkb(Geometries& g, const unsigned char* wkb, std::size_t size);

/// Bounding box in the layer's CRS.
struct Extent {
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  bool valid() const { return xmin <= xmax && ymin <= ymax; }
};

/// A vector layer in memory.
struct VectorLayer {
  std::string name;      ///< layer name
  std::string source;    ///< file or connection it was read from (for messages)
  std::string crs;       ///< "EPSG:4326" when identified, else WKT2; empty = unknown
  std::vector<std::int64_t> fids;  ///< feature ids as in the source (CSV: 1-based data row)
  std::vector<Column> columns;
  Geometries geom;
  std::vector<std::string> warnings;  ///< non-fatal findings while reading (e.g. swapped axes)

  std::size_t size() const { return fids.size(); }
  /// Index of a column by name (case-insensitive), or -1.
  int find(const std::string& name) const;
  /// Column by name; @throws InputError naming this layer and the missing field, listing the fields.
  const Column& column(const std::string& name) const;
  Column& column(const std::string& name);
  /// Adds an empty column of `type` with size() NULLs. @throws UsageError if it exists.
  Column& add_column(const std::string& name, FieldType type);
  Extent extent() const;
  /// InputLocation of feature i (file, layer, fid, field).
  std::string where(std::size_t i, const std::string& field = {}) const;
};

/// The rows `rows` of a layer (attributes and geometry), in that order.
VectorLayer select_rows(const VectorLayer& layer, const std::vector<std::size_t>& rows);

/// Stacks layers of the same geometry kind and CRS; columns are the union by name (missing
/// values NULL; a name typed differently becomes text). Feature ids are renumbered 1..n.
/// @throws UsageError when kinds or CRSs differ.
VectorLayer concat_layers(const std::vector<VectorLayer>& parts, const std::string& name);

/// How to read a source.
struct ReadOptions {
  std::string layer;        ///< layer name; empty = the only/first layer
  std::string x_field;      ///< CSV: longitude / x column (empty: auto lon, longitude, x, ...)
  std::string y_field;      ///< CSV: latitude / y column
  std::string wkt_field;    ///< CSV: WKT geometry column (empty: auto wkt, geometry, geom)
  std::string assume_crs;   ///< CRS for sources without one (CSV defaults to nothing: must be given
                            ///< unless coordinates are lon/lat columns, which imply EPSG:4326)
  std::string encoding;     ///< source encoding when not declared (.cpg), e.g. "CP1252"
  bool allow_missing_geometry = false;  ///< CSV rows without coordinates are refused unless set
};

struct LayerInfo {
  std::string name;
  GeometryKind kind = GeometryKind::None;
  std::string geometry_type;  ///< GDAL's name, e.g. "Multi Polygon"
  std::int64_t features = 0;
  std::string crs;            ///< as VectorLayer::crs
  std::string crs_name;       ///< human name, e.g. "WGS 84"
  Extent extent;
  std::vector<std::pair<std::string, std::string>> fields;  ///< name, type
};

/// Lists layers of a vector source. @throws InputError if it cannot be opened.
std::vector<LayerInfo> list_layers(const std::string& path);

/// True for a database connection rather than a file: PG:"..." or a postgresql:// URI.
bool is_database_source(const std::string& spec);

/// `spec` as it may be printed: a connection's password (password=..., user:password@)
/// replaced by ***; a file path unchanged.
std::string describe_source(const std::string& spec);

/// Splits "file.gpkg#layer" into path and layer (no '#': layer empty).
std::pair<std::string, std::string> split_source(const std::string& spec);

/// Reads one layer completely. Strings are UTF-8: a Shapefile's .cpg is honoured, otherwise
/// `options.encoding`; invalid UTF-8 is refused naming feature and field.
/// @throws InputError (file, layer, feature, field) for unreadable or malformed data,
///         CrsError when the source has no CRS and none is assumed.
VectorLayer read_vector(const std::string& path, const ReadOptions& options = {});

enum class VectorFormat { GeoPackage, GeoJSON, CSV, Shapefile };
/// Format from a file extension (.gpkg, .geojson/.json, .csv, .shp). @throws UsageError.
VectorFormat format_for_path(const std::string& path);

/// Writes a layer to a new file (replaced atomically: temp file + rename). CSV writes geometry
/// as WKT in a `wkt` column (points as `lon`,`lat` columns instead).
void write_vector(const VectorLayer& layer, const std::string& path, std::optional<VectorFormat> format = {});

/// A GeoPackage (or other) dataset opened for reading/updating many layers; RAII over a GDAL
/// dataset. Used by the project store. Not thread-safe: one thread at a time.
class VectorDataset {
 public:
  /// Opens an existing dataset; `update` for writing. @throws InputError.
  static VectorDataset open(const std::string& path, bool update);
  /// Creates a new GeoPackage (fails if the file exists). @throws Error.
  static VectorDataset create_gpkg(const std::string& path);
  VectorDataset(VectorDataset&&) noexcept;
  VectorDataset& operator=(VectorDataset&&) noexcept;
  ~VectorDataset();

  std::vector<std::string> layer_names() const;
  bool has_layer(const std::string& name) const;
  VectorLayer read(const std::string& layer) const;
  /// Writes (replacing any layer of that name). A layer without geometry becomes an
  /// attribute table. Runs inside one transaction.
  void write(const VectorLayer& layer, const std::string& name);
  void drop(const std::string& name);
  /// Executes SQL (SQLite dialect for GeoPackage) without a result set.
  void execute(const std::string& sql);
  void begin();
  void commit();
  void rollback();
  /// Stamps `iso` (e.g. "2026-01-01T00:00:00Z") as the GeoPackage last_change time of
  /// everything this thread writes from now on, so that same inputs give identical files.
  void set_timestamp(const std::string& iso);
  /// Flushes and closes; errors surface here rather than in the destructor.
  void close();
  const std::string& path() const;

 private:
  struct Impl;
  explicit VectorDataset(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace swsplan::gis
