import { sendVerificationEmail } from "@/lib/accounts/send-verification-email";
import { json, withUser } from "@/lib/auth/route-handler";

/** "Resend": a new verification link for the signed-in user. */
export const POST = withUser(sendVerificationEmail.roles, async ({ actor }) => json(await sendVerificationEmail({ actor }), 202));
