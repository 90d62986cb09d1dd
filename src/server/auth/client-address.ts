/**
 * The caller's address for rate limiting. Behind the council's reverse proxy the first X-Forwarded-For
 * hop is the client; the proxy must overwrite (not append to) that header for the limit to hold.
 */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
}
