// Unit: app/gui/attribute_table.* + attribute_filter.*, driven through the real MainWindow
// offscreen: the filter narrows the rows as a brute-force count does, "show selected only"
// shows exactly the selection, a filter keeps hidden rows selected, "zoom to selected" and the
// selection count. Screenshots are kept.
#include <catch2/catch.hpp>
#include <QCheckBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "app/gui/attribute_table.hpp"
#include "app/gui/main_window.hpp"
#include "gui/gui_support.hpp"

using namespace swsplan;
using namespace swsplan::gui;

namespace {

bool centre_inside(const MapCanvas& c, const gis::Extent& e, double tol = 1e-6) {
  const auto& v = c.view();
  return v.center_x >= e.xmin - tol && v.center_x <= e.xmax + tol && v.center_y >= e.ymin - tol &&
         v.center_y <= e.ymax + tol;
}

gis::Extent union_box(const PreparedLayer& l, const std::vector<std::uint32_t>& rows) {
  gis::Extent e{1, 1, 0, 0};
  for (auto r : rows) {
    const auto& b = l.bbox(r);
    if (!e.valid()) e = b;
    e.xmin = std::min(e.xmin, b.xmin), e.ymin = std::min(e.ymin, b.ymin);
    e.xmax = std::max(e.xmax, b.xmax), e.ymax = std::max(e.ymax, b.ymax);
  }
  return e;
}

}  // namespace

TEST_CASE("attribute table: filter, show selected only, zoom to selected, selection count", "[gui][attributes]") {
  test::app();
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(test::sample_project()), true));
  auto* t = w.attribute_table();
  REQUIRE(t);
  w.show_attributes("villages");
  const auto* villages = w.canvas()->layer("villages");
  REQUIRE(villages);
  const auto& d = villages->data->data;
  const int n = int(d.size());
  CHECK(t->shown_rows() == n);
  auto count = [&](auto pred) {
    int k = 0;
    for (std::size_t r = 0; r < d.size(); ++r) k += pred(r) ? 1 : 0;
    return k;
  };
  auto filter = [&](const QString& text) {
    t->filter_edit()->setText(text);
    t->apply_filter();
    return t->shown_rows();
  };
  // field = value (text, case ignored), field > n (numbers), plain text in any field.
  CHECK(filter("adm2_pcode = kh9001") == count([&](std::size_t r) { return d.column("adm2_pcode").text(r) == "KH9001"; }));
  CHECK(t->shown_rows() > 0);
  CHECK(t->shown_rows() < n);
  const int big = count([&](std::size_t r) { return d.column("households").number(r).value_or(-1) > 200; });
  CHECK(filter("households > 200") == big);
  CHECK(filter("households >= 200") ==
        count([&](std::size_t r) { return d.column("households").number(r).value_or(-1) >= 200; }));
  CHECK(filter("name_en = 'Boeng Kouk'") == count([&](std::size_t r) { return d.column("name_en").text(r) == "Boeng Kouk"; }));
  CHECK(filter("boeng") == count([&](std::size_t r) {
          for (const auto& c : d.columns)
            if (QString::fromStdString(c.text(r)).contains("boeng", Qt::CaseInsensitive)) return true;
          return false;
        }));
  CHECK(filter("no_such_field > 3") == 0);
  CHECK(t->count_label()->text().contains("no field"));
  CHECK(filter("") == n);

  // The map's selection: "3 of 508 selected"; show selected only lists exactly those rows.
  const std::vector<std::uint32_t> sel{3, 10, 250};
  w.select_features("villages", sel);
  CHECK(w.table_selection() == sel);
  CHECK(t->count_label()->text() == QString("3 of %L1 selected").arg(n));
  t->selected_only_box()->setChecked(true);
  REQUIRE(t->shown_rows() == 3);
  std::vector<std::uint32_t> shown;
  for (int r = 0; r < t->proxy()->rowCount(); ++r)
    shown.push_back(std::uint32_t(t->proxy()->mapToSource(t->proxy()->index(r, 0)).row()));
  std::sort(shown.begin(), shown.end());
  CHECK(shown == sel);
  CHECK(t->view()->selectionModel()->selectedRows().size() == 3);
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(test::artefact("attributes_selected_only.png")));
  // A filter hiding a selected row keeps it selected (on the map too).
  const auto hidden_code = QString::fromStdString(d.column("vil_code").text(250));
  filter("vil_code != " + hidden_code);
  CHECK(t->shown_rows() == 2);
  CHECK(w.table_selection() == sel);
  CHECK(w.canvas()->selection() == sel);
  filter("");
  // Unselecting a row in the table: it leaves the list and the map's selection.
  t->view()->selectionModel()->select(t->proxy()->mapFromSource(t->model()->index(10, 0)),
                                      QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
  CHECK(w.table_selection() == std::vector<std::uint32_t>{3, 250});
  CHECK(w.canvas()->selection() == std::vector<std::uint32_t>{3, 250});
  CHECK(t->shown_rows() == 2);
  // A new selection on the map while the box is ticked: the list follows it.
  w.select_features("villages", {5});
  CHECK(t->shown_rows() == 1);
  w.select_features("villages", {3, 250});
  CHECK(t->shown_rows() == 2);
  t->selected_only_box()->setChecked(false);
  CHECK(t->shown_rows() == n);
  CHECK(t->count_label()->text() == QString("2 of %L1 selected").arg(n));

  // Zoom to selected: the view centre inside the selection's extent, every feature in view.
  w.canvas()->zoom_full();
  REQUIRE(t->zoom_button()->isEnabled());
  t->zoom_button()->click();
  const auto box = union_box(*villages->data, {3, 250});
  CHECK(centre_inside(*w.canvas(), box, 1e-3));
  const auto view = w.canvas()->view().extent();
  for (std::uint32_t r : {3u, 250u}) {
    const auto xy = *d.geom.first_xy(r);
    CHECK(xy.first >= view.xmin);
    CHECK(xy.first <= view.xmax);
    CHECK(xy.second >= view.ymin);
    CHECK(xy.second <= view.ymax);
  }
  REQUIRE(test::render_and_wait(*w.canvas()));
  w.grab().save(QString::fromStdString(test::artefact("attributes_zoom_to_selected.png")));
  w.select_features("villages", {});
  CHECK_FALSE(t->zoom_button()->isEnabled());
}

// Manual check on the national project (hidden; figures printed, never asserted):
//   SWSPLAN_NATIONAL_GPKG=build-x/nat.gpkg test_gui "[national][attributes]"
// The first text filter folds every field of every row once; later filters only search.
TEST_CASE("national project: attribute table filter time on the villages", "[.][national][attributes]") {
  test::app();
  const char* nat = std::getenv("SWSPLAN_NATIONAL_GPKG");
  if (!nat) {
    WARN("SWSPLAN_NATIONAL_GPKG not set: skipped");
    return;
  }
  MainWindow w;
  w.set_language("en");
  w.resize(1400, 900);
  w.show();
  REQUIRE(w.open_project(QString::fromStdString(nat), true));
  // The attribute table filter on the villages.
  w.show_attributes("villages");
  auto* t = w.attribute_table();
  for (const char* f : {"svay", "svay r", "adm1_pcode = KH03", "households > 500"}) {
    const auto t1 = std::chrono::steady_clock::now();
    t->filter_edit()->setText(f);
    t->apply_filter();
    std::printf("national attribute filter '%s' on %d villages: %d rows in %.1f ms\n", f, t->model()->rowCount(),
                t->shown_rows(), std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
  }
}
