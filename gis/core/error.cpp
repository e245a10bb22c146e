#include "gis/core/error.hpp"

namespace swsplan::gis {

std::string InputLocation::describe() const {
  std::string s;
  auto add = [&s](const std::string& part) {
    if (!s.empty()) s += ", ";
    s += part;
  };
  if (!file.empty()) add("file '" + file + "'");
  if (!layer.empty()) add("layer '" + layer + "'");
  if (feature) add("feature " + std::to_string(*feature));
  if (!field.empty()) add("field '" + field + "'");
  return s;
}

static std::string compose(const InputLocation& where, const std::string& what) {
  const std::string loc = where.describe();
  return loc.empty() ? what : loc + ": " + what;
}

InputError::InputError(InputLocation where, const std::string& what)
    : Error(compose(where, what)), where_(std::move(where)) {}

}  // namespace swsplan::gis
