// The CSV importers: a planner's villages table (lon/lat columns) and indicator tables joined
// by village or commune code, read through GDAL's CSV driver as `swsplan import` reads them.
// The sample's communes are the join and point-in-polygon targets.
#include "fuzz/fuzz_support.hpp"
#include "gis/io/vector.hpp"
#include "layers/importers.hpp"
#include "layers/project.hpp"

using namespace swsplan;

namespace {
gis::VectorLayer* communes = nullptr;
fuzz::TempInput* input = nullptr;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_gdal();
  communes = new gis::VectorLayer(layers::Project::open(fuzz::sample_project()).read("communes"));
  input = new fuzz::TempInput("input.csv");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = input->write(data, size);
  fuzz::refusals_allowed([&] {
    (void)layers::import_villages(layers::SourceSpec::parse(path + "?x=lon&y=lat"), communes, "");
  });
  fuzz::refusals_allowed([&] {
    (void)layers::import_indicator(layers::SourceSpec::parse(path + "?level=village"), nullptr, nullptr);
  });
  fuzz::refusals_allowed([&] {
    (void)layers::import_indicator(layers::SourceSpec::parse(path + "?level=commune&share=poor_share"), communes,
                                   nullptr);
  });
  return 0;
}
