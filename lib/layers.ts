// The capabilities of lib/, lowest first. A capability imports only
// capabilities listed before it, so the import graph has no cycles and a
// drawing of it stays true. eslint.config.ts generates its import-boundary
// rule from this list, and ARCHITECTURE.md ("Layers") shows the same list;
// lib/layers.test.ts fails when the two disagree or when a folder of lib/ is
// missing here.

export type Layer = {
  /** The folder under lib/. */
  name: string;
  /** One line: what it is. ARCHITECTURE.md repeats it. */
  what: string;
};

export const LAYERS: readonly Layer[] = [
  { name: "config", what: "every setting from the environment, with its default, validated at start-up" },
  { name: "errors", what: "the one base error (wire code, public message, internal detail) and the one status table" },
  { name: "rate-limit", what: "request budgets per key (rate-limiter-flexible): in memory, or in Redis when configured; 429 with Retry-After" },
  { name: "text", what: "small string helpers (slugs)" },
  { name: "secrets", what: "opaque secrets and tokens: generated, stored only as SHA-256, compared in constant time" },
  { name: "client-ip", what: "the client's address: the socket's peer, or behind TRUSTED_PROXIES the right-most untrusted X-Forwarded-For entry" },
  { name: "tls", what: "the gateway's TLS options and certificate thumbprints (RFC 8705)" },
  { name: "security-headers", what: "the portal's security headers: the per-request CSP nonce policy, HSTS over HTTPS" },
  { name: "db", what: "the Prisma client (SQLite or PostgreSQL driver adapter) and migrations" },
  { name: "openapi", what: "OpenAPI documents decoded once, for publishing, the sandbox and try-it" },
  { name: "broadcast", what: "the change bus: events published after commit, across instances over Redis, or without Redis through a table every process polls" },
  { name: "authz", what: "the actor, its roles and the role checks" },
  { name: "siem", what: "the SIEM sink: redacted request logs and audit records through an outbox to syslog over TLS (RFC 5424/5425) or HTTP JSON lines, one leased delivery loop" },
  { name: "audit", what: "the hash-chained audit trail: record, list, export, verify" },
  { name: "mail", what: "the mail outbox: mails written in the change's transaction, sent over SMTP (nodemailer) by a worker with retries, or read on /outbox" },
  { name: "notifications", what: "notifications shown to portal users" },
  { name: "settings", what: "the bank's run-time settings (token lifetimes, maker-checker, log retention)" },
  { name: "sandbox-data", what: "each organisation's fictitious sandbox bank: customers, accounts, transactions, payments, cards, FX rates and quotes, onboarding applications, credit checks, the sandbox clock, and the resource store of operations without a binding" },
  { name: "accounts", what: "sign-up, passwords and sign-in checks" },
  { name: "auth", what: "the portal session and withUser, the route handlers' authentication" },
  { name: "catalog", what: "the API catalogue: publishing specs, visibility, search, docs, management tokens" },
  { name: "apps", what: "apps, their registration and change requests, approval and the grant in force" },
  { name: "credentials", what: "the apps' client secrets and certificates" },
  { name: "callbacks", what: "event callbacks: the outbox of sandbox events, signed (Standard Webhooks) delivery through the outbound SSRF guard, retries, resend" },
  { name: "logs", what: "request logs: recorded, redacted, listed, purged, summarised" },
  { name: "access", what: "the gateway's access model: grants, token/secret/settings caches, client authentication" },
  { name: "oauth", what: "the OAuth 2.0 endpoints: token (client credentials, authorization code), PAR, the sandbox customer's sign-in and consent, introspection, revocation, metadata" },
  { name: "sandbox", what: "the sandbox resource server: route table, access checks, rate limits, answers from the organisation's data (bindings), its resource store (collections without a binding) or Prism's mocks" },
  { name: "try-it", what: "the docs' try-it proxy: short-lived tokens and forwarded calls" },
  { name: "revocation", what: "suspension, reinstatement and revocation of developers, organisations, apps, tokens, certificates" },
  { name: "compliance", what: "the compliance officers' views of developers, organisations and apps" },
  { name: "seed", what: "the demo data" },
  { name: "testing", what: "test support (factories, fixtures, database setup): like a *.test.ts file it may import any capability, and only tests import it" },
];
