#include "layers/cip.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gis/core/error.hpp"
#include "gis/crs/crs.hpp"
#include "gis/geom/geometry.hpp"
#include "gis/io/vector.hpp"
#include "layers/codes.hpp"

namespace swsplan::layers {

const char* to_string(CipSide s) {
  switch (s) {
    case CipSide::Supply: return "supply";
    case CipSide::Demand: return "demand";
    case CipSide::None: return "none";
  }
  return "?";
}

namespace {
std::string norm(const std::string& s) {
  std::string o;
  for (unsigned char c : s)
    if (std::isalnum(c)) o.push_back(static_cast<char>(std::tolower(c)));
  return o;
}

const std::vector<Service>& health() {
  static const std::vector<Service> v{Service::HealthCentre, Service::HealthPost, Service::ReferralHospital};
  return v;
}
const std::vector<Service>& schools() {
  static const std::vector<Service> v{Service::SchoolPrimary, Service::SchoolLowerSecondary, Service::SchoolUpperSecondary};
  return v;
}
}  // namespace

const std::vector<CipType>& cip_type_table() {
  using S = Service;
  static const std::vector<CipType> table = [] {
    std::vector<Service> all = all_services();
    std::vector<CipType> t{
        // supply side: facilities, staff, outreach, roads to services
        {"health_facility", {"health_centre", "health_center", "health_post", "health_building", "health_outreach"},
         CipSide::Supply, health(), "build, extend, staff or equip a health centre / post, or health outreach"},
        {"school", {"classroom", "classrooms", "school_building", "primary_school", "secondary_school", "school_primary",
                    "school_lower_secondary", "school_upper_secondary"},
         CipSide::Supply, schools(), "build a school or classrooms, or equip one"},
        {"tvet", {"tvet_centre", "vocational_training", "vocational_centre"}, CipSide::Supply, {S::TvetCentre},
         "a TVET centre or training outreach"},
        {"job_centre", {"job_center", "employment_service", "job_outreach"}, CipSide::Supply, {S::JobCentre},
         "a job centre or job-centre outreach"},
        {"sws_office", {"single_window", "single_window_office", "mobile_office", "sws_van"}, CipSide::Supply,
         {S::SwsOffice}, "a Single Window office or mobile van circuit"},
        {"road", {"rural_road", "pwp_road", "road_upgrade", "road_repair", "bridge", "culvert", "laterite_road"},
         CipSide::Supply, all, "a road, bridge or culvert: brings every service closer"},
        // demand side: help poor households use what is within reach
        {"health_equity_fund", {"heef", "hef", "health_fee_support", "transport_voucher"}, CipSide::Demand, health(),
         "Health Equity Fund cover, fee support or transport vouchers"},
        {"scholarship", {"scholarships", "school_feeding", "school_meals", "education_support"}, CipSide::Demand,
         schools(), "scholarships, school feeding"},
        {"training_stipend", {"tvet_stipend"}, CipSide::Demand, {S::TvetCentre}, "training stipends and transport"},
        {"job_search_support", {"job_transport_allowance"}, CipSide::Demand, {S::JobCentre},
         "transport allowance and job-search support"},
        {"cash_transfer", {"cash_transfers", "family_package", "social_assistance"}, CipSide::Demand, all,
         "cash transfers to poor households: lowers the cost of every service"},
        {"idpoor_registration", {"registration_outreach", "fee_waiver"}, CipSide::Demand, {S::SwsOffice},
         "outreach to register the poor, fee waivers"},
        // recognised types that address no service of the catalogue
        {"other", {"irrigation", "canal", "water_supply", "well", "pond", "sanitation", "latrine", "market",
                   "electricity", "drainage", "admin", "commune_hall", "pagoda", "environment", "agriculture"},
         CipSide::None, {}, "infrastructure or activities outside the analysed services"},
    };
    return t;
  }();
  return table;
}

const CipType* find_cip_type(const std::string& text) {
  const std::string k = norm(text);
  if (k.empty()) return nullptr;
  for (const auto& t : cip_type_table()) {
    if (norm(t.id) == k) return &t;
    for (const auto& a : t.aliases)
      if (norm(a) == k) return &t;
  }
  return nullptr;
}

std::optional<GapClass> parse_gap_class(const std::string& text) {
  for (GapClass c : {GapClass::Served, GapClass::Unaffordable, GapClass::Unavailable, GapClass::UnavailableUnaffordable,
                     GapClass::NotClassified})
    if (text == to_string(c)) return c;
  return std::nullopt;
}

CipPlan read_cip(const std::string& spec) {
  auto [path, layer] = gis::split_source(spec);
  gis::ReadOptions ro;
  ro.layer = layer;
  ro.allow_missing_geometry = true;
  ro.assume_crs = "EPSG:4326";
  gis::VectorLayer l = gis::read_vector(path, ro);
  CipPlan plan;
  plan.source = spec;
  plan.file = path;
  plan.layer = l.name;
  auto pick = [&](std::initializer_list<const char*> names, bool required) -> int {
    for (const char* n : names)
      if (int i = l.find(n); i >= 0) return i;
    if (!required) return -1;
    std::string fields;
    for (const auto& c : l.columns) fields += (fields.empty() ? "" : ", ") + c.name;
    std::string want;
    for (const char* n : names) want += (want.empty() ? "'" : " or '") + std::string(n) + "'";
    throw gis::InputError({path, l.name, std::nullopt, *names.begin()},
                          "the investment plan needs a column " + want + " (columns: " + fields + ")");
  };
  const int ip = pick({"project", "name", "project_name"}, true);
  const int it = pick({"type", "project_type"}, true);
  const int ic = pick({"cost_usd", "cost"}, true);
  const int il = pick({"location", "place"}, false);
  const int ia = pick({"adm3_pcode", "commune", "commune_code"}, false);
  plan.has_communes = ia >= 0;
  const int ilon = pick({"lon", "longitude"}, false), ilat = pick({"lat", "latitude"}, false);
  const bool points = l.geom.kind == gis::GeometryKind::Point;
  std::vector<double> gx, gy;  // point geometry in WGS 84
  if (points) {
    gx.assign(l.size(), NAN), gy.assign(l.size(), NAN);
    for (std::size_t i = 0; i < l.size(); ++i)
      if (!l.geom.empty(i))
        if (auto xy = l.geom.first_xy(i)) gx[i] = xy->first, gy[i] = xy->second;
    if (!l.crs.empty() && l.crs != "EPSG:4326") gis::Transformer(l.crs, "EPSG:4326").transform(gx, gy);
  }
  std::string accepted;
  for (const auto& t : cip_type_table()) accepted += (accepted.empty() ? "" : ", ") + t.id;
  for (std::size_t i = 0; i < l.size(); ++i) {
    const auto& cp = l.columns[static_cast<std::size_t>(ip)];
    const auto& ct = l.columns[static_cast<std::size_t>(it)];
    const auto& cc = l.columns[static_cast<std::size_t>(ic)];
    CipProject p;
    p.row = l.fids[i];
    p.name = cp.text(i);
    if (p.name.find_first_not_of(" \t") == std::string::npos)
      throw gis::InputError({path, l.name, p.row, cp.name}, "the project has no name");
    p.type_text = ct.text(i);
    p.type = find_cip_type(p.type_text);
    if (!p.type)
      throw gis::InputError({path, l.name, p.row, ct.name},
                            "unknown project type '" + p.type_text + "'; use one of: " + accepted +
                                " (see app/report/README.md for the aliases and what each addresses)");
    auto cost = cc.number(i);
    if (!cost || !std::isfinite(*cost) || *cost < 0)
      throw gis::InputError({path, l.name, p.row, cc.name},
                            "cost '" + cc.text(i) + "' is not a number >= 0 (US dollars, no currency sign)");
    p.cost_usd = *cost;
    if (il >= 0) p.location = l.columns[static_cast<std::size_t>(il)].text(i);
    if (ia >= 0) {
      const auto& ca = l.columns[static_cast<std::size_t>(ia)];
      auto pc = to_pcode(ca.text(i), AdminLevel::Commune);
      if (!pc)
        throw gis::InputError({path, l.name, p.row, ca.name},
                              "'" + ca.text(i) + "' is not a commune code (KH010201 or 10201)");
      p.adm3_pcode = *pc;
    }
    if (ilon >= 0 && ilat >= 0) {
      const auto& cx = l.columns[static_cast<std::size_t>(ilon)];
      const auto& cy = l.columns[static_cast<std::size_t>(ilat)];
      if (!cx.is_null(i) || !cy.is_null(i)) {
        const auto x = cx.number(i), y = cy.number(i);
        if (!x || !std::isfinite(*x) || *x < -180 || *x > 180)
          throw gis::InputError({path, l.name, p.row, cx.name}, "'" + cx.text(i) + "' is not a longitude (-180 to 180)");
        if (!y || !std::isfinite(*y) || *y < -90 || *y > 90)
          throw gis::InputError({path, l.name, p.row, cy.name}, "'" + cy.text(i) + "' is not a latitude (-90 to 90)");
        p.lonlat = std::pair{*x, *y};
        p.point_field = cx.name;
      }
    }
    if (!p.lonlat && points && std::isfinite(gx[i]) && std::isfinite(gy[i])) {
      p.lonlat = std::pair{gx[i], gy[i]};
      p.point_field = "geometry";
    }
    plan.projects.push_back(std::move(p));
  }
  return plan;
}

bool addresses(const CipType& t, const CommuneGap& g) {
  if (std::find(t.services.begin(), t.services.end(), g.service) == t.services.end()) return false;
  switch (g.cls) {
    case GapClass::Unavailable: return t.side == CipSide::Supply;
    case GapClass::Unaffordable: return t.side == CipSide::Demand;
    case GapClass::UnavailableUnaffordable: return t.side != CipSide::None;
    default: return false;
  }
}

std::vector<CommuneGap> gaps_of(const std::vector<std::pair<Service, GapClass>>& classes) {
  std::vector<CommuneGap> out;
  for (const auto& [s, c] : classes)
    if (c == GapClass::Unavailable || c == GapClass::Unaffordable || c == GapClass::UnavailableUnaffordable)
      out.push_back({s, c});
  return out;
}

void assign_cip_communes(CipPlan& plan, const gis::VectorLayer& communes) {
  if (plan.has_communes) return;
  for (const auto& p : plan.projects)
    if (!p.lonlat)
      throw gis::InputError({plan.file, plan.layer, p.row, "adm3_pcode"},
                            "the plan has no adm3_pcode (or commune) column and this project has no location point "
                            "(lon/lat columns or a point geometry): a --district/--province batch needs one or the "
                            "other, else every commune's page would list the whole plan");
  const int ic = communes.find("adm3_pcode");
  if (ic < 0) throw gis::InputError({communes.source, communes.name, std::nullopt, "adm3_pcode"}, "communes need adm3_pcode");
  std::vector<double> xs, ys;
  for (const auto& p : plan.projects) xs.push_back(p.lonlat->first), ys.push_back(p.lonlat->second);
  if (!communes.crs.empty() && communes.crs != "EPSG:4326") gis::Transformer("EPSG:4326", communes.crs).transform(xs, ys);
  const gis::PolygonIndex index(communes);
  for (std::size_t k = 0; k < plan.projects.size(); ++k) {
    auto& p = plan.projects[k];
    const auto c = std::isfinite(xs[k]) && std::isfinite(ys[k]) ? index.locate(xs[k], ys[k]) : -1;
    if (c < 0)
      throw gis::InputError({plan.file, plan.layer, p.row, p.point_field},
                            "the project's point (" + std::to_string(p.lonlat->first) + ", " +
                                std::to_string(p.lonlat->second) + ") lies in no commune of the project");
    p.adm3_pcode = communes.columns[static_cast<std::size_t>(ic)].text(static_cast<std::size_t>(c));
  }
  plan.has_communes = true;
}

CipCheck check_cip(const CipPlan& plan, const std::string& adm3_pcode, const std::vector<CommuneGap>& gaps) {
  CipCheck r;
  std::vector<char> hit(gaps.size(), 0);
  for (const auto& p : plan.projects) {
    if (plan.has_communes && p.adm3_pcode != adm3_pcode) continue;
    CipCheck::Item it;
    it.project = &p;
    for (std::size_t g = 0; g < gaps.size(); ++g)
      if (p.type && addresses(*p.type, gaps[g])) {
        it.addresses.push_back(gaps[g]);
        hit[g] = 1;
      }
    if (it.addresses.empty()) {
      it.verdict = "addresses no gap";
    } else {
      it.verdict = "addresses a gap: ";
      for (std::size_t k = 0; k < it.addresses.size(); ++k)
        it.verdict += (k ? "; " : "") + std::string(service_id(it.addresses[k].service)) + " (" +
                      to_string(it.addresses[k].cls) + ")";
      r.cost_usd_on_gaps += p.cost_usd;
    }
    r.cost_usd_total += p.cost_usd;
    r.items.push_back(std::move(it));
  }
  for (std::size_t g = 0; g < gaps.size(); ++g)
    if (!hit[g]) r.unaddressed.push_back(gaps[g]);
  return r;
}

}  // namespace swsplan::layers
