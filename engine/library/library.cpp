#include "library/library.h"

#include <algorithm>

namespace strata {

bool Provenance::isAssumed(const std::string& field) const {
    return std::find(assumed.begin(), assumed.end(), field) != assumed.end();
}

namespace {
template <class T> const T* byId(const std::vector<T>& items, const std::string& id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
    return it == items.end() ? nullptr : &*it;
}
} // namespace

const Material* Library::material(const std::string& id) const {
    return byId(materials, id);
}
const TechNode* Library::technology(const std::string& id) const {
    return byId(technologies, id);
}
const PackageKind* Library::package(const std::string& id) const {
    return byId(packages, id);
}
const BondType* Library::bond(const std::string& id) const {
    return byId(bonds, id);
}
const PhyType* Library::phy(const std::string& id) const {
    return byId(phys, id);
}
const MemoryType* Library::memory(const std::string& id) const {
    return byId(memories, id);
}
const ChipletType* Library::chiplet(const std::string& id) const {
    return byId(chiplets, id);
}
const NodeEnergy* Library::energy(const std::string& node) const {
    return byId(energies, node);
}
const WorkloadSpec* Library::workload(const std::string& id) const {
    return byId(workloads, id);
}

} // namespace strata
