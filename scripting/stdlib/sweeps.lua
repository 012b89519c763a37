-- Small helpers for design-space scripts (require "sweeps").
local M = {}

-- Values from first to last in `count` evenly spaced steps (both ends included).
function M.linspace(first, last, count)
  assert(count >= 2, "linspace needs at least two points")
  local out = {}
  for i = 0, count - 1 do
    out[#out + 1] = first + (last - first) * i / (count - 1)
  end
  return out
end

-- Rows whose objectives no other row beats on every one: objectives = {{"metric", "min"|"max"}}.
function M.pareto(rows, objectives)
  local function better(a, b) -- a dominates b
    local strictly = false
    for _, o in ipairs(objectives) do
      local x, y = a[o[1]], b[o[1]]
      if o[2] == "max" then x, y = -x, -y end
      if x > y then return false end
      if x < y then strictly = true end
    end
    return strictly
  end
  local front = {}
  for i, r in ipairs(rows) do
    local dominated = false
    for j, s in ipairs(rows) do
      if i ~= j and better(s, r) then dominated = true break end
    end
    if not dominated then front[#front + 1] = r end
  end
  return front
end

return M
