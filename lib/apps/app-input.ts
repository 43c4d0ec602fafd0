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

export const appInputSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(80, "At most 80 characters"),
    description: z.string().trim().max(2000).optional(),
    apis: z.array(appApiChoiceSchema).max(50).optional(),
    accountIds: z.array(id).max(500).optional(),
    allAccounts: z.boolean().optional(),
    justification: z.string().trim().max(4000).optional(),
  })
  .strict();

export const appUpdateSchema = appInputSchema.partial().strict();

export type AppInput = z.infer<typeof appInputSchema>;
export type AppUpdate = z.infer<typeof appUpdateSchema>;
export type ApiChoice = z.infer<typeof appApiChoiceSchema>;

