#pragma once
/// @file `swsplan report`: A4 PDF documents drawn with QPainter on a QPdfWriter (Qt6::Gui,
/// no widgets), with maps from the shared renderer (app/render):
///  - commune profile for NCDD review (one page per commune; a district or province batch is
///    ONE PDF with the communes in code order, each starting on a new page), optionally with
///    the commune investment plan (CIP) check of layers/cip.hpp;
///  - district brief for donors: ranked districts, priority-index map, a bar chart of the
///    index components, the sensitivity ranges and the method.
/// English or Khmer ("km": strings of context "swsplan::report" in translations/swsplan_report_km.ts,
/// legend strings from the app's translation). Needs a QGuiApplication (offscreen is fine).
/// Files are written to a temporary name and renamed when complete.
#include <string>
#include <vector>

namespace swsplan::report {

struct CommuneReportOptions {
  std::string project, out, lang = "en";
  std::vector<std::string> communes;  ///< pcodes or NCDD codes
  std::string district, province;     ///< batch: every commune of these
  std::string cip;                    ///< investment plan (CSV or layer), optional
};

struct BriefOptions {
  std::string project, out, lang = "en";
  std::string province;               ///< only this province's districts (ranks stay national)
  int top = 10;                       ///< districts in the chart and table
};

/// `swsplan report scenario`: one saved scenario (cost table, PWP works and gains, map), or
/// two side by side (`compare A B`: totals, districts, a difference map of poor households
/// covered B - A, and each side's cost).
struct ScenarioOptions {
  std::string project, out, lang = "en";
  std::string scenario;               ///< one scenario, or
  std::string compare_a, compare_b;   ///< two operands (layers/compare.hpp: NAME or NAME:before)
};

struct ReportResult {
  int pages = 0;
  std::vector<std::string> units;     ///< communes or districts reported
};

/// @throws InputError (project without analysis: run analyze; bad CIP row), UsageError
/// (unknown code, bad option), Error (cannot write).
ReportResult write_commune_report(const CommuneReportOptions& o);
ReportResult write_district_brief(const BriefOptions& o);
ReportResult write_scenario_report(const ScenarioOptions& o);

/// Installs the Khmer translators (report + map legend) for lang "km"; no-op for "en".
/// @throws UsageError for another language.
void install_translators(const std::string& lang);

}  // namespace swsplan::report
