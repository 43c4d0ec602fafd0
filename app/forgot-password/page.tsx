import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { Card } from "@/components/ui/card";

export const metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Forgot your password?</h1>
      <p className="mb-6 text-sm text-slate-600">We will email you a link to set a new one. It works once, for 30 minutes.</p>
      <Card>
        <ForgotPasswordForm />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Remembered it? <Link href="/signin" className="font-semibold text-brand-700 hover:underline">Sign in</Link>
      </p>
    </div>
  );
}
