import { timestamp } from "drizzle-orm/pg-core";

/** Every time is stored as timestamptz (UTC) and read back as a Date. */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: "date" });
}
