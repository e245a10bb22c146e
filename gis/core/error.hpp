#pragma once
/// @file Typed exceptions of the engine. Every message is meant for a planner: it names the
/// file, layer, feature and field involved and says what was expected.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace swsplan::gis {

/// Where in the input a problem sits. Any part may be empty.
struct InputLocation {
  std::string file;
  std::string layer;
  std::optional<std::int64_t> feature;  ///< feature id (fid) or 1-based CSV data row
  std::string field;

  /// "file 'x.gpkg', layer 'villages', feature 12, field 'hh'" (only the parts that are set)
  std::string describe() const;
};

/// Base of all swsplan errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad or unreadable input data: the user must fix the file or the options.
class InputError : public Error {
 public:
  InputError(InputLocation where, const std::string& what);
  const InputLocation& where() const noexcept { return where_; }

 private:
  InputLocation where_;
};

/// A coordinate reference system problem (missing, unknown, impossible transform).
class CrsError : public InputError {
 public:
  using InputError::InputError;
};

/// Invalid request from the caller (bad option value, impossible model).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// The operation was cancelled through its progress callback.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled by the user") {}
};

}  // namespace swsplan::gis
