// The sandbox's routing table: /sandbox/{apiSlug}/{version}/{operation path}
// → one compiled operation. Built from ApiVersion.specResolved when the
// gateway starts and again on every catalogue change (only what changed), so
// a request matches once against a small per-method list and Prism never
// scans a whole spec.
import { SLICE_MS, yieldToRequests, type Db, type Prisma } from "@/lib/db";
import { overlayAccountMarks, overlaySandboxBindings, overlayScopeDefaults } from "@/lib/db/json-columns";
import { overlayMarks } from "@/lib/openapi/account-marks";
import { listOperations, operationKey, scopedSecuritySchemes } from "@/lib/openapi/list-operations";
import { schemaDialect } from "@/lib/openapi/schema-dialect";
import { decodeSandboxBinding, SANDBOX_EXTENSION, type SandboxBinding } from "@/lib/openapi/sandbox-binding";
import { readResolvedSpec } from "@/lib/catalog/read-spec-document";
import { compileOperation, type CompiledOperation } from "./compile-operation";
import { storeShapes } from "./resource-store/store-shape";

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

type CompiledVersion = { specSha256: string; byMethod: Map<string, CompiledOperation[]> | undefined };
type VersionRow = { id: string; version: string; title: string; specSha256: string; overlay: { scopeDefaults: Prisma.JsonValue; accountMarks: Prisma.JsonValue; sandboxBindings: Prisma.JsonValue } | null; api: { slug: string } };

/**
 * Makes route tables from every published or deprecated API version, keeping
 * each version's compiled operations between calls: after a catalogue change
 * only a version that is new (or whose spec differs) is read and compiled,
 * and the others are reused as they are. Lifecycle, visibility and the
 * organisations named on an API are read afresh every time (one small query),
 * since they change without the spec. Compiling is a walk of the document in
 * slices of a few milliseconds (the costly parts of an operation are compiled
 * on its first call, compile-operation.ts), so requests keep being answered
 * while a large spec is added. A spec that fails to compile is skipped, never
 * fatal, and not tried again until it changes.
 */
export class RouteTableBuilder {
  private readonly compiled = new Map<string, CompiledVersion>();

  constructor(private readonly options: { db: Db; onError?: (message: string, error: unknown) => void }) {}

  async build(): Promise<RouteTable> {
    const versions = await this.options.db.apiVersion.findMany({
      where: { lifecycle: { in: ["published", "deprecated"] } },
      select: {
        id: true,
        version: true,
        title: true,
        lifecycle: true,
        specSha256: true,
        // Lifecycle, deprecation and sunset are read afresh on every build: they change without the spec.
        deprecatedAt: true,
        sunsetAt: true,
        updatedAt: true,
        // The publisher's decisions beside the spec: default scopes, confirmed account identifiers and sandbox bindings (fixed once published).
        overlay: { select: { scopeDefaults: true, accountMarks: true, sandboxBindings: true } },
        api: { select: { slug: true, visibility: true, organisations: { select: { organisationId: true } } } },
      },
    });
    const apis = new Map<string, ApiRoutes>();
    const live = new Set<string>();
    for (const v of versions) {
      live.add(v.id);
      let entry = this.compiled.get(v.id);
      if (!entry || entry.specSha256 !== v.specSha256) {
        entry = await this.compileVersion(v);
        this.compiled.set(v.id, entry);
      }
      if (!entry.byMethod) continue;
      apis.set(`${v.api.slug}/${v.version}`, {
        apiVersionId: v.id,
        title: v.title,
        lifecycle: v.lifecycle,
        visibility: v.api.visibility,
        organisationIds: new Set(v.api.organisations.map((o) => o.organisationId)),
        byMethod: entry.byMethod,
        lifecycleHeaders: lifecycleHeaders(v),
      });
    }
    for (const id of this.compiled.keys()) if (!live.has(id)) this.compiled.delete(id);
    return new RouteTable(apis);
  }

  private async compileVersion(v: VersionRow): Promise<CompiledVersion> {
    try {
      const spec = await readResolvedSpec(this.options.db, v.id);
      if (!spec) throw new Error("the version is gone");
      const schemes = scopedSecuritySchemes(spec);
      const dialect = schemaDialect(spec);
      const scopeDefaults = v.overlay ? overlayScopeDefaults(v.overlay.scopeDefaults) : {};
      const marks = v.overlay ? overlayAccountMarks(v.overlay.accountMarks) : [];
      // The overlay's bindings, by operationKey: each wins over that operation's own extension.
      const overlayBindings = new Map((v.overlay ? overlaySandboxBindings(v.overlay.sandboxBindings) : []).map((b) => [b.operation, b.binding]));
      const byMethod = new Map<string, CompiledOperation[]>();
      const operations = listOperations(spec);
      // Collections and items of the organisation's resource store, for operations without a binding (from either source).
      const shapes = storeShapes(operations, new Set(overlayBindings.keys()));
      let sliceStart = performance.now();
      for (const operation of operations) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToRequests();
          sliceStart = performance.now();
        }
        const key = operationKey(operation.method, operation.path);
        let binding: SandboxBinding | undefined;
        const overlaid = overlayBindings.get(key);
        try {
          // The publisher's binding is the later decision about the spec; the ONE decoder reads both.
          binding = decodeSandboxBinding(overlaid ? { [SANDBOX_EXTENSION]: overlaid } : operation.operation);
        } catch (error) {
          // A broken binding leaves that one operation to Prism; the rest of the spec is served.
          this.options.onError?.(`sandbox: ${v.api.slug} ${v.version} ${operation.method.toUpperCase()} ${operation.path} answers from Prism: ${overlaid ? "overlay " : ""}${(error as Error).message}`, error);
        }
        const compiled = compileOperation({
          binding,
          store: shapes.get(key),
          api: { apiVersionId: v.id, apiSlug: v.api.slug, version: v.version, title: v.title },
          operation,
          scopedSchemes: schemes,
          dialect,
          document: spec,
          overlay: { scopes: scopeDefaults[key], ...overlayMarks(marks, key) },
        });
        const list = byMethod.get(compiled.method) ?? [];
        list.push(compiled);
        byMethod.set(compiled.method, list);
      }
      for (const list of byMethod.values()) {
        list.sort((a, b) => a.paramNames.length - b.paramNames.length || b.path.length - a.path.length);
      }
      return { specSha256: v.specSha256, byMethod };
    } catch (error) {
      this.options.onError?.(`sandbox: skipped ${v.api.slug} ${v.version}: its spec did not compile`, error);
      return { specSha256: v.specSha256, byMethod: undefined };
    }
  }
}

/** One table from every published or deprecated API version, compiled afresh (tests; the gateway keeps a RouteTableBuilder). */
export async function buildRouteTable(options: { db: Db; onError?: (message: string, error: unknown) => void }): Promise<RouteTable> {
  return new RouteTableBuilder(options).build();
}
