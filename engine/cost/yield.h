#pragma once
// Die yield models (constants.md §6). Area in m², defect density in defects/m².
//   Poisson            Y = exp(-A D0)
//   Murphy             Y = ((1 - exp(-A D0)) / (A D0))^2
//   Seeds              Y = 1 / (1 + A D0)
//   Negative binomial  Y = (1 + A D0 / alpha)^(-alpha)   (Stapper; Chiplet Actuary, CATCH, HISIM)
#include <optional>
#include <string>

namespace strata {

enum class YieldModel { NegativeBinomial, Poisson, Murphy, Seeds };

double dieYield(YieldModel model, double area_m2, double d0_per_m2, double alpha);

std::optional<YieldModel> parseYieldModel(const std::string& name);
const char* yieldModelName(YieldModel model);

} // namespace strata
