#pragma once
/// @file Importers from real sources into the project's standard layers. Each importer
/// checks its input (codes, CRS, geometry validity, value ranges), normalises codes to COD-AB
/// pcodes, reprojects to EPSG:4326 for storage, and returns join reports. Any bad input
/// throws InputError naming file, layer, feature and field; nothing is written by importers:
/// the caller commits the results with ProjectWriter.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/progress.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"
#include "layers/project.hpp"
#include "layers/services.hpp"

namespace swsplan::layers {

/// A source as given on the command line: `path[#layer][?key=value&key=value]`.
struct SourceSpec {
  std::string path;
  std::string layer;
  std::map<std::string, std::string> options;

  /// @throws UsageError on a malformed spec.
  static SourceSpec parse(const std::string& text);
  /// Option value or `fallback`.
  std::string get(const std::string& key, const std::string& fallback = {}) const;
  /// Reads the source with the CSV/CRS options it carries (x, y, wkt, crs, encoding) and the
  /// global `assume_crs`.
  gis::VectorLayer read(const std::string& assume_crs = {}) const;
  /// Errors if options other than `allowed` were given (typos must not pass silently).
  void check_options(const std::vector<std::string>& allowed) const;
  std::string describe() const;
};

/// Storage CRS of project layers.
inline constexpr const char* kStorageCrs = "EPSG:4326";
/// Cambodia's lon/lat extent with a margin, used to spot swapped or misplaced coordinates.
gis::Extent cambodia_extent();

struct ImportResult {
  gis::VectorLayer layer;            ///< standardised layer, EPSG:4326
  std::vector<JoinReport> reports;
  std::vector<std::string> warnings;
  gis::RepairReport repairs;
  Provenance provenance;
};

/// Admin units (province / district / commune) from COD-AB style layers (ADMn_PCODE) or NCDD
/// numeric codes. Options: code=<field> (auto: admN_pcode, pcode, ncdd_code, ...),
/// name=<field> (auto: admN_en, name_en, name, ...). Output columns: admN_pcode, name_en,
/// ncdd_code, parent pcodes (adm1_pcode, adm2_pcode), area_km2, then the source's other fields.
/// Duplicate or malformed codes and unclosed rings are errors; invalid polygons are repaired
/// and reported, with a warning (area as drawn and repaired) when the repair changes a
/// polygon's area by more than 1 %; a repair that would overlap a neighbour is refused.
ImportResult import_admin(const SourceSpec& src, AdminLevel level, const std::string& assume_crs,
                          gis::Progress& progress = gis::no_progress());

/// Villages (points). Options: code=, name=, households=, poor=, l1=, l2=, commune=.
/// Refused: points at (0, 0) or outside Cambodia, metres in a layer declared in degrees.
/// Output columns: vil_code (8 digits), name_en, adm3_pcode (point in the communes given; the
/// source's commune code when no commune layer), households, poor_hh, idp_l1_hh, idp_l2_hh,
/// poor_share, then the source fields. Reports: villages -> communes by location, and
/// location vs code prefix agreement.
ImportResult import_villages(const SourceSpec& src, const gis::VectorLayer* communes, const std::string& assume_crs,
                             gis::Progress& progress = gis::no_progress());

/// Facilities of one or several services. Options: service=<id> (all rows) or
/// service_field=<field> (+ map=VALUE:service_id;VALUE:service_id), id=, name=, capacity=.
/// Output columns: facility_id, name, service, capacity, adm3_pcode, source, attributes (JSON
/// of the source's other fields). Unknown service values are errors listing the values.
ImportResult import_facilities(const SourceSpec& src, const gis::VectorLayer* communes, const std::string& assume_crs,
                               gis::Progress& progress = gis::no_progress());

/// PWP and other infrastructure assets (lines, points or polygons). Options: type=<asset type>
/// or type_field=, class_field= (road class), name=, id=. Output columns: asset_id, asset_type,
/// road_class, name, adm3_pcode (points/polygons: containing commune), attributes (JSON).
ImportResult import_pwp(const SourceSpec& src, const gis::VectorLayer* communes, const std::string& assume_crs,
                        gis::Progress& progress = gis::no_progress());

/// A road network (lines) for network travel times. Options: class_field= (auto road_class,
/// class, highway), map=VALUE:class;..., name=, id=, oneway_field=, bridge_field=, pwp_field=.
/// Classes: national, provincial, rural, pwp_track, path (OSM highway values are understood).
/// Output columns: road_id, road_class, name, oneway (1 along the line, -1 against, 0 both;
/// read from yes/no/-1 or Geofabrik's F/T/B, anything else refused), bridge (1 = does not
/// connect to lines it crosses), pwp (1 = public-works road), osm_highway (the OSM highway
/// value when the class came from one, so its speed can be set on its own).
ImportResult import_roads(const SourceSpec& src, const std::string& assume_crs,
                          gis::Progress& progress = gis::no_progress());

/// Places stored points (villages or facilities, lon/lat, with adm3_pcode) again in newly
/// imported communes: rewrites adm3_pcode (and adm2_pcode / adm1_pcode where the layer has
/// them), snapping points just outside every commune within max_snap_m. Returns the join
/// report, with a note of how many points changed commune; points no commune holds lose
/// their commune and are listed as unmatched.
JoinReport place_again_in_communes(gis::VectorLayer& points, const gis::VectorLayer& communes, const std::string& what,
                                   double max_snap_m = 1000, gis::Progress& progress = gis::no_progress());

/// Road classes known to the network builder.
const std::vector<std::string>& road_classes();

/// A code crosswalk between boundary vintages (old commune code -> 2018 pcode).
/// Options: from=<field> (auto commune_code_src), to=<field> (auto adm3_pcode_2018).
std::map<std::string, std::string> read_crosswalk(const SourceSpec& src);

/// An indicator table joined by code to villages or communes. Options: level=village|commune
/// (default commune), key=<field> (auto), name=<table suffix> (default file stem), year=,
/// share=<f1;f2> (fields that are shares: NaN, negative or > 1 are errors, percent is
/// detected and converted), flag_out_of_range=yes (keep such rows with the value emptied and
/// a <field>_flag column instead of refusing). Output table `ind_<name>` has the normalised
/// key (adm3_pcode or vil_code) first, then the source fields.
ImportResult import_indicator(const SourceSpec& src, const gis::VectorLayer* targets,
                              const std::map<std::string, std::string>* crosswalk,
                              gis::Progress& progress = gis::no_progress());

/// Validates a share column in place: detects percent (all values in [0,100], some > 1) and
/// converts to fractions; NaN, negative or > 1 after that are errors naming the row, unless
/// `flag` (then the value is emptied and a `<field>_flag` text column says why).
/// Returns warnings (e.g. "converted from percent").
std::vector<std::string> normalise_share(gis::VectorLayer& layer, const std::string& field, bool flag);

}  // namespace swsplan::layers
