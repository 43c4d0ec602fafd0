// Management tokens let a bank's CI publish specs without a person's
// session. 256 random bits, shown once, stored only as a hash
// (lib/secrets/opaque-secret.ts).
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { parseInput } from "@/lib/errors";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

export const MANAGEMENT_TOKEN_PREFIX = "pmt_";
const Input = z.object({ name: z.string().trim().min(1, "Give the token a name").max(80) }).strict();

export async function createManagementToken({ actor, unverifiedInput }: { actor: Actor; unverifiedInput: unknown }) {
  const { name } = parseInput(Input, unverifiedInput, "The token needs a name");
  const token = newOpaqueSecret(MANAGEMENT_TOKEN_PREFIX);
  return auditedChange({
    actor,
    roles: createManagementToken.roles,
    change: async (tx, admin) => {
      const created = await tx.managementToken.create({ data: { name, tokenHash: hashOpaqueSecret(token), createdById: admin.id } });
      return {
        // The only time the token exists outside the caller's hands.
        result: { id: created.id, name: created.name, createdAt: created.createdAt, token },
        audit: [{ action: "management_token.create", targetId: created.id, details: { name: created.name } }],
      };
    },
  });
}
createManagementToken.roles = ["admin"] as const;
