// The main window's library: File ▸ Import ▸ CDXML Part into Library… (interop/cdxml_import.h).
// The part's entry is written to the user's library folder, so later sessions and strata-cli
// have it too, and added to the library the document uses now, so that it can be dragged onto
// the canvas at once.
#include "core/atomic_file.h"
#include "docks.h"
#include "document.h"
#include "interop/cdxml_import.h"
#include "library/library_loader.h"
#include "main_window.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>

#include <algorithm>
#include <memory>

namespace strata::studio {

namespace {

// Libraries made in this process (a part added) live until it ends: evaluations, scripts and
// windows that started with one may still read it.
std::vector<std::unique_ptr<Library>>& madeLibraries() {
    static std::vector<std::unique_ptr<Library>> libraries;
    return libraries;
}

} // namespace

bool MainWindow::importCdxmlPartFile(const QString& path, const CdxmlOptions& options,
                                     QString& message) {
    const CdxmlImport r = strata::importCdxmlPart(path.toStdString(), doc_->library(), options);
    const QStringList said = noteLines(r.notes);
    if (!r.ok) {
        message = tr("%1 cannot be imported:\n\n%2").arg(path, said.join("\n"));
        return false;
    }
    const QString dir = QString::fromStdString(userLibraryWriteDir());
    const QString file = dir + "/" + QString::fromStdString(r.id) + ".json";
    if (dir.isEmpty() || !QDir().mkpath(dir)) {
        message = tr("Nothing added: no library folder can be made (%1)").arg(dir);
        return false;
    }
    if (const std::string error = writeFileAtomically(file.toStdString(), r.text); !error.empty()) {
        message = tr("Nothing added: %1").arg(QString::fromStdString(error));
        return false;
    }
    // The document's library with the part, replacing an earlier import of it.
    auto library = std::make_unique<Library>(doc_->library());
    std::erase_if(library->chiplets, [&](const ChipletType& c) { return c.id == r.id; });
    std::vector<Diagnostic> problems;
    loadLibraryText(r.text, file.toStdString(), *library, problems);
    const ChipletType* part = library->chiplet(r.id);
    if (!part) { // importCdxmlPart loaded it once already: not expected
        message = tr("%1 was written but does not load").arg(file);
        return false;
    }
    const QString name = QString::fromStdString(part->name);
    madeLibraries().push_back(std::move(library));
    doc_->setLibrary(*madeLibraries().back());
    libraryPanel_->setLibrary(doc_->library());
    message = tr("Added %1 to the library as %2 (written to %3): drag it from the Library onto "
                 "the canvas.\n\n%4")
                  .arg(name, QString::fromStdString(r.id), file, said.join("\n\n"));
    return true;
}

void MainWindow::importCdxmlPart() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import CDXML part"), {},
                                                      tr("CDXML parts (*.xml *.cdxml)"));
    if (path.isEmpty())
        return;
    // What CDXML does not carry: the part's kind, power and price.
    QDialog ask(this);
    ask.setWindowTitle(tr("CDXML part"));
    auto* form = new QFormLayout(&ask);
    form->addRow(new QLabel(tr("CDXML carries no kind, power or price: give them for %1.")
                                .arg(QFileInfo(path).fileName())));
    auto* kind = new QComboBox;
    for (const auto& [id, label] : {std::pair{"io", tr("IO")},
                                    {"memory", tr("Memory")},
                                    {"cache", tr("Cache / SRAM")},
                                    {"nmc", tr("Near-memory compute")},
                                    {"compute", tr("Compute")}})
        kind->addItem(label, QString(id));
    auto* power = new QDoubleSpinBox;
    power->setRange(0, 5000);
    power->setDecimals(3);
    power->setSuffix(" W");
    auto* price = new QDoubleSpinBox;
    price->setRange(0, 1e7);
    price->setDecimals(2);
    price->setSuffix(" USD");
    price->setSpecialValueText(tr("none (cost asks for one)"));
    form->addRow(tr("Kind"), kind);
    form->addRow(tr("Typical power"), power);
    form->addRow(tr("Price per part"), price);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    form->addRow(buttons);
    if (ask.exec() != QDialog::Accepted)
        return;
    CdxmlOptions options;
    options.kind = kind->currentData().toString().toStdString();
    options.power_w = power->value();
    options.unit_usd = price->value();
    QString message;
    showOutcome(importCdxmlPartFile(path, options, message), tr("CDXML part"), message);
}

} // namespace strata::studio
