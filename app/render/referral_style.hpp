#pragma once
/// @file The map styles of the AccessMod-style result layers: referral_<mode> (health centre ->
/// hospital lines) classed by travel time at fixed breaks (<= 30, 30-60, 60-120, > 120 minutes),
/// so maps of different modes or provinces read alike; scaling_up_<service> (the new sites) as
/// stars; and a QGIS styler that writes them for those layers and the default styles for any
/// other.
#include "app/render/style.hpp"
#include "layers/qgis_styles.hpp"

namespace swsplan::gui {

/// Graduated lines on time_min, green to red; referrals without a time in the fallback.
LayerStyle referral_style();

/// The new sites of a scaling-up run: red stars.
LayerStyle scaling_up_style();

/// default_qgis_styler(), except for layers named referral_* (referral_style) and
/// scaling_up_* (scaling_up_style).
layers::QgisStyler analysis_qgis_styler();

}  // namespace swsplan::gui
