// The review step before publishing: what import proposes for a spec (the
// default scopes of operations it leaves without one, the parameters and
// body fields that look account-identifying) and which decisions are still
// missing, with the overlay given so far laid over it. Reads and writes
// nothing in the database, so it needs no audit record; it is the same
// preparation publishSpec runs (prepare-spec.ts), so what the admin confirms
// is what gets stored.
import type { Actor } from "@/lib/authz/actor";
import { assertAllowed } from "@/lib/authz/require-role";
import type { SpecFiles } from "./analyse-upload";
import { prepareSpec } from "./prepare-spec";
import { publishSpec } from "./publish-spec";
import { previewOf, type SpecPreview } from "./spec-preview";

export type { SpecPreview } from "./spec-preview";

export async function previewSpec(options: { actor: Actor; unverifiedSpec: string | Uint8Array | SpecFiles; filename?: string; unverifiedOverlay?: string }): Promise<SpecPreview> {
  // Only those who may publish get a spec parsed.
  assertAllowed(options.actor, previewSpec.roles);
  return previewOf(await prepareSpec(options));
}

previewSpec.roles = publishSpec.roles;
