#pragma once
// Autosave and crash recovery (DESIGN.md § GUI): while the design has unsaved changes it is
// written every 30 s, and after each evaluation, to a recovery file in the user's data folder
// (atomically, like every save). Saving or closing cleanly removes it; a recovery file found at
// start-up means the last session ended abnormally, and the studio offers to restore it.
#include <QObject>
#include <QTimer>

namespace strata::studio {

class Document;

class Autosave : public QObject {
    Q_OBJECT
public:
    explicit Autosave(Document* doc, QObject* parent = nullptr);

    static QString recoveryDir(); // overridable with STRATA_RECOVERY_DIR
    static QStringList pending(); // recovery files left by earlier sessions
    // Loads a recovery file into `doc` as modified work on its original path; empty on success.
    static QString restore(Document& doc, const QString& recoveryFile);

    QString recoveryFile() const;
    void saveNow();
    void discard();

private:
    Document* doc_;
    QTimer timer_;
};

} // namespace strata::studio
