// Synthetic but realistic OpenAPI specs for tests and the search benchmark:
// N operations over bank-like resources, each with parameters, a request or
// response schema with several properties, and bankOAuth scopes.
import { randomBytes } from "node:crypto";

const RESOURCES = ["accounts", "payments", "cards", "mandates", "beneficiaries", "statements", "standing-orders", "direct-debits", "loans", "savings-goals", "disputes", "merchants", "invoices", "refunds", "payees"];
const FIELDS = ["amount", "currency", "reference", "status", "createdAt", "iban", "sortCode", "accountNumber", "nickname", "dueDate", "frequency", "merchantName", "category", "counterpartyName", "description", "expiryDate", "limit", "balance", "interestRate", "endToEndId"];

export type GeneratedSpecOptions = { slug?: string; title?: string; version?: string; operations?: number; seed?: number; extraField?: string; description?: string };

export function generateSpec(options: GeneratedSpecOptions = {}): Record<string, unknown> {
  const seed = options.seed ?? 1;
  const slug = options.slug ?? `generated-${randomBytes(4).toString("hex")}`;
  const count = options.operations ?? 10;
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {
    Problem: { type: "object", properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" } } },
  };
  for (let i = 0; i < count; i++) {
    const resource = RESOURCES[(i + seed) % RESOURCES.length]!;
    const path = `/${resource}/v${Math.floor(i / 4)}/{${"itemId"}}/${["details", "history", "actions", "notes"][i % 4]}${i}`;
    const props: Record<string, unknown> = {};
    for (let f = 0; f < 6; f++) {
      const name = `${FIELDS[(i * 7 + f * 3 + seed) % FIELDS.length]}${f === 0 ? "" : f}`;
      props[name] = { type: "string", example: `${name}-example` };
    }
    if (options.extraField && i === 0) props[options.extraField] = { type: "string", description: "A field to search for", example: "x" };
    const schemaName = `Item${i}`;
    schemas[schemaName] = { type: "object", properties: props };
    const method = ["get", "post", "patch", "delete"][i % 4]!;
    const op: Record<string, unknown> = {
      operationId: `${method}${resource.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}Item${i}`,
      summary: `${method === "get" ? "Read" : method === "post" ? "Create" : method === "patch" ? "Update" : "Delete"} ${resource.replace(/-/g, " ")} ${i}`,
      description: `Operation ${i} on ${resource}.`,
      tags: [resource],
      security: [{ bankOAuth: [`${resource}:${method === "get" ? "read" : "write"}`] }],
      parameters: [
        { name: "itemId", in: "path", required: true, schema: { type: "string" }, example: "itm_1" },
        { name: `filter${i % 5}`, in: "query", schema: { type: "string" } },
      ],
      responses: {
        "200": { description: "OK", content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` }, example: { status: "ok" } } } },
        "401": { description: "Unauthorised", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" }, example: { type: "about:blank", title: "Unauthorised", status: 401 } } } },
      },
    };
    if (method === "post" || method === "patch") op.requestBody = { content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` }, example: { status: "ok" } } } };
    paths[path] = { [method]: op };
  }
  const scopes: Record<string, string> = {};
  for (const r of RESOURCES) {
    scopes[`${r}:read`] = `Read ${r}`;
    scopes[`${r}:write`] = `Change ${r}`;
  }
  return {
    openapi: "3.0.3",
    info: { title: options.title ?? `Generated ${slug}`, version: options.version ?? "1.0.0", "x-portico-slug": slug, description: options.description ?? `A generated API with ${count} operations.` },
    paths,
    components: {
      securitySchemes: { bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "http://localhost:4000/oauth2/token", scopes } } } },
      schemas,
    },
  };
}
