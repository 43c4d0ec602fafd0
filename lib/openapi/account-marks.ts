// Where a request names a customer's account: parameters and schema
// properties carrying `x-portico-account: "id" | "iban"` in the spec (the
// agreed extension of the bundled specs), and the marks a publisher confirmed
// in the version's overlay (AccountMark, lib/catalog/spec-overlay.ts). Found
// once per operation when the route table is built; read per request by
// checkAccountSubset (lib/sandbox/check-access.ts).
import type { AccountMark } from "@/lib/db/json-columns";

export type AccountKind = "id" | "iban";

export type ParameterMark = { in: "path" | "query" | "header"; name: string; kind: AccountKind };
/** A path into the JSON body; "*" stands for every item of an array or value of a map. */
export type BodyMark = { path: string[]; kind: AccountKind };


/** The overlay's marks of one operation as the sandbox reads them. */
export function overlayMarks(marks: readonly AccountMark[], operation: string): { parameterMarks: ParameterMark[]; bodyMarks: BodyMark[] } {
  const parameterMarks: ParameterMark[] = [];
  const bodyMarks: BodyMark[] = [];
  for (const m of marks) {
    if (m.operation !== operation) continue;
    if (m.in === "body") bodyMarks.push({ path: m.path, kind: m.kind });
    else parameterMarks.push({ in: m.in, name: m.name, kind: m.kind });
  }
  return { parameterMarks, bodyMarks };
}

type Schema = Record<string, unknown>;

const kindOf = (node: Schema): AccountKind | undefined => {
  const mark = node["x-portico-account"];
  return mark === "id" || mark === "iban" ? mark : undefined;
};

export function parameterMarks(parameters: Schema[]): ParameterMark[] {
  const marks: ParameterMark[] = [];
  for (const p of parameters) {
    const schema = (p.schema ?? {}) as Schema;
    const kind = kindOf(p) ?? kindOf(schema) ?? kindOf((schema.items ?? {}) as Schema);
    if (kind && (p.in === "path" || p.in === "query" || p.in === "header")) marks.push({ in: p.in, name: String(p.name), kind });
  }
  return marks;
}

/** Walks a (dereferenced) body schema; recursion stops at cycles and at a sane depth. */
export function bodyMarks(schema: Schema | undefined): BodyMark[] {
  const marks: BodyMark[] = [];
  const seen = new Set<string>();
  const walk = (node: unknown, path: string[], onPath: Set<unknown>) => {
    if (!node || typeof node !== "object" || onPath.has(node) || path.length > 24) return;
    const s = node as Schema;
    const kind = kindOf(s);
    if (kind) {
      const key = `${kind}:${path.join("/")}`;
      if (!seen.has(key)) {
        marks.push({ path, kind });
        seen.add(key);
      }
    }
    const next = new Set(onPath).add(node);
    for (const combiner of ["allOf", "oneOf", "anyOf"]) {
      const list = s[combiner];
      if (Array.isArray(list)) for (const sub of list) walk(sub, path, next);
    }
    if (s.properties && typeof s.properties === "object") {
      for (const [name, sub] of Object.entries(s.properties as Schema)) walk(sub, [...path, name], next);
    }
    if (s.items) walk(s.items, [...path, "*"], next);
    if (s.additionalProperties && typeof s.additionalProperties === "object") walk(s.additionalProperties, [...path, "*"], next);
  };
  walk(schema, [], new Set());
  return marks;
}

/** Every string the body holds at a mark's path, with a JSON pointer to it. */
export function valuesAt(body: unknown, path: string[]): { pointer: string; value: string }[] {
  const out: { pointer: string; value: string }[] = [];
  const walk = (node: unknown, i: number, pointer: string) => {
    if (i === path.length) {
      if (typeof node === "string") out.push({ pointer, value: node });
      return;
    }
    if (!node || typeof node !== "object") return;
    const step = path[i]!;
    if (step === "*") {
      const entries = Array.isArray(node) ? node.map((v, k) => [String(k), v] as const) : Object.entries(node);
      for (const [k, v] of entries) walk(v, i + 1, `${pointer}/${k}`);
    } else if (!Array.isArray(node) && Object.hasOwn(node, step)) {
      walk((node as Record<string, unknown>)[step], i + 1, `${pointer}/${step.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  };
  walk(body, 0, "/body");
  return out;
}
