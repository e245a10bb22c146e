#include "app/report/report.hpp"

#include <QTranslator>
#include <algorithm>
#include <optional>
#include <array>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "app/render/map_decorations.hpp"
#include "app/render/project_layers.hpp"
#include "app/render/style.hpp"
#include "app/report/report_data.hpp"
#include "app/report/report_doc.hpp"
#include "gis/core/error.hpp"
#include "layers/cip.hpp"
#include "layers/compare.hpp"
#include "layers/costing.hpp"
#include "layers/gap.hpp"
#include "layers/pwp.hpp"
#include "layers/siting.hpp"

namespace swsplan::report {

using namespace detail;

namespace {

void commune_page(Doc& d, const CommuneData& c, const ProfileData& pd, const gui::LoadedProject& lp,
                  const layers::CipPlan* cip, const std::string& lang) {
  auto& p = d.p;
  // --- title
  QString name = q(c.name_en);
  if (!c.name_km.empty()) name = q(c.name_km) + " / " + name;
  d.text(tr("Commune profile") + ": " + name + " (" + q(c.adm3_pcode) + ")", rfont(15, true));
  d.text(tr("District") + " " + q(c.adm2_name) + " (" + q(c.adm2_pcode) + ")  -  " + tr("Province") + " " + q(c.adm1_name) +
             " (" + q(c.adm1_pcode) + ")  -  " + q(pd.project_name),
         rfont(8.5), kGrey);
  d.y += 2 * kPpm;

  // --- map: the commune and its neighbours, facilities and PWP assets
  const gui::MapLayer* communes = nullptr;
  for (const auto& l : lp.layers)
    if (l.name() == "communes") communes = &l;
  gui::MapView view;
  view.crs = lp.map_crs;
  view.layers = lp.layers;
  // The communes in their unavailable / unaffordable classes: the worst over the services
  // (the table below gives each one), the plain communes only without an analysis. The map
  // names the communes; villages, facilities (the table names the nearest) and roads stay unlabelled,
  // so the labels are readable.
  const bool gap = std::any_of(view.layers.begin(), view.layers.end(),
                               [](const gui::MapLayer& l) { return l.name() == "gap_communes" && l.data; });
  for (auto& l : view.layers) {
    if (l.name() == "gap_communes" && l.data) {
      const auto& t = l.data->data;
      const auto field = t.find("class_worst") >= 0 ? std::optional<std::string>("class_worst") : gui::gap_class_field(t);
      if (field) {
        const std::string names = l.style.label_field;  // the commune names of the default style
        l.style = gui::gap_style(t, *field);
        l.style.label_field = names;
      }
    }
    if (l.name() == "communes" && gap) l.visible = false;
    if (l.name() == "villages" || l.name() == "facilities" || l.name() == "roads") l.style.label_field.clear();
    if (l.name() == (gap ? "gap_communes" : "communes")) l.style.label_max_mpp = 0;  // at any zoom
  }
  gis::Extent ext{1, 1, 0, 0};
  if (communes) {
    const auto& code = communes->data->data.column("adm3_pcode");
    for (std::size_t i = 0; i < communes->data->size(); ++i)
      if (code.text(i) == c.adm3_pcode) {
        gui::MapLayer hl;
        hl.data = gui::prepare_layer(gis::select_rows(communes->data->data, {i}), lp.map_crs);
        // Dark blue outline: stands out on the red-yellow choropleths and the gap colours.
        hl.style.symbol.fill = gap ? QColor(0, 0, 0, 0) : QColor(255, 214, 102, 90);  // its class shows through
        hl.style.symbol.stroke = QColor(0, 50, 160);
        hl.style.symbol.stroke_mm = 0.8;
        hl.style.title = tr("This commune");
        // above the areas, below roads and points
        auto pos = std::find_if(view.layers.begin(), view.layers.end(), [](const gui::MapLayer& l) {
          return l.data && l.data->kind() != gis::GeometryKind::Polygon;
        });
        view.layers.insert(pos, hl);
        ext = hl.data->extent;
        break;
      }
  }
  // Map across the page, its legend below in three columns.
  const double map_h = 88 * kPpm;
  d.ensure(map_h);
  const QRectF frame(d.body.left(), d.y, d.body.width(), map_h);
  if (ext.valid()) {
    // Grow the commune's box so its neighbours show on every side.
    const auto used = draw_map(p, view, grow(ext, 0.45), frame, QRectF());
    d.y += map_h + 2 * kPpm;
    const QRectF band(d.body.left(), d.y, d.body.width(), 80 * kPpm);
    d.y += gui::legend_columns(p, used, band, kPpm, 3) + 1 * kPpm;
  } else {
    d.y += map_h + 2 * kPpm;
  }

  // --- services
  d.heading(tr("Services: access, capacity and the unavailable / unaffordable call"));
  std::vector<std::vector<QString>> rows;
  for (const auto& s : c.services) {
    QString cov = q(fmt_pct(s.coverage_0_1)), cap = q(fmt_num(s.capacity_ratio, 2));
    if (std::isfinite(s.coverage_norm_0_1)) cov += " (" + tr("norm") + " " + q(fmt_pct(s.coverage_norm_0_1)) + ")";
    if (std::isfinite(s.capacity_norm)) cap += " (" + tr("norm") + " " + q(fmt_num(s.capacity_norm, 2)) + ")";
    QString travel = cost_text(s.mean_cost, s.cost_is_time) + " / " + cost_text(s.max_cost, s.cost_is_time);
    QString cls = class_label(s.cls);
    if (!s.reason.empty()) cls += " (" + q(s.reason) + ")";
    rows.push_back({service_name(s.service) + "\n" + q(s.mode) + ", " + q(s.threshold), cls, cov, cap,
                    s.nearest_facility.empty() ? QString("-") : q(s.nearest_facility), travel,
                    lever_text(s.cls, s.lever, lang)});
  }
  d.table({tr("Service (mode, threshold)"), tr("Class"), tr("Coverage"), tr("Capacity ratio"), tr("Nearest facility"),
           tr("Travel: mean / farthest village"), tr("Lever")},
          {27, 27, 19, 17, 27, 20, 43}, rows, 7,
          [&](std::size_t r, std::size_t col) { return col == 1 ? gui::gap_class_color(c.services[r].cls) : QColor(); });
  d.text(tr("Coverage: share of households within the threshold of a facility. Capacity ratio: facility capacity "
            "per person in its catchment (E2SFCA). A service is available when both reach their norms; the commune is "
            "deprived when its deprivation rate is on the deprived side of the threshold. Nearest facility: the one nearest to most of the "
            "commune's households; travel is household-weighted."),
         rfont(6.5), kGrey);

  // --- ID-Poor
  d.heading(pd.counts_poor_households ? tr("ID-Poor and deprivation") : tr("Deprivation"));
  const double dep_thr = c.services.empty() ? NAN : c.services.front().deprivation_threshold_0_1;
  // "Deprived" is what analyze stored (gap_communes.deprived, its threshold and direction),
  // never re-derived here.
  d.table({tr("Households"),
           pd.counts_poor_households ? tr("Poor households (ID-Poor 1+2)") : tr("Deprived households"),
           tr("Deprivation rate"), tr("Threshold"), tr("Deprived")},
          {25, 30, 25, 20, 20},
          {{q(fmt_num(c.households)), q(fmt_num(c.poor_households)), q(fmt_pct(c.deprivation_0_1)),
            std::isfinite(dep_thr) ? QString(pd.deprivation_lower_is_worse ? "<= " : ">= ") + q(fmt_pct(dep_thr))
                                   : QString("n/a"),
            c.deprived ? (*c.deprived ? tr("yes") : tr("no")) : QString("n/a")}},
          7.5);
  if (!pd.demand_source.empty())
    d.text(tr("Households and poor households") + ": " + q(pd.demand_source), rfont(7), kGrey);
  d.text(tr("Deprivation rate, source and vintage") + ": " + q(pd.idpoor_vintage) +
             (c.deprivation_flag.empty() ? QString() : "  -  " + tr("flag") + ": " + q(c.deprivation_flag)),
         rfont(7), kGrey);

  // --- CIP check
  if (cip) {
    const auto gaps = layers::gaps_of(c.classes());
    const auto chk = layers::check_cip(*cip, c.adm3_pcode, gaps);
    d.heading(tr("Commune investment plan check"));
    std::vector<std::vector<QString>> cr;
    for (const auto& it : chk.items) {
      QString verdict;
      if (it.addresses.empty()) {
        verdict = tr("addresses no gap");
      } else {
        verdict = tr("addresses a gap") + ": ";
        for (std::size_t k = 0; k < it.addresses.size(); ++k)
          verdict += (k ? "; " : "") + service_name(it.addresses[k].service) + " (" +
                     class_label(layers::to_string(it.addresses[k].cls)) + ")";
      }
      cr.push_back({q(it.project->name), q(it.project->type_text) + " -> " + q(it.project->type->id),
                    it.project->location.empty() ? QString("-") : q(it.project->location),
                    q(fmt_num(it.project->cost_usd)), verdict});
    }
    if (cr.empty())
      d.text(tr("The plan has no project for this commune."), rfont(8));
    else
      d.table({tr("Project"), tr("Type"), tr("Location"), tr("Cost (USD)"), tr("Check")}, {40, 28, 25, 17, 50}, cr, 7,
              [&](std::size_t r, std::size_t col) {
                return col == 4 ? (chk.items[r].addresses.empty() ? QColor(200, 200, 200) : QColor(77, 175, 74))
                                : QColor();
              });
    d.text(tr("Planned: %1 USD, of which %2 USD on projects that address a gap.")
               .arg(q(fmt_num(chk.cost_usd_total)), q(fmt_num(chk.cost_usd_on_gaps))),
           rfont(8));
    QString un;
    for (const auto& g : chk.unaddressed)
      un += (un.isEmpty() ? "" : "; ") + service_name(g.service) + " (" + class_label(layers::to_string(g.cls)) + ")";
    d.text(tr("Gaps no project addresses") + ": " + (un.isEmpty() ? tr("none") : un), rfont(8, true));
    d.text(tr("Plan") + ": " + q(cip->source) + ". " +
               tr("Project types map to services and levers as documented in app/report/README.md (supply-side types address "
                  "'unavailable', demand-side types 'unaffordable', either kind 'unavailable and unaffordable')."),
           rfont(6.5), kGrey);
  }
}

}  // namespace

void install_translators(const std::string& lang) {
  if (lang == "en") return;
  if (lang != "km") throw gis::UsageError("--lang must be en or km");
  static QTranslator report_tr, legend_tr;
  if (!report_tr.load(":/i18n/swsplan_report_km.qm")) throw gis::Error("the Khmer report translation is missing from this build");
  QCoreApplication::installTranslator(&report_tr);
  if (legend_tr.load(":/i18n/swsplan_km.qm")) QCoreApplication::installTranslator(&legend_tr);
}

ReportResult write_commune_report(const CommuneReportOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  auto project = layers::Project::open(o.project);
  std::unique_ptr<layers::CipPlan> cip;
  if (!o.cip.empty()) cip = std::make_unique<layers::CipPlan>(layers::read_cip(o.cip));
  const ProfileData pd = load_profiles(project, o.communes, o.district, o.province);
  // A batch needs each project's commune: from its adm3_pcode, else from its location point.
  if (cip && (!o.district.empty() || !o.province.empty() || pd.communes.size() > 1))
    layers::assign_cip_communes(*cip, project.read(layers::names::kCommunes));
  const auto lp = gui::load_project(o.project, {"districts", "communes", "gap_communes", "water", "roads", "pwp_polygons",
                                                "pwp_lines", "pwp_points", "villages", "facilities", "offices"});
  ReportResult res;
  {
    Doc d(o.out, tr("Commune profile"), footer_text(pd.project_name, o.project, pd.synthetic, pd.analysed_at));
    for (std::size_t i = 0; i < pd.communes.size(); ++i) {
      if (i) d.new_page();
      commune_page(d, pd.communes[i], pd, lp, cip.get(), o.lang);
      res.units.push_back(pd.communes[i].adm3_pcode);
    }
    d.finish();
    res.pages = d.pages;
  }
  return res;
}

ReportResult write_district_brief(const BriefOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  if (o.top < 1) throw gis::UsageError("--top must be at least 1");
  auto project = layers::Project::open(o.project);
  const BriefData b = load_brief(project, o.province);
  auto lp = gui::load_project(o.project, {"provinces", "district_priority"});
  ReportResult res;
  Doc d(o.out, tr("District priority brief"), footer_text(b.project_name, o.project, b.synthetic, b.analysed_at));
  auto& p = d.p;
  QString scope = tr("all %1 districts").arg(b.total_districts);
  if (!o.province.empty()) {
    scope = tr("province %1 (%2): %3 of %4 districts, ranks are national")
                .arg(q(b.districts.front().adm1_name), q(b.districts.front().adm1_pcode))
                .arg(b.districts.size())
                .arg(b.total_districts);
  }
  d.text(tr("District priority brief") + ": " + q(b.project_name), rfont(15, true));
  d.text(scope, rfont(8.5), kGrey);
  d.y += 2 * kPpm;

  const std::size_t top = std::min<std::size_t>(static_cast<std::size_t>(o.top), b.districts.size());
  // --- map of the priority index, the top districts numbered by rank
  gui::MapView view;
  view.crs = lp.map_crs;
  std::shared_ptr<const gui::PreparedLayer> dpl;
  for (auto& l : lp.layers) {
    if (l.name() == "district_priority") {
      l.style = gui::graduated_style(l.data->data, "priority_index", gui::ClassMethod::Quantile, 5);
      l.style.title = tr("Priority index");
      l.style.label_field.clear();
      dpl = l.data;
    }
    if (l.name() == "provinces") {
      l.style.symbol.fill = QColor(0, 0, 0, 0);
      l.style.label_field.clear();
    }
  }
  // provinces on top of the index as outlines
  std::stable_sort(lp.layers.begin(), lp.layers.end(),
                   [](const gui::MapLayer& a, const gui::MapLayer& bb) { return a.name() == "district_priority" && bb.name() != "district_priority"; });
  view.layers = lp.layers;
  gis::Extent ext{1, 1, 0, 0};
  std::set<std::string> shown;
  for (const auto& r : b.districts) shown.insert(r.adm2_pcode);
  if (dpl) {
    const auto& code = dpl->data.column("adm2_pcode");
    for (std::size_t i = 0; i < dpl->size(); ++i) {
      if (!shown.count(code.text(i))) continue;
      const auto& bb = dpl->bbox(i);
      if (!bb.valid()) continue;
      ext = ext.valid() ? gis::Extent{std::min(ext.xmin, bb.xmin), std::min(ext.ymin, bb.ymin), std::max(ext.xmax, bb.xmax),
                                      std::max(ext.ymax, bb.ymax)}
                        : bb;
    }
  }
  const double map_h = 105 * kPpm, legend_w = 44 * kPpm;
  const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
  if (ext.valid()) {
    const auto used = draw_map(p, view, ext, frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
    // rank numbers of the top districts at their label points
    const auto& code = dpl->data.column("adm2_pcode");
    std::map<std::string, int> rank_of;
    for (std::size_t k = 0; k < top; ++k) rank_of[b.districts[k].adm2_pcode] = b.districts[k].rank;
    p.save();
    p.translate(frame.topLeft());
    p.setClipRect(QRectF(0, 0, frame.width(), frame.height()));
    p.setFont(rfont(6.5, true));
    for (std::size_t i = 0; i < dpl->size(); ++i) {
      auto it = rank_of.find(code.text(i));
      if (it == rank_of.end()) continue;
      const QPointF c = used.to_px(dpl->label_x[i], dpl->label_y[i]);
      const double r = 2.3 * kPpm;
      p.setPen(QPen(QColor(30, 30, 30), 0.2 * kPpm));
      p.setBrush(Qt::white);
      p.drawEllipse(c, r, r);
      p.setPen(kInk);
      p.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt::AlignCenter, QString::number(it->second));
    }
    p.restore();
  }
  d.y += map_h + 1.5 * kPpm;
  d.text(tr("Numbers on the map: national rank of the top %1 districts.").arg(top), rfont(6.5), kGrey);

  // --- bar chart: index of the top districts, split by the services' normalised components
  static const QColor palette[] = {QColor(228, 26, 28), QColor(55, 126, 184), QColor(77, 175, 74), QColor(152, 78, 163),
                                   QColor(255, 127, 0),  QColor(166, 86, 40),  QColor(247, 129, 191), QColor(153, 153, 153),
                                   QColor(255, 255, 51)};
  d.heading(tr("Top %1 districts: priority index and its components").arg(top));
  {
    const double bar_h = 4.2 * kPpm, gap = 1.6 * kPpm, label_w = 42 * kPpm, value_w = 14 * kPpm;
    const double chart_h = double(top) * (bar_h + gap) + 12 * kPpm;
    d.ensure(chart_h);
    const double x0 = d.body.left() + label_w, x1 = d.body.right() - value_w;
    double max_index = 0;
    for (std::size_t k = 0; k < top; ++k) max_index = std::max(max_index, b.districts[k].index);
    const double scale = max_index > 0 ? (x1 - x0) / max_index : 0;
    double yy = d.y;
    p.setFont(rfont(7));
    for (std::size_t k = 0; k < top; ++k) {
      const auto& r = b.districts[k];
      p.setPen(kInk);
      p.drawText(QRectF(d.body.left(), yy, label_w - 2 * kPpm, bar_h), Qt::AlignRight | Qt::AlignVCenter,
                 QString::number(r.rank) + ". " + q(r.name));
      double norm_sum = 0;
      std::vector<double> norm(b.services.size(), 0);
      for (std::size_t s = 0; s < b.services.size(); ++s) {
        const double lo = b.comp_min[s], hi = b.comp_max[s];
        norm[s] = hi > lo && std::isfinite(r.component[s]) ? (r.component[s] - lo) / (hi - lo) : 0;
        norm_sum += norm[s];
      }
      double x = x0;
      for (std::size_t s = 0; s < b.services.size(); ++s) {
        const double len = norm_sum > 0 ? r.index * scale * norm[s] / norm_sum : 0;
        if (len <= 0) continue;
        p.fillRect(QRectF(x, yy, len, bar_h), palette[s % 9]);
        x += len;
      }
      p.setPen(kInk);
      p.drawText(QRectF(x + 1.2 * kPpm, yy, value_w + (x1 - x), bar_h), Qt::AlignLeft | Qt::AlignVCenter,
                 q(fmt_num(r.index, 3)));
      yy += bar_h + gap;
    }
    p.setPen(QPen(kGrey, 0.2 * kPpm));
    p.drawLine(QPointF(x0, d.y - 0.5 * kPpm), QPointF(x0, yy));
    // legend of the segments
    double lx = d.body.left();
    yy += 1.5 * kPpm;
    p.setFont(rfont(6.5));
    for (std::size_t s = 0; s < b.services.size(); ++s) {
      auto sv = layers::parse_service(b.services[s]);
      const QString label = sv ? service_name(*sv) : q(b.services[s]);
      const double tw = QFontMetricsF(p.font(), p.device()).horizontalAdvance(label) + 6 * kPpm;
      if (lx + tw > d.body.right()) {
        lx = d.body.left();
        yy += 4 * kPpm;
      }
      p.fillRect(QRectF(lx, yy + 0.6 * kPpm, 2.6 * kPpm, 2.6 * kPpm), palette[s % 9]);
      p.setPen(kInk);
      p.drawText(QRectF(lx + 3.4 * kPpm, yy, tw, 4 * kPpm), Qt::AlignLeft | Qt::AlignVCenter, label);
      lx += tw;
    }
    d.y = yy + 6 * kPpm;
  }

  // --- table: rank, index, range and components
  d.heading(b.counts_poor_households
                ? tr("Ranked districts: index, sensitivity range and components (poor households in gap communes)")
                : tr("Ranked districts: index, sensitivity range and components (deprived households in gap communes)"));
  std::vector<QString> head{tr("Rank"), tr("District"), tr("Index"), tr("Rank range")};
  std::vector<double> widths{10, 34, 13, 14};
  for (const auto& s : b.services) {
    auto sv = layers::parse_service(s);
    head.push_back(sv ? service_name(*sv) : q(s));
    widths.push_back(std::max(12.0, 110.0 / double(std::max<std::size_t>(1, b.services.size()))));
  }
  std::vector<std::vector<QString>> rows;
  bool several_provinces = false;
  for (std::size_t k = 1; k < top; ++k) several_provinces |= b.districts[k].adm1_pcode != b.districts[0].adm1_pcode;
  for (std::size_t k = 0; k < top; ++k) {
    const auto& r = b.districts[k];
    // The province beside each district when the brief spans several (a national brief).
    const QString where = !several_provinces || r.adm1_name.empty() ? q(r.adm2_pcode)
                                                                    : q(r.adm1_name) + ", " + q(r.adm2_pcode);
    std::vector<QString> row{QString::number(r.rank), q(r.name) + "\n" + where, q(fmt_num(r.index, 3)),
                             QString::number(r.rank_min) + " - " + QString::number(r.rank_max)};
    for (double v : r.component) row.push_back(q(fmt_num(v)));
    rows.push_back(std::move(row));
    res.units.push_back(r.adm2_pcode);
  }
  d.table(head, widths, rows, 6.5);

  d.heading(tr("Method"));
  d.text((b.counts_poor_households ? tr("For each service, the poor households (ID-Poor levels 1 and 2) of a district's "
                                      "communes classed unavailable, ")
                                   : tr("For each service, the deprived households of a district's communes classed "
                                        "unavailable, ")) +
             tr("unaffordable or both are summed; each sum is scaled 0-1 over all districts (min-max) and the scaled "
            "components are combined with equal weights into the priority index (1 = highest need). Rank 1 is the "
            "highest index. The rank range shows the best and worst rank when each service's weight moves by +/-20 % "
            "(every combination): a narrow range means the rank does not hang on the weighting. Bars show the index "
            "split in proportion to the scaled components. Deprivation source: %1.")
             .arg(q(b.deprivation_source.empty() ? std::string("see the project") : b.deprivation_source)),
         rfont(7.5));
  if (!b.demand_source.empty())
    d.text(tr("Households and poor households") + ": " + q(b.demand_source) + ".", rfont(7.5));
  d.finish();
  res.pages = d.pages;
  return res;
}

}  // namespace swsplan::report
