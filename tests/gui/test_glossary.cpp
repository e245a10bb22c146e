// Unit: the Khmer translations against docs/glossary_km.md. Every message whose English has a
// domain term uses the glossary's Khmer for it, and no spoken polite form is used.
#include <catch2/catch.hpp>
#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <QXmlStreamReader>
#include <utility>
#include <vector>

namespace {

QString read(const QString& path) {
  QFile f(path);
  REQUIRE(f.open(QIODevice::ReadOnly));
  return QString::fromUtf8(f.readAll());
}

/// The glossary table's (English, Khmer) rows.
std::vector<std::pair<QString, QString>> glossary() {
  std::vector<std::pair<QString, QString>> out;
  const QString doc = read(QStringLiteral(SWSPLAN_SOURCE_DIR) + "/docs/glossary_km.md");
  for (const QString& line : doc.split('\n')) {
    if (!line.startsWith("| ") || line.startsWith("| English") || line.startsWith("|---")) continue;
    const QStringList cells = line.split('|');
    if (cells.size() >= 3) out.emplace_back(cells[1].trimmed(), cells[2].trimmed());
  }
  return out;
}

/// (source, translation) of every finished message of a .ts file.
std::vector<std::pair<QString, QString>> messages(const QString& ts) {
  std::vector<std::pair<QString, QString>> out;
  QXmlStreamReader x(read(ts));
  QString source;
  while (!x.atEnd()) {
    if (x.readNext() != QXmlStreamReader::StartElement) continue;
    if (x.name() == QLatin1String("source")) source = x.readElementText();
    else if (x.name() == QLatin1String("translation")) out.emplace_back(source, x.readElementText());
  }
  REQUIRE_FALSE(x.hasError());
  return out;
}

}  // namespace

TEST_CASE("glossary: every translation uses the glossary's term", "[gui][i18n]") {
  const auto terms = glossary();
  REQUIRE(terms.size() >= 10);
  const QChar zwsp(0x200B);
  int checked = 0;
  for (const char* ts : {"/app/translations/swsplan_km.ts", "/app/report/translations/swsplan_report_km.ts"}) {
    const auto all = messages(QStringLiteral(SWSPLAN_SOURCE_DIR) + ts);
    REQUIRE(all.size() > 50);
    for (const auto& [en, km] : all) {
      QString plain = km;
      plain.remove(zwsp);
      INFO(ts << ": " << en.toStdString() << " -> " << km.toStdString());
      CHECK_FALSE(plain.contains(QString::fromUtf8("បាទ")));
      CHECK_FALSE(plain.contains(QString::fromUtf8("ចាស")));
      for (const auto& [term, khmer] : terms) {
        // A word of the English text, not part of a table or field name (district_priority).
        const QRegularExpression word("(?<![A-Za-z_])" + QRegularExpression::escape(term) + "(?![_A-Za-z])",
                                      QRegularExpression::CaseInsensitiveOption);
        QString en_words = en;
        en_words.replace(QRegularExpression("s\\b"), "");  // plural: communes -> commune
        if (!word.match(en).hasMatch() && !word.match(en_words).hasMatch()) continue;
        QString want = khmer;
        want.remove(zwsp);
        CAPTURE(term.toStdString(), khmer.toStdString());
        CHECK(plain.contains(want));
        ++checked;
      }
    }
  }
  CHECK(checked > 100);
}
