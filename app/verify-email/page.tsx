import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { Alert, Card } from "@/components/ui/card";

export const metadata = { title: "Verify your email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold text-slate-900">Verify your email address</h1>
      <Card>{typeof token === "string" && token ? <VerifyEmailForm token={token} /> : <Alert tone="error">This link is incomplete. Open the link from the mail again, or sign in and ask for a new one.</Alert>}</Card>
    </div>
  );
}
