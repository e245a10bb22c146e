// The siting run's map layers: where each mobile van stops and which office each village is
// assigned to, as geometry layers stored with the scenario so that the desktop app, `swsplan
// map` and QGIS draw the same thing from the project (the attribute tables `_vans` and
// `_assignment` stay the record the other verbs read).
#include <cmath>
#include <map>
#include <string>

#include "layers/detail/siting_steps.hpp"
#include "layers/scenarios.hpp"

namespace swsplan::layers::detail {

using gis::VectorLayer;

void build_map_layers(SitingRun& run) {
  auto& R = run.R;
  const auto& rq = run.rq;
  const auto& c_pcode = run.in.communes.column("adm3_pcode");
  // Van stops: one point per visit at the commune hall (the point inside the commune that the
  // siting run also uses as a candidate), labelled V<van>.<order>.
  if (R.vans_table.size() > 0) {
    std::map<std::string, std::size_t> commune_row;
    for (std::size_t i = 0; i < c_pcode.size(); ++i) commune_row.emplace(c_pcode.text(i), i);
    VectorLayer v;
    v.name = scenario_layer(rq.scenario, "van_stops");
    v.crs = run.in.communes.crs;
    v.geom.kind = gis::GeometryKind::Point;
    gis::Column van("van", gis::FieldType::Integer), ord("order", gis::FieldType::Integer),
        code("adm3_pcode", gis::FieldType::String), name("commune", gis::FieldType::String),
        days("days", gis::FieldType::String), stop("stop", gis::FieldType::String);
    const auto& T = R.vans_table;
    const auto &tv = T.column("van"), &to = T.column("order"), &tp = T.column("adm3_pcode"),
               &tn = T.column("commune"), &ts = T.column("start_day"), &te = T.column("end_day");
    for (std::size_t i = 0; i < T.size(); ++i) {
      auto it = commune_row.find(tp.text(i));
      if (it == commune_row.end() || !std::isfinite(run.hlon[it->second])) continue;
      v.fids.push_back(static_cast<std::int64_t>(v.fids.size() + 1));
      v.geom.add_point(run.hlon[it->second], run.hlat[it->second]);
      v.geom.end_feature();
      van.push(static_cast<std::int64_t>(tv.number(i).value_or(0)));
      ord.push(static_cast<std::int64_t>(to.number(i).value_or(0)));
      code.push(tp.text(i));
      name.push(tn.text(i));
      days.push(ts.text(i) + "-" + te.text(i));
      stop.push("V" + tv.text(i) + "." + to.text(i));
    }
    v.columns = {van, ord, code, name, days, stop};
    R.van_stops_layer = std::move(v);
  }
  // Assignment lines: a straight line from each assigned village to its office (row k of the
  // assignment table is demand point k of the run).
  {
    std::map<std::string, std::size_t> office_row;
    for (std::size_t i = 0; i < R.offices.size(); ++i) office_row.emplace(R.offices[i].office_id, i);
    const auto& T = R.assignment_table;
    VectorLayer a;
    a.name = scenario_layer(rq.scenario, "assignment_lines");
    a.crs = "EPSG:4326";  // the offices' and the demand points' lon/lat
    a.geom.kind = gis::GeometryKind::Line;
    gis::Column vcol("vil_code", gis::FieldType::String), ocol("office_id", gis::FieldType::String),
        cost("cost", gis::FieldType::Real), within("within", gis::FieldType::Integer);
    const auto &tv = T.column("vil_code"), &to = T.column("office_id"), &tc = T.column("cost"),
               &tw = T.column("within");
    for (std::size_t k = 0; k < T.size() && k < run.vlon.size(); ++k) {
      if (to.is_null(k)) continue;
      auto oi = office_row.find(to.text(k));
      if (oi == office_row.end()) continue;
      const auto& o = R.offices[oi->second];
      const double xs[2] = {run.vlon[k], o.lon}, ys[2] = {run.vlat[k], o.lat};
      if (!std::isfinite(xs[0]) || !std::isfinite(ys[0])) continue;
      a.fids.push_back(static_cast<std::int64_t>(a.fids.size() + 1));
      a.geom.begin_part();
      a.geom.add_ring(xs, ys, 2);
      a.geom.end_feature();
      vcol.push(tv.text(k));
      ocol.push(to.text(k));
      if (auto c = tc.number(k)) cost.push(*c);
      else cost.push_null();
      within.push(static_cast<std::int64_t>(tw.number(k).value_or(0)));
    }
    a.columns = {vcol, ocol, cost, within};
    if (a.size() > 0) R.assignment_lines_layer = std::move(a);
  }
}

}  // namespace swsplan::layers::detail
