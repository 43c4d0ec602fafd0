import type { ApiVersionDetail } from "./get-api-version";
import { docsHref } from "./search-catalog";
import { sandboxBaseUrl } from "./docs-spec";

/** The JSON shape of one API version for the catalogue API (no spec text: that is the download). */
export function apiVersionBody(d: ApiVersionDetail) {
  return {
    slug: d.api.slug,
    name: d.api.name,
    summary: d.api.summary,
    category: d.api.category,
    version: d.version.version,
    lifecycle: d.version.lifecycle,
    latestVersion: d.latestVersion ?? null,
    sandboxBaseUrl: sandboxBaseUrl(d.api.slug, d.version.version),
    scopes: d.version.scopes,
    versions: d.versions.map((v) => ({ version: v.version, lifecycle: v.lifecycle })),
    operations: d.operations.map((o) => ({ ...o, docs: docsHref(d.api.slug, d.version.version, o.operationId) })),
  };
}
