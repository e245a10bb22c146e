#include "app/report/report.hpp"

#include <algorithm>
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

QString period_text(const std::string& period) { return period == "one_off" ? tr("one-off") : tr("per year"); }

/// The cost table of one scenario: line items, totals and cost per poor household reached.
void cost_section(Doc& d, const layers::CostTable& t) {
  std::vector<std::vector<QString>> rows;
  for (const auto& l : t.lines) {
    QString total = q(fmt_num(l.total_usd));
    if (l.low_usd != l.high_usd) total += " (" + q(fmt_num(l.low_usd)) + " - " + q(fmt_num(l.high_usd)) + ")";
    rows.push_back({q(l.label), period_text(l.period), q(fmt_num(l.quantity, l.quantity != std::floor(l.quantity) && l.quantity < 100 ? 1 : 0)) + " " + q(l.quantity_unit),
                    q(fmt_num(l.unit_cost_usd, 2)), total, q(l.basis)});
  }
  d.table({tr("Item"), tr("Period"), tr("Quantity"), tr("Unit cost (USD)"), tr("Total (USD)"), tr("Basis")},
          {34, 14, 24, 17, 22, 69}, rows, 6.5);
  d.table({tr("One-off (USD)"), tr("Per year (USD)"), tr("First year (USD)"), tr("Poor households newly reached"),
           tr("USD per poor household newly reached, first year"), tr("USD per poor household newly reached, per year")},
          {20, 20, 20, 22, 24, 24},
          {{q(fmt_num(t.one_off_usd)), q(fmt_num(t.per_year_usd)), q(fmt_num(t.first_year_usd)),
            q(fmt_num(t.poor_households_reached)), q(fmt_num(t.usd_per_poor_household_first_year, 2)),
            q(fmt_num(t.usd_per_poor_household_per_year, 2))}},
          7);
  QString notes = tr("Newly reached") + ": " + q(t.reached_basis);
  if (std::isfinite(t.poor_households_reached_total))
    notes += ". " + tr("Poor households within reach, with those reached today") + ": " +
             q(fmt_num(t.poor_households_reached_total));
  for (const auto& n : t.notes) notes += ". " + q(n);
  d.text(notes, rfont(6.5), kGrey);
}

/// Diverging classes for a B - A difference field: fewer (red), no change (grey), more (greens).
gui::LayerStyle difference_style(const gis::VectorLayer& l, const std::string& field) {
  gui::LayerStyle s;
  s.kind = gui::StyleKind::Graduated;
  s.field = field;
  s.title = tr("Poor covered, B - A");
  s.symbol.fill = QColor(255, 255, 255);
  s.symbol.stroke = QColor(150, 150, 150);
  s.symbol.stroke_mm = 0.1;
  double lo = 0, hi = 0;
  const auto& c = l.column(field);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (auto v = c.number(i)) lo = std::min(lo, *v), hi = std::max(hi, *v);
  auto cls = [&](double a, double b, QColor col, const QString& label) {
    gui::StyleClass k;
    k.lower = a;
    k.upper = b;
    k.symbol = s.symbol;
    k.symbol.fill = col;
    k.label = label;
    s.classes.push_back(k);
  };
  if (lo < -0.5) cls(lo, -0.5, QColor(215, 48, 39), tr("fewer: %1 to %2").arg(q(fmt_num(lo)), "-1"));
  cls(-0.5, 0.5, QColor(235, 235, 235), tr("no change"));
  if (hi > 0.5) {
    const double mid = std::max(1.0, std::round(hi / 2));
    cls(0.5, mid, QColor(161, 217, 155), tr("more: 1 to %1").arg(q(fmt_num(mid))));
    if (hi > mid) cls(mid, hi, QColor(49, 163, 84), tr("more: %1 to %2").arg(q(fmt_num(mid)), q(fmt_num(hi))));
  }
  return s;
}

void pwp_section(Doc& d, const layers::Project& project, const std::string& name) {
  const std::string works = layers::pwp_layer(name, "works"), communes = layers::pwp_layer(name, "communes");
  if (project.has(works)) {
    auto w = project.read(works);
    std::vector<std::vector<QString>> rows;
    auto t = [&](const char* f, std::size_t i) { return w.find(f) >= 0 ? q(w.column(f).text(i)) : QString(); };
    auto n = [&](const char* f, std::size_t i, int dec) {
      return w.find(f) >= 0 ? q(fmt_num(w.column(f).number(i).value_or(NAN), dec)) : QString("n/a");
    };
    for (std::size_t i = 0; i < w.size(); ++i)
      rows.push_back({t("work_id", i), t("work", i), t("from_class", i) + " -> " + t("road_class", i), t("name", i),
                      n("length_km", i, 2), n("labour_days", i, 0), n("cost_usd", i, 0), n("wage_usd", i, 0)});
    d.heading(tr("PWP road works"));
    d.table({tr("Work"), tr("Kind"), tr("Class"), tr("Name"), tr("Length (km)"), tr("Labour-days"), tr("Cost (USD)"),
             tr("Wages (USD)")},
            {20, 12, 28, 30, 15, 17, 18, 18}, rows, 6.5);
  }
  if (project.has(communes)) {
    auto c = project.read(communes);
    // hh, within before/after, gained, poor before/after/gained, lost, poor lost
    std::map<std::string, std::array<double, 9>> by;
    std::map<std::string, std::string> thr;
    for (std::size_t i = 0; i < c.size(); ++i) {
      auto& a = by[c.column("service").text(i)];
      thr[c.column("service").text(i)] = c.find("threshold") >= 0 ? c.column("threshold").text(i) : "";
      const char* f[9] = {"households",       "households_within_before", "households_within_after",
                          "households_gained", "poor_within_before",       "poor_within_after",
                          "poor_gained",       "households_lost",          "poor_lost"};
      for (int k = 0; k < 9; ++k)
        if (c.find(f[k]) >= 0) a[static_cast<std::size_t>(k)] += c.column(f[k]).number(i).value_or(0);
    }
    // before + gained - lost = after; a new road never loses access (layers/pwp.hpp), so the
    // lost columns appear only when an upgrade lowered a road's speed.
    bool any_lost = false;
    for (const auto& [sv, a] : by) any_lost = any_lost || a[7] > 0 || a[8] > 0;
    std::vector<std::vector<QString>> rows;
    for (const auto& [sv, a] : by) {
      auto s = layers::parse_service(sv);
      std::vector<QString> row{(s ? service_name(*s) : q(sv)) + " (" + q(thr[sv]) + ")", q(fmt_num(a[1])),
                               q(fmt_num(a[3]))};
      if (any_lost) row.push_back(q(fmt_num(a[7])));
      row.push_back(q(fmt_num(a[2])));
      row.push_back(q(fmt_num(a[4])));
      row.push_back(q(fmt_num(a[6])));
      if (any_lost) row.push_back(q(fmt_num(a[8])));
      row.push_back(q(fmt_num(a[5])));
      rows.push_back(std::move(row));
    }
    d.heading(tr("Households within the threshold, before and after the works"));
    std::vector<QString> head{tr("Service (threshold)"), tr("Households before"), tr("gained")};
    std::vector<double> widths{40, 20, 16};
    if (any_lost) head.push_back(tr("lost")), widths.push_back(14);
    head.push_back(tr("after")), widths.push_back(18);
    head.push_back(tr("Poor households before")), widths.push_back(22);
    head.push_back(tr("gained")), widths.push_back(16);
    if (any_lost) head.push_back(tr("lost")), widths.push_back(14);
    head.push_back(tr("after")), widths.push_back(18);
    d.table(head, widths, rows, 7);
  }
}

}  // namespace

ReportResult write_scenario_report(const ScenarioOptions& o) {
  if (o.out.empty()) throw gis::UsageError("--out is required (file.pdf)");
  if (std::filesystem::path(o.out).extension() != ".pdf") throw gis::UsageError("report output '" + o.out + "' must end in .pdf");
  const bool compare = !o.compare_a.empty() || !o.compare_b.empty();
  if (compare == !o.scenario.empty()) throw gis::UsageError("report scenario: give a scenario NAME, or compare A B");
  auto project = layers::Project::open(o.project);
  std::string pname;
  bool synthetic = false;
  {
    BriefData meta;
    try {
      meta = load_brief(project, "");
    } catch (const gis::Error&) {
    }
    pname = meta.project_name.empty() ? std::filesystem::path(o.project).stem().string() : meta.project_name;
    synthetic = meta.synthetic;
  }
  ReportResult res;
  if (!compare) {
    (void)layers::is_pwp_scenario(project, o.scenario);  // an unknown scenario says so first
    // The table `swsplan cost` stored (with its --with-pwp labour, if any), never recomputed.
    const auto table = layers::load_cost_table(project, o.scenario);
    const bool pwp = table.kind == "pwp";
    std::vector<std::string> names{"provinces", "districts", "communes", "water", "roads"};
    if (pwp) names.push_back("facilities");  // access to services is what the works change
    auto lp = gui::load_project(o.project, names);
    const std::vector<std::string> extra = pwp ? std::vector<std::string>{layers::pwp_layer(o.scenario, "works")}
                                               : std::vector<std::string>{layers::scenario_layer(o.scenario, "offices")};
    for (const auto& n : extra)
      if (project.has(n)) {
        auto l = gui::load_layer(o.project, n, lp.map_crs);
        if (pwp) {
          l.style.symbol.stroke = QColor(230, 85, 13);
          l.style.symbol.stroke_mm = 0.9;
          l.style.title = tr("PWP road works");
        } else {
          // One symbol for every office; proposed ones hollow (the default overlay).
          l.style = gui::default_style("offices", l.data->data);
          l.style.kind = gui::StyleKind::Single;
          l.style.classes.clear();
          l.style.symbol.shape = gui::MarkerShape::Star;
          l.style.symbol.fill = QColor(118, 42, 131);
          l.style.symbol.stroke = QColor(40, 40, 40);
          l.style.symbol.size_mm = 4;
          l.style.title = tr("Offices of the scenario");
        }
        lp.layers.push_back(l);
      }
    Doc d(o.out, tr("Scenario"), footer_text(pname, o.project, synthetic, ""));
    d.text(tr("Scenario") + ": " + q(o.scenario) + " (" + q(table.kind) + ")", rfont(15, true));
    d.text(q(pname), rfont(8.5), kGrey);
    d.y += 2 * kPpm;
    gui::MapView view;
    view.crs = lp.map_crs;
    view.layers = lp.layers;
    const double map_h = 95 * kPpm, legend_w = 44 * kPpm;
    const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
    // A siting scenario restricted to a province is mapped over the communes it serves.
    std::set<std::string> scope;
    if (const auto asg = layers::scenario_layer(o.scenario, "assignment"); !pwp && project.has(asg)) {
      const auto t = project.read(asg);
      if (t.find("adm3_pcode") >= 0)
        for (std::size_t i = 0; i < t.size(); ++i) scope.insert(t.column("adm3_pcode").text(i));
    }
    draw_map(d.p, view, scope_extent(lp, view, scope), frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
    d.y += map_h + 2 * kPpm;
    d.heading(tr("Cost of the scenario"));
    cost_section(d, table);
    if (pwp) pwp_section(d, project, o.scenario);
    d.finish();
    res.pages = d.pages;
    res.units.push_back(o.scenario);
    return res;
  }
  if (o.compare_a.empty() || o.compare_b.empty()) throw gis::UsageError("report scenario compare needs two scenarios A B");
  const auto diff = layers::compare_scenarios_full(project, o.compare_a, o.compare_b);
  auto lp = gui::load_project(o.project, {"provinces", "water", "roads"});
  gis::Extent diff_extent{1, 1, 0, 0};
  if (diff.difference_layer.geom.kind == gis::GeometryKind::Polygon) {
    gui::MapLayer dl;
    dl.data = gui::prepare_layer(diff.difference_layer, lp.map_crs);
    dl.style = difference_style(diff.difference_layer, "diff_covered_poor");
    diff_extent = dl.data->extent;
    lp.layers.insert(lp.layers.begin(), dl);
  }
  for (auto& l : lp.layers)
    if (l.name() == "provinces") l.style.symbol.fill = QColor(0, 0, 0, 0), l.style.label_field.clear();
  std::stable_sort(lp.layers.begin(), lp.layers.end(), [](const gui::MapLayer& a, const gui::MapLayer& b) {
    return a.name() != "provinces" && b.name() == "provinces";
  });
  Doc d(o.out, tr("Scenario comparison"), footer_text(pname, o.project, synthetic, ""));
  d.text(tr("Scenario comparison") + ": A = " + q(o.compare_a) + ", B = " + q(o.compare_b), rfont(15, true));
  QString sub = q(pname) + "  -  " + tr("differences are B - A");
  if (!diff.service.empty()) sub += "  -  " + tr("service") + " " + q(diff.service);
  d.text(sub, rfont(8.5), kGrey);
  d.y += 2 * kPpm;
  gui::MapView view;
  view.crs = lp.map_crs;
  view.layers = lp.layers;
  const double map_h = 95 * kPpm, legend_w = 44 * kPpm;
  const QRectF frame(d.body.left(), d.y, d.body.width() - legend_w - 3 * kPpm, map_h);
  // Mapped over the communes either scenario covers (the difference layer's rows).
  const gis::Extent scope = diff_extent.valid() ? grow(diff_extent, 0.08) : view.full_extent();
  draw_map(d.p, view, scope, frame, QRectF(frame.right() + 3 * kPpm, d.y, legend_w, map_h));
  d.y += map_h + 2 * kPpm;
  auto row_cells = [&](const layers::CompareRow& r, const QString& label) {
    return std::vector<QString>{label, q(fmt_num(r.poor_households)), q(fmt_num(r.covered_poor_a)), q(fmt_num(r.covered_poor_b)),
                                q(fmt_num(r.diff_covered_poor)), q(fmt_num(r.diff_covered_households)),
                                q(fmt_num(r.access_a, 1)) + " / " + q(fmt_num(r.access_b, 1)), q(fmt_num(r.diff_access, 1))};
  };
  const std::vector<QString> head{tr("Unit"), tr("Poor households"), tr("Poor covered A"), tr("Poor covered B"),
                                  tr("Poor covered B - A"), tr("Households covered B - A"),
                                  tr("Mean access A / B (%1)").arg(q(diff.access_unit)), tr("Access B - A")};
  const std::vector<double> widths{34, 18, 18, 18, 18, 20, 26, 16};
  d.heading(tr("Total"));
  d.table(head, widths, {row_cells(diff.total, tr("Total"))}, 7);
  d.heading(tr("Districts"));
  std::vector<std::vector<QString>> rows;
  for (const auto& r : diff.districts) rows.push_back(row_cells(r, q(r.name) + " (" + q(r.code) + ")"));
  d.table(head, widths, rows, 6.5);
  for (const auto* sc : {&o.compare_a, &o.compare_b}) {
    if (sc->find(':') != std::string::npos) continue;  // a PWP scenario "before" the works costs nothing
    try {
      const auto t = layers::load_cost_table(project, *sc);
      d.heading(tr("Cost of %1").arg(q(*sc)));
      cost_section(d, t);
    } catch (const gis::Error& e) {
      d.text(tr("No cost table for %1: %2").arg(q(*sc), q(e.what())), rfont(7), kGrey);
    }
  }
  if (!diff.notes.empty()) {
    QString n;
    for (const auto& x : diff.notes) n += (n.isEmpty() ? "" : ". ") + q(x);
    d.text(n, rfont(6.5), kGrey);
  }
  d.finish();
  res.pages = d.pages;
  res.units = {o.compare_a, o.compare_b};
  return res;
}

}  // namespace swsplan::report
