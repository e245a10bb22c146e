// The GeoJSON importers: commune boundaries (codes, names, polygon repair, CRS) and facility
// points by service field, read through GDAL's GeoJSON driver as `swsplan import` reads them.
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
  input = new fuzz::TempInput("input.geojson");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = input->write(data, size);
  const auto spec = layers::SourceSpec::parse(path);
  fuzz::refusals_allowed([&] { (void)layers::import_admin(spec, layers::AdminLevel::Commune, ""); });
  fuzz::refusals_allowed([&] {
    (void)layers::import_facilities(layers::SourceSpec::parse(path + "?service_field=service"), communes, "");
  });
  return 0;
}
