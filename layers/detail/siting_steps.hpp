#pragma once
/// @file Internals of run_siting (layers/siting.hpp): the state one siting run carries from
/// step to step and the steps themselves, in the order run_siting calls them. Not API.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/access/coverage.hpp"
#include "gis/access/graph.hpp"
#include "gis/core/progress.hpp"
#include "gis/locate/cluster.hpp"
#include "gis/locate/instance.hpp"
#include "gis/locate/options.hpp"
#include "layers/access.hpp"
#include "layers/siting.hpp"

namespace swsplan::layers::detail {

/// A site: an existing office (fixed) or a candidate.
struct Site {
  std::string id, label;
  bool existing = false;
  double x = 0, y = 0, lon = 0, lat = 0;
  std::uint32_t commune = gis::kNoId;  // row of AccessInputs::communes
};

/// One siting run in progress. Each step reads what the earlier ones filled in.
struct SitingRun {
  SitingRun(const Project& p, const SitingRequest& r, gis::Progress& pr, SitingResult& res)
      : project(p), rq(r), progress(pr), R(res) {}
  const Project& project;
  const SitingRequest& rq;
  gis::Progress& progress;
  SitingResult& R;

  AccessInputs in;
  std::size_t nc_all = 0, nv_all = 0;
  bool has_cname = false, has_adm2 = false;  ///< communes have name_en / adm2_pcode

  // select_demand: communes and villages in scope, per village (index k of vrow).
  std::vector<char> commune_in;
  std::vector<std::uint32_t> vrow;  ///< village row of each demand point
  std::size_t nv = 0;
  std::vector<double> vx, vy, vlon, vlat, hh, poor, weight;

  // collect_sites: commune halls (a point inside each commune), existing offices, candidates.
  std::vector<double> hlon, hlat, hx, hy;
  std::vector<Site> sites;
  std::uint32_t n_existing = 0, n_sites = 0, n_cand = 0;

  // compute_costs: matrix unit = seconds for a time threshold, metres for a distance.
  bool is_time = false, wide = false;
  double thr = 0, mps = 0, max_cost = 0;
  std::vector<double> sx, sy, slon, slat;
  gis::CostMatrix M;
  gis::locate::Instance inst;
  double total_weight = 0;
  gis::locate::Options opt;

  // solve_model / solve_cluster_mode.
  std::vector<char> open;
  std::vector<std::uint32_t> forced;  ///< assignment imposed by the model (capacity, clusters)
  bool use_forced = false;
  std::vector<std::uint32_t> cluster_of_commune;
  gis::locate::ClusterSolution cs;
  std::vector<std::uint32_t> unit_commune;  ///< cluster unit -> commune row
  std::vector<std::uint32_t> cluster_site;  ///< per cluster, site index of its office

  // assign_and_rank.
  std::vector<std::uint32_t> assigned;
  std::vector<double> acost;
  std::vector<char> covered_before, covered_after;
  std::vector<std::uint32_t> open_list;
  std::vector<std::uint32_t> site_office;  ///< site -> row of R.offices

  std::string commune_name(std::uint32_t c) const;
  std::string commune_district(std::uint32_t c) const;
};

/// @throws UsageError for a request no model can answer (before any data is read).
void check_request(const SitingRequest& rq);
void select_demand(SitingRun& run);
void collect_sites(SitingRun& run);
void compute_costs(SitingRun& run);
/// A location model of gis/locate (MCLP, LSCP, p-median, their capacitated and exact forms).
void solve_model(SitingRun& run);
/// Cluster mode: contiguous communes of one district per office.
void solve_cluster_mode(SitingRun& run);
/// Villages to offices, coverage before/after, offices ranked by marginal gain.
void assign_and_rank(SitingRun& run);
void district_figures(SitingRun& run);
/// Mobile-van circuits for the communes beyond every office.
void schedule_vans(SitingRun& run);
/// The offices layer, the assignment table and (cluster mode) the clusters table.
void build_tables(SitingRun& run);
/// The scenario's map layers: van stops at their communes and village -> office lines.
void build_map_layers(SitingRun& run);

}  // namespace swsplan::layers::detail
