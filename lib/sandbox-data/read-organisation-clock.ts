import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { forbidden } from "@/lib/errors";
import { readSandboxClock } from "./sandbox-clock";

/** The developer's own organisation's sandbox clock, as the portal shows it. */
export async function readOrganisationClock(options: { actor: Actor }) {
  const { actor } = options;
  requireRole(actor, ...readOrganisationClock.roles);
  if (!actor.organisationId) throw forbidden("You need an organisation to have a sandbox");
  const { now, offsetSeconds } = await readSandboxClock(getDb(), actor.organisationId);
  return { now: now.toISOString(), offsetSeconds };
}
readOrganisationClock.roles = ["developer"] as const;
