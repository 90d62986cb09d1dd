/** The device profile select's choices, in the register and edit forms: none, then each profile with what tells them apart. */
export function profileOptions(profiles: ReadonlyArray<{ id: string; name: string; region: string; deviceClass: string }> | undefined) {
  return [{ value: "", label: "No profile" }, ...(profiles ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.region}, class ${p.deviceClass})` }))];
}
