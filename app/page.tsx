import { redirect } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/current-user";

// The only public content: what Portico is, never what the catalogue holds.
export default async function LandingPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <div className="grid gap-10 py-6 lg:grid-cols-2 lg:items-center">
      <div>
        <h1 className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">Build on the bank&apos;s APIs</h1>
        <p className="mt-4 max-w-xl text-lg text-slate-600">
          Register your organisation to browse the API catalogue, read the documentation, register apps and try every call
          against a sandbox with fictitious customers and accounts.
        </p>
        <div className="mt-8 flex gap-3">
          <ButtonLink href="/signup">Create a developer account</ButtonLink>
          <ButtonLink href="/signin" variant="secondary">Sign in</ButtonLink>
        </div>
      </div>
      <ul className="grid gap-4 text-sm text-slate-700 sm:grid-cols-2">
        {[
          ["Registered access", "The catalogue and its documentation are open to registered developers only."],
          ["Least privilege", "Each app asks for the APIs, scopes and accounts it needs; the bank approves each grant."],
          ["Standards", "OAuth 2.0 client credentials, mutual TLS and certificate-bound tokens."],
          ["Sandbox first", "Try every operation from the docs with short-lived tokens; no secret leaves the server."],
        ].map(([title, text]) => (
          <li key={title} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p className="font-semibold text-slate-900">{title}</p>
            <p className="mt-1">{text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
