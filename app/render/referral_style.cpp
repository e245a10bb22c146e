#include "app/render/referral_style.hpp"

#include "app/render/style_qml.hpp"

namespace swsplan::gui {

LayerStyle referral_style() {
  LayerStyle s;
  s.kind = StyleKind::Graduated;
  s.field = "time_min";
  s.symbol.stroke = QColor(150, 150, 150);
  s.symbol.stroke_mm = 0.4;
  s.fallback_label = "no data";
  struct Band {
    double lower, upper;
    const char* colour;
    const char* label;
  };
  // ColorBrewer RdYlGn (4 classes), reversed: short referrals green.
  static const Band bands[] = {{0, 30, "#1a9641", "0 – 30 min"},
                               {30, 60, "#a6d96a", "30 – 60 min"},
                               {60, 120, "#fdae61", "60 – 120 min"},
                               {120, 1e9, "#d7191c", "> 120 min"}};
  for (const auto& b : bands) {
    StyleClass c;
    c.lower = b.lower;
    c.upper = b.upper;
    c.symbol.fill = QColor(0, 0, 0, 0);
    c.symbol.stroke = QColor(b.colour);
    c.symbol.stroke_mm = 0.6;
    c.label = QString::fromUtf8(b.label);
    s.classes.push_back(c);
  }
  s.class_count = 4;
  s.title = "Referral time (min)";
  return s;
}

LayerStyle scaling_up_style() {
  LayerStyle s;
  s.symbol.shape = MarkerShape::Star;
  s.symbol.fill = QColor("#d7191c");
  s.symbol.stroke = QColor(60, 60, 60);
  s.symbol.size_mm = 4.0;
  s.title = "New sites (scaling-up)";
  return s;
}

layers::QgisStyler analysis_qgis_styler() {
  return [](const std::string& name, const gis::VectorLayer& layer) {
    if (name.rfind("referral_", 0) == 0)
      return std::vector<layers::QgisStyle>{
          {name, "swsplan map", style_qml(referral_style(), layer.geom.kind), true, "Referral time, minutes"}};
    if (name.rfind("scaling_up_", 0) == 0)
      return std::vector<layers::QgisStyle>{
          {name, "swsplan map", style_qml(scaling_up_style(), layer.geom.kind), true, "New sites, in opening order"}};
    return default_qgis_styles(name, layer);
  };
}

}  // namespace swsplan::gui
