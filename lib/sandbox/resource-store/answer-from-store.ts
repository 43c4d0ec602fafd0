// An operation without a binding answers from the organisation's resource
// store (lib/sandbox-data/sandbox-resources.ts): POST on a collection creates
// (the request body, a generated id, and the required fields the body lacks),
// GET on the item reads, PUT replaces, PATCH merges (RFC 7396 JSON Merge
// Patch), DELETE removes, GET on the collection lists; store-shape.ts says
// which operation does what.
// Every answer is held to the operation's response schema (the project's Ajv
// validators); what would break it is not written, and the caller answers
// with Prism's mock instead, saying why (`fallback`), as it does for what the
// store cannot handle (a body that is not a JSON object).
// Security-critical: the organisation comes from the app's grant, never from
// the request; account marks were checked before (check-access.ts).
import { randomUUID } from "node:crypto";
import { apply as mergePatch } from "json-merge-patch";
import { generateHttpParam } from "@stoplight/prism-http";
import type { Db, Tx } from "@/lib/db";
import type { Violation } from "@/lib/errors";
import {
  changeSandboxResource,
  createSandboxResource,
  deleteSandboxResource,
  findSandboxResource,
  listSandboxResources,
  type CollectionRef,
  type ResourceBody,
  type ResourceStoreLimits,
  type ResourceWriteRefusal,
} from "@/lib/sandbox-data/sandbox-resources";
import type { CompiledOperation } from "../compile-operation";
import { SandboxProblem } from "../errors";
import type { MockedResponse } from "../mock-response";
import { missingRequiredFields, requiredNames } from "./fill-required";
import type { StoreShape } from "./store-shape";

type Schema = Record<string, unknown>;

/** An answer from the store, or why the store leaves this request to Prism. */
export type StoreAnswer = { answer: MockedResponse } | { fallback: string };

/** Thrown inside a write's transaction when the result would break the response schema: nothing is written. */
class Unstorable extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (violations: Violation[]) =>
  violations
    .slice(0, 3)
    .map((v) => `${v.pointer ?? ""} ${v.message}`.trim())
    .join("; ");

/** The concrete path of the operation's first `length` segments, parameters filled in (percent-encoded). */
function concretePath(operation: CompiledOperation, params: Record<string, string>, length: number): string {
  let p = 0;
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const literal = operation.segments[i];
    parts.push(literal ?? encodeURIComponent(String(params[operation.paramNames[p++]!] ?? "")));
  }
  return `/${parts.join("/")}`;
}

/** The value at the n-th segment (a parameter), as text: validation has coerced it to its schema's type (petId: 1). */
function paramAt(operation: CompiledOperation, params: Record<string, string>, index: number): string {
  const p = operation.segments.slice(0, index).filter((s) => s === null).length;
  return String(params[operation.paramNames[p]!] ?? "");
}

/** Whether an id from a path could be stored: PostgreSQL text holds no NUL, and no id the store makes is that long. */
const storableId = (id: string) => id.length <= 512 && !id.includes("\u0000");

/** Whether any text in a JSON value, key or string, holds an unpaired surrogate: valid JSON that Prisma's JSON columns cannot take. */
function hasUnpairedSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return /\p{Cs}/u.test(value);
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => hasUnpairedSurrogate(item, depth + 1));
  return Object.entries(value).some(([key, item]) => /\p{Cs}/u.test(key) || hasUnpairedSurrogate(item, depth + 1));
}

/** A schema that asks for more than "a string" (an id of that shape is generated from it, not a UUID). */
const constrained = (schema: Schema | undefined) =>
  schema !== undefined && (schema.pattern !== undefined || schema.enum !== undefined || (schema.format !== undefined && schema.format !== "uuid") || (typeof schema.maxLength === "number" && schema.maxLength < 36));

/**
 * A new id: the sequence number for an integer id; for a string id a UUID,
 * unless the path parameter's or the property's schema asks for another
 * shape (pattern, format, length), then one generated from that schema.
 */
function newId(shape: StoreShape, seq: number): string | number {
  const schema = shape.idSchema ?? shape.idParamSchema;
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if (type === "integer" || type === "number") return seq;
  const source = constrained(shape.idParamSchema) ? shape.idParamSchema : constrained(shape.idSchema) ? shape.idSchema : undefined;
  if (!source) return randomUUID();
  const generated = generateHttpParam({ id: "id", schema: source });
  return generated._tag === "Some" && (typeof generated.value === "string" || typeof generated.value === "number") ? generated.value : randomUUID();
}

function refusal(outcome: ResourceWriteRefusal): SandboxProblem {
  if (outcome.outcome === "too_large") {
    return new SandboxProblem("payload_too_large", "payload_too_large", `The resource would be ${outcome.bytes} bytes; the sandbox keeps resources of at most ${outcome.limit} bytes`);
  }
  const what = outcome.limit === "resources" ? `${outcome.max} resources` : `${outcome.max} bytes of resources`;
  return new SandboxProblem("conflict", "store_full", `The organisation's sandbox store is full (at most ${what}): delete resources or reset the sandbox`);
}

export async function answerFromStore(options: {
  db: Db | Tx;
  operation: CompiledOperation;
  shape: StoreShape;
  organisationId: string;
  params: Record<string, string>;
  body: unknown;
  limits: ResourceStoreLimits;
}): Promise<StoreAnswer> {
  const { db, operation, shape, params, limits } = options;
  const at: CollectionRef = { organisationId: options.organisationId, apiVersionId: operation.apiVersionId, collection: concretePath(operation, params, shape.collectionLength) };
  const itemId = () => paramAt(operation, params, shape.collectionLength);
  const notFound = (id: string) => new SandboxProblem("not_found", "not_found", `No resource ${id} in ${at.collection} of the organisation's sandbox`);

  /** What in the answer breaks the operation's response schema (nothing, for an answer without a body). */
  const violationsOf = (answer: unknown): Violation[] => (shape.mediaType ? operation.responseViolations(shape.status, shape.mediaType, answer) : []);
  /** The resource with the required fields it lacks generated (a few tries: the generator does not honour every keyword). */
  const complete = (resource: ResourceBody): ResourceBody => {
    let best = resource;
    for (let attempt = 0; attempt < 3; attempt++) {
      const candidate = { ...missingRequiredFields(shape.responseSchema, resource), ...resource };
      const filled = { ...missingRequiredFields(shape.resourceSchema, candidate), ...candidate };
      best = filled;
      if (!violationsOf(filled).length) return filled;
    }
    return best;
  };
  const checked = (resource: ResourceBody): ResourceBody => {
    const violations = violationsOf(resource);
    if (violations.length) throw new Unstorable(`the resource would not match the response schema: ${describe(violations)}`);
    return resource;
  };
  const send = (body: unknown, headers: Record<string, string> = {}): StoreAnswer => ({
    answer: {
      status: shape.status,
      headers: shape.mediaType && body !== undefined ? { "content-type": shape.mediaType, ...headers } : headers,
      body: shape.mediaType && body !== undefined ? Buffer.from(JSON.stringify(body)) : Buffer.alloc(0),
    },
  });
  /** The request body the store can keep (a JSON object, its text storable), or why not. */
  const storableBody = (): { body: ResourceBody } | { fallback: string } => {
    const body = options.body === undefined && shape.action === "create" ? {} : options.body;
    if (!isObject(body)) return { fallback: "the request body is not a JSON object" };
    if (hasUnpairedSurrogate(body)) return { fallback: "the request body holds text with an unpaired surrogate (\\ud800-\\udfff alone)" };
    return { body };
  };

  try {
    // Longer than any collection the store could hold (PostgreSQL's index keys are bounded): nothing is there.
    if (at.collection.length > 1024) throw new SandboxProblem("not_found", "not_found", "No such collection in the organisation's sandbox");
    if (shape.collectionLength < operation.segments.length && !storableId(itemId())) throw notFound(itemId());
    if (shape.parentCollectionLength !== undefined) {
      const parent = { ...at, collection: concretePath(operation, params, shape.parentCollectionLength) };
      const parentId = paramAt(operation, params, shape.parentCollectionLength);
      if (!storableId(parentId) || !(await findSandboxResource({ db, at: parent, resourceId: parentId }))) {
        throw new SandboxProblem("not_found", "not_found", `No resource ${parentId} in ${parent.collection} of the organisation's sandbox`);
      }
    }
    switch (shape.action) {
      case "create": {
        const input = storableBody();
        if ("fallback" in input) return input;
        const { body } = input;
        // Generated before the transaction (a string id, the required fields), so the write lock is held
        // only for the writes; an integer id is the sequence number, known inside it.
        const id = newId(shape, 1);
        const prepared = complete({ ...body, [shape.idField]: id });
        const result = await createSandboxResource({
          db,
          at,
          limits,
          make: (seq) => {
            const final = typeof id === "number" ? seq : id;
            return { resourceId: String(final), body: checked({ ...prepared, [shape.idField]: final }) };
          },
        });
        if (result.outcome === "id_taken") return { fallback: `the generated id ${result.resourceId} is taken` };
        if (result.outcome !== "created") throw refusal(result);
        return send(result.body, { location: `${at.collection}/${encodeURIComponent(result.resourceId)}` });
      }
      case "list": {
        const items = (await listSandboxResources({ db, at, take: limits.maxResources })).map((r) => r.body);
        const pointer = shape.listPointer!;
        const answer = pointer.length ? { ...missingRequiredFields(shape.responseSchema, { [pointer[0]!]: items }), [pointer[0]!]: items } : items;
        const violations = violationsOf(answer);
        if (violations.length) return { fallback: `the stored resources do not match the response schema: ${describe(violations)}` };
        return send(answer);
      }
      case "get": {
        const found = await findSandboxResource({ db, at, resourceId: itemId() });
        if (!found) throw notFound(itemId());
        const violations = violationsOf(found.body);
        if (violations.length) return { fallback: `the stored resource does not match the response schema: ${describe(violations)}` };
        return send(found.body);
      }
      case "replace":
      case "merge": {
        const input = storableBody();
        if ("fallback" in input) return input;
        const { body } = input;
        const result = await changeSandboxResource({
          db,
          at,
          resourceId: itemId(),
          limits,
          change: (current) => {
            const id = current[shape.idField];
            const next: ResourceBody =
              shape.action === "merge"
                ? (mergePatch(structuredClone(current), body) as ResourceBody)
                : // A replacement keeps the required fields the client left out (what the server sets, such as a creation time).
                  { ...Object.fromEntries(Object.entries(current).filter(([name]) => isRequired(shape, name))), ...body };
            return checked(complete({ ...next, [shape.idField]: id }));
          },
        });
        if (result.outcome === "not_found") throw notFound(itemId());
        if (result.outcome !== "changed") throw refusal(result);
        return send(result.body);
      }
      case "delete": {
        const itemPath = `${at.collection}/${encodeURIComponent(itemId())}`;
        const deleted = await deleteSandboxResource({ db, at, resourceId: itemId(), itemPath });
        if (!deleted) throw notFound(itemId());
        if (!shape.mediaType) return send(undefined);
        const violations = violationsOf(deleted.body);
        if (violations.length) return { fallback: `the deleted resource does not match the response schema: ${describe(violations)}` };
        return send(deleted.body);
      }
    }
  } catch (error) {
    if (error instanceof Unstorable) return { fallback: error.message };
    throw error;
  }
}

/** Whether the resource schema or the answer's requires the field (kept by a PUT that leaves it out). */
function isRequired(shape: StoreShape, name: string): boolean {
  return [shape.resourceSchema, shape.responseSchema].some((schema) => schema !== undefined && requiredNames(schema).includes(name));
}
