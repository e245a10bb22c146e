#include "app/cli/command_analyze.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/progress_bar.hpp"
#include "app/cli/writer_lease.hpp"
#include "gis/core/error.hpp"
#include "layers/analysis_run.hpp"
#ifdef SWSPLAN_HAVE_RENDER
#include "app/render/style_qml.hpp"
#endif

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
  add_wait_option(app, wait_s_);
}

int AnalyzeCommand::run(const Globals& g) {
  const auto t0 = std::chrono::steady_clock::now();
  layers::GapRunRequest rq;
  rq.services = services_;
  if (!mode_.empty()) {
    rq.mode = layers::parse_access_mode(mode_);
    if (!rq.mode) throw gis::UsageError("--mode must be line, network or raster");
  }
  rq.geometric = geometric_;
  rq.provenance_source = "swsplan analyze";
#ifdef SWSPLAN_HAVE_RENDER
  rq.qgis_styles = gui::default_qgis_styler();  // QGIS opens the results styled as `swsplan map` draws them
#endif
  ProgressBar bar(!g.quiet);
  const auto lease = hold_lease(project_, "analyze", wait_s_, g, &bar.progress());
  const auto R = layers::run_and_store_gap_analysis(project_, rq, bar.progress());
  if (!csv_dir_.empty()) layers::write_gap_csv(R, csv_dir_);
  bar.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& dep = R.deprivation;
  const auto& prio = R.priority;
  const auto& out = R.outputs;

  // Summary per service: communes, households and poor households per class (sums).
  nlohmann::ordered_json j;
  j["project"] = project_;
  {
    nlohmann::ordered_json missing = nlohmann::ordered_json::array();
    for (const auto& m : R.communes_without_demand) missing.push_back({{"adm3_pcode", m.pcode}, {"reason", m.reason}});
    j["demand_basis"] = {{"source", R.demand_label}, {"communes_without_value", missing}};
    if (R.mixed_vintages) j["mixed_vintages"] = *R.mixed_vintages;
  }
  j["deprivation"] = {{"source", dep.source},
                      {"threshold", dep.threshold_0_1},
                      {"rule", dep.threshold_rule},
                      {"direction", dep.lower_is_worse ? "lower_is_worse" : "higher_is_worse"},
                      {"warnings", dep.warnings}};
  // Child deprivation: nation-wide units and weight (households or children) with 0 / 1 / 2+.
  if (dep.child.present) {
    const auto& cd = dep.child;
    const auto& ct = R.child_totals;
    nlohmann::ordered_json cj;
    cj["table"] = cd.table;
    cj["level"] = cd.level;
    cj["dimensions"] = cd.dimensions;
    cj["cutoff"] = cd.cutoff_0_1;
    cj["weight"] = cd.weight;
    const char* band[3] = {"0", "1", "2plus"};
    for (int k = 0; k < 3; ++k) {
      const auto ku = static_cast<std::size_t>(k);
      cj["deprivations"][band[k]] = {{"units", static_cast<long>(ct.units[ku])},
                                     {"units_share", ct.units_share(k)},
                                     {"weight", ct.weight[ku]},
                                     {"weight_share", ct.weight_share(k)}};
    }
    cj["units_unknown"] = static_cast<long>(ct.units_unknown);
    cj["warnings"] = cd.warnings;
    j["child_deprivation"] = cj;
  }
  j["skipped_services"] = R.skipped;
  for (const auto& sr : R.services) {
    const auto& acc = sr.access;
    nlohmann::ordered_json sj;
    sj["mode"] = layers::to_string(acc.settings.mode);
    sj["threshold"] = acc.settings.threshold.str();
    sj["facilities"] = acc.facility_rows.size();
    for (const char* c : layers::kGapClassNames) {
      const auto& t = sr.classes.at(c);
      sj["classes"][c] = {{"communes", static_cast<long>(t.communes)},
                          {"households", t.households},
                          {"poor_households", t.poor_households}};
    }
    std::map<std::string, long> reasons;
    for (const auto& [reason, n] : sr.not_classified_reasons) reasons[reason] = static_cast<long>(n);
    sj["not_classified_reasons"] = reasons;
    sj["notes"] = acc.notes;
    j["services"][layers::service_id(sr.service)] = sj;
  }
  const auto& order = R.priority_order;
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
  std::cout << "Households and poor households: " << R.demand_label << "\n";
  if (!R.communes_without_demand.empty()) {
    std::cout << "  " << R.communes_without_demand.size() << " commune(s) without a value, not counted:";
    for (std::size_t i = 0; i < R.communes_without_demand.size() && i < 8; ++i)
      std::cout << " " << R.communes_without_demand[i].pcode;
    if (R.communes_without_demand.size() > 8) std::cout << " ... (all in --json)";
    std::cout << "; " << R.communes_without_demand.front().reason << "\n";
  }
  if (R.mixed_vintages) std::cout << *R.mixed_vintages << "\n";
  std::cout << "Deprivation: " << dep.source << "; " << R.deprivation_rule() << "\n";
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
  if (!R.skipped.empty()) {
    std::cout << "Skipped (no facilities in the project; pass --services to analyse anyway):";
    for (const auto& s : R.skipped) std::cout << " " << s;
    std::cout << "\n";
  }
  // ID-Poor sources count poor households; other indicators count the households on the bad side.
  const bool idpoor = R.counts_poor_households();
  const char* hh_label = idpoor ? "poor hh" : "deprived hh";
  for (const auto& sr : R.services) {
    const auto& st = sr.access.settings;
    const auto sid = layers::service_id(sr.service);
    std::cout << "\n" << layers::service_label(sr.service) << " — " << layers::to_string(st.mode) << " within "
              << st.threshold.str() << ", " << sr.access.facility_rows.size() << " facilities; available when >= "
              << std::setprecision(0) << st.coverage_norm_0_1 * 100 << " % covered and capacity ratio >= "
              << std::setprecision(2) << st.capacity_norm << "\n";
    std::cout << "  " << std::left << std::setw(28) << "class" << std::right << std::setw(9) << "communes" << std::setw(13)
              << "households" << std::setw(14) << hh_label << "\n";
    for (const char* c : layers::kGapClassNames) {
      const auto& cj = j["services"][sid]["classes"][c];
      std::cout << "  " << std::left << std::setw(28) << c << std::right << std::setw(9) << cj["communes"].get<long>()
                << std::setw(13) << std::setprecision(0) << cj["households"].get<double>() << std::setw(14)
                << cj["poor_households"].get<double>() << "\n";
    }
    for (const auto& [reason, n] : j["services"][sid]["not_classified_reasons"].items())
      std::cout << "    not classified: " << reason << ": " << n.get<long>() << " communes\n";
    for (const auto& n : sr.access.notes)  // the demand basis is said once, above
      if (n.rfind("households and poor households: ", 0) != 0 && n.find(" without a value in ") == std::string::npos)
        std::cout << "  note: " << n << "\n";
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
