#pragma once
// Where an installed Strata keeps its files: the running program is <prefix>/bin/<name>, its data
// under <prefix>/share/strata and its plugins under <prefix>/lib/strata/plugins
// (packaging/CMakeLists.txt). Programs run from the build tree find none of them and fall back to
// the source tree.
#include <string>

namespace strata {

// <prefix>/<relative> when that folder exists next to the running program; "" otherwise.
std::string installedDir(const std::string& relative);

} // namespace strata
