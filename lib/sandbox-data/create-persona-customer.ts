import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, forbidden, parseInput } from "@/lib/errors";
import { createSandboxCustomer } from "./create-sandbox-data";
import { PERSONA_IDS, PERSONAS } from "./personas";
import { sandboxNow } from "./sandbox-clock";

/** Customers an organisation's sandbox may hold: plenty for testing, a bound on what one developer can make. */
export const MAX_SANDBOX_CUSTOMERS = 50;

const inputSchema = z.object({
  persona: z.enum(PERSONA_IDS, { message: `Choose one of: ${PERSONA_IDS.join(", ")}` }),
  /** Optional: a name for the customer instead of the template's. */
  name: z.string().trim().min(1).max(80).optional(),
}).strict();

/** A developer adds a test customer, with its accounts and transactions, from a persona template to their organisation's sandbox. */
export async function createPersonaCustomer(options: { actor: Actor; unverifiedInput: unknown }) {
  const input = parseInput(inputSchema, options.unverifiedInput);
  const persona = PERSONAS[input.persona];
  return auditedChange({
    actor: options.actor,
    roles: createPersonaCustomer.roles,
    change: async (tx, actor) => {
      const organisationId = actor.organisationId;
      if (!organisationId) throw forbidden("You need an organisation to have a sandbox");
      if ((await tx.sandboxCustomer.count({ where: { organisationId } })) >= MAX_SANDBOX_CUSTOMERS) {
        throw conflict(`The sandbox holds at most ${MAX_SANDBOX_CUSTOMERS} customers; reset it to start again`);
      }
      // Its history ends at the sandbox's now, which the clock may have moved ahead of real time.
      const now = await sandboxNow(tx, organisationId);
      const created = await createSandboxCustomer({ tx, organisationId, plan: { ...persona.plan, name: input.name ?? persona.plan.name }, persona: input.persona, now });
      return {
        result: { customerId: created.customerId, persona: input.persona, accounts: created.accounts.map((a) => a.accountId) },
        audit: [{ action: "sandbox.persona_create", targetId: organisationId, details: { persona: input.persona, customerId: created.customerId, accounts: created.accounts.map((a) => a.accountId) } }],
      };
    },
  });
}
createPersonaCustomer.roles = ["developer"] as const;
