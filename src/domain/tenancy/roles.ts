/** Tenant roles from most to least powerful; a procedure asks for a minimum. */
export const TENANT_ROLES = ["owner", "admin", "member", "viewer"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const PLATFORM_ROLES = ["operator", "billing"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

const rank: Record<TenantRole, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

export function hasTenantRole(actual: TenantRole, minimum: TenantRole): boolean {
  return rank[actual] >= rank[minimum];
}

/** Only an owner can hand out (or take away) ownership; admins manage everyone below owner. */
export function canAssignRole(actor: TenantRole, target: TenantRole): boolean {
  return target === "owner" ? actor === "owner" : hasTenantRole(actor, "admin");
}
