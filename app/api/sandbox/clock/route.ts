import { json, withUser } from "@/lib/auth/route-handler";
import { readOrganisationClock } from "@/lib/sandbox-data/read-organisation-clock";

/** The caller's organisation's sandbox clock: {now, offsetSeconds}. */
export const GET = withUser(readOrganisationClock.roles, async ({ actor }) => json(await readOrganisationClock({ actor })));
