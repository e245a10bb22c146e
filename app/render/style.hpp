#pragma once
/// @file Layer styles: single symbol, categories (facility service, road class, gap class)
/// and graduated colours (quantile / natural breaks / equal interval) with the default
/// cartography of swsplan layers. Sizes are in millimetres so a 300 dpi export looks like
/// the screen; value types, copied into every render job.
#include <QColor>
#include <QString>
#include <optional>
#include <string>
#include <vector>

#include "gis/io/vector.hpp"

namespace swsplan::gui {

enum class MarkerShape { Circle, Square, Triangle, Diamond, Cross, Star, Hexagon };

struct Symbol {
  QColor fill{200, 200, 200};      ///< polygon fill / marker fill (alpha 0 = none)
  QColor stroke{80, 80, 80};       ///< outline / line colour (alpha 0 = none)
  double stroke_mm = 0.26;         ///< outline or line width
  Qt::PenStyle stroke_style = Qt::SolidLine;
  QColor casing{0, 0, 0, 0};       ///< lines: wider line drawn below (alpha 0 = none)
  double casing_mm = 0;
  MarkerShape shape = MarkerShape::Circle;
  double size_mm = 2.0;            ///< marker diameter
  QColor hatch{0, 0, 0, 0};        ///< polygons: lines drawn over the fill (alpha 0 = none)
  Qt::BrushStyle hatch_pattern = Qt::BDiagPattern;  ///< the lines of `hatch` (a Qt brush pattern)
};

/// What is not a class: no data, not classified. An opaque light grey under a dark hatch, so
/// it never shows the colours below it and never reads as the lightest class.
Symbol no_data_symbol();

/// One legend entry: the features it matches and how they look.
struct StyleClass {
  std::string value;               ///< categorised: matching value
  double lower = 0, upper = 0;     ///< graduated: [lower, upper] (upper inclusive)
  Symbol symbol;
  QString label;                   ///< legend text (English; translated by the legend)
};

enum class StyleKind { Single, Categorized, Graduated };
enum class ClassMethod { Quantile, NaturalBreaks, EqualInterval };
const char* to_string(ClassMethod m);

struct LayerStyle {
  StyleKind kind = StyleKind::Single;
  Symbol symbol;                    ///< Single; also the fallback for unmatched / NULL values
  QString fallback_label;           ///< legend label of the fallback ("other", "no data")
  bool show_fallback_in_legend = false;
  std::string field;                ///< classification field
  std::vector<StyleClass> classes;
  ClassMethod method = ClassMethod::Quantile;
  int class_count = 5;
  /// Features whose `overlay_field` equals `overlay_value` (empty: is 1/true/yes) get `overlay`
  /// drawn on top (PWP roads marked; proposed offices hollow).
  std::string overlay_field;
  std::string overlay_value;
  Symbol overlay;
  QString overlay_label;
  std::string label_field;          ///< English labels (empty: none)
  std::string label_field_km;       ///< Khmer labels, drawn above the English one when present
  double label_max_mpp = 0;         ///< labels only when metres per pixel <= this
  double max_mpp = 0;               ///< layer hidden when metres per pixel > this (0: always)
  double opacity = 1.0;
  bool bivariate_legend = false;    ///< 2x2 gap classes: legend drawn as a square
  QString title;                    ///< legend title (defaults to the layer name)
};

/// Index into style.classes per feature, -1 = fallback symbol.
std::vector<int> classify_features(const LayerStyle& style, const gis::VectorLayer& layer);

/// Class breaks (k+1 values from min to max) of the non-null values of `values`.
std::vector<double> class_breaks(std::vector<double> values, ClassMethod method, int k);

/// Graduated style on a numeric field with a sequential colour ramp (yellow-orange-red).
/// @throws InputError (via VectorLayer::column) when the field is missing.
LayerStyle graduated_style(const gis::VectorLayer& layer, const std::string& field, ClassMethod method, int k);

/// The default cartography for a layer of a swsplan project, by its standard name
/// (provinces, districts, communes, villages, facilities, roads, pwp_lines, water, offices,
/// gap_communes) and fields; a neutral single symbol for anything else.
LayerStyle default_style(const std::string& layer_name, const gis::VectorLayer& layer);

/// The 2x2 gap class style on `field` (`class_<service>`: served / unaffordable / unavailable /
/// unavailable_unaffordable; anything else, e.g. not_classified, hatched), square legend.
LayerStyle gap_style(const gis::VectorLayer& layer, const std::string& field);

/// Name of the (first) gap class field of a gap layer (`class_<service>`), if any.
std::optional<std::string> gap_class_field(const gis::VectorLayer& layer);

/// Colours of the 2x2 gap classes (served, unaffordable, unavailable, both).
QColor gap_class_color(const std::string& value);

/// Diverging choropleth on a signed numeric field (e.g. diff_covered_poor = B - A): red for
/// losses, white for exactly 0, blue for gains, two classes each side split at half the
/// largest absolute value (symmetric, so equal losses and gains look alike). `title` is the
/// legend title (the field name when empty).
LayerStyle diverging_style(const gis::VectorLayer& layer, const std::string& field, const QString& title = {});
/// Colours of the diverging style, strongest loss to strongest gain (5 entries, white middle).
const std::vector<QColor>& diverging_colors();

/// What the user chose in the Style dialog, as compact JSON (saved with the project in the
/// table swsplan_map_styles): {"kind": "default" | "graduated" | "gap", "field", "method"
/// ("quantile" | "natural_breaks" | "equal_interval"), "classes", "opacity_0_1"}. No colours
/// or breaks: they are recomputed from the data on load.
std::string style_choice_json(const LayerStyle& style);

/// The style a saved choice gives on `layer` (breaks recomputed; labels as the default style
/// of `layer_name`). @throws std::invalid_argument naming the problem (bad JSON, unknown kind
/// or method, class count outside 2..7, opacity outside 0.1..1, missing or text field).
LayerStyle style_from_choice_json(const std::string& json, const std::string& layer_name, const gis::VectorLayer& layer);

/// Human label of a facility service id ("health_centre" -> "Health centre").
QString service_label(const std::string& service_id);

}  // namespace swsplan::gui
