-- Argo CD health of a tracker.torrust.com/TrackerDeployment, from the status the operator writes
-- (docs/operator.md): Healthy, Progressing, Degraded or Suspended, with the condition's message.
local hs = {}
local function result(status, message)
  hs.status = status
  hs.message = message
  return hs
end

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  return result("Progressing", "Being deleted: the operator is cleaning up the host")
end
if obj.metadata ~= nil and obj.metadata.annotations ~= nil and obj.metadata.annotations["tracker.torrust.com/paused"] == "true" then
  return result("Suspended", "Paused by the annotation tracker.torrust.com/paused")
end
if obj.status == nil or obj.status.conditions == nil then
  return result("Progressing", "Waiting for the operator to look at the host")
end
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration < generation) then
  return result("Progressing", "Waiting for the operator to apply generation " .. generation)
end

local conditions = {}
for _, condition in ipairs(obj.status.conditions) do
  conditions[condition.type] = condition
end
local function message(condition)
  if condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  return condition.reason or ""
end

local stalled = conditions["Stalled"]
if stalled ~= nil and stalled.status == "True" then
  return result("Degraded", (stalled.reason or "Stalled") .. ": " .. message(stalled))
end
local reconciling = conditions["Reconciling"]
if reconciling ~= nil and reconciling.status == "True" then
  return result("Progressing", message(reconciling))
end
local drifted = conditions["Drifted"]
if drifted ~= nil and drifted.status == "True" then
  return result("Degraded", "Drift: " .. message(drifted))
end
local ready = conditions["Ready"]
if ready == nil or ready.status == "Unknown" then
  return result("Progressing", ready and message(ready) or "Waiting for the operator to look at the host")
end
if ready.status == "True" then
  return result("Healthy", message(ready))
end
if ready.reason == "ServicesStarting" then
  return result("Progressing", message(ready))
end
return result("Degraded", (ready.reason or "NotReady") .. ": " .. message(ready))
