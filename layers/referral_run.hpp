#pragma once
/// @file One `swsplan referral` run through the door (layers/store.hpp): the referral of every
/// health centre (layers/referral.hpp) stored as the line layer `referral_<mode>` (centre ->
/// hospital) and the table `referral_<mode>_centres` (every centre, with the reason when it has
/// no hospital or no time), with provenance and the line layer's QGIS style. A new run of the
/// same mode replaces both; a cancel before the commit writes nothing.
#include <string>

#include "gis/core/progress.hpp"
#include "layers/qgis_styles.hpp"
#include "layers/referral.hpp"

namespace swsplan::layers {

/// Computes and stores in one commit. `styler` gives the QGIS style of the line layer (the
/// front end's renderer); empty = no style row. @throws as compute_referral, LeaseBusy,
/// Cancelled (nothing written).
ReferralResult run_and_store_referral(const std::string& project_path, const ReferralRequest& request,
                                      const QgisStyler& styler, gis::Progress& progress);

}  // namespace swsplan::layers
