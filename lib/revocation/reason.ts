import { z } from "zod";
import { notFound, parseInput } from "@/lib/errors";

/**
 * Every revocation carries a reason in the audit trail, so that compliance
 * can later show why access was cut. A one-word reason explains nothing,
 * hence the minimum length.
 */
const reasonSchema = z.object({
  reason: z
    .string({ error: "A reason is required" })
    .trim()
    .min(1, { error: "A reason is required", abort: true })
    .min(5, "Give a reason of at least 5 characters")
    .max(1000, "Keep the reason under 1000 characters"),
});

export function parseReason(unverifiedReason: unknown): string {
  return parseInput(reasonSchema, { reason: unverifiedReason }, "Give a reason for the audit trail").reason;
}

/** Ids come from URLs; anything that cannot be an id is simply not found. */
const idSchema = z.string().min(1).max(64);

export function parseId(unverifiedId: unknown, notFoundMessage: string): string {
  const parsed = idSchema.safeParse(unverifiedId);
  if (!parsed.success) throw notFound(notFoundMessage);
  return parsed.data;
}
