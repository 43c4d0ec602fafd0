// What the docs page (and the spec download) give a reader: the spec with
// its `servers` pointing at the sandbox and every OAuth 2.0 / OpenID Connect
// URL at this installation's gateway, whatever the publisher wrote. The
// spec's own schemes keep their flows and scopes, so the docs still describe
// production; each says which flow the sandbox serves instead, since the
// gateway issues tokens by client credentials only (RFC 6749 §4.4). The
// overlay's default scopes appear as one more scheme, `porticoDefaultScopes`, on the
// operations that carry them. The server URL is a parameter so a "try it as
// app X" picker can swap in a same-origin proxy.
import { config } from "@/lib/config";
import { operationKey, OPERATION_METHODS } from "@/lib/openapi/list-operations";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The scheme the docs add for the overlay's default scopes. */
export const DEFAULT_SCOPES_SCHEME = "porticoDefaultScopes";

/** The sandbox base of one API version (cross-area URL scheme). */
export function sandboxBaseUrl(slug: string, version: string): string {
  return `${config.gatewayUrl}/sandbox/${encodeURIComponent(slug)}/${encodeURIComponent(version)}`;
}

export function tokenUrl(): string {
  return `${config.gatewayUrl}/oauth2/token`;
}

const sandboxNote = () =>
  `Sandbox: Portico issues tokens for these scopes by the client-credentials grant at ${tokenUrl()}; the sandbox does not serve the other flows described here yet (no authorization-code or PSU consent step).`;

/** Every flow's URLs at the gateway; the flows and scopes themselves as written. */
function pointSchemesAtGateway(schemes: Json) {
  for (const scheme of Object.values(schemes)) {
    if (!isObject(scheme)) continue;
    if (scheme.type === "oauth2" && isObject(scheme.flows)) {
      let onlyClientCredentials = true;
      for (const [name, flow] of Object.entries(scheme.flows)) {
        if (!isObject(flow)) continue;
        if (name !== "clientCredentials") onlyClientCredentials = false;
        if ("tokenUrl" in flow) flow.tokenUrl = tokenUrl();
        if ("refreshUrl" in flow) flow.refreshUrl = tokenUrl();
        if ("authorizationUrl" in flow) flow.authorizationUrl = `${config.gatewayUrl}/oauth2/authorize`;
      }
      if (!onlyClientCredentials) scheme.description = [typeof scheme.description === "string" ? scheme.description : "", sandboxNote()].filter(Boolean).join("\n\n");
    } else if (scheme.type === "openIdConnect") {
      scheme.openIdConnectUrl = `${config.gatewayUrl}/.well-known/oauth-authorization-server`;
      scheme.description = [typeof scheme.description === "string" ? scheme.description : "", sandboxNote()].filter(Boolean).join("\n\n");
    }
  }
}

/**
 * @param spec specResolved (dereferenced, for Elements) or specSource (as published, for downloads); not changed
 * @param scopeDefaults the overlay's scopes for operations the spec gives none (ApiVersionOverlay.scopeDefaults)
 */
export function docsSpec(
  apiVersion: { spec: OpenApiDocument; slug: string; version: string; scopeDefaults?: Record<string, string[]> },
  { serverUrl = sandboxBaseUrl(apiVersion.slug, apiVersion.version) }: { serverUrl?: string } = {},
): Json {
  const spec = structuredClone(apiVersion.spec);
  spec.servers = [{ url: serverUrl, description: "Sandbox" }];
  const components = (isObject(spec.components) ? spec.components : (spec.components = {})) as Json;
  const schemes = (isObject(components.securitySchemes) ? components.securitySchemes : (components.securitySchemes = {})) as Json;
  pointSchemesAtGateway(schemes);
  const defaults = apiVersion.scopeDefaults ?? {};
  const defaultScopes = new Set(Object.values(defaults).flat());
  if (defaultScopes.size) {
    schemes[DEFAULT_SCOPES_SCHEME] = {
      type: "oauth2",
      description: "Scopes Portico gives the operations this spec leaves without one: by default `<api>:read` for GET and HEAD and `<api>:write` for the others, as the publisher confirmed. The sandbox requires them; the spec's own scheme, if any, is what production uses.",
      flows: { clientCredentials: { tokenUrl: tokenUrl(), scopes: Object.fromEntries([...defaultScopes].sort().map((s) => [s, "Portico default scope"])) } },
    };
  }
  // Per-path and per-operation servers would bypass the sandbox; drop them.
  if (isObject(spec.paths)) {
    for (const [path, item] of Object.entries(spec.paths)) {
      if (!isObject(item)) continue;
      delete item.servers;
      for (const op of Object.values(item)) if (isObject(op)) delete op.servers;
      for (const method of OPERATION_METHODS) {
        const op = item[method];
        const scopes = defaults[operationKey(method, path)];
        if (isObject(op) && scopes) op.security = [{ [DEFAULT_SCOPES_SCHEME]: scopes }];
      }
    }
  }
  return spec;
}
