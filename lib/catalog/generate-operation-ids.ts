// Specs without operationIds are common (many public specs leave them out),
// and some use ids no URL fragment can carry ("Get Accounts", "accounts/list").
// Docs links, search and the overlay need a usable name per operation, so a
// missing or unusable one is generated from the method and the path template
// alone: the same spec gets the same ids on every re-import, and adding an
// operation elsewhere never renames another one.
import { createHash } from "node:crypto";
import { listOperations } from "@/lib/openapi/list-operations";

type Json = Record<string, unknown>;

/** e.g. GET /accounts/{accountId}/balances → get_accounts_accountId_balances. */
export function generatedOperationId(method: string, path: string): string {
  const words = path.replace(/[{}]/g, "").split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = [method.toLowerCase(), ...words].join("_");
  if (id.length <= 100) return id;
  // Long paths: a prefix and a hash of the whole, still stable.
  return `${id.slice(0, 87)}_${createHash("sha256").update(`${method} ${path}`).digest("hex").slice(0, 12)}`;
}

/** What docs links, search and the stored rows accept as an operationId. */
export const USABLE_OPERATION_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Writes a generated operationId into every operation of `document` (a copy
 * the caller owns: the dereferenced one, never the spec as uploaded) whose id
 * is missing or unusable, and returns how many it wrote. A generated id that
 * another operation already uses gets a numbered suffix.
 */
export function fillOperationIds(document: Json): number {
  const operations = listOperations(document);
  const usable = (id: string | undefined): id is string => id !== undefined && USABLE_OPERATION_ID.test(id);
  const taken = new Set(operations.map((o) => o.operationId).filter(usable));
  let written = 0;
  for (const o of operations) {
    if (usable(o.operationId)) continue;
    const base = generatedOperationId(o.method, o.path);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    o.operation.operationId = id;
    written++;
  }
  return written;
}
