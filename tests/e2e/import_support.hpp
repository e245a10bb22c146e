#pragma once
// Shared by the import end-to-end tests (test_cli_import*.cpp): corpus and national data
// paths, a row by its code, the stored join report of an import.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "e2e_util.hpp"
#include "gis/io/vector.hpp"
#include "layers/project.hpp"

namespace swsplan::e2e {

inline std::string bad(const std::string& name) { return (bad_data() / name).string(); }
inline std::string shared(const std::string& name) { return (shared_data() / name).string(); }

inline std::size_t row_of(const gis::VectorLayer& l, const std::string& field, const std::string& value) {
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.column(field).text(i) == value) return i;
  throw std::runtime_error("no row with " + field + " = " + value);
}

// The stored join report whose name starts with `prefix`.
inline nlohmann::json join_report(const fs::path& project, const std::string& prefix) {
  for (const auto& j : layers::Project::open(project.string()).join_reports())
    if (j.value("name", "").rfind(prefix, 0) == 0) return j;
  throw std::runtime_error("no join report named " + prefix + "...");
}

}  // namespace swsplan::e2e
