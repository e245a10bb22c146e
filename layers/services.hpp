#pragma once
/// @file The service catalogue: which kinds of facility the tool knows.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swsplan::layers {

enum class Service {
  HealthCentre,
  HealthPost,
  ReferralHospital,
  SchoolPrimary,
  SchoolLowerSecondary,
  SchoolUpperSecondary,
  TvetCentre,
  JobCentre,
  SwsOffice,
};

/// Canonical id used in project tables: health_centre, health_post, referral_hospital,
/// school_primary, school_lower_secondary, school_upper_secondary, tvet_centre, job_centre,
/// sws_office.
const char* service_id(Service s);
/// Human label, e.g. "Health centre".
const char* service_label(Service s);
/// All services in catalogue order.
const std::vector<Service>& all_services();
/// Parses a canonical id or a common alias (health_center, HC, referal_hospital, RH,
/// upper_secondary, lycee, TVET, PTC, single_window, ...), case-insensitive.
std::optional<Service> parse_service(std::string_view text);
/// parse_service() or a UsageError "unknown service 'X'<context>; did you mean 'Y'?" (Y the
/// canonical id of the closest id or alias), or "... 'X'<context>. Known: <ids>" when none is
/// close (`context` names the option, e.g. " in --services").
Service require_service(std::string_view text, const std::string& context = {});
/// The canonical ids, comma-separated, for messages.
std::string known_services();

/// Standard layer and table names of a project GeoPackage.
namespace names {
inline constexpr const char* kProvinces = "provinces";
inline constexpr const char* kDistricts = "districts";
inline constexpr const char* kCommunes = "communes";
inline constexpr const char* kVillages = "villages";
inline constexpr const char* kFacilities = "facilities";
inline constexpr const char* kPwpLines = "pwp_lines";
inline constexpr const char* kPwpPoints = "pwp_points";
inline constexpr const char* kPwpPolygons = "pwp_polygons";
inline constexpr const char* kRoads = "roads";
inline constexpr const char* kOffices = "offices";
inline constexpr const char* kSettings = "swsplan_settings";
inline constexpr const char* kProvenance = "swsplan_provenance";
inline constexpr const char* kJoinReports = "swsplan_join_reports";
inline constexpr const char* kProjectMeta = "swsplan_project";
inline constexpr const char* kAccessRuns = "swsplan_access";  ///< one row per service stored by `swsplan access`
inline constexpr const char* kIndicatorPrefix = "ind_";
}  // namespace names

}  // namespace swsplan::layers
