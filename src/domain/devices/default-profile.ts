/** What choosing a default needs to know of a profile: how many of the tenant's devices use it. */
export interface ProfileUsage { id: string; name: string; devices: number }

/**
 * The profile a new device starts with (the register form's preselection, and every row of a CSV
 * file without a profile column): the tenant's only profile, else the one most of its devices use.
 * With no clear choice (no profiles, none used yet, or a tie) there is none, and the device has no
 * profile unless someone picks one.
 */
export function defaultProfile<T extends ProfileUsage>(profiles: readonly T[]): T | null {
  if (profiles.length === 1) return profiles[0]!;
  const most = Math.max(0, ...profiles.map((p) => p.devices));
  const leaders = profiles.filter((p) => p.devices === most);
  return most > 0 && leaders.length === 1 ? leaders[0]! : null;
}
