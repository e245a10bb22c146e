#pragma once
/// @file The map style of the referral layers (referral_<mode>: health centre -> hospital
/// lines), classed by travel time at fixed breaks (<= 30, 30-60, 60-120, > 120 minutes), so
/// maps of different modes or provinces read alike; and a QGIS styler that writes it for those
/// layers and the default styles for any other.
#include "app/render/style.hpp"
#include "layers/qgis_styles.hpp"

namespace swsplan::gui {

/// Graduated lines on time_min, green to red; referrals without a time in the fallback.
LayerStyle referral_style();

/// default_qgis_styler(), except for layers named referral_* (referral_style).
layers::QgisStyler referral_qgis_styler();

}  // namespace swsplan::gui
