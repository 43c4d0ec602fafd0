import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { notFound } from "@/lib/errors";

/** A developer, their organisation and apps, for the console. */
export async function getDeveloperForCompliance(options: { actor: Actor; userId: string }) {
  requireRole(options.actor, "compliance", "admin");
  const user = await getDb().user.findFirst({
    where: { id: options.userId, role: "developer" },
    select: {
      id: true,
      name: true,
      email: true,
      status: true,
      createdAt: true,
      lastSignInAt: true,
      organisation: { select: { id: true, name: true, status: true } },
      apps: { select: { id: true, name: true, status: true, clientId: true }, orderBy: { name: "asc" } },
    },
  });
  if (!user) throw notFound("No such developer");
  return user;
}
