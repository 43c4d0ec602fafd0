import { z } from "zod";
import { badRequest, notFound } from "@/lib/errors";

/**
 * Every revocation carries a reason in the audit trail, so that compliance
 * can later show why access was cut. A one-word reason explains nothing,
 * hence the minimum length.
 */
const reasonSchema = z.string().trim().min(5, "Give a reason of at least 5 characters").max(1000, "Keep the reason under 1000 characters");

export function parseReason(unverifiedReason: unknown): string {
  const parsed = reasonSchema.safeParse(unverifiedReason);
  if (!parsed.success) {
    const message = unverifiedReason === undefined || unverifiedReason === null || unverifiedReason === "" ? "A reason is required" : parsed.error.issues[0]!.message;
    throw badRequest(message, [{ pointer: "/reason", message }]);
  }
  return parsed.data;
}

/** Ids come from URLs; anything that cannot be an id is simply not found. */
const idSchema = z.string().min(1).max(64);

export function parseId(unverifiedId: unknown, notFoundMessage: string): string {
  const parsed = idSchema.safeParse(unverifiedId);
  if (!parsed.success) throw notFound(notFoundMessage);
  return parsed.data;
}
