#pragma once
/// @file The toolbar's place search (Ctrl+F): type a name (Latin, any accents and case, or
/// Khmer) or a code (KH0301, 301, a village code); the popup lists matches as
/// "Kampong Cham (province KH03)"; choosing one zooms to it, selects it (map and attribute
/// table) and says what was found in the status bar. The index is built once per project
/// load on a worker thread (search_index.hpp).
#include <QFutureWatcher>
#include <QLineEdit>
#include <memory>
#include <vector>

#include "app/gui/search_index.hpp"

class QCompleter;
class QStandardItemModel;

namespace swsplan::gui {

class MainWindow;

class SearchBox : public QLineEdit {
  Q_OBJECT
 public:
  /// Adds its own Ctrl+F action to `window` and rebuilds the index whenever a project opens.
  explicit SearchBox(MainWindow* window);
  ~SearchBox() override;

  /// Rebuilds the index from the window's layers on a worker thread (index_ready() after).
  void rebuild();
  bool ready() const { return ready_; }
  const SearchIndex& index() const { return *index_; }
  /// Milliseconds the last index build took (on the worker).
  double build_ms() const { return build_ms_; }

  /// The popup's lines for `text` (what typing it shows), best first.
  QStringList suggestions(const QString& text);
  /// What the popup shows for an entry: "Kampong Cham (province KH03)".
  QString label(const SearchEntry& e) const;
  /// Zooms to entry `i`, selects it and reports it in the status bar.
  bool choose(std::size_t i);
  /// Chooses the best match of `text` (Enter); false (and a status message) when none.
  bool search(const QString& text);

 signals:
  void index_ready(int entries, double ms);
  /// An entry was chosen: its label.
  void found(const QString& label);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  void retranslate();
  void update_popup(const QString& text);

  MainWindow* window_;
  QCompleter* completer_;
  QStandardItemModel* model_;
  std::shared_ptr<const SearchIndex> index_;
  std::vector<std::size_t> shown_;  ///< entries listed in the popup, in order
  QFutureWatcher<std::shared_ptr<const SearchIndex>> job_;
  std::uint64_t generation_ = 0;
  bool ready_ = false;
  double build_ms_ = 0;
  QString last_chosen_;
};

}  // namespace swsplan::gui
