#include "resolution_menu.h"

#include "evaluation_runner.h"
#include "thermal/builder.h"

#include <QActionGroup>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>

namespace strata::studio {

namespace {
constexpr const char* kSettingsKey = "evaluate/thermalResolution";
} // namespace

QString resolutionLabel(const QString& resolution) {
    if (resolution == "coarse")
        return QObject::tr("coarse preview");
    if (resolution == "default" || resolution.isEmpty())
        return QObject::tr("default grid");
    if (resolution == "fine")
        return QObject::tr("fine grid");
    return QObject::tr("%1 cells").arg(resolution);
}

QMenu* thermalResolutionMenu(QWidget* parent, EvaluationRunner* runner, QAction* evaluateNow) {
    auto* menu = new QMenu(QObject::tr("Thermal &Resolution"), parent);
    auto* group = new QActionGroup(menu);
    auto add = [&](const QString& text, const QString& value) {
        QAction* a = menu->addAction(text);
        a->setCheckable(true);
        a->setData(value);
        group->addAction(a);
        return a;
    };
    add(QObject::tr("&Default (32 cells across the largest die)"), "default");
    add(QObject::tr("&Fine (64 cells across the largest die)"), "fine");
    QAction* custom = add(QObject::tr("&Custom…"), "");

    const auto choose = [runner, custom, evaluateNow](const QString& value) {
        runner->setFullResolution(value.toStdString());
        QSettings().setValue(kSettingsKey, value);
        if (evaluateNow)
            evaluateNow->setText(QObject::tr("Evaluate &Now (%1)").arg(resolutionLabel(value)));
        const bool isCount = value != "default" && value != "fine";
        custom->setText(isCount ? QObject::tr("&Custom (%1 cells)…").arg(value)
                                : QObject::tr("&Custom…"));
    };
    QString saved = QSettings().value(kSettingsKey, "default").toString();
    if (saved == "coarse" || !thermal::parseResolution(saved.toStdString()))
        saved = "default"; // an edited or stale setting (coarse is the live preview's)
    const bool savedIsCount = saved != "default" && saved != "fine";
    if (savedIsCount)
        custom->setData(saved);
    choose(saved);
    for (QAction* a : group->actions())
        a->setChecked(a->data().toString() == saved);

    QObject::connect(group, &QActionGroup::triggered, menu, [=](QAction* a) {
        QString value = a->data().toString();
        if (a == custom) {
            bool ok = false;
            const QString now = QString::fromStdString(runner->fullResolution());
            const int cells = QInputDialog::getInt(
                parent, QObject::tr("Thermal resolution"),
                QObject::tr("Cells across the largest die (%1 to %2; a grid that would not fit "
                            "in memory is refused):")
                    .arg(thermal::kMinCellsAcrossDie)
                    .arg(thermal::kMaxCellsAcrossDie),
                now.toInt() > 0 ? now.toInt() : 96, thermal::kMinCellsAcrossDie,
                thermal::kMaxCellsAcrossDie, 8, &ok);
            if (!ok) { // cancelled: keep the previous choice checked
                for (QAction* other : group->actions())
                    other->setChecked(other->data().toString() == now ||
                                      (other == custom && now.toInt() > 0));
                return;
            }
            value = QString::number(cells);
            custom->setData(value);
        }
        choose(value);
        runner->evaluateNow();
    });
    return menu;
}

} // namespace strata::studio
