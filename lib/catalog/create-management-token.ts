// Management tokens let a bank's CI publish specs without a person's
// session. 256 random bits, shown once, stored only as a hash
// (lib/secrets/opaque-secret.ts).
import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { badRequest } from "@/lib/errors";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

export const MANAGEMENT_TOKEN_PREFIX = "pmt_";
const Input = z.object({ name: z.string().trim().min(1, "Give the token a name").max(80) }).strict();

export async function createManagementToken({ actor, unverifiedInput }: { actor: Actor; unverifiedInput: unknown }) {
  requireRole(actor, "admin");
  const parsed = Input.safeParse(unverifiedInput);
  if (!parsed.success) throw badRequest("The token needs a name", parsed.error.issues.map((i) => ({ pointer: `/${i.path.join("/")}`, message: i.message })));
  const token = newOpaqueSecret(MANAGEMENT_TOKEN_PREFIX);
  const row = await getDb().$transaction(async (tx) => {
    const created = await tx.managementToken.create({ data: { name: parsed.data.name, tokenHash: hashOpaqueSecret(token), createdById: actor.id } });
    await recordAuditEvent(tx, { actor, action: "management_token.create", targetType: "management_token", targetId: created.id, details: { name: created.name } });
    return created;
  });
  // The only time the token exists outside the caller's hands.
  return { id: row.id, name: row.name, createdAt: row.createdAt, token };
}
