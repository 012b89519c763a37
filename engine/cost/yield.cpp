#include "cost/yield.h"

#include <cmath>

namespace strata {

double dieYield(YieldModel model, double area_m2, double d0_per_m2, double alpha) {
    const double ad = area_m2 * d0_per_m2; // expected defects per die
    switch (model) {
    case YieldModel::Poisson:
        return std::exp(-ad);
    case YieldModel::Murphy: {
        if (ad < 1e-12)
            return 1.0 - ad; // limit of the expression as A D0 -> 0
        const double f = -std::expm1(-ad) / ad;
        return f * f;
    }
    case YieldModel::Seeds:
        return 1.0 / (1.0 + ad);
    case YieldModel::NegativeBinomial:
        return std::pow(1.0 + ad / alpha, -alpha);
    }
    return 0.0;
}

std::optional<YieldModel> parseYieldModel(const std::string& name) {
    if (name == "negative_binomial" || name == "nb")
        return YieldModel::NegativeBinomial;
    if (name == "poisson")
        return YieldModel::Poisson;
    if (name == "murphy")
        return YieldModel::Murphy;
    if (name == "seeds")
        return YieldModel::Seeds;
    return std::nullopt;
}

const char* yieldModelName(YieldModel model) {
    switch (model) {
    case YieldModel::NegativeBinomial:
        return "negative_binomial";
    case YieldModel::Poisson:
        return "poisson";
    case YieldModel::Murphy:
        return "murphy";
    case YieldModel::Seeds:
        return "seeds";
    }
    return "?";
}

} // namespace strata
