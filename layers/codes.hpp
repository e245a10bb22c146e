#pragma once
/// @file Administrative code normalisation: OCHA COD-AB pcodes (`KH010201`) <-> NCDD numeric
/// codes (`10201`), zero padding, 8-digit village codes.
#include <optional>
#include <string>
#include <string_view>

namespace swsplan::layers {

enum class AdminLevel { Province = 1, District = 2, Commune = 3, Village = 4 };

/// Number of NCDD digits at a level once zero-padded: 2 / 4 / 6 / 8.
int ncdd_digits(AdminLevel level);

/// Normalises any accepted spelling of a code at `level` to the COD-AB pcode
/// (`KH` + zero-padded NCDD digits; villages: `KH` + 8 digits).
/// Accepts `KH010201`, `kh010201`, `10201`, `010201`, `10201.0` (CSV float), with blanks trimmed.
/// Returns nullopt when the text is not a code of that level (wrong length, non-digits, empty).
std::optional<std::string> to_pcode(std::string_view text, AdminLevel level);

/// The NCDD numeric form of a pcode or code: `KH010201` -> `10201` (no leading zeros).
std::optional<std::string> to_ncdd(std::string_view text, AdminLevel level);

/// Village code as the 8-digit string used by MoEYS / ID-Poor (`1020101` -> `01020101`).
std::optional<std::string> to_village_code(std::string_view text);

/// The pcode of the parent unit (`KH010201` -> `KH0102` at District); nullopt if `pcode`
/// is not at a level below `parent`.
std::optional<std::string> parent_pcode(std::string_view pcode, AdminLevel parent);

/// Guesses the level of a normalised pcode from its length (KH + 2/4/6/8 digits).
std::optional<AdminLevel> level_of_pcode(std::string_view pcode);

}  // namespace swsplan::layers
