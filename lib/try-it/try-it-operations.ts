// What the docs page's try-it panel offers: each operation of a spec with
// its parameters and an example body, read from the dereferenced spec.
export type TryItParameter = { name: string; in: "path" | "query"; required: boolean; account?: "id" | "iban"; example?: string };
export type TryItOperation = { key: string; method: string; path: string; operationId: string; summary: string; parameters: TryItParameter[]; exampleBody?: string };

type Json = Record<string, unknown>;
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function exampleOf(media: Json | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const examples = media.examples as Record<string, Json> | undefined;
  const first = examples ? Object.values(examples)[0] : undefined;
  if (first && first.value !== undefined) return first.value;
  return (media.schema as Json | undefined)?.example;
}

export function tryItOperations(specJson: string): TryItOperation[] {
  const spec = JSON.parse(specJson) as Json;
  const out: TryItOperation[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = new Map<string, Json>();
      for (const p of [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])]) params.set(`${p.in}:${p.name}`, p);
      const parameters: TryItParameter[] = [];
      for (const p of params.values()) {
        if (p.in !== "path" && p.in !== "query") continue;
        const schema = (p.schema ?? {}) as Json;
        const mark = p["x-portico-account"] ?? schema["x-portico-account"];
        const example = p.example ?? schema.example ?? schema.default;
        parameters.push({
          name: String(p.name),
          in: p.in,
          required: p.in === "path" || p.required === true,
          ...(mark === "id" || mark === "iban" ? { account: mark } : {}),
          ...(example !== undefined ? { example: String(example) } : {}),
        });
      }
      const content = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
      const jsonType = Object.keys(content).find((t) => t.includes("json"));
      const body = jsonType ? exampleOf(content[jsonType]) : undefined;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: String(op.operationId ?? `${method} ${path}`),
        summary: String(op.summary ?? ""),
        parameters,
        ...(jsonType ? { exampleBody: JSON.stringify(body ?? {}, null, 2) } : {}),
      });
    }
  }
  return out;
}
