import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert, Card } from "@/components/ui/card";

export const metadata = { title: "Set a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold text-slate-900">Set a new password</h1>
      <Card>
        {typeof token === "string" && token ? (
          <ResetPasswordForm token={token} />
        ) : (
          <Alert tone="error">This link is incomplete. <Link href="/forgot-password" className="font-semibold underline">Ask for a new one</Link>.</Alert>
        )}
      </Card>
    </div>
  );
}
