/** The revocation forms send `{ "reason": "…" }`; only that field is read. */
export function reasonOf(body: unknown): unknown {
  return body && typeof body === "object" && "reason" in body ? (body as { reason: unknown }).reason : undefined;
}
