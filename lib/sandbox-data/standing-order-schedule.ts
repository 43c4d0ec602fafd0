// A standing order's dates: the first payment on a chosen day (00:00 UTC by
// the sandbox clock), then every day, week or calendar month after it. A
// monthly order started on the 31st pays on the last day of shorter months
// and goes back to the 31st after them (each date is counted from the
// first, never from the previous one).
import { randomInt } from "node:crypto";
import type { SandboxStandingOrderFrequency } from "@/lib/db";

export const STANDING_ORDER_FREQUENCIES = ["daily", "weekly", "monthly"] as const satisfies readonly SandboxStandingOrderFrequency[];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The date of the payment after `runs` earlier ones, counted from the first. */
export function standingOrderDueAt(first: Date, frequency: SandboxStandingOrderFrequency, runs: number): Date {
  if (frequency === "daily") return new Date(first.getTime() + runs * DAY_MS);
  if (frequency === "weekly") return new Date(first.getTime() + runs * 7 * DAY_MS);
  const month = first.getUTCMonth() + runs;
  const year = first.getUTCFullYear() + Math.floor(month / 12);
  const lastDay = new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month % 12, Math.min(first.getUTCDate(), lastDay)));
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** `sto_` + 16 lowercase base32 characters (80 random bits). */
export const newStandingOrderId = () => `sto_${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join("")}`;
