#pragma once
/// @file `swsplan sample --out demo.gpkg [--seed N] [--force]`: writes the deterministic
/// synthetic demo province (layers/sample.hpp) as a project GeoPackage.
#include <cstdint>
#include <string>

#include "app/cli/cli.hpp"
#include "layers/sample.hpp"

namespace swsplan::cli {

class SampleCommand : public Command {
 public:
  void setup(CLI::App& app) override;
  int run(const Globals& globals) override;

 private:
  std::string out_;
  std::uint64_t seed_ = layers::kSampleDefaultSeed;
  bool force_ = false;
};

}  // namespace swsplan::cli
