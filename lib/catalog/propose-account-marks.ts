// Which parameters and body fields look like they name a customer's account,
// proposed at import for the publisher to confirm or correct (the sandbox
// checks only confirmed marks, and the spec's own `x-portico-account` ones).
// The names are those of the specs banks publish:
//  - accountId / AccountId / account-id / account_id (UK Open Banking
//    `/accounts/{AccountId}`, Berlin Group NextGenPSD2 `/v1/accounts/{account-id}`);
//  - resourceId under an account path (`/accounts/{resourceId}`);
//  - IBAN fields (`iban`, `debtorIban`, Berlin Group `debtorAccount.iban`);
//  - scheme-qualified identifications: an `Identification` beside a
//    `SchemeName` (UK Open Banking `DebtorAccount`), proposed as an IBAN.
// Security-relevant only through the publisher's confirmation: a proposal
// never enforces anything by itself.
import { bodyMarks, parameterMarks } from "@/lib/openapi/account-marks";
import type { AccountMark } from "@/lib/db/json-columns";
import { operationKey, type DocumentOperation } from "@/lib/openapi/list-operations";

type Schema = Record<string, unknown>;

export type ProposedMark = AccountMark & { reason: string };

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
const ACCOUNT_PATH = /\/(card-)?accounts?\//i;

function parameterKind(name: string, path: string): { kind: "id" | "iban"; reason: string } | undefined {
  const n = squash(name);
  if (n === "accountid") return { kind: "id", reason: `"${name}" names an account` };
  if (n.endsWith("iban")) return { kind: "iban", reason: `"${name}" is an IBAN` };
  if (n === "resourceid" && ACCOUNT_PATH.test(path) && path.includes(`{${name}}`)) return { kind: "id", reason: `"${name}" is the resource of an account path` };
  return undefined;
}

function propertyKind(name: string, parent: Schema): { kind: "id" | "iban"; reason: string } | undefined {
  const n = squash(name);
  if (n === "accountid") return { kind: "id", reason: `"${name}" names an account` };
  if (n.endsWith("iban")) return { kind: "iban", reason: `"${name}" is an IBAN` };
  if (n === "identification" && parent.properties && typeof parent.properties === "object" && Object.keys(parent.properties).some((k) => squash(k) === "schemename")) {
    return { kind: "iban", reason: `"${name}" is a scheme-qualified account identification (SchemeName beside it); confirm the scheme is an IBAN` };
  }
  return undefined;
}

/** Body fields that look account-identifying; the walk is bodyMarks', bounded the same way. */
function bodyProposals(schema: unknown): { path: string[]; kind: "id" | "iban"; reason: string }[] {
  const out: { path: string[]; kind: "id" | "iban"; reason: string }[] = [];
  const seen = new Set<string>();
  const walk = (node: unknown, path: string[], onPath: Set<unknown>) => {
    if (!node || typeof node !== "object" || onPath.has(node) || path.length > 24 || out.length > 50) return;
    const s = node as Schema;
    const next = new Set(onPath).add(node);
    for (const combiner of ["allOf", "oneOf", "anyOf"]) if (Array.isArray(s[combiner])) for (const sub of s[combiner] as unknown[]) walk(sub, path, next);
    if (s.properties && typeof s.properties === "object") {
      for (const [name, sub] of Object.entries(s.properties as Schema)) {
        const found = sub && typeof sub === "object" && (sub as Schema).type !== "object" ? propertyKind(name, s) : undefined;
        const key = [...path, name].join("/");
        if (found && !seen.has(key)) {
          seen.add(key);
          out.push({ path: [...path, name], ...found });
        }
        walk(sub, [...path, name], next);
      }
    }
    if (s.items) walk(s.items, [...path, "*"], next);
    if (s.additionalProperties && typeof s.additionalProperties === "object") walk(s.additionalProperties, [...path, "*"], next);
  };
  walk(schema, [], new Set());
  return out;
}

export const jsonBodySchema = (operation: DocumentOperation): Schema | undefined => {
  const type = Object.keys(operation.bodyContent).find((t) => /^application\/([a-z0-9.+-]+\+)?json/i.test(t));
  return type ? (operation.bodyContent[type]!.schema as Schema | undefined) : undefined;
};

/** Proposals for every operation, leaving out what the spec already marks with x-portico-account. */
export function proposeAccountMarks(operations: readonly DocumentOperation[]): ProposedMark[] {
  const proposals: ProposedMark[] = [];
  for (const o of operations) {
    const operation = operationKey(o.method, o.path);
    const marked = new Set(parameterMarks(o.parameters).map((m) => `${m.in}:${m.name}`));
    for (const p of o.parameters) {
      if ((p.in !== "path" && p.in !== "query" && p.in !== "header") || typeof p.name !== "string" || marked.has(`${p.in}:${p.name}`)) continue;
      const found = parameterKind(p.name, o.path);
      if (found) proposals.push({ operation, in: p.in, name: p.name, ...found });
    }
    const schema = jsonBodySchema(o);
    const markedBody = new Set(bodyMarks(schema).map((m) => m.path.join("/")));
    for (const b of bodyProposals(schema)) if (!markedBody.has(b.path.join("/"))) proposals.push({ operation, in: "body", ...b });
  }
  return proposals;
}

/** Whether the spec itself marks any account identifier (x-portico-account). */
export function specMarksAccounts(operations: readonly DocumentOperation[]): boolean {
  return operations.some((o) => parameterMarks(o.parameters).length > 0 || bodyMarks(jsonBodySchema(o)).length > 0);
}
