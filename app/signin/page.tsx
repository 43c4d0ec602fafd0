import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { config } from "@/lib/config";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const safeNext = safeNextPath({ unverifiedNext: typeof next === "string" ? next : null, origin: config.portalUrl });
  if (await currentUser()) redirect("/dashboard");
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-2xl font-bold text-slate-900">Sign in to Portico</h1>
      <Card>
        <Suspense>
          <SignInForm next={safeNext} />
        </Suspense>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        New here? <Link href="/signup" className="font-semibold text-brand-700 hover:underline">Create a developer account</Link>
      </p>
    </div>
  );
}
