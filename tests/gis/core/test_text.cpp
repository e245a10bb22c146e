// The one UTF-8 check behind attribute reading, imports and `settings --set`: strict RFC 3629,
// the same rule as the JSON serializer that later writes the text.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "gis/core/text.hpp"

using namespace swsplan;

TEST_CASE("valid UTF-8 passes: ASCII, Khmer, four-byte sequences", "[text]") {
  CHECK(gis::valid_utf8(""));
  CHECK(gis::valid_utf8("Phnom Penh"));
  CHECK(gis::valid_utf8("\xe1\x9e\x97\xe1\x9f\x92\xe1\x9e\x93\xe1\x9f\x86\xe1\x9e\x96\xe1\x9f\x81\xe1\x9e\x89"));  // ភ្នំពេញ
  CHECK(gis::valid_utf8("\xf0\x9f\x8f\xa5"));  // U+1F3E5 hospital
  CHECK(gis::printable_utf8("Takeo \xe1\x9e\x8f") == "Takeo \xe1\x9e\x8f");
}

TEST_CASE("invalid UTF-8 is found at its first bad byte", "[text]") {
  CHECK(gis::first_invalid_utf8("0\xae" "3") == 1u);          // CP1252 byte
  CHECK(gis::first_invalid_utf8("ab\xe1\x9e") == 2u);         // truncated sequence
  CHECK(gis::first_invalid_utf8("\xc0\xaf") == 0u);           // overlong '/'
  CHECK(gis::first_invalid_utf8("x\xed\xa0\x80") == 1u);      // UTF-16 surrogate
  CHECK(gis::first_invalid_utf8("\xf4\x90\x80\x80") == 0u);   // above U+10FFFF
  CHECK(gis::first_invalid_utf8("\xe1\x9e\x8f\x80") == 3u);   // stray continuation byte
  CHECK(gis::printable_utf8("04\xb4" "41") == "04\\xB441");
}

TEST_CASE("the check agrees with the JSON serializer on every two-byte string", "[text]") {
  // What valid_utf8 accepts, nlohmann::json can dump; what it refuses, the dump refuses.
  std::size_t disagreements = 0;
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      for (const std::string& tail : {std::string(), std::string("\x80\x80"), std::string("\x9f\xbf")}) {
        std::string s{static_cast<char>(a), static_cast<char>(b)};
        s += tail;
        bool dumps = true;
        try {
          (void)nlohmann::json(s).dump();
        } catch (const nlohmann::json::type_error&) {
          dumps = false;
        }
        if (dumps != gis::valid_utf8(s)) ++disagreements;
      }
  CHECK(disagreements == 0);
}
