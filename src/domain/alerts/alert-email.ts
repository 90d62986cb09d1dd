/** An alert as its email names it: the rule, and what was seen when it fired. */
export interface AlertNotice { ruleName: string; message: string }
/** An alert whose condition has ended, with when it held. */
export interface ResolvedNotice extends AlertNotice { startedAt: Date; clearedAt: Date }

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * One email to the tenant's contact about the alerts of a round: those that fired, then those that
 * resolved (only alerts whose firing was emailed are said to resolve), with a link to the portal.
 */
export function alertEmail(tenantName: string, fired: readonly AlertNotice[], resolved: readonly ResolvedNotice[], alertsUrl: string): { subject: string; text: string } {
  const subject =
    resolved.length === 0 ? (fired.length === 1 ? `${tenantName}: ${fired[0]!.ruleName}` : `${tenantName}: ${fired.length} new alerts`)
    : fired.length === 0 ? (resolved.length === 1 ? `${tenantName}: resolved: ${resolved[0]!.ruleName}` : `${tenantName}: ${resolved.length} alerts resolved`)
    : `${tenantName}: ${fired.length} new ${fired.length === 1 ? "alert" : "alerts"}, ${resolved.length} resolved`;
  const sections = [
    fired.length ? [`New alerts for ${tenantName}:`, "", ...fired.map((a) => `- ${a.ruleName}: ${a.message}`)] : [],
    resolved.length ? [`Resolved for ${tenantName} (the condition no longer holds):`, "", ...resolved.map((a) => `- ${a.ruleName}: ${a.message} In force from ${utc(a.startedAt)} to ${utc(a.clearedAt)}.`)] : [],
  ].filter((lines) => lines.length);
  return { subject, text: [...sections.flatMap((lines) => [...lines, ""]), `See them in the portal: ${alertsUrl}`].join("\n") };
}
