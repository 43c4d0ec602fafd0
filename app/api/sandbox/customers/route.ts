import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { createPersonaCustomer } from "@/lib/sandbox-data/create-persona-customer";

/** Adds a test customer from a persona template ({"persona": "overdrawn"}) to the caller's organisation's sandbox. */
export const POST = withUser(createPersonaCustomer.roles, async ({ actor, request }) =>
  json(await createPersonaCustomer({ actor, unverifiedInput: await readJson(request, 4 * 1024) }), 201),
);
