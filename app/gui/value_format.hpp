#pragma once
/// @file Attribute values as a planner reads them: shares as %, distances in m or km, travel
/// times in minutes, areas in km², money in USD and counts with thousands separators. Codes
/// and identifiers stay exactly as stored. The unit is chosen from the field name (the
/// project's naming: `*_share` and `*_0_1` are 0-1 shares, `*_m` metres, `*_s` seconds, ...).
#include <QLocale>
#include <QString>
#include <string>

#include "gis/io/vector.hpp"

namespace swsplan::gui {

/// `row` of column `c` formatted for reading ("" for NULL); see the file comment.
QString format_value(const gis::Column& c, std::size_t row, const QLocale& locale = QLocale());
/// A number of field `field` formatted by the same rules (`integer`: stored as an integer).
QString format_number(const std::string& field, double v, bool integer, const QLocale& locale = QLocale());

/// A length: below 1 km in whole metres ("850 m"), else km with one decimal ("12.3 km").
QString format_length_m(double metres, const QLocale& locale = QLocale());
/// A duration given in minutes: "4.5 min" below 10 min, "25 min", "2 h 05 min" from an hour.
QString format_minutes(double minutes, const QLocale& locale = QLocale());
/// An area given in m²: "850 m²" below a hectare, "45.2 ha" below 1 km², else
/// "12.35 km² (1,235 ha)".
QString format_area_m2(double m2, const QLocale& locale = QLocale());

}  // namespace swsplan::gui
