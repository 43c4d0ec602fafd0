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

function list(name: string): string[] {
  return (process.env[name] ?? "").split(/[\s,]+/).filter(Boolean);
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

export type AuditCheckpointConfig = {
  /** PORTICO_AUDIT_CHECKPOINTS: the append-only JSON-lines file (default data/audit-checkpoints.jsonl). */
  file: string;
  /** PORTICO_AUDIT_CHECKPOINT_KEY_FILE: the Ed25519 private key (PKCS#8 PEM, mode 0600), created on first start. */
  keyFile: string;
  /** PORTICO_AUDIT_CHECKPOINT_PUBLIC_KEY_FILE: its public key (SPKI PEM), which verifiers use. */
  publicKeyFile: string;
  /** PORTICO_AUDIT_CHECKPOINT_KEY: the private key's PEM itself (from a secret store); wins over the file. */
  keyPem?: string;
  /** PORTICO_AUDIT_CHECKPOINT_INTERVAL: seconds between checkpoints when the head moved; 0 = only at start and clean shutdown. */
  intervalSeconds: number;
  /** PORTICO_AUDIT_CHECKPOINT_STREAM: the Redis stream checkpoints are also appended to when REDIS_URL is set. */
  redisStream: string;
};

export type SiemConfig = {
  url: string;
  caFile?: string;
  authorization?: string;
  /** SIEM_BATCH_SIZE: events per syslog connection or HTTP POST (default 500). */
  batchSize: number;
  /** SIEM_INTERVAL_MS: how often the delivery loop looks for new events when it is idle (default 1 s). */
  intervalMs: number;
};

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
  /**
   * The resource store of operations without a binding (lib/sandbox/resource-store):
   * the largest resource (bytes of JSON; larger is 413), and what one organisation
   * keeps over all its API versions (more is 409 until it deletes or resets).
   */
  sandboxStoreLimits: {
    maxResourceBytes: int("PORTICO_SANDBOX_STORE_MAX_RESOURCE_BYTES", 64 * 1024, { min: 256 }),
    maxResources: int("PORTICO_SANDBOX_STORE_MAX_RESOURCES", 1_000, { min: 1 }),
    maxBytes: int("PORTICO_SANDBOX_STORE_MAX_BYTES", 8 * 1024 * 1024, { min: 1024 }),
  },
  /**
   * How often each gateway process deletes access-token rows past the bank's
   * retention (setting tokenRetentionHours); 0 turns the schedule off (then
   * run `npm run tokens:purge` from cron). Hourly keeps each purge small.
   */
  tokenPurgeIntervalSeconds: int("PORTICO_TOKEN_PURGE_INTERVAL_SECONDS", 3600, { min: 0 }),
  /**
   * Audit checkpoints (lib/audit/audit-checkpoint.ts): the chain head, signed
   * with an Ed25519 key that is not in the database, appended to a JSON-lines
   * file outside it, so `npm run audit:verify` detects records cut off the
   * end or a chain rewritten back to a checkpoint. Ship the file (and the
   * public key) elsewhere: the point is that whoever can write the database
   * cannot also rewrite them.
   */
  get auditCheckpoints(): AuditCheckpointConfig {
    const dir = dataDir();
    return {
      file: path.resolve(str("PORTICO_AUDIT_CHECKPOINTS", path.join(dir, "audit-checkpoints.jsonl"))),
      keyFile: path.resolve(str("PORTICO_AUDIT_CHECKPOINT_KEY_FILE", path.join(dir, "audit-checkpoint.key"))),
      publicKeyFile: path.resolve(str("PORTICO_AUDIT_CHECKPOINT_PUBLIC_KEY_FILE", path.join(dir, "audit-checkpoint.pub"))),
      keyPem: optional("PORTICO_AUDIT_CHECKPOINT_KEY"),
      intervalSeconds: int("PORTICO_AUDIT_CHECKPOINT_INTERVAL", 60, { min: 0, max: 24 * 60 * 60 }),
      redisStream: str("PORTICO_AUDIT_CHECKPOINT_STREAM", "portico:audit-checkpoints"),
    };
  },
  /**
   * TRUSTED_PROXIES: the reverse proxies / load balancers in front of the
   * portal and the gateway, as IPs or CIDR ranges (comma- or space-separated).
   * Only their X-Forwarded-For entries are believed (lib/client-ip); empty,
   * the default, means the socket's peer is the client.
   */
  trustedProxies: list("TRUSTED_PROXIES"),
  // Abuse limits (lib/rate-limit). Environment, not bank settings: the
  // operator sizes them for the deployment, and a request over its budget is
  // refused before it costs a database read.
  /** /oauth2/token requests per client per minute, after client authentication. An app needs one token per lifetime (minutes). */
  tokenRateLimitPerClient: int("PORTICO_TOKEN_RATE_LIMIT_PER_CLIENT", 60, { min: 1 }),
  /** /oauth2/token requests per source IP per minute, counted before client authentication (slows secret guessing too). */
  tokenRateLimitPerIp: int("PORTICO_TOKEN_RATE_LIMIT_PER_IP", 300, { min: 1 }),
  /** Consecutive failed sign-ins for one email from one IP before that source is blocked for that email. */
  signInFailuresPerAccountAndIp: int("PORTICO_SIGN_IN_FAILURES_PER_ACCOUNT_IP", 5, { min: 1 }),
  /** Failed sign-ins from one IP, whatever the email, before that IP is blocked. */
  signInFailuresPerIp: int("PORTICO_SIGN_IN_FAILURES_PER_IP", 50, { min: 1 }),
  /** The window both sign-in budgets count in, and how long a source that spent one stays blocked. */
  signInBlockMinutes: int("PORTICO_SIGN_IN_BLOCK_MINUTES", 15, { min: 1, max: 24 * 60 }),
  /** Sign-ups per source IP per hour (each makes an organisation with sandbox data). */
  signUpsPerIpPerHour: int("PORTICO_SIGN_UP_RATE_LIMIT", 10, { min: 1 }),
  /** Password-reset requests per source IP per hour (each may mail someone). */
  passwordResetsPerIpPerHour: int("PORTICO_PASSWORD_RESET_RATE_LIMIT", 10, { min: 1 }),
  /** Management API requests per management token per minute. */
  managementRateLimitPerMinute: int("PORTICO_MANAGEMENT_RATE_LIMIT", 60, { min: 1 }),
  /**
   * PORTICO_CALLBACK_SECRET_KEY: 32 random bytes, base64url, that encrypt the
   * apps' callback signing secrets at rest (lib/callbacks/secret-box.ts).
   * Unset: a key made on first start in data/callback-secret-key (mode 0600).
   * Several hosts on one PostgreSQL must share it: set it from a secret store.
   */
  callbackSecretKey: optional("PORTICO_CALLBACK_SECRET_KEY"),
  /** How often each portal process looks for due callback deliveries, milliseconds; 0 turns the worker off. */
  callbackWorkerIntervalMs: int("PORTICO_CALLBACK_WORKER_INTERVAL_MS", 1000, { min: 0 }),
  /**
   * SMTP_URL: where the portal sends its mails (smtp://user:pass@host:587,
   * smtps://… for implicit TLS; nodemailer's URL form). Unset: mails stay in
   * the outbox table and each user reads theirs on /outbox.
   */
  smtpUrl: optional("SMTP_URL"),
  /** Where developers write to the bank, e.g. about a suspended app (shown with the suspension). */
  supportEmail: str("PORTICO_SUPPORT_EMAIL", "api-support@bank.example"),
  /** The From of every mail. */
  mailFrom: str("MAIL_FROM", "Portico <no-reply@portico.localhost>"),
  /** How often each portal process looks for mails to send (only with SMTP_URL), milliseconds; 0 turns the worker off. */
  mailWorkerIntervalMs: int("PORTICO_MAIL_WORKER_INTERVAL_MS", 1000, { min: 0 }),
  /**
   * The SIEM sink (lib/siem): SIEM_URL turns it on (off when unset, the
   * default) — `syslog+tls://host:6514` (RFC 5424 messages over TLS with
   * octet counting, RFC 5425) or `https://collector/path` (HTTP POST of JSON
   * lines); `http://` only to a loopback address (a collector on the same
   * host). SIEM_CA_FILE: PEM bundle of the CAs that sign the receiver's
   * certificate (default: the system's). SIEM_HTTP_AUTHORIZATION: the
   * Authorization header value for an HTTP collector (e.g. a Splunk HEC
   * token). Every process that writes request logs or audit records must
   * see the same SIEM_URL: they write the outbox only while it is set.
   */
  get siem(): SiemConfig | undefined {
    const url = optional("SIEM_URL");
    if (!url) return undefined;
    return {
      url,
      caFile: optional("SIEM_CA_FILE"),
      authorization: optional("SIEM_HTTP_AUTHORIZATION"),
      batchSize: int("SIEM_BATCH_SIZE", 500, { min: 1, max: 5000 }),
      intervalMs: int("SIEM_INTERVAL_MS", 1000, { min: 10, max: 60_000 }),
    };
  },
  // Portal session lifetimes are bank settings (lib/settings/bank-settings.ts), not configuration.
};
