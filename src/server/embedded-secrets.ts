import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface EmbeddedSecrets { authSecret: string; deviceKeyEncryptionKey: string }

/**
 * Embedded (no DATABASE_URL) mode is for trying Longreach on a laptop, so it makes its own secrets once
 * and keeps them beside the database files; a server with a real database must be given them instead.
 */
export function loadOrCreateEmbeddedSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as EmbeddedSecrets;
  const secrets: EmbeddedSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    deviceKeyEncryptionKey: randomBytes(32).toString("hex"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
