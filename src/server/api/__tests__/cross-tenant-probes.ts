import type { createTenantWithTeam } from "../../../../test/factories";

export interface VictimTenant {
  team: Awaited<ReturnType<typeof createTenantWithTeam>>;
  invitationId: string;
}

/**
 * For every tenant procedure: the input an attacker in tenant A would send to reach tenant B's data
 * (B's ids in every id field). The isolation suite fails for any tenant procedure missing here, so a
 * new procedure cannot ship without a cross-tenant check.
 */
export const crossTenantProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "workspace.current": () => undefined,
  "team.members": () => undefined,
  "team.invitations": () => undefined,
  "team.invite": (v) => ({ email: v.team.viewer.email, role: "viewer" }),
  "team.changeRole": (v) => ({ userId: v.team.member.id, role: "admin" }),
  "team.remove": (v) => ({ userId: v.team.member.id }),
  "team.revokeInvitation": (v) => ({ invitationId: v.invitationId }),
};
