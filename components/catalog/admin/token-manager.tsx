"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ProblemAlert, send, type Problem } from "@/components/ui/problem";

type Token = { id: string; name: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function TokenManager({ tokens }: { tokens: Token[] }) {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setProblem(null);
    setCreated(null);
    const result = await send<{ name: string; token: string }>("/api/admin/catalog/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: new FormData(form).get("name") }),
    });
    setPending(false);
    if (!result.ok) return setProblem(result.problem);
    setCreated(result.body);
    form.reset();
    router.refresh();
  }

  async function revoke(token: Token) {
    if (!window.confirm(`Revoke "${token.name}"? CI using it stops publishing at once.`)) return;
    const result = await send(`/api/admin/catalog/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "never");

  return (
    <div className="space-y-4">
      <form onSubmit={create} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Field label="Token name" name="name" required maxLength={80} placeholder="e.g. payments-api release pipeline" />
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create token"}</Button>
      </form>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {created ? (
        <Alert tone="success">
          <p className="font-semibold">Token “{created.name}” created. Copy it now: it is shown only this once.</p>
          <code data-testid="new-management-token" className="mt-2 block break-all rounded bg-white px-2 py-1 text-xs text-slate-900">{created.token}</code>
          <p className="mt-2 text-xs">CI publishes with <code>curl -X POST --data-binary @spec.yaml -H &quot;content-type: application/yaml&quot; -H &quot;authorization: Bearer $TOKEN&quot; {typeof window === "undefined" ? "" : window.location.origin}/api/management/specs</code></p>
        </Alert>
      ) : null}
      {tokens.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th scope="col" className="py-2 pr-4">Name</th><th scope="col" className="py-2 pr-4">Created</th><th scope="col" className="py-2 pr-4">Last used</th><th scope="col" className="py-2 pr-4">State</th><th scope="col" className="py-2"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 pr-4 font-medium">{t.name}</td>
                  <td className="py-2 pr-4">{date(t.createdAt)}</td>
                  <td className="py-2 pr-4">{date(t.lastUsedAt)}</td>
                  <td className="py-2 pr-4">{t.revokedAt ? `revoked ${date(t.revokedAt)}` : "active"}</td>
                  <td className="py-2 text-right">{t.revokedAt ? null : <Button variant="danger" onClick={() => void revoke(t)} aria-label={`Revoke ${t.name}`}>Revoke</Button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No management tokens yet.</p>
      )}
    </div>
  );
}
