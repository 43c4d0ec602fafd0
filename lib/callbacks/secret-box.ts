// The apps' callback signing secrets at rest. Standard Webhooks signs with
// HMAC-SHA256, which needs the secret itself at signing time, so unlike client
// secrets it cannot be kept only as a hash. It is kept AES-256-GCM encrypted
// under a key that is not in the database: PORTICO_CALLBACK_SECRET_KEY, or a
// random key made on first start in the data folder (mode 0600), as the
// session secret is. A copy of the database alone signs nothing.
// Security-critical.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config, dataDir } from "@/lib/config";

const VERSION = "v1";

function loadKey(): Buffer {
  const fromEnv = config.callbackSecretKey;
  const text = fromEnv ?? readOrCreateKeyFile();
  const key = Buffer.from(text, "base64url");
  if (key.length !== 32) throw new Error("PORTICO_CALLBACK_SECRET_KEY (or data/callback-secret-key) must be 32 bytes, base64url");
  return key;
}

function readOrCreateKeyFile(): string {
  const file = path.join(dataDir(), "callback-secret-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

let cached: Buffer | undefined;
const key = () => (cached ??= loadKey());

/** `v1.<iv>.<tag>.<ciphertext>`, base64url; the app id is bound as associated data, so a ciphertext moved to another app does not decrypt. */
export function sealSecret(secret: string, appId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(appId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret(sealed: string, appId: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("callback signing secret: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(appId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
