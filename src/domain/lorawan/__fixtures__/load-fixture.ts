import { readFileSync } from "node:fs";

/**
 * A fresh copy of a hand-written fixture, so a test can break one field
 * without affecting others. Typed loosely because tests mutate it freely.
 */
export function loadFixture(relativePath: string): any {
  return JSON.parse(readFileSync(new URL(relativePath, import.meta.url), "utf8"));
}

/**
 * When the tests' network server "received" the fixtures: half an hour after the latest of their
 * 2025-03-14 times, so every one of them is within the clock policy's window (see event-clock.ts).
 */
export const FIXTURE_RECEIVED_AT = new Date("2025-03-14T12:50:00Z");
