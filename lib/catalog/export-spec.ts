// Spec download for a signed-in reader who may see the API: the spec as
// published (refs intact, good for code generators), pointed at the sandbox.
import { stringify } from "yaml";
import type { Actor } from "@/lib/authz/actor";
import { badRequest } from "@/lib/errors";
import { docsSpec } from "./docs-spec";
import { getApiVersion } from "./get-api-version";

export async function exportSpec({ actor, slug, version, unverifiedFormat }: { actor: Actor; slug: string; version: string; unverifiedFormat: string | null }) {
  const format = unverifiedFormat ?? "json";
  if (format !== "json" && format !== "yaml") throw badRequest('format must be "json" or "yaml"');
  const detail = await getApiVersion({ actor, slug, version });
  const spec = docsSpec({ spec: detail.version.specSource, slug: detail.api.slug, version: detail.version.version, scopeDefaults: detail.version.overlay.scopeDefaults });
  const filename = `${detail.api.slug}-${detail.version.version}.${format}`;
  return format === "json"
    ? { body: JSON.stringify(spec, null, 2), contentType: "application/json", filename }
    : { body: stringify(spec, { lineWidth: 0 }), contentType: "application/yaml", filename };
}
