import { or404 } from "@/lib/auth/current-user";
import type { Actor } from "@/lib/authz/actor";
import { getApiVersion } from "@/lib/catalog/get-api-version";

/** Route params may arrive still percent-encoded; a malformed escape is simply not found. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** getApiVersion for pages: hidden or absent becomes Next's 404 page, nothing else. */
export async function loadVersionOr404(actor: Actor, slug: string, version?: string) {
  return or404(getApiVersion({ actor, slug: decode(slug), version: version === undefined ? undefined : decode(version) }));
}
