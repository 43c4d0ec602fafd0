// What the docs page (and the spec download) give a reader: the spec with
// its `servers` pointing at the sandbox and the OAuth token URL at this
// installation's gateway, whatever the publisher wrote. The server URL is a
// parameter so a "try it as app X" picker can swap in a same-origin proxy.
import { config } from "@/lib/config";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";
import { SECURITY_SCHEME } from "./validate-spec";

type Json = Record<string, unknown>;

/** The sandbox base of one API version (cross-area URL scheme). */
export function sandboxBaseUrl(slug: string, version: string): string {
  return `${config.gatewayUrl}/sandbox/${encodeURIComponent(slug)}/${encodeURIComponent(version)}`;
}

export function tokenUrl(): string {
  return `${config.gatewayUrl}/oauth2/token`;
}

/**
 * @param spec specResolved (dereferenced, for Elements) or specSource (as published, for downloads); not changed
 */
export function docsSpec(apiVersion: { spec: OpenApiDocument; slug: string; version: string }, { serverUrl = sandboxBaseUrl(apiVersion.slug, apiVersion.version) }: { serverUrl?: string } = {}): Json {
  const spec = structuredClone(apiVersion.spec);
  spec.servers = [{ url: serverUrl, description: "Sandbox" }];
  // Per-path and per-operation servers would bypass the sandbox; drop them.
  if (spec.paths && typeof spec.paths === "object") {
    for (const item of Object.values(spec.paths as Record<string, Json>)) {
      if (!item || typeof item !== "object") continue;
      delete item.servers;
      for (const op of Object.values(item)) if (op && typeof op === "object" && !Array.isArray(op)) delete (op as Json).servers;
    }
  }
  const schemes = (spec.components as Json | undefined)?.securitySchemes as Json | undefined;
  const flow = ((schemes?.[SECURITY_SCHEME] as Json | undefined)?.flows as Json | undefined)?.clientCredentials as Json | undefined;
  if (flow) flow.tokenUrl = tokenUrl();
  return spec;
}
