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
-- Rows are strata.sweep's ({params, metrics, ...}) or flat tables of metric = value; rows that
-- lack an objective (failed points) are left out.
function M.pareto(rows, objectives)
  local function value(r, name)
    if type(r.metrics) == "table" then return r.metrics[name] end
    return r[name]
  end
  local usable = {}
  for _, r in ipairs(rows) do
    local complete = true
    for _, o in ipairs(objectives) do
      if type(value(r, o[1])) ~= "number" then complete = false end
    end
    if complete then usable[#usable + 1] = r end
  end
  local function better(a, b) -- a dominates b
    local strictly = false
    for _, o in ipairs(objectives) do
      local x, y = value(a, o[1]), value(b, o[1])
      if o[2] == "max" then x, y = -x, -y end
      if x > y then return false end
      if x < y then strictly = true end
    end
    return strictly
  end
  local front = {}
  for i, r in ipairs(usable) do
    local dominated = false
    for j, s in ipairs(usable) do
      if i ~= j and better(s, r) then dominated = true break end
    end
    if not dominated then front[#front + 1] = r end
  end
  return front
end

return M
