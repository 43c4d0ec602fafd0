// What the docs page's try-it panel offers: each operation of a spec with
// its parameters and an example body, read from the dereferenced spec.
import type { AccountMark } from "@/lib/db/json-columns";
import { overlayMarks } from "@/lib/openapi/account-marks";
import { listOperations, operationKey, type OperationMethod } from "@/lib/openapi/list-operations";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";
export type TryItParameter = { name: string; in: "path" | "query" | "header"; required: boolean; account?: "id" | "iban"; example?: string };

/**
 * Request headers the panel offers and the proxy forwards: an Idempotency-Key
 * (a fresh one per request unless the developer types one), so a payment can
 * be tried. Other headers stay out: the proxy forwards nothing else.
 */
export const TRY_IT_HEADERS = ["idempotency-key"] as const;
export type TryItOperation = { key: string; method: string; path: string; operationId: string; summary: string; parameters: TryItParameter[]; exampleBody?: string };

type Json = Record<string, unknown>;
/** What the panel offers, in the order it lists them under each path. */
const TRY_IT_METHODS: OperationMethod[] = ["get", "post", "put", "patch", "delete"];

function exampleOf(media: Json | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const examples = media.examples as Record<string, Json> | undefined;
  const first = examples ? Object.values(examples)[0] : undefined;
  if (first && first.value !== undefined) return first.value;
  return (media.schema as Json | undefined)?.example;
}

/** @param accountMarks the version's confirmed account identifiers (its overlay), marked like the spec's own */
export function tryItOperations(spec: OpenApiDocument, accountMarks: readonly AccountMark[] = []): TryItOperation[] {
  const out: TryItOperation[] = [];
  const paths = new Map<string, number>();
  const operations = listOperations(spec)
    .filter((o) => TRY_IT_METHODS.includes(o.method))
    .map((o) => ({ o, pathIndex: paths.get(o.path) ?? paths.set(o.path, paths.size).size - 1 }))
    .sort((a, b) => a.pathIndex - b.pathIndex || TRY_IT_METHODS.indexOf(a.o.method) - TRY_IT_METHODS.indexOf(b.o.method))
    .map(({ o }) => o);
  for (const { path, method, operation: op, operationId, parameters: params, bodyContent: content } of operations) {
    const parameters: TryItParameter[] = [];
    const confirmed = overlayMarks(accountMarks, operationKey(method, path)).parameterMarks;
    for (const p of params) {
      const header = p.in === "header" && (TRY_IT_HEADERS as readonly string[]).includes(String(p.name).toLowerCase());
      if (p.in !== "path" && p.in !== "query" && !header) continue;
      const schema = (p.schema ?? {}) as Json;
      const mark = p["x-portico-account"] ?? schema["x-portico-account"] ?? confirmed.find((m) => m.in === p.in && m.name === p.name)?.kind;
      // A header's example (one fixed key) would make every try a repeat: the panel makes a fresh one instead.
      const example = header ? undefined : (p.example ?? schema.example ?? schema.default);
      parameters.push({
        name: String(p.name),
        in: p.in as TryItParameter["in"],
        required: p.in === "path" || p.required === true,
        ...(mark === "id" || mark === "iban" ? { account: mark } : {}),
        ...(example !== undefined ? { example: String(example) } : {}),
      });
    }
    const jsonType = Object.keys(content).find((t) => t.includes("json"));
    const body = jsonType ? exampleOf(content[jsonType]) : undefined;
    out.push({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operationId: operationId ?? `${method} ${path}`,
      summary: String(op.summary ?? ""),
      parameters,
      // The editable body shown in the panel, not a stored column.
      ...(jsonType ? { exampleBody: JSON.stringify(body ?? {}, null, 2) } : {}),
    });
  }
  return out;
}
