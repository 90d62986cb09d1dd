/** Who an audit entry says acted: a person's email, an API key by name, or the system itself. */
export function auditActorLabel(entry: { actorEmail: string | null; actorApiKeyName?: string | null }): string {
  if (entry.actorEmail) return entry.actorEmail;
  if (entry.actorApiKeyName) return `API key “${entry.actorApiKeyName}”`;
  return "system";
}
