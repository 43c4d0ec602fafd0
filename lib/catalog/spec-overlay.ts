// The per-version overlay: what the publisher decides about a spec, kept
// beside it (ApiVersionOverlay), never written into it. A file next to the
// spec (`accounts.yaml` → `accounts.portico.yaml`), a form field of the
// upload, or the admin's choices on the review screen:
//
//   scopes:                       # operations the spec gives no scope
//     "GET /accounts": [accounts:read]
//   accountMarks:                 # the confirmed account identifiers
//     - { operation: "GET /accounts/{AccountId}", in: path, name: AccountId, kind: id }
//     - { operation: "POST /payments", in: body, path: [debtorAccount, iban], kind: iban }
//   noAccountScoping: false       # true: publish account-scoped operations unchecked (audited)
//   sandboxBindings:              # how operations answer from the sandbox's data
//     - operation: "GET /accounts/{AccountId}/balances"
//       binding:                  # the x-portico-sandbox vocabulary (lib/openapi/sandbox-binding.ts)
//         resource: balances
//         action: get
//         request: { accountId: /path/AccountId }
//         response: { items: /Data/Balance, fields: { /Amount/Amount: amountAbs, /Amount/Currency: currency } }
//
// A sandbox binding here wins over the operation's own x-portico-sandbox
// extension: the spec is the bank's as written, the overlay the publisher's
// later decision about it. Each is decoded by decodeSandboxBinding, the one
// decoder, when the overlay is decided (a problem is a violation pointing
// into it, /overlay/sandboxBindings/2/binding/request/accountId) and again
// when the sandbox's route table is built.
//
// decideOverlay() lays it over what import proposes. What the overlay leaves
// open falls back to the documented default where there is one (scopes), and
// is a missing decision where there is none (account identifiers proposed
// for a spec that marks none itself): the import then stays a draft and says
// what is missing.
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import type { AccountMark, OverlaySandboxBinding } from "@/lib/db/json-columns";
import { PorticoError, parseInput, pointerOf, type Violation } from "@/lib/errors";
import { operationKey, type DocumentOperation } from "@/lib/openapi/list-operations";
import { decodeSandboxBinding, InvalidBinding, SANDBOX_EXTENSION } from "@/lib/openapi/sandbox-binding";
import { jsonBodySchema, proposeAccountMarks, specMarksAccounts, type ProposedMark } from "./propose-account-marks";
import { defaultScope } from "./spec-security";

/** RFC 6749 §3.3 scope-token. */
const scopeToken = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/, "must be a scope name (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes)");
const operationName = z.string().regex(/^[A-Z]+ \/\S{0,500}$/, 'must name an operation as "METHOD /path", e.g. "GET /accounts/{accountId}"');
const kind = z.enum(["id", "iban"]);
const accountMark = z.discriminatedUnion("in", [
  z.strictObject({ operation: operationName, in: z.enum(["path", "query", "header"]), name: z.string().min(1).max(200), kind }),
  z.strictObject({ operation: operationName, in: z.literal("body"), path: z.array(z.string().min(1).max(200)).min(1).max(24), kind }),
]);

export const specOverlaySchema = z.strictObject({
  scopes: z.record(operationName, z.array(scopeToken).min(1, "give at least one scope: an operation without one would be open").max(20)).optional(),
  accountMarks: z.array(accountMark).max(1000).optional(),
  noAccountScoping: z.boolean().optional(),
  /** Decoded and checked against the spec by decideOverlay. */
  sandboxBindings: z.array(z.strictObject({ operation: operationName, binding: z.record(z.string(), z.unknown()) })).max(1000).optional(),
});
export type SpecOverlay = z.output<typeof specOverlaySchema>;

const MAX_OVERLAY_BYTES = 256 * 1024;

/** An overlay file's text (YAML or JSON) → a checked overlay; 422 with pointers into it otherwise. */
export function parseSpecOverlay({ unverifiedText }: { unverifiedText: string }): SpecOverlay {
  if (Buffer.byteLength(unverifiedText, "utf8") > MAX_OVERLAY_BYTES) throw new PorticoError("payload_too_large", "The overlay is larger than 256 KB");
  let value: unknown;
  try {
    value = unverifiedText.trim() ? parseYaml(unverifiedText, { maxAliasCount: 100 }) : {};
  } catch (error) {
    throw new PorticoError("validation_failed", "The overlay is not valid YAML or JSON", { violations: [{ message: error instanceof Error ? error.message.split("\n")[0]! : String(error) }] });
  }
  return parseInput(specOverlaySchema, value ?? {}, "The overlay is not valid");
}

/** What the overlay stores for a published version. */
export type DecidedOverlay = {
  scopeDefaults: Record<string, string[]>;
  accountMarks: AccountMark[];
  noAccountScoping: boolean;
  sandboxBindings: OverlaySandboxBinding[];
};

export type OverlayDecision = {
  /** What import proposes, for the review screen and the CLI. */
  /** specMarks: the spec marks account identifiers itself (x-portico-account), so its proposals are suggestions, not a missing decision. */
  proposal: { scopes: Record<string, string[]>; accountMarks: ProposedMark[]; accountScoped: boolean; specMarks: boolean };
  /** What would be stored, the proposal overridden by the overlay. */
  decided: DecidedOverlay;
  /** Decisions the overlay does not give: non-empty = the import stays a draft. */
  missing: Violation[];
};

/**
 * @param operations the dereferenced document's operations (listOperations)
 * @param needsScopes operationKeys the spec gives no scope (spec-security.ts)
 */
export function decideOverlay(options: { apiSlug: string; operations: readonly DocumentOperation[]; needsScopes: ReadonlySet<string>; overlay: SpecOverlay | undefined }): OverlayDecision {
  const { operations, needsScopes } = options;
  const overlay = options.overlay ?? {};
  const invalid: Violation[] = [];
  const byKey = new Map(operations.map((o) => [operationKey(o.method, o.path), o]));

  const proposedScopes: Record<string, string[]> = {};
  for (const o of operations) {
    const key = operationKey(o.method, o.path);
    if (needsScopes.has(key)) proposedScopes[key] = [defaultScope(options.apiSlug, o.method)];
  }
  for (const key of Object.keys(overlay.scopes ?? {})) {
    if (!byKey.has(key)) invalid.push({ pointer: `/overlay/scopes/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, message: `the spec has no operation ${key}` });
    else if (!needsScopes.has(key)) invalid.push({ pointer: `/overlay/scopes/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, message: `${key} has scopes in the spec; the overlay sets scopes only for operations the spec leaves without` });
  }
  const scopeDefaults = { ...proposedScopes, ...Object.fromEntries(Object.entries(overlay.scopes ?? {}).filter(([k]) => needsScopes.has(k))) };

  const proposals = proposeAccountMarks(operations);
  (overlay.accountMarks ?? []).forEach((mark, i) => {
    const at = `/overlay/accountMarks/${i}`;
    const o = byKey.get(mark.operation);
    if (!o) return invalid.push({ pointer: `${at}/operation`, message: `the spec has no operation ${mark.operation}` });
    if (mark.in === "body") {
      if (!jsonBodySchema(o)) invalid.push({ pointer: `${at}/in`, message: `${mark.operation} takes no JSON body` });
    } else if (!o.parameters.some((p) => p.in === mark.in && (mark.in === "header" ? String(p.name).toLowerCase() === mark.name.toLowerCase() : p.name === mark.name))) {
      invalid.push({ pointer: `${at}/name`, message: `${mark.operation} has no ${mark.in} parameter "${mark.name}"` });
    }
  });
  const bound = new Map<string, number>();
  (overlay.sandboxBindings ?? []).forEach((entry, i) => {
    const at = `/overlay/sandboxBindings/${i}`;
    if (!byKey.has(entry.operation)) invalid.push({ pointer: `${at}/operation`, message: `the spec has no operation ${entry.operation}` });
    else if (bound.has(entry.operation)) invalid.push({ pointer: `${at}/operation`, message: `${entry.operation} is bound already by sandboxBindings/${bound.get(entry.operation)}` });
    bound.set(entry.operation, bound.get(entry.operation) ?? i);
    try {
      decodeSandboxBinding({ [SANDBOX_EXTENSION]: entry.binding });
    } catch (error) {
      if (!(error instanceof InvalidBinding)) throw error;
      for (const issue of error.issues) invalid.push({ pointer: pointerOf(["overlay", "sandboxBindings", i, "binding", ...issue.path]), message: issue.message });
    }
  });
  const specMarks = specMarksAccounts(operations);
  const accountScoped = proposals.length > 0 || specMarks;
  const confirmed = overlay.accountMarks ?? [];
  if (overlay.noAccountScoping && confirmed.length) invalid.push({ pointer: "/overlay/noAccountScoping", message: "cannot be true while accountMarks confirms account identifiers" });
  if (invalid.length) throw new PorticoError("validation_failed", "The overlay does not fit the spec", { violations: invalid });

  // A spec that marks account identifiers itself (x-portico-account) has had
  // that decision made by its author; the proposals are still shown.
  const missing: Violation[] = [];
  if (proposals.length && !specMarks && !overlay.noAccountScoping && confirmed.length === 0) {
    missing.push({
      pointer: "/overlay/accountMarks",
      message: `confirm or correct the ${proposals.length} proposed account identifier${proposals.length === 1 ? "" : "s"} (${proposals.slice(0, 5).map(describeMark).join("; ")}${proposals.length > 5 ? "; …" : ""}), or decide noAccountScoping: true`,
    });
  }
  return {
    proposal: { scopes: proposedScopes, accountMarks: proposals, accountScoped, specMarks },
    decided: {
      scopeDefaults,
      accountMarks: confirmed.map((m) => (m.in === "body" ? { operation: m.operation, in: "body", path: m.path, kind: m.kind } : { operation: m.operation, in: m.in, name: m.name, kind: m.kind })),
      noAccountScoping: Boolean(overlay.noAccountScoping) && accountScoped,
      sandboxBindings: (overlay.sandboxBindings ?? []).map((b) => ({ operation: b.operation, binding: b.binding })),
    },
    missing,
  };
}

export function describeMark(mark: AccountMark): string {
  return `${mark.operation} ${mark.in} ${mark.in === "body" ? mark.path.join(".") : mark.name} (${mark.kind})`;
}

/** The overlay file (YAML) that accepts import's proposals as they stand: for the CLI's and CI's answer to an undecided import, to review and save. */
export function proposedOverlayText(decision: Pick<OverlayDecision, "decided" | "proposal">): string {
  return stringifyYaml({
    ...(Object.keys(decision.decided.scopeDefaults).length ? { scopes: decision.decided.scopeDefaults } : {}),
    accountMarks: decision.proposal.accountMarks.map(({ reason: _reason, ...mark }) => mark),
  });
}
