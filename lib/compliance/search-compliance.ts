import { z } from "zod";
import { dialect, getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";

const querySchema = z.string().trim().max(200).catch("");

/**
 * `contains`, case-insensitive on both databases: SQLite's LIKE already is
 * (for ASCII); PostgreSQL needs Prisma's insensitive mode, which the SQLite
 * client's types do not know, hence the cast.
 */
function contains(text: string) {
  return (dialect() === "postgres" ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}

/**
 * The console's search: apps by name or client id, developers by name or
 * email, organisations by name. Bank staff only (compliance acts, admins
 * look). An empty query lists the most recent of each.
 */
export async function searchCompliance(options: { actor: Actor; unverifiedQuery: unknown; take?: number }) {
  const { actor } = options;
  requireRole(actor, "compliance", "admin");
  const q = querySchema.parse(options.unverifiedQuery ?? "");
  const take = options.take ?? 20;
  const db = getDb();
  const [apps, developers, organisations] = await Promise.all([
    db.app.findMany({
      where: q ? { OR: [{ name: contains(q) }, { clientId: q }, { clientId: contains(q) }, { id: q }] } : {},
      select: {
        id: true,
        name: true,
        status: true,
        clientId: true,
        organisation: { select: { id: true, name: true } },
        owner: { select: { email: true } },
      },
      orderBy: { updatedAt: "desc" },
      take,
    }),
    db.user.findMany({
      where: { role: "developer", ...(q ? { OR: [{ email: contains(q) }, { name: contains(q) }] } : {}) },
      select: { id: true, name: true, email: true, status: true, organisation: { select: { id: true, name: true } } },
      orderBy: { createdAt: "desc" },
      take,
    }),
    db.organisation.findMany({
      where: q ? { name: contains(q) } : {},
      select: { id: true, name: true, status: true, _count: { select: { users: true, apps: true } } },
      orderBy: { createdAt: "desc" },
      take,
    }),
  ]);
  return { query: q, apps, developers, organisations };
}
