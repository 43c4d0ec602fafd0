// The key that signs and encrypts portal sessions: NEXTAUTH_SECRET when set,
// otherwise a random key made on first start and kept in the data folder
// (mode 0600), so the embedded default needs no set-up and no key ships in
// the repository.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";

/** The key file's content by its path: read once per process, not on every request (it never changes once made). */
const keyFiles = new Map<string, string>();

export function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(dataDir(), "session-secret");
  const known = keyFiles.get(file);
  if (known) return known;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = readFileSync(file, "utf8").trim();
  keyFiles.set(file, key);
  return key;
}
