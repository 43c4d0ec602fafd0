// One spec operation, prepared once for the hot path: its path matcher, the
// scopes it needs, where it names accounts, and (lazily, on first call) its
// request validators and the Prism operation that mocks it — so making the
// table costs a walk of the document, not a compile of every operation.
import type { IHttpOperation } from "@stoplight/types";
import { scopeAlternatives, type DocumentOperation } from "@/lib/openapi/list-operations";
import type { SchemaDialect } from "@/lib/openapi/schema-dialect";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";
import { SandboxProblem } from "./errors";
import { prismOperation } from "./prism-operation";
import { bodyMarks, parameterMarks, type BodyMark, type ParameterMark } from "@/lib/openapi/account-marks";
import { ACCOUNT_INPUTS, type SandboxBinding } from "@/lib/openapi/sandbox-binding";
import type { Violation } from "@/lib/errors";
import type { StoreShape } from "./resource-store/store-shape";
import { compileResponseValidator, compileValidator, type CompiledValidator, type ParameterSpec } from "./request-validator";

type Schema = Record<string, unknown>;

export type CompiledOperation = {
  apiVersionId: string;
  apiSlug: string;
  version: string;
  apiTitle: string;
  operationId: string;
  method: string;
  /** The spec's path template, e.g. /accounts/{accountId} */
  path: string;
  /** Literal segments, or null where a parameter goes (its name in paramNames). */
  segments: (string | null)[];
  paramNames: string[];
  /** OpenAPI security: alternatives, each a list of scopes that must all be held. [] alternatives = open. */
  scopeAlternatives: string[][];
  parameterMarks: ParameterMark[];
  bodyMarks: BodyMark[];
  /** Media types the request body may have; empty when the operation takes no body. */
  bodyMediaTypes: string[];
  bodyRequired: boolean;
  /** Request headers the operation declares as correlation ids (lower case): echoed on every answer. */
  correlationHeaders: string[];
  validator: () => CompiledValidator;
  /**
   * Whether a mocked body is what the spec's response schema for this status
   * and media type allows (true when the spec gives no JSON schema for it, or
   * one that cannot be compiled). Compiled on first use per status and type.
   */
  conforms: (status: number, mediaType: string, body: unknown) => boolean;
  /** What in `body` breaks the spec's response schema for this status and media type ([] when it conforms, as for conforms). */
  responseViolations: (status: number, mediaType: string, body: unknown) => Violation[];
  /** The Prism operation that mocks it, made on first call (prism-operation.ts). */
  prismOperation: () => IHttpOperation;
  /** How the operation answers from the organisation's sandbox data (x-portico-sandbox); undefined: Prism mocks it. */
  binding: SandboxBinding | undefined;
  /** How the organisation's resource store answers it (./resource-store/store-shape.ts), for an operation without a binding; undefined: Prism mocks it. */
  store: StoreShape | undefined;
};

const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
// Request headers that name one exchange for the caller's own tracing (the FAPI
// x-fapi-interaction-id, Berlin Group's X-Request-ID and the common others):
// the answer carries them back, so a caller can match it to its request.
const CORRELATION_HEADERS = new Set(["x-request-id", "x-correlation-id", "x-fapi-interaction-id", "request-id", "correlation-id"]);

/**
 * A binding's account inputs count as x-portico-account marks: checked
 * against the grant with the marks, and redacted in the request log,
 * whether or not the spec marks them itself.
 */
function withBindingMarks(marks: ParameterMark[], binding: SandboxBinding | undefined): ParameterMark[] {
  const out = [...marks];
  for (const name of ACCOUNT_INPUTS) {
    const source = binding?.request[name];
    if (!source || source.in === "body") continue;
    if (!out.some((m) => m.in === source.in && m.name.toLowerCase() === source.name.toLowerCase())) out.push({ in: source.in, name: source.name, kind: "id" });
  }
  return out;
}

function withBindingBodyMarks(marks: BodyMark[], binding: SandboxBinding | undefined): BodyMark[] {
  const out = [...marks];
  for (const name of ACCOUNT_INPUTS) {
    const source = binding?.request[name];
    if (source?.in === "body" && !out.some((m) => m.kind === "id" && m.path.join("/") === source.path.join("/"))) out.push({ path: source.path, kind: "id" });
  }
  return out;
}

export function compileOperation(options: {
  api: { apiVersionId: string; apiSlug: string; version: string; title: string };
  operation: DocumentOperation;
  /** The document's OAuth 2.0 / OpenID Connect schemes (scopedSecuritySchemes). */
  scopedSchemes: Set<string>;
  /** The document's schema dialect (schemaDialect). */
  dialect: SchemaDialect;
  /** The stored, dereferenced document the operation belongs to. */
  document: OpenApiDocument;
  /** The operation's binding, decoded by decodeSandboxBinding (from the spec or an overlay). */
  binding?: SandboxBinding;
  /** The operation's place in the resource store (storeShapes), when it has no binding. */
  store?: StoreShape;
  /**
   * The version's overlay for this operation: the scopes it requires when the
   * spec gives none, and confirmed account identifiers, checked as well as the
   * spec's own x-portico-account marks.
   */
  overlay?: { scopes?: string[]; parameterMarks: ParameterMark[]; bodyMarks: BodyMark[] };
}): CompiledOperation {
  const { path, method, parameters, requestBody, bodyContent: content } = options.operation;
  const jsonType = Object.keys(content).find((t) => /^application\/([a-z0-9.+-]+\+)?json/i.test(t));
  const bodySchema = jsonType ? (content[jsonType]!.schema as Schema | undefined) : undefined;

  const segments = path.split("/").slice(1).map((s) => (/^\{[^}]+\}$/.test(s) ? null : s));
  const paramNames = path.split("/").slice(1).filter((s) => /^\{[^}]+\}$/.test(s)).map((s) => s.slice(1, -1));

  let validator: CompiledValidator | undefined;
  let mock: IHttpOperation | SandboxProblem | undefined;
  const mockOperation = (): IHttpOperation => {
    if (!mock) {
      try {
        mock = prismOperation({ document: options.document, path, method });
      } catch {
        // Nothing the caller can change: the same answer every time, never a 5xx.
        mock = new SandboxProblem("not_found", "mock_unavailable", `The sandbox cannot mock ${method.toUpperCase()} ${path} of ${options.api.title} ${options.api.version}`);
      }
    }
    if (mock instanceof SandboxProblem) throw mock;
    return mock;
  };
  const responseChecks = new Map<string, ((value: unknown) => Violation[]) | null>();
  const responseCheck = (status: number, mediaType: string) => {
    const key = `${status} ${mediaType}`;
    if (!responseChecks.has(key)) {
      const responses = (options.operation.operation.responses ?? {}) as Record<string, Schema>;
      const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      const schema = ((response?.content ?? {}) as Record<string, Schema>)[mediaType]?.schema as Schema | undefined;
      let check: ((value: unknown) => Violation[]) | null = null;
      if (schema && /json/i.test(mediaType)) {
        try {
          check = compileResponseValidator({ schema, dialect: options.dialect });
        } catch {
          check = null; // the spec's own schema does not compile: nothing to hold the mock to
        }
      }
      if (responseChecks.size < 32) responseChecks.set(key, check);
      else return check;
    }
    return responseChecks.get(key) ?? null;
  };
  const specs: ParameterSpec[] = parameters
    .filter((p) => p.in === "path" || p.in === "query" || (p.in === "header" && !IGNORED_HEADERS.has(String(p.name).toLowerCase())))
    .map((p) => ({
      in: p.in as ParameterSpec["in"],
      name: p.in === "header" ? String(p.name).toLowerCase() : String(p.name),
      required: p.in === "path" ? true : p.required === true,
      schema: p.schema as Schema | undefined,
    }));

  return {
    apiVersionId: options.api.apiVersionId,
    apiSlug: options.api.apiSlug,
    version: options.api.version,
    apiTitle: options.api.title,
    operationId: options.operation.operationId ?? `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    segments,
    paramNames,
    // Security-critical: an operation the spec leaves open carries the overlay's scopes (publishing gave it some).
    scopeAlternatives: options.overlay?.scopes ? [options.overlay.scopes] : scopeAlternatives(options.operation.security, options.scopedSchemes),
    parameterMarks: withBindingMarks([...parameterMarks(parameters), ...(options.overlay?.parameterMarks ?? [])], options.binding),
    bodyMarks: withBindingBodyMarks([...bodyMarks(bodySchema), ...(options.overlay?.bodyMarks ?? [])], options.binding),
    bodyMediaTypes: Object.keys(content),
    bodyRequired: requestBody?.required === true,
    correlationHeaders: specs.filter((p) => p.in === "header" && CORRELATION_HEADERS.has(p.name)).map((p) => p.name),
    conforms: (status, mediaType, body) => (responseCheck(status, mediaType)?.(body) ?? []).length === 0,
    responseViolations: (status, mediaType, body) => responseCheck(status, mediaType)?.(body) ?? [],
    validator: () => (validator ??= compileValidator({ parameters: specs, bodySchema, dialect: options.dialect })),
    prismOperation: mockOperation,
    binding: options.binding,
    store: options.binding ? undefined : options.store,
  };
}
