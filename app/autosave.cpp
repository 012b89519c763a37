#include "autosave.h"

#include "core/atomic_file.h"
#include "document.h"
#include "model/design_io.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace strata::studio {

Autosave::Autosave(Document* doc, QObject* parent) : QObject(parent), doc_(doc) {
    timer_.setInterval(30'000);
    connect(&timer_, &QTimer::timeout, this, &Autosave::saveNow);
    timer_.start();
    connect(doc_->undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (clean)
            discard(); // saved, or undone back to the saved state
    });
}

QString Autosave::recoveryDir() {
    const QByteArray env = qgetenv("STRATA_RECOVERY_DIR");
    const QString dir =
        env.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/recovery"
            : QString::fromLocal8Bit(env);
    QDir().mkpath(dir);
    return dir;
}

QStringList Autosave::pending() {
    QStringList files;
    const QDir dir(recoveryDir());
    for (const QString& f : dir.entryList({"*.strata.json"}, QDir::Files, QDir::Time))
        files << dir.filePath(f);
    return files;
}

QString Autosave::recoveryFile() const {
    const QString key = doc_->path().isEmpty()
                            ? QString("untitled-%1").arg(QCoreApplication::applicationPid())
                            : doc_->path();
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1);
    return recoveryDir() + "/" + QString::fromLatin1(hash.toHex().left(16)) + ".strata.json";
}

void Autosave::saveNow() {
    if (!doc_->isModified())
        return;
    const QString file = recoveryFile();
    if (saveDesignFile(doc_->design(), file.toStdString()).empty())
        writeFileAtomically((file + ".origin").toStdString(), doc_->path().toStdString());
}

void Autosave::discard() {
    const QString file = recoveryFile();
    QFile::remove(file);
    QFile::remove(file + ".origin");
}

QString Autosave::restore(Document& doc, const QString& recoveryFile) {
    const DesignLoad loaded = loadDesignFile(recoveryFile.toStdString());
    if (!loaded.ok())
        return QObject::tr("the recovery file %1 cannot be read").arg(recoveryFile);
    std::string origin, err;
    readWholeFile((recoveryFile + ".origin").toStdString(), origin, err);
    doc.reset(*loaded.design, QString::fromStdString(origin));
    doc.markModified();
    QFile::remove(recoveryFile);
    QFile::remove(recoveryFile + ".origin");
    return {};
}

} // namespace strata::studio
