#include "clipboard.h"

#include "model/design_io.h"

#include <QMimeData>

#include <set>

namespace strata::studio {

Design fragmentOf(const Design& design, const QStringList& stackIds) {
    Design f;
    f.name = "clipboard";
    f.package = design.package;
    std::set<std::string> dies;
    for (const Stack& s : design.stacks)
        if (stackIds.contains(QString::fromStdString(s.id))) {
            f.stacks.push_back(s);
            for (const Tier& t : s.tiers)
                dies.insert(t.die.id);
        }
    for (const Link& l : design.links)
        if (dies.count(l.from) && dies.count(l.to))
            f.links.push_back(l);
    return f;
}

QMimeData* mimeFor(const Design& fragment) {
    auto* mime = new QMimeData;
    const QByteArray json = QByteArray::fromStdString(designToJsonText(fragment));
    mime->setData(kStacksMime, json);
    mime->setText(QString::fromUtf8(json));
    return mime;
}

std::optional<Design> fragmentFrom(const QMimeData* mime) {
    if (!mime)
        return std::nullopt;
    const QByteArray json =
        mime->hasFormat(kStacksMime) ? mime->data(kStacksMime) : mime->text().toUtf8();
    if (json.isEmpty())
        return std::nullopt;
    DesignLoad load = parseDesign(json.toStdString(), "clipboard");
    if (!load.ok() || load.design->stacks.empty())
        return std::nullopt;
    return std::move(*load.design);
}

} // namespace strata::studio
