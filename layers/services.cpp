#include "layers/services.hpp"

#include "gis/core/error.hpp"
#include "gis/core/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace swsplan::layers {

const char* service_id(Service s) {
  switch (s) {
    case Service::HealthCentre: return "health_centre";
    case Service::HealthPost: return "health_post";
    case Service::ReferralHospital: return "referral_hospital";
    case Service::SchoolPrimary: return "school_primary";
    case Service::SchoolLowerSecondary: return "school_lower_secondary";
    case Service::SchoolUpperSecondary: return "school_upper_secondary";
    case Service::TvetCentre: return "tvet_centre";
    case Service::JobCentre: return "job_centre";
    case Service::SwsOffice: return "sws_office";
  }
  return "?";
}

const char* service_label(Service s) {
  switch (s) {
    case Service::HealthCentre: return "Health centre";
    case Service::HealthPost: return "Health post";
    case Service::ReferralHospital: return "Referral hospital";
    case Service::SchoolPrimary: return "Primary school";
    case Service::SchoolLowerSecondary: return "Lower-secondary school";
    case Service::SchoolUpperSecondary: return "Upper-secondary school";
    case Service::TvetCentre: return "TVET centre";
    case Service::JobCentre: return "Job centre";
    case Service::SwsOffice: return "Single Window office";
  }
  return "?";
}

const std::vector<Service>& all_services() {
  static const std::vector<Service> v = {Service::HealthCentre,         Service::HealthPost,
                                         Service::ReferralHospital,     Service::SchoolPrimary,
                                         Service::SchoolLowerSecondary, Service::SchoolUpperSecondary,
                                         Service::TvetCentre,           Service::JobCentre,
                                         Service::SwsOffice};
  return v;
}

namespace {
// The spellings planners and source data use besides the canonical ids.
struct Alias {
  const char* name;
  Service s;
};
constexpr Alias kAliases[] = {
    {"health_center", Service::HealthCentre},     {"hc", Service::HealthCentre},
    {"healthcentre", Service::HealthCentre},      {"hp", Service::HealthPost},
    {"health_posts", Service::HealthPost},        {"referal_hospital", Service::ReferralHospital},
    {"rh", Service::ReferralHospital},            {"hospital", Service::ReferralHospital},
    {"cpa", Service::ReferralHospital},           {"primary", Service::SchoolPrimary},
    {"primary_school", Service::SchoolPrimary},   {"lower_secondary", Service::SchoolLowerSecondary},
    {"lower_secondary_school", Service::SchoolLowerSecondary},
    {"upper_secondary", Service::SchoolUpperSecondary},
    {"upper_secondary_school", Service::SchoolUpperSecondary},
    {"lycee", Service::SchoolUpperSecondary},     {"high_school", Service::SchoolUpperSecondary},
    {"tvet", Service::TvetCentre},                {"ptc", Service::TvetCentre},
    {"provincial_training_centre", Service::TvetCentre},
    {"job_center", Service::JobCentre},           {"ncdd_job_centre", Service::JobCentre},
    {"single_window", Service::SwsOffice},        {"sws", Service::SwsOffice},
    {"single_window_office", Service::SwsOffice}, {"people_service", Service::SwsOffice},
};

// Lower case, spaces and hyphens as underscores: "Health Centre" and "health-centre" are ids.
std::string normalised(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c == ' ' || c == '-') c = '_';
    t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return t;
}
}  // namespace

std::optional<Service> parse_service(std::string_view text) {
  const std::string t = normalised(text);
  for (Service s : all_services())
    if (t == service_id(s)) return s;
  for (const auto& a : kAliases)
    if (t == a.name) return a.s;
  return std::nullopt;
}

std::string known_services() {
  std::string s;
  for (Service sv : all_services()) s += (s.empty() ? "" : ", ") + std::string(service_id(sv));
  return s;
}

Service require_service(std::string_view text, const std::string& context) {
  if (auto s = parse_service(text)) return *s;
  std::vector<std::string> ids;
  for (Service sv : all_services()) ids.emplace_back(service_id(sv));
  std::vector<std::pair<std::string, std::string>> aliases;
  for (const auto& a : kAliases) aliases.emplace_back(a.name, service_id(a.s));
  throw gis::UsageError("unknown service '" + std::string(text) + "'" + context +
                        gis::did_you_mean(normalised(text), ids, "Known", aliases));
}

}  // namespace swsplan::layers
