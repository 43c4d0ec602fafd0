// Every setting Portico reads from the environment, with its default and the
// reason for it. Read once; nothing else in the code touches process.env for
// these names. Settings the bank changes at run time (token lifetimes,
// maker-checker…) live in the database: see lib/settings.
import path from "node:path";

function int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function str(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? fallback : raw;
}

function optional(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? undefined : raw;
}

export type DatabaseConfig =
  | { dialect: "sqlite"; url: string; file: string }
  | { dialect: "postgres"; url: string; schema: string };

/**
 * DATABASE_URL: postgresql://… for scale-out; anything else (or nothing) means
 * the embedded SQLite file, by default data/portico.db, created on first start.
 * A `schema` query parameter on a PostgreSQL URL selects a schema other than
 * public (tests use it to get an isolated database per run).
 */
export function databaseConfig(url = process.env.DATABASE_URL): DatabaseConfig {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) throw new Error(`DATABASE_URL: invalid schema name "${schema}"`);
    parsed.searchParams.delete("schema");
    return { dialect: "postgres", url: parsed.toString(), schema };
  }
  const file = url ? url.replace(/^file:/, "") : path.join(dataDir(), "portico.db");
  return { dialect: "sqlite", url: `file:${file}`, file: path.resolve(file) };
}

/** Where the embedded database and generated keys live. */
export function dataDir(): string {
  return path.resolve(str("PORTICO_DATA_DIR", path.join(process.cwd(), "data")));
}

export const config = {
  /** The portal (Next.js). */
  portalPort: int("PORT", 3000, { min: 1, max: 65535 }),
  /** The gateway: OAuth endpoints and the sandbox. Separate from Next.js for speed. */
  gatewayPort: int("GATEWAY_PORT", 4000, { min: 1, max: 65535 }),
  /** Interface both servers bind to; loopback unless the operator says otherwise. */
  host: str("HOST", "127.0.0.1"),
  /** Public base URL of the portal, used in links and next-auth. */
  get portalUrl(): string {
    return str("PORTAL_URL", str("NEXTAUTH_URL", `http://localhost:${this.portalPort}`));
  },
  /** Public base URL of the gateway: the OAuth issuer and the sandbox base. */
  get gatewayUrl(): string {
    return str("GATEWAY_URL", `${this.gatewayTls ? "https" : "http"}://localhost:${this.gatewayPort}`);
  },
  /**
   * TLS for the gateway: key, certificate and (for mTLS) client CA bundle, as
   * file paths. Without them the gateway speaks plain HTTP on loopback — the
   * zero-set-up default; production puts TLS here or on a proxy (README).
   */
  get gatewayTls(): { key: string; cert: string; clientCa?: string } | undefined {
    const key = optional("GATEWAY_TLS_KEY");
    const cert = optional("GATEWAY_TLS_CERT");
    if (!key || !cert) return undefined;
    return { key, cert, clientCa: optional("GATEWAY_TLS_CLIENT_CA") };
  },
  /** Redis for shared rate limits and revocation broadcast across instances. */
  redisUrl: optional("REDIS_URL"),
  /** Largest spec upload, bytes. Real bank specs reach a few MB. */
  maxSpecBytes: int("PORTICO_MAX_SPEC_BYTES", 5 * 1024 * 1024, { min: 1024 }),
  /** Largest request body the sandbox accepts, bytes. */
  maxSandboxBodyBytes: int("PORTICO_MAX_SANDBOX_BODY_BYTES", 256 * 1024, { min: 1024 }),
  /** Sandbox calls per app per minute before 429. */
  sandboxRateLimitPerMinute: int("PORTICO_SANDBOX_RATE_LIMIT", 600, { min: 1 }),
  // Portal session lifetimes are bank settings (lib/settings/bank-settings.ts), not configuration.
};
