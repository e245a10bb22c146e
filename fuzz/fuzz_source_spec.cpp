// Source specs as planners type them: `path[#layer][?key=value&...]`. The spec is parsed,
// then its layer and options (x, y, crs, encoding, households, max_snap_m, share, level, ...)
// are applied to real files of the sample, so option values reach the importers that read them.
#include <cstdlib>

#include "fuzz/fuzz_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"

using namespace swsplan;

namespace {

struct Sample {
  gis::VectorLayer communes;
  // Small real inputs of the sample (seeds of the CSV target), read, never written.
  std::string villages_csv = std::string(SWSPLAN_FUZZ_CORPUS) + "/csv_import/sample_villages.csv";
  std::string facilities_csv = std::string(SWSPLAN_FUZZ_CORPUS) + "/csv_import/sample_facilities.csv";
  Sample() : communes(layers::Project::open(fuzz::sample_project()).read("communes")) {}
};

Sample* sample = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_gdal();
  sample = new Sample();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  layers::SourceSpec spec;
  try {
    spec = layers::SourceSpec::parse(text);
  } catch (const gis::UsageError&) {
    return 0;
  }
  // What parse promises: a path, and options with a key.
  if (spec.path.empty()) std::abort();
  for (const auto& [key, value] : spec.options)
    if (key.empty()) std::abort();
  (void)spec.describe();
  fuzz::refusals_allowed([&] { spec.check_options({"households", "poor"}); });

  // The same layer and options on real files: the parsed path is replaced (the fuzzer must
  // not open arbitrary files), everything else is kept.
  layers::SourceSpec villages = spec;
  villages.path = sample->villages_csv;
  fuzz::refusals_allowed([&] { (void)layers::import_villages(villages, &sample->communes, ""); });
  layers::SourceSpec facilities = spec;
  facilities.path = sample->facilities_csv;
  if (!facilities.options.count("service") && !facilities.options.count("service_field"))
    facilities.options["service_field"] = "facility_type";
  fuzz::refusals_allowed([&] { (void)layers::import_facilities(facilities, &sample->communes, ""); });
  layers::SourceSpec indicator = spec;
  indicator.path = sample->villages_csv;
  if (!indicator.options.count("level")) indicator.options["level"] = "village";
  fuzz::refusals_allowed([&] { (void)layers::import_indicator(indicator, nullptr, nullptr); });
  return 0;
}
