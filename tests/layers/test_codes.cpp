// Tests of layers/codes: COD-AB pcodes <-> NCDD numeric codes, both ways, on hand-picked
// spellings and on every code of the real national layers (../shared/data/khm).
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "gis/io/vector.hpp"
#include "layers/codes.hpp"

using namespace swsplan;
using layers::AdminLevel;

TEST_CASE("to_pcode accepts every documented spelling of a commune code", "[codes]") {
  for (const char* s : {"KH010201", "kh010201", "10201", "010201", "10201.0", "  10201 ", "KH010201\t", "10201.00"}) {
    INFO(s);
    CHECK(layers::to_pcode(s, AdminLevel::Commune) == std::optional<std::string>("KH010201"));
  }
  // Two-digit provinces need no padding.
  CHECK(layers::to_pcode("250101", AdminLevel::Commune) == std::optional<std::string>("KH250101"));
  CHECK(layers::to_pcode("1", AdminLevel::Province) == std::optional<std::string>("KH01"));
  CHECK(layers::to_pcode("102", AdminLevel::District) == std::optional<std::string>("KH0102"));
  CHECK(layers::to_pcode("1020101", AdminLevel::Village) == std::optional<std::string>("KH01020101"));
}

TEST_CASE("to_pcode refuses text that is not a code of the level", "[codes]") {
  for (const char* s : {"", "   ", "KH", "KH01020", "1020", "KH0102011", "10201.5", "1O201", "KH-10201", "0010201",
                        "000201", "abc", "10201e0", "-10201"}) {
    INFO("'" << s << "'");
    CHECK_FALSE(layers::to_pcode(s, AdminLevel::Commune));
  }
  CHECK_FALSE(layers::to_pcode("KH010201", AdminLevel::District));  // commune code at district level
  CHECK_FALSE(layers::to_pcode("00", AdminLevel::Province));         // province 00 does not exist
}

TEST_CASE("to_ncdd drops the leading zeros, to_village_code pads to 8 digits", "[codes]") {
  CHECK(layers::to_ncdd("KH010201", AdminLevel::Commune) == std::optional<std::string>("10201"));
  CHECK(layers::to_ncdd("KH250101", AdminLevel::Commune) == std::optional<std::string>("250101"));
  CHECK(layers::to_ncdd("KH01", AdminLevel::Province) == std::optional<std::string>("1"));
  CHECK(layers::to_ncdd("0102", AdminLevel::District) == std::optional<std::string>("102"));
  CHECK_FALSE(layers::to_ncdd("KH0102", AdminLevel::Commune));
  CHECK(layers::to_village_code("1020101") == std::optional<std::string>("01020101"));
  CHECK(layers::to_village_code("01020101") == std::optional<std::string>("01020101"));
  CHECK(layers::to_village_code("KH01020101") == std::optional<std::string>("01020101"));
  CHECK(layers::to_village_code("1020101.0") == std::optional<std::string>("01020101"));
  CHECK_FALSE(layers::to_village_code("102010"));
  CHECK_FALSE(layers::to_village_code("010201011"));
}

TEST_CASE("parent_pcode and level_of_pcode", "[codes]") {
  CHECK(layers::parent_pcode("KH010201", AdminLevel::District) == std::optional<std::string>("KH0102"));
  CHECK(layers::parent_pcode("KH010201", AdminLevel::Province) == std::optional<std::string>("KH01"));
  CHECK(layers::parent_pcode("KH01020101", AdminLevel::Commune) == std::optional<std::string>("KH010201"));
  CHECK_FALSE(layers::parent_pcode("KH0102", AdminLevel::Commune));   // not below
  CHECK_FALSE(layers::parent_pcode("KH0102", AdminLevel::District));  // same level
  CHECK_FALSE(layers::parent_pcode("10201", AdminLevel::District));   // not a normalised pcode
  CHECK(layers::level_of_pcode("KH01") == AdminLevel::Province);
  CHECK(layers::level_of_pcode("KH0102") == AdminLevel::District);
  CHECK(layers::level_of_pcode("KH010201") == AdminLevel::Commune);
  CHECK(layers::level_of_pcode("KH01020101") == AdminLevel::Village);
  CHECK_FALSE(layers::level_of_pcode("KH010"));
  CHECK_FALSE(layers::level_of_pcode("010201"));
  CHECK_FALSE(layers::level_of_pcode("KH01x201"));
  for (int l = 1; l <= 4; ++l) CHECK(layers::ncdd_digits(static_cast<AdminLevel>(l)) == 2 * l);
}

TEST_CASE("every real commune pcode round-trips through its NCDD number", "[codes][real]") {
  gis::ReadOptions o;
  o.layer = "communes";
  const auto communes = gis::read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", o);
  REQUIRE(communes.size() == 1633);
  const auto& pc = communes.column("adm3_pcode");
  const auto& nc = communes.column("ncdd_code");
  const auto& d = communes.column("adm2_pcode");
  const auto& p = communes.column("adm1_pcode");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    const std::string pcode = pc.text(i);
    INFO(pcode);
    CHECK(layers::to_pcode(pcode, AdminLevel::Commune) == pcode);
    // The published NCDD number is the pcode without KH and without leading zeros.
    const auto n = layers::to_ncdd(pcode, AdminLevel::Commune);
    REQUIRE(n);
    CHECK(*n == nc.text(i));
    CHECK(layers::to_pcode(*n, AdminLevel::Commune) == pcode);
    CHECK(layers::parent_pcode(pcode, AdminLevel::District) == d.text(i));
    CHECK(layers::parent_pcode(pcode, AdminLevel::Province) == p.text(i));
    seen.insert(pcode);
  }
  CHECK(seen.size() == communes.size());
}

TEST_CASE("real 8-digit village codes normalise to themselves and from their 7-digit form", "[codes][real]") {
  gis::ReadOptions o;
  o.layer = "villages";
  const auto villages = gis::read_vector(std::string(SWSPLAN_SHARED_DATA) + "/khm.gpkg", o);
  const auto& vc = villages.column("vil_code");
  std::size_t padded = 0;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    const std::string code = vc.text(i);
    INFO(code);
    REQUIRE(code.size() == 8);
    CHECK(layers::to_village_code(code) == code);
    if (code[0] == '0') {
      ++padded;
      CHECK(layers::to_village_code(code.substr(1)) == code);
    }
  }
  CHECK(padded > 1000);  // provinces 01-09 are a big part of the country
}
