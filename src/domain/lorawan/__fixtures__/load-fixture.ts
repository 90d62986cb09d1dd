import { readFileSync } from "node:fs";

/**
 * A fresh copy of a hand-written fixture, so a test can break one field
 * without affecting others. Typed loosely because tests mutate it freely.
 */
export function loadFixture(relativePath: string): any {
  return JSON.parse(readFileSync(new URL(relativePath, import.meta.url), "utf8"));
}
