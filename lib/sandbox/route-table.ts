// The sandbox's routing table: /sandbox/{apiSlug}/{version}/{operation path}
// → one compiled operation. Built from ApiVersion.specResolved when the
// gateway starts and again on every catalogue change, so a request matches
// once against a small per-method list and Prism never scans a whole spec.
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import type { Db } from "@/lib/db";
import { listOperations, scopedSecuritySchemes } from "@/lib/openapi/list-operations";
import { schemaDialect } from "@/lib/openapi/schema-dialect";
import { storedDocument } from "@/lib/openapi/stored-document";
import { compileOperation, type CompiledOperation } from "./compile-operation";

export type ApiRoutes = {
  apiVersionId: string;
  title: string;
  lifecycle: string;
  /** The catalogue's visibility of the API (lib/catalog/visible-api-where.ts): who may learn that it exists. */
  visibility: "registered" | "restricted";
  /** For a restricted API, the organisations named on it. */
  organisationIds: ReadonlySet<string>;
  byMethod: Map<string, CompiledOperation[]>;
  /** Sent on every answer of a deprecated version: RFC 9745 Deprecation and RFC 8594 Sunset. */
  lifecycleHeaders: Readonly<Record<string, string>>;
};
export type RouteMatch = { operation: CompiledOperation; params: Record<string, string> };

export class RouteTable {
  private readonly publicScopes: string[];

  constructor(private readonly apis: Map<string, ApiRoutes>) {
    const scopes = new Set<string>();
    for (const api of apis.values()) {
      // Security-critical: metadata is public, so a restricted API's scopes would name it to anyone.
      if (api.visibility !== "registered") continue;
      for (const list of api.byMethod.values()) for (const op of list) for (const alt of op.scopeAlternatives) alt.forEach((s) => scopes.add(s));
    }
    this.publicScopes = [...scopes].sort();
  }

  /**
   * The scopes of the APIs every registered developer may see (RFC 8414
   * scopes_supported, which is served to anyone). Scopes of restricted APIs
   * stay out: RFC 8414 §2 lets a server omit scopes it does not want to advertise.
   */
  scopes(): string[] {
    return this.publicScopes;
  }

  get size() {
    return this.apis.size;
  }

  api(apiSlug: string, version: string): ApiRoutes | undefined {
    return this.apis.get(`${apiSlug}/${version}`);
  }

  /**
   * The methods that have an operation at this path, for a 405's Allow
   * (RFC 9110 §15.5.6). Only asked after match() failed, so off the hot path.
   */
  allowedMethods(api: ApiRoutes, path: string): string[] {
    return [...api.byMethod.keys()].filter((method) => this.match(api, method, path) !== undefined).sort();
  }

  /** Literal segments beat parameters (OpenAPI: /accounts/me before /accounts/{id}). */
  match(api: ApiRoutes, method: string, path: string): RouteMatch | undefined {
    const candidates = api.byMethod.get(method);
    if (!candidates) return undefined;
    const parts = path.split("/").slice(1);
    outer: for (const op of candidates) {
      if (op.segments.length !== parts.length) continue;
      let p = 0;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const literal = op.segments[i];
        if (literal === null) {
          if (!parts[i]) continue outer;
          try {
            params[op.paramNames[p++]!] = decodeURIComponent(parts[i]!);
          } catch {
            continue outer;
          }
        } else if (literal !== parts[i]) continue outer;
      }
      return { operation: op, params };
    }
    return undefined;
  }
}

/**
 * RFC 9745 §2.1: `Deprecation: @<seconds since the epoch>` (a structured
 * field Date); RFC 8594 §3: `Sunset: <HTTP-date>`. A version deprecated
 * before the date was recorded gives the time of its last change.
 */
export function lifecycleHeaders(v: { lifecycle: string; deprecatedAt: Date | null; sunsetAt: Date | null; updatedAt: Date }): Record<string, string> {
  if (v.lifecycle !== "deprecated") return {};
  const headers: Record<string, string> = { deprecation: `@${Math.floor((v.deprecatedAt ?? v.updatedAt).getTime() / 1000)}` };
  if (v.sunsetAt) headers.sunset = v.sunsetAt.toUTCString();
  return headers;
}

/** Builds the table from every published or deprecated API version. A spec that fails to compile is skipped, never fatal. */
export async function buildRouteTable(options: { db: Db; onError?: (message: string, error: unknown) => void }): Promise<RouteTable> {
  const versions = await options.db.apiVersion.findMany({
    where: { lifecycle: { in: ["published", "deprecated"] } },
    select: {
      id: true,
      version: true,
      title: true,
      lifecycle: true,
      deprecatedAt: true,
      sunsetAt: true,
      updatedAt: true,
      specResolved: true,
      api: { select: { slug: true, visibility: true, organisations: { select: { organisationId: true } } } },
    },
  });
  const apis = new Map<string, ApiRoutes>();
  for (const v of versions) {
    try {
      const spec = storedDocument(v.specResolved);
      const prismOps = await getHttpOperationsFromSpec(structuredClone(spec));
      const prismByKey = new Map(prismOps.map((op) => [`${op.method.toLowerCase()} ${op.path}`, op]));
      const byMethod = new Map<string, CompiledOperation[]>();
      const schemes = scopedSecuritySchemes(spec);
      const dialect = schemaDialect(spec);
      for (const operation of listOperations(spec)) {
        const prismOperation = prismByKey.get(`${operation.method} ${operation.path}`);
        if (!prismOperation) continue;
        const compiled = compileOperation({
          api: { apiVersionId: v.id, apiSlug: v.api.slug, version: v.version, title: v.title },
          operation,
          scopedSchemes: schemes,
          dialect,
          prismOperation,
        });
        const list = byMethod.get(compiled.method) ?? [];
        list.push(compiled);
        byMethod.set(compiled.method, list);
      }
      for (const list of byMethod.values()) {
        list.sort((a, b) => a.paramNames.length - b.paramNames.length || b.path.length - a.path.length);
      }
      apis.set(`${v.api.slug}/${v.version}`, {
        apiVersionId: v.id,
        title: v.title,
        lifecycle: v.lifecycle,
        visibility: v.api.visibility,
        organisationIds: new Set(v.api.organisations.map((o) => o.organisationId)),
        byMethod,
        lifecycleHeaders: lifecycleHeaders(v),
      });
    } catch (error) {
      options.onError?.(`sandbox: skipped ${v.api.slug} ${v.version}: its spec did not compile`, error);
    }
  }
  return new RouteTable(apis);
}
