#pragma once
// Inputs of the GUI tests that add data layers, made once per test run: a copy of the sample
// project with its `access -m raster` GeoTIFFs, a Shapefile and a GeoJSON made with ogr2ogr,
// and CSVs; and waiting on the event loop for an asynchronous result.
#include <signal.h>
#include <unistd.h>

#include <QApplication>
#include <QEventLoop>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <string>

#include "gis/core/progress.hpp"
#include "gui/gui_support.hpp"
#include "layers/access_run.hpp"
#include "layers/project.hpp"

namespace swsplan::gui::test {

namespace fs = std::filesystem;

/// A folder of inputs made once: the sample project copy, its access rasters, a Shapefile,
/// a GeoJSON and CSVs.
struct Inputs {
  fs::path dir;
  std::string project, shp, geojson, csv, bad_csv, time_tif, facility_tif;
};

inline const Inputs& inputs() {
  static const Inputs in = [] {
    Inputs i;
    // CTest runs test cases as parallel processes: each makes its own folder, and removes
    // those of processes that have ended.
    const fs::path root = fs::path(test::artefact("added_layers"));
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string n = it->path().filename().string();
      if (n.find_first_not_of("0123456789") == std::string::npos && ::kill(pid_t(std::stol(n)), 0) != 0)
        fs::remove_all(it->path(), ec);
    }
    i.dir = root / std::to_string(::getpid());
    fs::remove_all(i.dir);
    fs::create_directories(i.dir);
    i.project = (i.dir / "demo_province.gpkg").string();
    fs::copy_file(test::sample_project(), i.project);
    layers::AccessRunRequest rq;
    rq.service = layers::Service::HealthCentre;
    rq.mode = "raster";
    rq.raster_dir = i.dir.string();
    gis::Progress progress;
    const auto run = layers::run_and_store_access(i.project, rq, progress);
    REQUIRE(run.rasters.size() == 2);
    i.time_tif = run.rasters[0];
    i.facility_tif = run.rasters[1];
    // The data layers live beside the project, in a folder of their own.
    const fs::path data = i.dir / "data";
    fs::create_directories(data);
    i.shp = (data / "districts_utm.shp").string();
    const std::string cmd = "ogr2ogr -q -f \"ESRI Shapefile\" -t_srs EPSG:32648 \"" + i.shp + "\" \"" +
                            test::sample_project() + "\" districts";
    REQUIRE(std::system(cmd.c_str()) == 0);
    i.geojson = (data / "villages_sample.geojson").string();
    const std::string cmd2 = "ogr2ogr -q -f GeoJSON -where \"fid <= 40\" \"" + i.geojson + "\" \"" +
                             test::sample_project() + "\" villages";
    REQUIRE(std::system(cmd2.c_str()) == 0);
    // A CSV with lon/lat: the first ten villages' points.
    const auto villages = layers::Project::open(test::sample_project()).read("villages");
    i.csv = (data / "survey_points.csv").string();
    {
      std::ofstream out(i.csv);
      out << "name,lon,lat,households\n";
      for (std::size_t f = 0; f < 10; ++f) {
        const auto xy = villages.geom.first_xy(f);
        out << "point " << f + 1 << "," << std::setprecision(10) << xy->first << "," << xy->second << "," << 10 * (f + 1) << "\n";
      }
    }
    i.bad_csv = (data / "no_latitude.csv").string();
    {
      std::ofstream out(i.bad_csv);
      out << "name,longitude,households\nA,104.9,12\nB,105.1,30\n";
    }
    return i;
  }();
  return in;
}

}  // namespace swsplan::gui::test
