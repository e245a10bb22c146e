// The commune investment plan (CIP) reader: a planner's CSV of planned projects (project,
// type, cost_usd, location, lon/lat, adm3_pcode), then the check against a commune's gaps
// and, for plans without commune codes, the assignment to the sample's communes by point.
#include <cstdlib>

#include "fuzz/fuzz_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/cip.hpp"
#include "layers/project.hpp"

using namespace swsplan;

namespace {
gis::VectorLayer* communes = nullptr;
fuzz::TempInput* input = nullptr;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_gdal();
  communes = new gis::VectorLayer(layers::Project::open(fuzz::sample_project()).read("communes"));
  input = new fuzz::TempInput("plan.csv");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = input->write(data, size);
  fuzz::refusals_allowed([&] {
    layers::CipPlan plan = layers::read_cip(path);
    const std::vector<layers::CommuneGap> gaps = {
        {layers::Service::HealthCentre, layers::GapClass::Unavailable},
        {layers::Service::SchoolPrimary, layers::GapClass::UnavailableUnaffordable}};
    const auto check = layers::check_cip(plan, "KH900101", gaps);
    // Every project counted once: the cost on gaps is part of the total.
    if (!(check.cost_usd_on_gaps <= check.cost_usd_total)) std::abort();
    const bool had_communes = plan.has_communes;
    layers::assign_cip_communes(plan, *communes);
    if (!plan.has_communes) std::abort();
    if (!had_communes)
      for (const auto& p : plan.projects)
        if (p.adm3_pcode.empty()) std::abort();  // each project placed, or the plan refused with an InputError
  });
  return 0;
}
