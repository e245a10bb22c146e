#pragma once
/// @file The desktop app's main window: map canvas, layer tree (visibility, order, style),
/// legend, attribute table linked to the map selection, identify results, status bar
/// (lon/lat, UTM, scale), tools, open / recent projects, export, language.
#include <QMainWindow>
#include <QPointer>
#include <QTranslator>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/gui/map_canvas.hpp"
#include "app/render/project_layers.hpp"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class QComboBox;
template <typename T>
class QFutureWatcher;

namespace swsplan::layers {
struct SitingResult;
struct PwpResult;
struct ScenarioDiff;
}

namespace swsplan::gui {

class AttributeModel;
class AttributeTable;
class SearchBox;
class CommuneProfile;
class GapDialog;
class SitingDialog;
class PwpDialog;
class CompareDialog;
class ReferralDialog;
class CostDialog;
struct DialogContext;

/// Result layers read and prepared on a worker thread (the GUI thread only swaps them in).
struct LoadedResults {
  std::vector<MapLayer> layers;
  std::optional<gis::VectorLayer> gap_table;
  std::string error;
};

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a project. `wait`: load on this thread (tests, command line); otherwise the
  /// layers load on worker threads and the window stays responsive. Returns false (and
  /// shows the error) when the project cannot be opened.
  bool open_project(const QString& path, bool wait = false);
  const LoadedProject& project() const { return project_; }
  MapCanvas* canvas() const { return canvas_; }

  /// File > Save project: writes the layer tree's visibility, order and the styles chosen in
  /// the Style dialog to the table swsplan_map_styles (one commit, worker thread; `wait`: until
  /// done). False when nothing is open or another writer is busy (named in the status bar).
  bool save_project(bool wait = false);
  /// Sets a layer's style as the Style dialog does (saved by save_project()).
  void set_layer_style(const std::string& name, const LayerStyle& style);
  /// Reorders the layers (top first, as in the layer tree); unlisted layers go below.
  void set_layer_order_top_first(const std::vector<std::string>& names);

  /// File > Add data layer...: reads a vector file, a CSV with coordinate columns or a raster
  /// (main_window_added.cpp, added_layers.hpp) on a worker thread and puts it on top of the
  /// layer tree; the file is not imported. `wait`: until it is on the map. False (and a
  /// message naming the file and the cause) when it cannot be read.
  bool add_data_layer(const QString& path, bool wait = false);
  /// Layer > Remove layer: takes a layer added from a file off the map (project layers stay;
  /// the status bar says to untick them). False when `name` is not an added layer.
  bool remove_data_layer(const std::string& name);
  /// The file of a layer added with add_data_layer(), or "" for a project layer.
  std::string data_layer_source(const std::string& name) const;
  /// Added layers of the saved map state still being read after open_project().
  bool data_layers_loading() const { return added_pending_ > 0; }

  /// Checks/unchecks a layer in the tree (and the map).
  void set_layer_visible(const std::string& name, bool visible);
  /// Shows identify results for the features under a map point; returns them.
  std::vector<IdentifyHit> identify_at(double x, double y);
  /// The identify panel's text (layer, then field = value lines), for tests.
  QString identify_text() const;
  /// Shows `layer` in the attribute table.
  void show_attributes(const std::string& layer);
  /// Rows selected in the attribute table (layer rows, ascending; also rows its filter hides).
  std::vector<std::uint32_t> table_selection() const;
  /// Selects `rows` of `layer` on the map and in the attribute table (which shows the layer).
  void select_features(const std::string& layer, std::vector<std::uint32_t> rows);
  /// The attribute table dock's widget (filter, show selected only, zoom to selected).
  AttributeTable* attribute_table() const { return attr_table_; }
  /// The toolbar's place search (Ctrl+F).
  SearchBox* search_box() const { return search_; }
  /// Writes the current map (title, legend, scale bar, north arrow, attribution).
  void export_map(const QString& path, const QString& title = {});
  /// The legend widget's image.
  QImage legend_image() const;

  /// Hook for the analysis panels (gap analysis, siting): adds `panel` as a dock with a
  /// menu entry under Analysis. The panel may call reload_layer() after writing results.
  QDockWidget* add_analysis_panel(QWidget* panel, const QString& title);
  /// Re-reads one layer from the project file (e.g. gap_communes after an analysis).
  void reload_layer(const std::string& name);

  /// Switches the UI language ("en" or "km") and remembers it. Open dialogs that are not
  /// running are rebuilt in the new language (in place, if shown, with their last result
  /// text; their fields return to the defaults); a running one keeps its language.
  void set_language(const QString& code);
  /// True when the layer tree's visibility, order or styles changed since the project was
  /// opened or last saved (File > Save project); Quit then asks first.
  bool map_changed() const { return map_edits_ != saved_edits_; }

  /// The analysis dialogs (created for the open project on first use; null without a project).
  GapDialog* gap_dialog();
  SitingDialog* siting_dialog();
  CommuneProfile* commune_profile() const { return profile_; }
  /// Shows the numbers per service of the commune under map point (x, y); its pcode or "".
  std::string show_commune_profile_at(double x, double y);
  /// Adds a point to the user layer `layer` (kUserCandidates / kUserOffices) at map point
  /// (x, y), or removes the one within `tolerance_m`; written to the project on a worker
  /// thread (`wait`: until done). Returns false if an edit is still running.
  bool toggle_user_point_at(const std::string& layer, double x, double y, double tolerance_m, bool wait = false);
  /// Map layers derived from a siting result (van stops at their communes, assignment lines
  /// village -> office) plus the scenario's offices layer reloaded from the project; read
  /// and prepared on a worker thread, then results_shown().
  void show_siting_result(const layers::SitingResult& r);
  /// Reloads the gap layers and the commune profile table after a gap analysis (worker
  /// thread, then results_shown()).
  void show_gap_result();

  // PWP road works, PWP scenarios, scenario comparison and costs (pwp_jobs.hpp).
  PwpDialog* pwp_dialog();
  CompareDialog* compare_dialog();
  ReferralDialog* referral_dialog();
  CostDialog* cost_dialog();
  /// Road class given to roads drawn with the "Draw road works" tool (pwp_track by default).
  QComboBox* road_class_box() const { return road_class_; }
  /// Stores a drawn road (vertices in the map CRS) in user_pwp_works with the road class of
  /// road_class_box(), on a worker thread (`wait`: until done). False if an edit is running.
  bool add_user_work_at(const std::vector<std::pair<double, double>>& xy, bool wait = false);
  /// Removes the drawn road within `tolerance_m` of map point (x, y), if any.
  bool remove_user_work_at(double x, double y, double tolerance_m, bool wait = false);
  /// Removes the road works selected in the attribute table (when it shows user_pwp_works).
  bool remove_selected_works(bool wait = false);
  /// Shows a PWP result: the scenario's works and the per-commune gain (diverging choropleth
  /// of net poor households gaining access to the first service), then results_shown().
  void show_pwp_result(const layers::PwpResult& r);
  /// Shows a comparison's difference layer as a diverging choropleth of diff_covered_poor
  /// (red: B covers fewer poor households than A, white: same, blue: more), then results_shown().
  void show_compare_result(const layers::ScenarioDiff& d);
  /// Draws the stored referral_<mode> lines classed by time (main_window_referral.cpp).
  void show_referral_result(const gis::VectorLayer& lines);

 signals:
  void user_points_changed(const QString& layer);
  /// A drawn road was stored or removed (or the edit failed: `ok` false).
  void user_works_changed(bool ok);
  /// The result layers of a gap analysis or siting run are on the map (they are read and
  /// prepared on a worker thread after the run); `layer` is the main one, empty on error.
  void results_shown(const QString& layer);
  /// save_project() finished (`ok` false: the error was shown, the file is unchanged).
  void project_saved(bool ok);
  /// open_project() finished: `ok` false when it failed (the message box "open_error" and the
  /// status bar name the file and the cause).
  void project_opened(const QString& path, bool ok);
  /// add_data_layer() finished (`ok` false: the message box "add_layer_error" names the file).
  void data_layer_added(const QString& path, bool ok);

 protected:
  void changeEvent(QEvent* e) override;
  /// Asks Save / Discard / Cancel when map_changed().
  void closeEvent(QCloseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  /// Refills the attribute table's layer list from the canvas (without firing its selection).
  void refresh_table_layers();
  void build_actions();
  void build_docks();
  void retranslate();
  /// "Gap classes of": the service (or the worst one) the 2x2 map shows, from the layer tree.
  void build_gap_menu();
  /// Rebuilds the dialogs built in another language (those not running).
  void renew_dialogs();
  void apply_project(LoadedProject p);
  void open_failed(const QString& path, const std::string& cause);
  // Layers added from files (main_window_added.cpp).
  void build_added_layers_ui();
  void retranslate_added_layers();
  /// After apply_project: reads again the added layers of the saved map state (a missing file
  /// is named in the status bar and skipped).
  void restore_added_layers();
  void add_failed(const QString& path, const std::string& cause);
  /// Default style of a layer: an added layer's own, else default_style() by name.
  LayerStyle layer_default_style(const std::string& name) const;
  void rebuild_layer_tree();
  void sync_order_from_tree();
  void update_legend();
  void update_recent_menu();
  void add_recent(const QString& path);
  void style_dialog(const std::string& layer);
  void on_identified(const std::vector<IdentifyHit>& hits);
  void on_map_selection(const std::string& layer, const std::vector<std::uint32_t>& ids);
  void on_table_selection();
  std::string current_tree_layer() const;
  void export_dialog(bool pdf);
  void load_gap_table();
  void order_layers();
  DialogContext dialog_context() const;
  std::vector<std::string> line_layers() const;
  bool any_job_running() const;
  /// Why another writer of the open project is busy (a dialog's job other than `except`, a
  /// point or road-works edit), or empty: one project writer at a time.
  QString busy_writer(const class JobDialog* except) const;
  void start_works_edit(std::function<bool()> edit, bool wait);

  MapCanvas* canvas_ = nullptr;
  LoadedProject project_;
  QTranslator translator_;
  QString language_ = "en";

  QTreeWidget* layer_tree_ = nullptr;
  QLabel* legend_ = nullptr;
  QTreeWidget* identify_ = nullptr;
  QTableView* table_ = nullptr;
  QComboBox* table_layer_ = nullptr;
  AttributeModel* model_ = nullptr;
  AttributeTable* attr_table_ = nullptr;
  SearchBox* search_ = nullptr;
  QSortFilterProxyModel* proxy_ = nullptr;
  QDockWidget *layers_dock_ = nullptr, *legend_dock_ = nullptr, *table_dock_ = nullptr, *identify_dock_ = nullptr;
  QLabel *coords_ = nullptr, *scale_ = nullptr, *render_ = nullptr;
  bool syncing_ = false;

  QMenu *file_menu_ = nullptr, *recent_menu_ = nullptr, *view_menu_ = nullptr, *layer_menu_ = nullptr,
        *analysis_menu_ = nullptr, *lang_menu_ = nullptr, *help_menu_ = nullptr;
  QAction *open_ = nullptr, *export_png_ = nullptr, *export_pdf_ = nullptr, *quit_ = nullptr;
  QAction *pan_ = nullptr, *zoom_in_ = nullptr, *zoom_out_ = nullptr, *zoom_full_ = nullptr, *zoom_layer_ = nullptr,
          *identify_tool_ = nullptr, *measure_ = nullptr, *select_ = nullptr,
          *measure_area_ = nullptr;
  QAction *style_ = nullptr, *attributes_ = nullptr, *gap_analysis_ = nullptr, *siting_ = nullptr;
  QAction* gap_classes_ = nullptr;  ///< submenu: the service the gap map shows
  QAction *lang_en_ = nullptr, *lang_km_ = nullptr, *about_ = nullptr;
  QActionGroup* tools_ = nullptr;
  QAction *add_candidate_ = nullptr, *add_office_ = nullptr;
  QDockWidget* profile_dock_ = nullptr;
  CommuneProfile* profile_ = nullptr;
  QPointer<GapDialog> gap_dialog_;
  QPointer<SitingDialog> siting_dialog_;
  std::string place_layer_;
  QFutureWatcher<bool>* point_edit_ = nullptr;
  QAction *draw_works_ = nullptr, *remove_work_ = nullptr, *delete_works_ = nullptr, *pwp_ = nullptr, *compare_ = nullptr, *costs_ = nullptr,
          *referral_ = nullptr;
  QComboBox* road_class_ = nullptr;
  QPointer<PwpDialog> pwp_dialog_;
  QPointer<CompareDialog> compare_dialog_;
  QPointer<ReferralDialog> referral_dialog_;
  QPointer<CostDialog> cost_dialog_;
  QFutureWatcher<bool>* works_edit_ = nullptr;
  QString works_error_;
  QAction* save_ = nullptr;
  QFutureWatcher<bool>* save_job_ = nullptr;
  /// Layers whose style the user chose (Style dialog or restored from the project): saved.
  std::set<std::string> styled_;
  /// Map edits (visibility, order, style) made / saved: map_changed() when they differ.
  std::uint64_t map_edits_ = 0, saved_edits_ = 0;
  QAction *add_layer_ = nullptr, *remove_layer_ = nullptr;
  /// Layers added from files: name -> source ("path" or "path#layer").
  std::map<std::string, std::string> added_;
  /// Rows of the saved map state whose added layer could not be read at open (file missing or
  /// unreadable): written again by Save project, so a file that is back later returns to the map.
  std::vector<SavedLayerState> unavailable_added_;
  int added_pending_ = 0;
  /// Bumped by apply_project: async work captures it when it starts and drops its results
  /// when another project was opened meanwhile.
  std::uint64_t project_gen_ = 0;
  /// Bumped by every open_project: only the latest asynchronous open is applied.
  std::uint64_t open_seq_ = 0;
};

}  // namespace swsplan::gui
