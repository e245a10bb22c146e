#include "layers/referral_run.hpp"

#include "layers/store.hpp"

namespace swsplan::layers {

ReferralResult run_and_store_referral(const std::string& project_path, const ReferralRequest& rq,
                                      const QgisStyler& styler, gis::Progress& progress) {
  StoreOptions so;
  so.verb = "referral";
  return run_and_store(project_path, so, progress, [&](const Project& project, ProjectWriter& w) {
    auto result = compute_referral(project, rq, progress);
    const auto lines = referral_lines(result);
    const auto table = referral_table(result);
    w.put(lines, lines.name);
    w.put(table, table.name);
    const std::string how = std::string("mode ") + to_string(rq.mode) +
                            (rq.assigned_by.empty() ? ", nearest hospital" : ", assigned by " + rq.assigned_by) +
                            (rq.province.empty() ? std::string() : ", centres of " + rq.province);
    for (const auto* l : {&lines, &table}) {
      Provenance prov;
      prov.layer = l->name;
      prov.source = "swsplan referral";
      prov.notes = how;
      prov.rows = l->size();
      w.add_provenance(prov);
    }
    if (styler) stage_qgis_styles(project, styler, {{lines.name, &lines}}, w);
    return result;
  });
}

}  // namespace swsplan::layers
