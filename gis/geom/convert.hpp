#pragma once
/// @file Internal to gis/: conversion between the flat Geometries arrays and GEOS objects.
#include "gis/geom/geos.hpp"
#include "gis/io/vector.hpp"

namespace swsplan::gis {

/// GEOS geometry of feature f (Multi* for multi-part features); null for empty features.
geos::GeomPtr to_geos(const Geometries& g, std::size_t f);

/// Appends `g` as one feature of `out` (which has a kind set), keeping only members of
/// out.kind's dimension. A null or empty g appends an empty feature.
void append_from_geos(Geometries& out, const GEOSGeometry* g);

/// The parts of `g` whose dimension is `dim` (0 points, 1 lines, 2 polygons), as one geometry.
geos::GeomPtr keep_dimension(const GEOSGeometry* g, int dim);

}  // namespace swsplan::gis
