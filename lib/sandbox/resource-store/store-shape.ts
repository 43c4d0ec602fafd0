// Which operations of a spec the resource store answers, and how: decided
// once per spec when the route table is built, from the path templates alone.
// The rule (README "Operations without a binding"):
//   a collection is a path /x (its last segment literal) that has a POST and
//   an item path /x/{param}; POST /x creates, GET /x lists, and GET, PUT,
//   PATCH and DELETE on /x/{param} read, replace, merge-patch and delete.
//   Collections nest: /owners/{ownerId}/pets is a collection per owner, and
//   when /owners is a collection too, the owner must exist.
//   The id goes in the resource schema's property named like the item path's
//   parameter (/pets/{petId} → petId), else its `id` property, else (the
//   schema names neither) a property named like the parameter.
// An operation with a sandbox binding, in the spec (x-portico-sandbox) or in
// the version's overlay (and every operation of a collection whose POST has
// one), or whose success answer is not JSON (a DELETE or PUT
// may answer without a body), is left to its binding or Prism.
import type { DocumentOperation } from "@/lib/openapi/list-operations";
import { operationKey } from "@/lib/openapi/list-operations";
import { SANDBOX_EXTENSION } from "@/lib/openapi/sandbox-binding";

type Schema = Record<string, unknown>;

export type StoreAction = "create" | "list" | "get" | "replace" | "merge" | "delete";

export type StoreShape = {
  action: StoreAction;
  /** How many segments of the operation's path name the collection (/owners/{ownerId}/pets: 3). */
  collectionLength: number;
  /** For a nested collection whose parent is a collection too: how many segments name the parent's collection (/owners: 1). */
  parentCollectionLength: number | undefined;
  /** The resource's property that holds its id. */
  idField: string;
  /** That property's schema in the resource schema, if it declares one. */
  idSchema: Schema | undefined;
  /** The item path parameter's schema (an id must fit the path too: /applications/{applicationId} with pattern ^app_…). */
  idParamSchema: Schema | undefined;
  /** The success answer: its status and JSON media type (undefined: answered without a body). */
  status: number;
  mediaType: string | undefined;
  /** The answer's schema (the resource, or for a list the array or the object holding it). */
  responseSchema: Schema | undefined;
  /** The resource as the item's GET (else the create) describes it: its required fields are filled in on every write. */
  resourceSchema: Schema | undefined;
  /** For a list: where the array is in the answer ([]: the answer is the array). */
  listPointer: string[] | undefined;
};

const isObject = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const isJson = (mediaType: string) => /^application\/([a-z0-9.+-]+\+)?json$/i.test(mediaType.split(";")[0]!.trim());
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

function hasType(schema: Schema, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type)) || (type === "array" && schema.items !== undefined && schema.type === undefined);
}

/** The properties a schema declares, its own and those of its allOf parts. */
export function declaredProperties(schema: Schema | undefined, depth = 0): Record<string, Schema> {
  if (!schema || depth > 8) return {};
  const out: Record<string, Schema> = {};
  for (const part of Array.isArray(schema.allOf) ? schema.allOf.filter(isObject) : []) Object.assign(out, declaredProperties(part, depth + 1));
  if (isObject(schema.properties)) for (const [name, value] of Object.entries(schema.properties)) if (isObject(value)) out[name] = value;
  return out;
}

/** The lowest 2xx answer: its status, and its JSON media type and schema if it has a body. Undefined when it has a body but none in JSON. */
function successAnswer(operation: DocumentOperation): { status: number; mediaType?: string; schema?: Schema } | undefined {
  const responses = isObject(operation.operation.responses) ? operation.operation.responses : {};
  const code = Object.keys(responses).filter((c) => /^2[0-9][0-9]$/.test(c)).sort()[0];
  if (!code) return undefined;
  const response = responses[code];
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const types = Object.keys(content);
  if (!types.length) return { status: Number(code) };
  const json = types.find(isJson);
  if (!json) return undefined;
  const media = content[json];
  return { status: Number(code), mediaType: json, schema: isObject(media) && isObject(media.schema) ? media.schema : undefined };
}

/** Where a list answer keeps its array: the answer itself, or its one array property (data, items, results, or the collection's name first). */
function listPointer(schema: Schema | undefined, collectionName: string): string[] | undefined {
  if (!schema) return undefined;
  if (hasType(schema, "array")) return [];
  const arrays = Object.entries(declaredProperties(schema)).filter(([, s]) => hasType(s, "array")).map(([name]) => name);
  if (arrays.length <= 1) return arrays.length ? [arrays[0]!] : undefined;
  const preferred = [collectionName, "data", "items", "results", "content", "records"].find((name) => arrays.includes(name));
  return [preferred ?? arrays[0]!];
}

/**
 * The store's shape of every operation it answers, by operationKey.
 * @param overlayBound operationKeys the version's overlay binds (their own extension or not)
 */
export function storeShapes(operations: DocumentOperation[], overlayBound: ReadonlySet<string> = new Set()): Map<string, StoreShape> {
  const isBound = (op: DocumentOperation) => op.operation[SANDBOX_EXTENSION] !== undefined || overlayBound.has(operationKey(op.method, op.path));
  const byPath = new Map<string, Map<string, DocumentOperation>>();
  for (const op of operations) {
    const methods = byPath.get(op.path) ?? new Map<string, DocumentOperation>();
    methods.set(op.method, op);
    byPath.set(op.path, methods);
  }
  // Collections: /x with a POST and an item path /x/{param}.
  const collections = new Map<string, string>(); // collection path → its item path
  for (const path of byPath.keys()) {
    const segments = path.split("/").slice(1);
    if (segments.length < 2 || !isParam(segments.at(-1)!)) continue;
    const collection = `/${segments.slice(0, -1).join("/")}`;
    const create = byPath.get(collection)?.get("post");
    // A collection whose POST is bound belongs to its binding (its resources are sandbox data, not the store's).
    if (!isParam(segments.at(-2)!) && create && !isBound(create)) collections.set(collection, path);
  }

  const shapes = new Map<string, StoreShape>();
  for (const [collection, itemPath] of collections) {
    const segments = collection.split("/").slice(1);
    const param = itemPath.slice(itemPath.lastIndexOf("{") + 1, -1);
    const parentPath = segments.length >= 3 && isParam(segments.at(-2)!) ? `/${segments.slice(0, -2).join("/")}` : undefined;
    const parentCollectionLength = parentPath !== undefined && collections.has(parentPath) ? segments.length - 2 : undefined;
    const create = byPath.get(collection)!.get("post")!;
    const get = byPath.get(itemPath)!.get("get");
    const resourceSchema = (get && successAnswer(get)?.schema) ?? successAnswer(create)?.schema;
    const properties = declaredProperties(resourceSchema);
    const idField = properties[param] ? param : properties.id ? "id" : param;
    const idParam = [...byPath.get(itemPath)!.values()].flatMap((op) => op.parameters).find((p) => p.in === "path" && p.name === param);
    const idParamSchema = idParam && isObject(idParam.schema) ? idParam.schema : undefined;
    const common = { parentCollectionLength, idField, idSchema: properties[idField], idParamSchema, resourceSchema };

    const add = (op: DocumentOperation | undefined, action: StoreAction, collectionLength: number) => {
      if (!op || isBound(op)) return;
      const answer = successAnswer(op);
      if (!answer) return;
      // Reads answer with a body; writes may answer without one.
      if ((action === "get" || action === "list") && !answer.mediaType) return;
      const pointer = action === "list" ? listPointer(answer.schema, segments.at(-1)!) : undefined;
      if (action === "list" && !pointer) return;
      shapes.set(operationKey(op.method, op.path), {
        ...common,
        action,
        collectionLength,
        status: answer.status,
        mediaType: answer.mediaType,
        responseSchema: answer.schema,
        listPointer: pointer,
      });
    };
    add(create, "create", segments.length);
    add(byPath.get(collection)!.get("get"), "list", segments.length);
    const item = byPath.get(itemPath)!;
    add(item.get("get"), "get", segments.length);
    add(item.get("put"), "replace", segments.length);
    add(item.get("patch"), "merge", segments.length);
    add(item.get("delete"), "delete", segments.length);
  }
  return shapes;
}
