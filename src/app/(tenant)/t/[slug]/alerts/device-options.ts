/** A device as the alert form's picker names it. */
export interface DeviceChoice { id: string; name: string }

export const ALL_DEVICES = { value: "", label: "All devices" } as const;

/**
 * The alert form's device options: all devices, then the devices the search found (a page of them),
 * with the device chosen (the rule's own, when changing a one-device rule) always among them, so a
 * select cannot fall back to "All devices" because that device is not on the page or not loaded yet.
 */
export function deviceOptions(found: readonly DeviceChoice[], chosen: DeviceChoice | null): Array<{ value: string; label: string }> {
  const listed = found.map((d) => ({ value: d.id, label: d.name }));
  const missing = chosen && !found.some((d) => d.id === chosen.id) ? [{ value: chosen.id, label: chosen.name }] : [];
  return [ALL_DEVICES, ...missing, ...listed];
}
