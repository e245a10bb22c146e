#include "app/render/style_qml.hpp"

#include <QXmlStreamWriter>
#include <algorithm>

namespace swsplan::gui {

namespace {

QString color(const QColor& c) { return QString("%1,%2,%3,%4").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha()); }
QString num(double v) { return QString::number(v, 'g', 17); }  // round-trips: QGIS reads the app's breaks exactly

const char* pen_style(Qt::PenStyle s) {
  switch (s) {
    case Qt::NoPen: return "no";
    case Qt::DashLine: return "dash";
    case Qt::DotLine: return "dot";
    case Qt::DashDotLine: return "dash dot";
    case Qt::DashDotDotLine: return "dash dot dot";
    default: return "solid";
  }
}

const char* brush_style(Qt::BrushStyle s) {
  switch (s) {
    case Qt::NoBrush: return "no";
    case Qt::HorPattern: return "horizontal";
    case Qt::VerPattern: return "vertical";
    case Qt::CrossPattern: return "cross";
    case Qt::BDiagPattern: return "b_diagonal";
    case Qt::FDiagPattern: return "f_diagonal";
    case Qt::DiagCrossPattern: return "diagonal_x";
    default: return "solid";
  }
}

const char* marker_name(MarkerShape s) {
  switch (s) {
    case MarkerShape::Circle: return "circle";
    case MarkerShape::Square: return "square";
    case MarkerShape::Triangle: return "triangle";
    case MarkerShape::Diamond: return "diamond";
    case MarkerShape::Cross: return "cross_fill";
    case MarkerShape::Star: return "star";
    case MarkerShape::Hexagon: return "hexagon";
  }
  return "circle";
}

// One pixel at 96 dpi: the dark edge the renderer draws around a line's casing.
constexpr double kCasingEdgeMm = 25.4 / 96.0;

class QmlWriter {
 public:
  explicit QmlWriter(QString* out) : w_(out) {}
  QXmlStreamWriter& xml() { return w_; }

  void option(const char* name, const QString& value) {
    w_.writeEmptyElement("Option");
    w_.writeAttribute("type", "QString");
    w_.writeAttribute("name", name);
    w_.writeAttribute("value", value);
  }

  void begin_layer(const char* cls, int pass) {
    w_.writeStartElement("layer");
    w_.writeAttribute("class", cls);
    w_.writeAttribute("enabled", "1");
    w_.writeAttribute("pass", QString::number(pass));
    w_.writeAttribute("locked", "0");
    w_.writeStartElement("Option");
    w_.writeAttribute("type", "Map");
  }
  void end_layer() {
    w_.writeEndElement();  // Option
    w_.writeEndElement();  // layer
  }

  void simple_line(const QColor& c, double width_mm, Qt::PenStyle st, int pass) {
    begin_layer("SimpleLine", pass);
    option("capstyle", "round");
    option("joinstyle", "round");
    option("line_color", color(c));
    option("line_style", pen_style(st));
    option("line_width", num(width_mm));
    option("line_width_unit", "MM");
    option("offset", "0");
    option("offset_unit", "MM");
    end_layer();
  }

  void simple_fill(const QColor& fill, Qt::BrushStyle brush, const QColor& stroke, double stroke_mm, Qt::PenStyle pen,
                   int pass) {
    begin_layer("SimpleFill", pass);
    option("color", color(fill));
    option("joinstyle", "round");
    option("offset", "0,0");
    option("offset_unit", "MM");
    option("outline_color", color(stroke));
    option("outline_style", stroke.alpha() == 0 || stroke_mm <= 0 ? "no" : pen_style(pen));
    option("outline_width", num(stroke_mm));
    option("outline_width_unit", "MM");
    option("style", fill.alpha() == 0 ? "no" : brush_style(brush));
    end_layer();
  }

  /// The symbol `name` as the renderer draws `s` on a geometry of `kind`; `stroke_pass` is the
  /// symbol level of a line's stroke (casings are levels 0 and 1).
  void symbol(const QString& name, const Symbol& s, gis::GeometryKind kind, int stroke_pass) {
    const char* type = kind == gis::GeometryKind::Point ? "marker" : kind == gis::GeometryKind::Line ? "line" : "fill";
    w_.writeStartElement("symbol");
    w_.writeAttribute("type", type);
    w_.writeAttribute("name", name);
    w_.writeAttribute("alpha", "1");
    w_.writeAttribute("clip_to_extent", "1");
    w_.writeAttribute("force_rhr", "0");
    if (kind == gis::GeometryKind::Point) {
      begin_layer("SimpleMarker", 0);
      option("angle", "0");
      option("color", color(s.fill));
      option("joinstyle", "miter");
      option("name", marker_name(s.shape));
      option("offset", "0,0");
      option("offset_unit", "MM");
      option("outline_color", color(s.stroke));
      option("outline_style", s.stroke.alpha() == 0 ? "no" : "solid");
      option("outline_width", num(s.stroke_mm));
      option("outline_width_unit", "MM");
      option("scale_method", "diameter");
      // The renderer's square is 0.85 of the marker size across; QGIS's square is the size.
      option("size", num(s.shape == MarkerShape::Square ? 0.85 * s.size_mm : s.size_mm));
      option("size_unit", "MM");
      end_layer();
    } else if (kind == gis::GeometryKind::Line) {
      if (s.casing.alpha() && s.casing_mm > 0) {
        simple_line(QColor(110, 110, 110), s.casing_mm + kCasingEdgeMm, Qt::SolidLine, 0);
        simple_line(s.casing, s.casing_mm, Qt::SolidLine, 1);
      }
      simple_line(s.stroke, s.stroke_mm, s.stroke_style, stroke_pass);
    } else {
      // Bottom first: the opaque fill with its outline, then the hatch (no outline of its own).
      simple_fill(s.fill, Qt::SolidPattern, s.stroke, s.stroke_mm, s.stroke_style, 0);
      if (s.hatch.alpha()) simple_fill(s.hatch, s.hatch_pattern, QColor(0, 0, 0, 0), 0, Qt::NoPen, 0);
    }
    w_.writeEndElement();  // symbol
  }

 private:
  QXmlStreamWriter w_;
};

bool has_casing(const LayerStyle& st) {
  if (st.symbol.casing.alpha() && st.symbol.casing_mm > 0) return true;
  return std::any_of(st.classes.begin(), st.classes.end(),
                     [](const StyleClass& c) { return c.symbol.casing.alpha() && c.symbol.casing_mm > 0; });
}

const char* mode_name(ClassMethod m) {
  switch (m) {
    case ClassMethod::Quantile: return "quantile";
    case ClassMethod::NaturalBreaks: return "jenks";
    case ClassMethod::EqualInterval: return "equal";
  }
  return "quantile";
}

}  // namespace

std::string style_qml(const LayerStyle& st, gis::GeometryKind kind) {
  QString out;
  QmlWriter q(&out);
  auto& w = q.xml();
  w.writeDTD("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>");
  w.writeStartElement("qgis");
  w.writeAttribute("version", "3.22.0");
  w.writeAttribute("styleCategories", "Symbology|Rendering");
  // Hidden beyond max_mpp metres per pixel: QGIS's minScale is the most zoomed-out scale
  // shown (1:n at 96 dpi, as the app's screen).
  w.writeAttribute("hasScaleBasedVisibilityFlag", st.max_mpp > 0 ? "1" : "0");
  w.writeAttribute("minScale", st.max_mpp > 0 ? num(std::round(st.max_mpp * 96.0 / 0.0254)) : "0");
  w.writeAttribute("maxScale", "0");

  const bool categorized = st.kind == StyleKind::Categorized && !st.field.empty();
  const bool graduated = st.kind == StyleKind::Graduated && !st.field.empty() && !st.classes.empty();
  const bool levels = kind == gis::GeometryKind::Line && has_casing(st);
  const int n = int(st.classes.size());
  // Symbol levels of a line's stroke: casings 0-1, the fallback 2, class c above the classes
  // after it (the renderer draws the first class, the most important, on top).
  auto pass = [&](int c) { return levels ? (c < 0 ? 2 : 3 + (n - 1 - c)) : 0; };

  w.writeStartElement("renderer-v2");
  w.writeAttribute("type", categorized ? "categorizedSymbol" : graduated ? "graduatedSymbol" : "singleSymbol");
  if (categorized || graduated) w.writeAttribute("attr", QString::fromStdString(st.field));
  if (graduated) w.writeAttribute("graduatedMethod", "GraduatedColor");
  w.writeAttribute("symbollevels", levels ? "1" : "0");
  w.writeAttribute("enableorderby", "0");
  w.writeAttribute("forceraster", "0");
  if (categorized) {
    w.writeStartElement("categories");
    for (int c = 0; c < n; ++c) {
      w.writeEmptyElement("category");
      w.writeAttribute("render", "true");
      w.writeAttribute("value", QString::fromStdString(st.classes[std::size_t(c)].value));
      w.writeAttribute("symbol", QString::number(c));
      w.writeAttribute("label", st.classes[std::size_t(c)].label);
    }
    // QGIS draws a value without a category, and NULL, with the category of value "": the
    // renderer's fallback symbol.
    w.writeEmptyElement("category");
    w.writeAttribute("render", "true");
    w.writeAttribute("value", "");
    w.writeAttribute("symbol", QString::number(n));
    w.writeAttribute("label", st.fallback_label);
    w.writeEndElement();
  } else if (graduated) {
    w.writeStartElement("ranges");
    for (int c = 0; c < n; ++c) {
      const auto& sc = st.classes[std::size_t(c)];
      w.writeEmptyElement("range");
      w.writeAttribute("render", "true");
      w.writeAttribute("lower", num(sc.lower));
      w.writeAttribute("upper", num(sc.upper));
      w.writeAttribute("symbol", QString::number(c));
      w.writeAttribute("label", sc.label);
    }
    w.writeEndElement();
  }
  w.writeStartElement("symbols");
  if (categorized || graduated) {
    for (int c = 0; c < n; ++c) q.symbol(QString::number(c), st.classes[std::size_t(c)].symbol, kind, pass(c));
    if (categorized) q.symbol(QString::number(n), st.symbol, kind, pass(-1));
  } else {
    q.symbol("0", st.symbol, kind, pass(-1));
  }
  w.writeEndElement();  // symbols
  if (graduated) {
    w.writeEmptyElement("mode");
    w.writeAttribute("name", mode_name(st.method));
  }
  w.writeEndElement();  // renderer-v2
  w.writeTextElement("layerGeometryType",
                     kind == gis::GeometryKind::Point ? "0" : kind == gis::GeometryKind::Line ? "1" : "2");
  w.writeTextElement("layerOpacity", num(st.opacity));
  w.writeTextElement("blendMode", "0");
  w.writeTextElement("featureBlendMode", "0");
  w.writeEndElement();  // qgis
  return out.toStdString();
}

std::vector<layers::QgisStyle> default_qgis_styles(const std::string& name, const gis::VectorLayer& layer) {
  std::vector<layers::QgisStyle> out;
  const auto kind = layer.geom.kind;
  if (name == "gap_communes") {
    for (const auto& c : layer.columns) {
      if (c.name.rfind("class_", 0) != 0) continue;
      const auto st = gap_style(layer, c.name);
      out.push_back({name, "classes " + c.name.substr(6), style_qml(st, kind), out.empty(),
                     "Unavailable vs unaffordable: " + service_label(c.name.substr(6)).toStdString()});
    }
    if (layer.find("deprivation_0_1") >= 0)
      out.push_back({name, "deprivation", style_qml(graduated_style(layer, "deprivation_0_1", ClassMethod::Quantile, 5), kind),
                     out.empty(), "Deprivation rate, quantile classes"});
    if (!out.empty()) return out;
  }
  const auto st = default_style(name, layer);
  out.push_back({name, "swsplan map", style_qml(st, kind), true,
                 (st.title.isEmpty() ? QString::fromStdString(name) : st.title).toStdString()});
  return out;
}

std::vector<layers::QgisStyle> drawn_qgis_styles(const std::string& name, const gis::VectorLayer& layer,
                                                 const LayerStyle& drawn) {
  auto out = default_qgis_styles(name, layer);
  const std::string qml = style_qml(drawn, layer.geom.kind);
  bool found = false;
  for (auto& s : out) {
    s.is_default = !found && s.qml == qml;
    found = found || s.is_default;
  }
  if (!found)
    out.insert(out.begin(), layers::QgisStyle{name, layers::kSavedMapStyleName, qml, true,
                                              (drawn.title.isEmpty() ? QString::fromStdString(name) : drawn.title).toStdString()});
  return out;
}

layers::QgisStyler default_qgis_styler() { return &default_qgis_styles; }

}  // namespace swsplan::gui
