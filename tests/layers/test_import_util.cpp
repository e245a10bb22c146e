// Input checks shared by the importers (layers/detail/import_util.cpp): distance options and
// attribute text. Each case was found by fuzzing (fuzz/corpus/*/crash-*): before, the error
// escaped as a bare std::invalid_argument or nlohmann type_error and reached the planner as
// "unexpected error", naming neither the file nor the option or field.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "gis/core/error.hpp"
#include "layers/codes.hpp"
#include "layers/importers.hpp"

using namespace swsplan;
using Catch::Matchers::Contains;
using layers::AdminLevel;
using layers::SourceSpec;

namespace {
const std::string kBad = std::string(SWSPLAN_TEST_DATA) + "/bad/";

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const gis::Error& e) {
    return e.what();
  }
  return "(no gis::Error)";
}
}  // namespace

TEST_CASE("max_snap_m must be a distance in metres, else a usage error naming the option", "[import_util]") {
  // fuzz/corpus/source_spec/crash-max_snap_m; "500km" used to be taken as 500 m.
  const auto communes = layers::import_admin(SourceSpec::parse(kBad + "ok_communes.geojson"), AdminLevel::Commune, "").layer;
  for (const std::string bad : {"abc", "500km", "-1", "nan", "inf", ""}) {
    INFO("max_snap_m=" << bad);
    const auto spec = SourceSpec::parse(kBad + "ok_villages.csv?max_snap_m=" + bad);
    CHECK_THROWS_AS(layers::import_villages(spec, &communes, ""), gis::UsageError);
    CHECK_THAT(message_of([&] { layers::import_villages(spec, &communes, ""); }),
               Contains("max_snap_m=" + bad) && Contains("metres") && Contains("ok_villages.csv"));
  }
}

TEST_CASE("attribute text that is not UTF-8 is an input error naming feature and field", "[import_util]") {
  // fuzz/corpus/geojson_import/crash-not-utf8: a CP1252 property.
  const auto path =
      (std::filesystem::temp_directory_path() / ("swsplan-not-utf8-" + std::to_string(::getpid()) + ".geojson")).string();
  {
    std::ofstream o(path, std::ios::binary);
    o << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"service":"health_centre",)"
      << "\"note\":\"Ph\xe9m\"},"
      << R"("geometry":{"type":"Point","coordinates":[104.9,11.5]}}]})";
  }
  const auto m = message_of([&] { layers::import_facilities(SourceSpec::parse(path + "?service_field=service"), nullptr, ""); });
  std::filesystem::remove(path);
  // The reader (gis/io) or attributes_json refuses it; either way the field and the fix are named.
  CHECK_THAT(m, Contains("'note'") && Contains("UTF-8") && Contains("encoding"));
}
