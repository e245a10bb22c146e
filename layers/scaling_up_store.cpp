#include "layers/scaling_up.hpp"
#include "layers/store.hpp"

namespace swsplan::layers {

gis::VectorLayer scaling_up_layer(const ScalingUpResult& r) {
  gis::VectorLayer t;
  t.name = std::string("scaling_up_") + service_id(r.request.service);
  t.crs = "EPSG:4326";
  t.geom.kind = gis::GeometryKind::Point;
  gis::Column order("order", gis::FieldType::Integer), pc("adm3_pcode", gis::FieldType::String),
      nm("commune", gis::FieldType::String), added("added_hh", gis::FieldType::Real),
      cov("covered_hh", gis::FieldType::Real), share("coverage_0_1", gis::FieldType::Real);
  for (const auto& s : r.steps) {
    t.geom.begin_feature();
    t.geom.add_point(s.lon, s.lat);
    t.geom.end_feature();
    t.fids.push_back(static_cast<std::int64_t>(s.step));
    order.push(static_cast<std::int64_t>(s.step));
    pc.push(s.adm3_pcode);
    s.commune_name.empty() ? nm.push_null() : nm.push(s.commune_name);
    added.push(s.added_hh);
    cov.push(s.covered_hh);
    share.push(s.coverage_0_1);
  }
  t.columns = {order, pc, nm, added, cov, share};
  return t;
}

ScalingUpResult run_and_store_scaling_up(const std::string& project_path, const ScalingUpRequest& rq,
                                         const QgisStyler& styler, gis::Progress& progress) {
  StoreOptions so;
  so.verb = "scale-up";
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto r = run_scaling_up(project, rq, progress);
    const auto layer = scaling_up_layer(r);
    w.put(layer, layer.name);
    Provenance prov;
    prov.layer = layer.name;
    prov.source = "swsplan scale-up";
    prov.notes = "straight-line reach " + std::to_string(static_cast<long>(rq.threshold_m)) + " m, " + r.stop_reason +
                 (rq.province.empty() ? std::string() : ", communes of " + rq.province);
    prov.rows = layer.size();
    w.add_provenance(prov);
    if (styler) stage_qgis_styles(project, styler, {{layer.name, &layer}}, w);
    return r;
  });
}

}  // namespace swsplan::layers
