import { notFound } from "next/navigation";
import type { Actor } from "@/lib/authz/actor";
import { PorticoError } from "@/lib/errors";
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
  try {
    return await getApiVersion({ actor, slug: decode(slug), version: version === undefined ? undefined : decode(version) });
  } catch (error) {
    if (error instanceof PorticoError && error.code === "not_found") notFound();
    throw error;
  }
}
