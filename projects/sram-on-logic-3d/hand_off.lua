-- Hand the 3D stack to physical design and a slide deck, and check that nothing was lost:
--   strata-cli run projects/sram-on-logic-3d/hand_off.lua [OUT]
-- writes into OUT (default: hand-off, beside this script) the assembly as 3Dblox (run
-- `openroad -exit check.tcl` there to lint it), the floorplan as SVG, and reads the 3Dblox back
-- as a design: same stacks, and with this design's cooling the same junction temperature.
local out = strata.args[1] or "hand-off"
local design = strata.load("design.strata.json")

local blox = design:export_3dblox(out, {name = "sram-on-logic"})
print(("3Dblox: %d chiplets, %d connections in %s"):format(blox.chiplets, blox.connections, out))
design:export_svg(out .. "/floorplan.svg")

local back, notes = strata.import_3dblox(out .. "/sram-on-logic.3dbx")
print(("read back: %d notes on what 3Dblox does not carry"):format(#notes))
-- 3Dblox has no cooling: give the read-back design this one's, then compare.
for _, key in ipairs({"r_k_w", "secondary_r_k_w", "spreader_width_mm", "sink_width_mm"}) do
  back:set("cooling." .. key, design:get("cooling." .. key))
end
local before = strata.evaluate(design, {only = "thermal", resolution = "coarse"})
local after = strata.evaluate(back, {only = "thermal", resolution = "coarse"})
local tj0, tj1 = before.metrics["thermal.tj_max_c"], after.metrics["thermal.tj_max_c"]
print(("Tj %.2f C before, %.2f C after the round trip"):format(tj0, tj1))
