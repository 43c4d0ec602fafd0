import { config } from "@/lib/config";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { siemTarget } from "./siem-target";

export type SiemStatus = {
  /** SIEM_URL is set. */
  enabled: boolean;
  /** Scheme, host and port of the receiver (never its credentials or path); or why SIEM_URL is not usable. */
  target: string | null;
  configError: string | null;
  /** Events written and not yet taken by the receiver, and how old the oldest is. */
  pending: number;
  oldestPendingAt: Date | null;
  lagSeconds: number | null;
  delivered: number;
  lastDeliveredAt: Date | null;
  lastAttemptAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Failed attempts since the last delivery (0 once the receiver takes a batch again). */
  failures: number;
};

/**
 * The SIEM sink's state for compliance officers and admins: whether it is
 * on, how far behind it is (the outbox's size and oldest event) and the last
 * error. Two indexed reads and one row; no event content.
 */
export async function getSiemStatus(options: { actor: Actor; now?: Date }): Promise<SiemStatus> {
  requireRole(options.actor, "compliance", "admin");
  const now = options.now ?? new Date();
  const db = getDb();
  let target: string | null = null;
  let configError: string | null = null;
  if (config.siem) {
    try {
      target = siemTarget(config.siem).label;
    } catch (error) {
      configError = (error as Error).message.replace(/\/\/[^@/\s]*@/g, "//"); // never a password from the URL
    }
  }
  const [pending, oldest, state] = await Promise.all([
    db.siemOutbox.count(),
    db.siemOutbox.findFirst({ orderBy: { seq: "asc" }, select: { at: true } }),
    db.siemDelivery.findUnique({ where: { id: "siem" } }),
  ]);
  return {
    enabled: config.siem !== undefined,
    target,
    configError,
    pending,
    oldestPendingAt: oldest?.at ?? null,
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.at.getTime()) / 1000)) : null,
    delivered: Number(state?.delivered ?? 0),
    lastDeliveredAt: state?.lastDeliveredAt ?? null,
    lastAttemptAt: state?.lastAttemptAt ?? null,
    lastError: state?.lastError ?? null,
    lastErrorAt: state?.lastErrorAt ?? null,
    failures: state?.failures ?? 0,
  };
}
