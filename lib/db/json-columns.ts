// The shape of each Json column, stated once. Prisma types every Json column
// as JsonValue; these say what lib/ wrote there (always a validated value,
// never user text parsed on read), so reading a column is a type statement
// here rather than a JSON.parse and a cast at every reader.
import type { Prisma } from "../../node_modules/.prisma/portico-sqlite";

type Json = Prisma.JsonValue;

/**
 * AppApi.scopes, AppRequestApi.scopes: the scopes granted or asked for.
 * Security-critical (the gateway's grant): anything but a string in the
 * array grants nothing, so a damaged row fails closed.
 */
export const grantScopes = (value: Json): string[] => (Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : []);

/** ApiVersion.tags, ApiOperation.tags. */
export const specTags = (value: Json): string[] => value as string[];

/** ApiVersion.scopes: every scope the spec's OAuth2 flows define, and the overlay's scopes for operations it leaves without one, name → description. */
export const definedScopes = (value: Json): Record<string, string> => value as Record<string, string>;

/** ApiOperation.scopes: alternatives; a token must hold every scope of one of them. */
export const operationScopes = (value: Json): string[][] => value as string[][];

/** AuditEvent.details. */
export const auditDetails = (value: Json): Record<string, unknown> => value as Record<string, unknown>;

/** PendingSettingChange.value: the proposed value of its setting, checked by that setting's schema when written and again when applied. */
export const proposedSettingValue = (value: Json): unknown => value;

/**
 * ChangeEvent.event: written by another process, so checked on read — an
 * object whose values are all strings (its kind and the ids it names), or
 * nothing. lib/broadcast/change-bus.ts then accepts only the kinds it knows.
 */
export const storedChangeEvent = (value: Json): Record<string, string> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string") ? (value as Record<string, string>) : undefined;

/** ApiVersionOverlay.scopeDefaults: operationKey ("GET /accounts") → the scopes it requires, for operations whose spec gives none. */
export const overlayScopeDefaults = (value: Json): Record<string, string[]> => value as Record<string, string[]>;

/**
 * One confirmed account identifier of one operation (named by operationKey,
 * "GET /accounts/{accountId}"): a path, query or header parameter, or a path
 * into the JSON body ("*" = every item). lib/openapi/account-marks.ts reads it.
 */
export type AccountMark = { operation: string; kind: "id" | "iban" } & ({ in: "path" | "query" | "header"; name: string } | { in: "body"; path: string[] });

/** ApiVersionOverlay.accountMarks: the confirmed account identifiers. Security-critical (the sandbox's account check): written only after validation. */
export const overlayAccountMarks = (value: Json): AccountMark[] => (Array.isArray(value) ? (value as AccountMark[]) : []);

/**
 * One sandbox binding the publisher keeps beside the spec: the operation
 * (operationKey) and its binding in the x-portico-sandbox vocabulary, as
 * given; lib/openapi/sandbox-binding.ts decodes it.
 */
export type OverlaySandboxBinding = { operation: string; binding: Record<string, unknown> };

/**
 * ApiVersionOverlay.sandboxBindings: checked by decodeSandboxBinding before it
 * was written and decoded again by the route table. An entry of any other
 * shape (a damaged row) is dropped, so its operation answers as the spec alone says.
 */
export const overlaySandboxBindings = (value: Json): OverlaySandboxBinding[] =>
  Array.isArray(value)
    ? value.flatMap((entry) =>
        entry && typeof entry === "object" && !Array.isArray(entry) && typeof entry.operation === "string" && entry.binding && typeof entry.binding === "object" && !Array.isArray(entry.binding)
          ? [{ operation: entry.operation, binding: entry.binding as Record<string, unknown> }]
          : [],
      )
    : [];

/** A Spectral severity, as the scorecard stores it. */
export type ScorecardSeverity = "error" | "warn" | "info" | "hint";

/** One place in the spec that breaks one rule. */
export type ScorecardFinding = { rule: string; severity: ScorecardSeverity; message: string; pointer: string };

/**
 * ApiVersion.scorecard: what Spectral (the OpenAPI recommended and OWASP API
 * Security rulesets) found at publish, written by lib/catalog/lint-spec.ts.
 */
export type SpecScorecard = {
  /** 0–100: the share of the applicable rules the spec passes, each rule weighted by its severity. */
  score: number;
  /** Findings per severity. */
  counts: Record<ScorecardSeverity, number>;
  /** How many rules applied to the document, and how many of them it breaks. */
  rules: { applicable: number; failed: number };
  /** The failed rules, worst first, with how often each failed. */
  failedRules: { rule: string; severity: ScorecardSeverity; count: number; description: string }[];
  /** The first findings, worst first; `omitted` says how many more there were. */
  findings: ScorecardFinding[];
  omitted: number;
  /** Which rulesets ran, e.g. for a report. */
  rulesets: string[];
};

/**
 * ApiVersion.scorecard as written: the scorecard, or — when the bank's
 * scorecard rule does not block publishing, so publishing did not wait for
 * Spectral — a marker that it is still being computed, or that computing it
 * failed (lib/catalog/score-published-version.ts).
 */
export type StoredScorecard = SpecScorecard | { pending: { since: string } } | { failed: { at: string; reason: string } };

/** Where a version's scorecard stands. */
export type ScorecardState = { state: "ready"; scorecard: SpecScorecard } | { state: "pending"; since: Date } | { state: "failed"; reason: string };

/** ApiVersion.scorecard; null for a version published before scorecards. */
export const storedScorecard = (value: Json | null): ScorecardState | null => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const stored = value as StoredScorecard;
  if ("pending" in stored) return { state: "pending", since: new Date(stored.pending.since) };
  if ("failed" in stored) return { state: "failed", reason: stored.failed.reason };
  return { state: "ready", scorecard: stored };
};

/** SpecDraft.upload: the spec as it was sent — YAML/JSON text, a .zip's bytes (base64), or a folder's files. */
export type DraftUpload = { text: string; filename?: string } | { zipBase64: string } | { bundle: { root: string; files: Record<string, string> } };
export const draftUpload = (value: Json): DraftUpload => value as DraftUpload;

/** How api-smart-diff classifies a change (annotations — descriptions, examples — are counted, not listed). */
export type ChangeType = "breaking" | "deprecated" | "non-breaking" | "unclassified" | "annotation";

/** One difference between two versions: what changed and where, as a JSON pointer into the newer (or, for a removal, the older) spec. */
export type ChangelogEntry = { type: Exclude<ChangeType, "annotation">; action: "add" | "remove" | "replace" | "rename"; description: string; pointer: string };

/**
 * ApiVersion.changelog: the differences from the version before it
 * (lib/catalog/diff-versions.ts). `error` is set, and `changes` empty, when
 * the two could not be compared.
 */
export type VersionChangelog = {
  /** The older version compared against. */
  from: string;
  /** Changes per type, annotations included. */
  counts: Record<ChangeType, number>;
  /** The first changes, breaking first; `omitted` says how many more there were. */
  changes: ChangelogEntry[];
  omitted: number;
  error?: string;
};

/** ApiVersion.changelog; null for the first version of an API (or one published before changelogs). */
export const storedChangelog = (value: Json | null): VersionChangelog | null => (value === null ? null : (value as VersionChangelog));

/** SandboxResource.body: the resource as the API returns it, a JSON object checked against the operation's response schema before it was written (lib/sandbox/resource-store). */
export const storedResourceBody = (value: Json): Record<string, unknown> => value as Record<string, unknown>;

/** AccessToken.accounts and AuthorizationRequest.accounts: normalised account refs (lib/access/load-app-grant normaliseAccountRef). */
export const tokenAccounts = (value: Json): string[] => (Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : []);

/** App.redirectUris: the registered redirect URIs (lib/apps/set-app-redirect-uris.ts). */
export const redirectUris = (value: Json): string[] => (Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : []);

/** RFC 9396 account_access, as Portico defines the type: which of the customer's accounts (none: those chosen on the consent page) and what may be read of them. */
export type AccountAccessDetail = { type: "account_access"; accounts?: string[]; permissions: AccountPermission[] };
export const ACCOUNT_PERMISSIONS = ["accounts", "balances", "transactions", "payments"] as const;
export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];
/** RFC 9396 payment_initiation: one payment; debtorAccount is added by the bank when the customer chooses it on the consent page. */
export type PaymentInitiationDetail = {
  type: "payment_initiation";
  instructedAmount: { amount: string; currency: string };
  creditorName: string;
  creditorAccount: { iban: string };
  remittanceInformation?: string;
  debtorAccount?: { accountId: string };
};
export type AuthorizationDetail = AccountAccessDetail | PaymentInitiationDetail;

/** AuthorizationRequest.authorizationDetails: validated at push (lib/oauth/authorization-details.ts), enriched with the debtor at consent; null when none were asked for. */
export const storedAuthorizationDetails = (value: Json | null): AuthorizationDetail[] | null => (Array.isArray(value) ? (value as AuthorizationDetail[]) : null);
