// One spec operation, prepared once for the hot path: its path matcher, the
// scopes it needs, where it names accounts, and (lazily, on first call) its
// request validators and the Prism operation that mocks it.
import type { IHttpOperation } from "@stoplight/types";
import { bodyMarks, parameterMarks, type BodyMark, type ParameterMark } from "./account-marks";
import { compileValidator, type CompiledValidator, type ParameterSpec } from "./request-validator";

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
  validator: () => CompiledValidator;
  prismOperation: IHttpOperation;
};

const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** Scope alternatives from an OpenAPI security requirement list (operation's, else the document's). */
export function scopeAlternatives(security: unknown, oauthSchemes: Set<string>): string[][] {
  if (!Array.isArray(security)) return [];
  return security.map((requirement: Record<string, string[]>) => {
    const scopes: string[] = [];
    for (const [scheme, list] of Object.entries(requirement ?? {})) if (oauthSchemes.has(scheme) && Array.isArray(list)) scopes.push(...list);
    return [...new Set(scopes)];
  });
}

export function compileOperation(options: {
  api: { apiVersionId: string; apiSlug: string; version: string; title: string };
  spec: Schema;
  path: string;
  method: string;
  pathItem: Schema;
  operation: Schema;
  prismOperation: IHttpOperation;
}): CompiledOperation {
  const { spec, path, method, pathItem, operation } = options;
  // Operation parameters override path-item ones with the same name and location.
  const byKey = new Map<string, Schema>();
  for (const p of [...((pathItem.parameters as Schema[]) ?? []), ...((operation.parameters as Schema[]) ?? [])]) byKey.set(`${p.in}:${p.name}`, p);
  const parameters = [...byKey.values()];

  const securitySchemes = ((spec.components as Schema | undefined)?.securitySchemes ?? {}) as Record<string, Schema>;
  const oauthSchemes = new Set(Object.entries(securitySchemes).filter(([, s]) => s.type === "oauth2" || s.type === "openIdConnect").map(([name]) => name));
  const security = operation.security ?? spec.security;

  const requestBody = operation.requestBody as Schema | undefined;
  const content = (requestBody?.content ?? {}) as Record<string, Schema>;
  const jsonType = Object.keys(content).find((t) => /^application\/([a-z0-9.+-]+\+)?json/i.test(t));
  const bodySchema = jsonType ? (content[jsonType]!.schema as Schema | undefined) : undefined;

  const segments = path.split("/").slice(1).map((s) => (/^\{[^}]+\}$/.test(s) ? null : s));
  const paramNames = path.split("/").slice(1).filter((s) => /^\{[^}]+\}$/.test(s)).map((s) => s.slice(1, -1));

  let validator: CompiledValidator | undefined;
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
    operationId: String(operation.operationId ?? `${method.toUpperCase()} ${path}`),
    method: method.toUpperCase(),
    path,
    segments,
    paramNames,
    scopeAlternatives: scopeAlternatives(security, oauthSchemes),
    parameterMarks: parameterMarks(parameters),
    bodyMarks: bodyMarks(bodySchema),
    bodyMediaTypes: Object.keys(content),
    bodyRequired: requestBody?.required === true,
    validator: () => (validator ??= compileValidator(specs, bodySchema)),
    // Prism would fire the spec's callbacks at URLs taken from the request:
    // a sandbox must never make outbound calls on a caller's say-so.
    prismOperation: { ...options.prismOperation, callbacks: undefined },
  };
}
