// The Prism operation that mocks ONE spec operation, made from the stored
// (dereferenced) document when the operation is first called. Prism's own
// getHttpOperationsFromSpec dereferences the whole document again and bundles
// every operation against all of it — seconds of blocked event loop for a
// large spec, on every catalogue change. Here each operation costs its own
// transform (milliseconds), once, and only if someone calls it. The steps are
// the ones getHttpOperationsFromSpec takes for an OpenAPI 3 document
// (@stoplight/prism-http dist/utils/operations.js), minus the dereference the
// publish pipeline already did; prism-operation.test.ts holds the two equal.
import { OPERATION_CONFIG } from "@stoplight/http-spec/oas";
import { transformOas3Operation } from "@stoplight/http-spec/oas3/operation";
import { bundleTarget } from "@stoplight/json";
import type { IHttpOperation } from "@stoplight/types";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";

/** Whether a document still holds any $ref (a circular schema): computed once per document. */
const holdsRefs = new WeakMap<OpenApiDocument, boolean>();
function hasRef(node: unknown): boolean {
  if (!node || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some(hasRef);
  return Object.hasOwn(node, "$ref") || Object.values(node).some(hasRef);
}

export function prismOperation(options: { document: OpenApiDocument; path: string; method: string }): IHttpOperation {
  const { document, path, method } = options;
  const operation = transformOas3Operation({ document, name: path, method, config: OPERATION_CONFIG } as Parameters<typeof transformOas3Operation>[0]);
  // Circular schemas stay $refs in the stored document: bundling copies what
  // they point at under the operation, so the operation stands alone. It
  // rewrites those $refs where they stand, so a document that has any is
  // bundled from a copy (the stored one is shared by every operation);
  // without any, there is nothing to rewrite and nothing to copy.
  let refs = holdsRefs.get(document);
  if (refs === undefined) holdsRefs.set(document, (refs = hasRef(document)));
  const bundled = bundleTarget({ document: { ...document, __target__: operation }, path: "#/__target__", cloneDocument: refs }) as IHttpOperation;
  // Prism would fire the spec's callbacks at URLs taken from the request:
  // a sandbox must never make outbound calls on a caller's say-so.
  return { ...bundled, callbacks: undefined };
}
