#pragma once
/// @file Text that users hand us (attribute values, `--set` values, names) must be UTF-8 before
/// it reaches a project, a JSON document or a message. One strict check serves every reader.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace swsplan::gis {

/// The byte offset of the first byte that does not begin or continue a well-formed UTF-8
/// sequence (RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF), or
/// nullopt when all of `s` is valid. The same rule as nlohmann::json's serializer.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

inline bool valid_utf8(std::string_view s) { return !first_invalid_utf8(s).has_value(); }

/// `s` for a message: invalid bytes shown as \xHH, so the message itself stays UTF-8.
std::string printable_utf8(std::string_view s);

}  // namespace swsplan::gis
