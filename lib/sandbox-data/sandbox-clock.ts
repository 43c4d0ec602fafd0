// The organisation's sandbox clock. The sandbox's "now" is real time plus a
// stored offset (SandboxClock.offsetSeconds; no row: 0), so it keeps running
// between advances and only ever moves forward: an advance adds to the
// offset (advance-sandbox-clock.ts), a reset of the sandbox sets it back to
// real time. Everything that dates sandbox data asks this one function —
// payments' createdAt and booking dates, pending bookings, standing orders,
// FX quotes' expiry — while tokens, consents, certificates, rate limits and
// the audit trail keep real time (they never call it).
import type { Db, Tx } from "@/lib/db";

/** The furthest the sandbox may run ahead of real time: ten years, well inside the Int column (seconds). */
export const MAX_CLOCK_OFFSET_SECONDS = 10 * 366 * 24 * 60 * 60;

export type SandboxClockReading = { now: Date; offsetSeconds: number };

/** The organisation's sandbox time and how far it is ahead of real time. */
export async function readSandboxClock(db: Db | Tx, organisationId: string, realNow: Date = new Date()): Promise<SandboxClockReading> {
  const row = await db.sandboxClock.findUnique({ where: { organisationId }, select: { offsetSeconds: true } });
  const offsetSeconds = row?.offsetSeconds ?? 0;
  return { now: new Date(realNow.getTime() + offsetSeconds * 1000), offsetSeconds };
}

/** The organisation's sandbox "now": what every piece of sandbox data is dated and judged by. */
export async function sandboxNow(db: Db | Tx, organisationId: string): Promise<Date> {
  return (await readSandboxClock(db, organisationId)).now;
}
