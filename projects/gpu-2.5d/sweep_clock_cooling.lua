-- Clock against cooling for the GPU package: how fast can it run before it gets too hot, and
-- what does each token cost? Run from the repository:
--   strata-cli run projects/gpu-2.5d/sweep_clock_cooling.lua
-- then open projects/gpu-2.5d/gpu-sweep.db in the studio's sweep explorer (for example
-- perf.tokens_per_s against thermal.tj_max_c). Paths are relative to this script's folder.
local design = strata.load("design.strata.json")
local rows = strata.sweep{
  design = design,
  axes = {
    {path = "stacks[gpu].tiers[0].die.frequency_ghz", from = 0.9, to = 1.8, steps = 4},
    {path = "cooling.r_k_w", values = {0.02, 0.036, 0.06}}, -- sink to ambient, K/W
  },
  store = strata.store("gpu-sweep.db"),
  resolution = "coarse",
}
local front = strata.pareto(rows, {{"perf.tokens_per_s", "max"}, {"thermal.tj_max_c", "min"}})
print(("%d points, %d on the tokens/s vs Tj front"):format(#rows, #front))
for _, r in ipairs(front) do
  print(("  %s GHz, %s K/W: %6.1f tok/s at %5.1f C"):format(
    r.params["stacks[gpu].tiers[0].die.frequency_ghz"], r.params["cooling.r_k_w"],
    r.metrics["perf.tokens_per_s"], r.metrics["thermal.tj_max_c"]))
end
