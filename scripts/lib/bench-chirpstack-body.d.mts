/** See bench-chirpstack-body.mjs. */
export function chirpstackBody(i: number, devEuis: readonly string[], prefix: string, time?: string): string;
