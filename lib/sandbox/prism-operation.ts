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

/**
 * The top-level members of a document that its remaining $refs (circular
 * schemas) point into, e.g. ["components"]: computed once per document.
 */
const refRoots = new WeakMap<OpenApiDocument, string[]>();
function findRefRoots(document: OpenApiDocument): string[] {
  const roots = new Set<string>();
  const seen = new Set<object>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string") {
      const root = /^#\/([^/]+)/.exec(ref)?.[1];
      if (root) roots.add(root.replace(/~1/g, "/").replace(/~0/g, "~"));
    }
    Object.values(node).forEach(walk);
  };
  walk(document);
  return [...roots];
}

export function prismOperation(options: { document: OpenApiDocument; path: string; method: string }): IHttpOperation {
  const { document, path, method } = options;
  let operation = transformOas3Operation({ document, name: path, method, config: OPERATION_CONFIG } as Parameters<typeof transformOas3Operation>[0]);
  // Circular schemas stay $refs in the stored document: bundling copies what
  // they point at under the operation, so the operation stands alone. It
  // rewrites those $refs where they stand, and the stored document is shared
  // by every operation: so the operation and the members the $refs point
  // into (usually just `components`) are bundled from copies. Without any
  // $ref there is nothing to rewrite and nothing to copy.
  let roots = refRoots.get(document);
  if (!roots) refRoots.set(document, (roots = findRefRoots(document)));
  const target: Record<string, unknown> = { ...document };
  if (roots.length) {
    operation = structuredClone(operation);
    for (const root of roots) target[root] = structuredClone(document[root]);
  }
  target.__target__ = operation;
  const bundled = bundleTarget({ document: target, path: "#/__target__", cloneDocument: false }) as IHttpOperation;
  // Prism would fire the spec's callbacks at URLs taken from the request:
  // a sandbox must never make outbound calls on a caller's say-so.
  return { ...bundled, callbacks: undefined };
}
