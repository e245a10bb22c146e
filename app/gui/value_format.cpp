#include "app/gui/value_format.hpp"

#include <QCoreApplication>
#include <cmath>

namespace swsplan::gui {

namespace {

QString tr_unit(const char* s) { return QCoreApplication::translate("swsplan::gui::ValueFormat", s); }

bool ends_with(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Fields whose value is a name for something, not a quantity: shown as stored.
bool is_identifier(const std::string& f) {
  return f == "fid" || f == "id" || ends_with(f, "_id") || has(f, "code") || has(f, "pcode") || f == "year" ||
         ends_with(f, "_year") || has(f, "rank") || f == "order" || f == "van" || has(f, "round") || f == "level";
}

/// A plain quantity: integers with thousands separators, reals with 0-2 decimals by size.
QString plain(double v, bool integer, const QLocale& loc) {
  if (integer || (std::abs(v) >= 1000 && std::abs(v) < 1e15) || v == std::floor(v)) return loc.toString(v, 'f', 0);
  const int decimals = std::abs(v) >= 100 ? 1 : 2;
  QString s = loc.toString(v, 'f', decimals);
  // 0.50 -> 0.5, 2.00 stays an integer above; keep at least one decimal digit.
  const QChar dp = loc.decimalPoint().front();
  if (s.contains(dp))
    while (s.endsWith('0') && !s.endsWith(QString(dp) + '0')) s.chop(1);
  return s;
}

}  // namespace

QString format_length_m(double m, const QLocale& loc) {
  if (std::abs(m) < 1000) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 m")).arg(loc.toString(m, 'f', 0));
  return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 km")).arg(loc.toString(m / 1000, 'f', 1));
}

QString format_minutes(double minutes, const QLocale& loc) {
  if (std::abs(minutes) < 10) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 min")).arg(loc.toString(minutes, 'f', 1));
  const long total = std::lround(minutes);
  if (std::abs(total) < 60) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 min")).arg(loc.toString(double(total), 'f', 0));
  return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 h %2 min")).arg(total / 60).arg(std::abs(total % 60), 2, 10, QChar('0'));
}

QString format_area_m2(double m2, const QLocale& loc) {
  if (std::abs(m2) < 1e4) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 m²")).arg(loc.toString(m2, 'f', 0));
  if (std::abs(m2) < 1e6) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 ha")).arg(loc.toString(m2 / 1e4, 'f', 1));
  return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 km² (%2 ha)")).arg(loc.toString(m2 / 1e6, 'f', 2), loc.toString(m2 / 1e4, 'f', 0));
}

QString format_number(const std::string& field, double v, bool integer, const QLocale& locale) {
  const std::string f = lower(field);
  QLocale loc = locale;
  loc.setNumberOptions(loc.numberOptions() & ~QLocale::OmitGroupSeparator);
  if (!std::isfinite(v)) return QString::number(v);
  if (is_identifier(f)) return integer ? QString::number(std::llround(v)) : QString::number(v, 'g', 15);
  if (ends_with(f, "_share") || f == "share" || ends_with(f, "_0_1") || starts_with(f, "coverage_"))
    return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 %")).arg(loc.toString(v * 100, 'f', 1));
  if (has(f, "pct") || ends_with(f, "_percent")) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 %")).arg(loc.toString(v, 'f', 1));
  if (ends_with(f, "_km2")) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "%1 km²")).arg(loc.toString(v, 'f', std::abs(v) >= 100 ? 0 : 1));
  if (ends_with(f, "_m2")) return format_area_m2(v, loc);
  if (ends_with(f, "_km")) return format_length_m(v * 1000, loc);
  if (ends_with(f, "_m")) return format_length_m(v, loc);
  if (ends_with(f, "_s") || ends_with(f, "_sec") || ends_with(f, "_seconds")) return format_minutes(v / 60, loc);
  if (ends_with(f, "_min") || ends_with(f, "_minutes")) return format_minutes(v, loc);
  if (has(f, "usd")) return tr_unit(QT_TRANSLATE_NOOP("swsplan::gui::ValueFormat", "USD %1")).arg(loc.toString(v, 'f', std::abs(v) >= 100 || v == std::floor(v) ? 0 : 2));
  return plain(v, integer, loc);
}

QString format_value(const gis::Column& c, std::size_t row, const QLocale& locale) {
  if (c.is_null(row)) return {};
  QLocale loc = locale;  // the "C" locale of a bare environment omits thousands separators
  loc.setNumberOptions(loc.numberOptions() & ~QLocale::OmitGroupSeparator);
  switch (c.type) {
    case gis::FieldType::String: return QString::fromStdString(c.strings[row]);
    case gis::FieldType::Integer: return format_number(c.name, double(c.ints[row]), true, loc);
    case gis::FieldType::Real: return format_number(c.name, c.reals[row], false, loc);
  }
  return {};
}

}  // namespace swsplan::gui
