#include "app/cli/command_analyze.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "app/cli/progress_bar.hpp"
#include "gis/core/error.hpp"
#include "layers/gap.hpp"

namespace swsplan::cli {

void AnalyzeCommand::setup(CLI::App& app) {
  app.description("Gap analysis: for every commune and service, served / unaffordable / unavailable / both, with "
                  "the numbers behind each call; aggregation to district, province and nation; district priority "
                  "index with a +-20 % weight sensitivity check. Results are written into the project.");
  app.add_option("project", project_, "Project GeoPackage")->required();
  app.add_option("--services", services_, "Services to analyse (default: enabled services with facilities)")
      ->delimiter(',');
  app.add_option("--mode", mode_, "Override every service's access mode: line, network or raster");
  app.add_flag("--geometric", geometric_, "District index as an INFORM-style geometric mean (default: weighted sum)");
  app.add_option("--csv", csv_dir_, "Also write gap_classes.csv, gap_summary.csv and district_priority.csv here");
  app.add_option("--top", top_, "Districts to list in the summary")->check(CLI::Range(0, 1000));
}

int AnalyzeCommand::run(const Globals& g) {
  const auto t0 = std::chrono::steady_clock::now();
  auto project = layers::Project::open(project_);
  const auto analysis = layers::analysis_settings(project);
  ProgressBar bar(!g.quiet);
  auto& progress = bar.progress();
  auto load_progress = progress.sub(0, 0.1);
  auto inputs = layers::load_access_inputs(project, load_progress);

  std::vector<layers::Service> services;
  std::vector<std::string> skipped;
  if (!services_.empty()) {
    for (const auto& s : services_) {
      auto sv = layers::parse_service(s);
      if (!sv) throw gis::UsageError("unknown service '" + s + "'");
      services.push_back(*sv);
    }
  } else {
    for (auto s : layers::all_services()) {
      if (!layers::service_settings(project, s).enabled) continue;
      const bool any = std::find(inputs.facility_service.begin(), inputs.facility_service.end(),
                                 layers::service_id(s)) != inputs.facility_service.end();
      if (any)
        services.push_back(s);
      else
        skipped.push_back(layers::service_id(s));
    }
  }
  if (services.empty()) throw gis::UsageError("no service to analyse: the project has no facilities of an enabled service");

  auto dep = layers::compute_deprivation(project, inputs, analysis);
  std::vector<layers::ServiceAccess> acc;
  std::vector<std::vector<layers::GapRow>> rows;
  for (std::size_t i = 0; i < services.size(); ++i) {
    auto st = layers::service_settings(project, services[i]);
    if (!mode_.empty()) {
      auto m = layers::parse_access_mode(mode_);
      if (!m) throw gis::UsageError("--mode must be line, network or raster");
      st.mode = *m;
      if (st.mode != layers::AccessMode::Line && !st.threshold.is_time)
        st.threshold = {st.threshold.value / (st.line_speed_kmh / 3.6), true};
    }
    auto sub = progress.sub(0.1 + 0.7 * double(i) / double(services.size()),
                            0.1 + 0.7 * double(i + 1) / double(services.size()));
    acc.push_back(layers::compute_access(inputs, st, analysis, sub));
    rows.push_back(layers::classify(inputs, acc.back(), dep));
  }
  layers::PriorityOptions popt;
  popt.geometric = geometric_;
  auto prio = layers::district_priority(project, inputs, rows, popt);
  auto out = layers::gap_outputs(project, inputs, acc, rows, dep, prio);
  progress.report(0.9, "writing results");
  layers::ProjectWriter w(project_);
  for (const auto* l : {&out.gap_communes, &out.gap_classes, &out.gap_summary, &out.district_priority, &out.layer_styles})
    w.put(*l, l->name);
  if (out.child_deprivation)
    w.put(*out.child_deprivation, out.child_deprivation->name);
  else if (project.has("child_deprivation"))
    w.remove("child_deprivation");  // stale: child-deprivation data are no longer configured
  layers::Provenance prov;
  prov.layer = "gap_communes";
  prov.source = "swsplan analyze";
  prov.rows = out.gap_communes.size();
  prov.notes = "deprivation: " + dep.source + "; threshold " + dep.threshold_rule;
  w.add_provenance(prov);
  w.commit();
  if (!csv_dir_.empty()) {
    std::filesystem::create_directories(csv_dir_);
    std::vector<const gis::VectorLayer*> tables = {&out.gap_classes, &out.gap_summary, &out.district_priority};
    if (out.child_deprivation) tables.push_back(&*out.child_deprivation);
    for (const auto* l : tables) {
      gis::VectorLayer t = *l;
      t.geom = {};
      for (std::size_t i = 0; i < t.size(); ++i) t.geom.add_empty_feature();
      t.crs.clear();
      gis::write_vector(t, (std::filesystem::path(csv_dir_) / (l->name + ".csv")).string());
    }
  }
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Summary per service: communes, households and poor households per class (sums).
  const char* classes[] = {"served", "unaffordable", "unavailable", "unavailable_unaffordable", "not_classified"};
  nlohmann::ordered_json j;
  j["project"] = project_;
  j["deprivation"] = {{"source", dep.source},
                      {"threshold", dep.threshold_0_1},
                      {"rule", dep.threshold_rule},
                      {"direction", dep.lower_is_worse ? "lower_is_worse" : "higher_is_worse"},
                      {"warnings", dep.warnings}};
  // Child deprivation: nation-wide units and weight (households or children) with 0 / 1 / 2+.
  if (dep.child.present) {
    const auto& cd = dep.child;
    nlohmann::ordered_json cj;
    cj["table"] = cd.table;
    cj["level"] = cd.level;
    cj["dimensions"] = cd.dimensions;
    cj["cutoff"] = cd.cutoff_0_1;
    cj["weight"] = cd.weight;
    const char* band[3] = {"0", "1", "2plus"};
    double wt = 0;
    long ut = 0, unknown = 0;
    double wsum[3] = {0, 0, 0};
    long usum[3] = {0, 0, 0};
    for (std::size_t c = 0; c < cd.count.size(); ++c) {
      for (int k = 0; k < 3; ++k) {
        usum[k] += cd.units[k][c];
        wsum[k] += cd.weight_by[k][c];
      }
      unknown += cd.units_unknown[c];
    }
    for (int k = 0; k < 3; ++k) {
      wt += wsum[k];
      ut += usum[k];
    }
    for (int k = 0; k < 3; ++k)
      cj["deprivations"][band[k]] = {{"units", usum[k]},
                                     {"units_share", ut > 0 ? double(usum[k]) / double(ut) : 0.0},
                                     {"weight", wsum[k]},
                                     {"weight_share", wt > 0 ? wsum[k] / wt : 0.0}};
    cj["units_unknown"] = unknown;
    cj["warnings"] = cd.warnings;
    j["child_deprivation"] = cj;
  }
  j["skipped_services"] = skipped;
  for (std::size_t s = 0; s < services.size(); ++s) {
    std::map<std::string, std::tuple<long, double, double>> agg;
    std::map<std::string, long> reasons;
    for (const auto& r : rows[s]) {
      auto& [n, h, p] = agg[layers::to_string(r.cls)];
      ++n;
      if (std::isfinite(r.households)) h += r.households;
      if (std::isfinite(r.poor_households)) p += r.poor_households;
      if (!r.reason.empty()) ++reasons[r.reason];
    }
    nlohmann::ordered_json sj;
    sj["mode"] = layers::to_string(acc[s].settings.mode);
    sj["threshold"] = acc[s].settings.threshold.str();
    sj["facilities"] = acc[s].facility_rows.size();
    for (const char* c : classes) {
      auto [n, h, p] = agg[c];
      sj["classes"][c] = {{"communes", n}, {"households", h}, {"poor_households", p}};
    }
    sj["not_classified_reasons"] = reasons;
    sj["notes"] = acc[s].notes;
    j["services"][layers::service_id(services[s])] = sj;
  }
  std::vector<std::size_t> order(prio.index.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return prio.rank[a] < prio.rank[b]; });
  for (std::size_t k = 0; k < order.size() && k < static_cast<std::size_t>(top_); ++k) {
    auto i = order[k];
    j["top_districts"].push_back({{"rank", prio.rank[i]},
                                  {"adm2_pcode", prio.adm2_pcode[i]},
                                  {"name", prio.name[i]},
                                  {"index", prio.index[i]},
                                  {"rank_range", {prio.rank_min[i], prio.rank_max[i]}}});
  }
  j["seconds"] = secs;
  if (g.json) {
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << "Gap analysis of " << project_ << " (" << std::fixed << std::setprecision(2) << secs << " s)\n";
  std::cout << "Deprivation: " << dep.source << "; deprived when " << (dep.lower_is_worse ? "<= " : ">= ")
            << dep.threshold_rule << "\n";
  for (const auto& wmsg : dep.warnings) std::cout << "  note: " << wmsg << "\n";
  if (j.contains("child_deprivation")) {
    const auto& cj = j["child_deprivation"];
    std::cout << "Child deprivation (" << cj["table"].get<std::string>() << ", " << cj["level"].get<std::string>()
              << " units, " << cj["dimensions"].size() << " dimensions, deprived at >= " << std::setprecision(2)
              << cj["cutoff"].get<double>() << "), nation:\n";
    for (const auto& [band, b] : cj["deprivations"].items())
      std::cout << "  " << std::left << std::setw(6) << band << std::right << std::setw(8) << b["units"].get<long>()
                << " units (" << std::setprecision(1) << b["units_share"].get<double>() * 100 << " %), "
                << std::setprecision(0) << b["weight"].get<double>() << " " << cj["weight"].get<std::string>() << " ("
                << std::setprecision(1) << b["weight_share"].get<double>() * 100 << " %)\n";
    if (cj["units_unknown"].get<long>() > 0)
      std::cout << "  unknown: " << cj["units_unknown"].get<long>() << " units (missing or flagged values)\n";
    for (const auto& wmsg : cj["warnings"]) std::cout << "  note: " << wmsg.get<std::string>() << "\n";
  }
  if (!skipped.empty()) {
    std::cout << "Skipped (no facilities in the project; pass --services to analyse anyway):";
    for (const auto& s : skipped) std::cout << " " << s;
    std::cout << "\n";
  }
  // ID-Poor sources count poor households; other indicators count the households on the bad side.
  const bool idpoor = !dep.lower_is_worse && (analysis.deprivation_source == "villages" ||
                                              analysis.deprivation_source.rfind("commune:", 0) == 0);
  const char* hh_label = idpoor ? "poor hh" : "deprived hh";
  for (std::size_t s = 0; s < services.size(); ++s) {
    const auto& st = acc[s].settings;
    std::cout << "\n" << layers::service_label(services[s]) << " — " << layers::to_string(st.mode) << " within "
              << st.threshold.str() << ", " << acc[s].facility_rows.size() << " facilities; available when >= "
              << std::setprecision(0) << st.coverage_norm_0_1 * 100 << " % covered and capacity ratio >= "
              << std::setprecision(2) << st.capacity_norm << "\n";
    std::cout << "  " << std::left << std::setw(28) << "class" << std::right << std::setw(9) << "communes" << std::setw(13)
              << "households" << std::setw(14) << hh_label << "\n";
    for (const char* c : classes) {
      const auto& cj = j["services"][layers::service_id(services[s])]["classes"][c];
      std::cout << "  " << std::left << std::setw(28) << c << std::right << std::setw(9) << cj["communes"].get<long>()
                << std::setw(13) << std::setprecision(0) << cj["households"].get<double>() << std::setw(14)
                << cj["poor_households"].get<double>() << "\n";
    }
    for (const auto& [reason, n] : j["services"][layers::service_id(services[s])]["not_classified_reasons"].items())
      std::cout << "    not classified: " << reason << ": " << n.get<long>() << " communes\n";
    for (const auto& n : acc[s].notes) std::cout << "  note: " << n << "\n";
  }
  if (top_ > 0) {
    std::cout << "\nTop " << std::min<std::size_t>(static_cast<std::size_t>(top_), order.size())
              << " districts (" << (idpoor ? "poor" : "deprived") << " households in gap communes, " << (geometric_ ? "geometric mean" : "weighted sum")
              << "; rank range with weights +-20 %)\n";
    for (const auto& d : j["top_districts"])
      std::cout << "  " << std::setw(3) << d["rank"].get<int>() << ". " << std::left << std::setw(8)
                << d["adm2_pcode"].get<std::string>() << std::setw(24) << d["name"].get<std::string>() << std::right
                << " index " << std::setprecision(3) << d["index"].get<double>() << "  ranks "
                << d["rank_range"][0].get<int>() << "-" << d["rank_range"][1].get<int>() << "\n";
  }
  std::cout << "\nWritten to the project: gap_communes (styled for QGIS), gap_classes, gap_summary, district_priority"
            << (out.child_deprivation ? ", child_deprivation" : "") << "\n";
  return kOk;
}

}  // namespace swsplan::cli
