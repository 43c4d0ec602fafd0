import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/lib/auth/current-user";

export const metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-2 text-2xl font-bold text-slate-900">Create a developer account</h1>
      <p className="mb-6 text-sm text-slate-600">Registration opens the API catalogue, the docs and the sandbox to you and your organisation.</p>
      <Card>
        <SignUpForm />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Already registered? <Link href="/signin" className="font-semibold text-brand-700 hover:underline">Sign in</Link>
      </p>
    </div>
  );
}
