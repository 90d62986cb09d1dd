/** Where this installation's REST API is, from its public origin (APP_URL): what tenants' systems call. */
export function apiBaseUrl(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, "")}/api/v1`;
}
