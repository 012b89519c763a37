#include "model/design.h"

#include <algorithm>

namespace strata {

namespace {
template <class C, class T = typename C::value_type> auto* byId(C& items, const std::string& id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

bool isC4Layer(const PackageLayer& layer) {
    return layer.name.size() == 2 && (layer.name[0] == 'c' || layer.name[0] == 'C') &&
           layer.name[1] == '4';
}

Stack* findStack(Design& d, const std::string& id) {
    return byId(d.stacks, id);
}
const Stack* findStack(const Design& d, const std::string& id) {
    return byId(d.stacks, id);
}
Link* findLink(Design& d, const std::string& id) {
    return byId(d.links, id);
}
const Link* findLink(const Design& d, const std::string& id) {
    return byId(d.links, id);
}

std::optional<DieRef> findDie(const Design& d, const std::string& die_id) {
    for (std::size_t s = 0; s < d.stacks.size(); ++s)
        for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t)
            if (d.stacks[s].tiers[t].die.id == die_id)
                return DieRef{&d.stacks[s], &d.stacks[s].tiers[t], s, t};
    return std::nullopt;
}

std::vector<DieRef> allDies(const Design& d) {
    std::vector<DieRef> out;
    for (std::size_t s = 0; s < d.stacks.size(); ++s)
        for (std::size_t t = 0; t < d.stacks[s].tiers.size(); ++t)
            out.push_back(DieRef{&d.stacks[s], &d.stacks[s].tiers[t], s, t});
    return out;
}

} // namespace strata
