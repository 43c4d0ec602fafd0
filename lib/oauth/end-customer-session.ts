// The sandbox customer signs out of their access dashboard: the session row goes.
import type { Db } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";

export async function endCustomerSession(options: { db: Db; sessionToken: string }) {
  await options.db.sandboxCustomerSession.deleteMany({ where: { tokenHash: hashOpaqueSecret(options.sessionToken) } });
}
