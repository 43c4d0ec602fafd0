// What a developer may send about an app, and nothing more: every schema is
// .strict(), so status, clientId, approver, organisation or any other field
// in a request body is refused instead of silently assigned.
import { z } from "zod";

const id = z.string().trim().min(1).max(64);

export const appApiChoiceSchema = z
  .object({
    apiVersionId: id,
    scopes: z.array(z.string().trim().min(1).max(200)).max(100),
  })
  .strict();

/** RFC 8252 §7.3: a native app's loopback redirect may be plain http; everything else must be https (RFC 9700 §4.1). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * A redirect URI for the authorization code grant: absolute, https (or http
 * on a loopback address), no fragment (RFC 6749 §3.1.2), no credentials.
 * Compared exactly at the pushed authorization request.
 */
export const redirectUriSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.hash || value.includes("#") || url.username || url.password) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "Use an absolute https URL (http only on 127.0.0.1, [::1] or localhost) without a fragment");

export const appInputSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(80, "At most 80 characters"),
    description: z.string().trim().max(2000).optional(),
    apis: z.array(appApiChoiceSchema).max(50).optional(),
    accountIds: z.array(id).max(500).optional(),
    allAccounts: z.boolean().optional(),
    justification: z.string().trim().max(4000).optional(),
    redirectUris: z.array(redirectUriSchema).max(10, "At most 10 redirect URIs").optional(),
  })
  .strict();

export const appUpdateSchema = appInputSchema.partial().strict();

export type AppInput = z.infer<typeof appInputSchema>;
export type AppUpdate = z.infer<typeof appUpdateSchema>;
export type ApiChoice = z.infer<typeof appApiChoiceSchema>;

