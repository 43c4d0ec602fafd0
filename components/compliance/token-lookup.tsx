"use client";
import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";
import { ReasonAction } from "./reason-action";
import { StatusBadge, utc } from "./status-badge";

/** One match as the lookup route answers it (lib/compliance/look-up-token.ts), dates as JSON strings. */
type FoundToken = {
  id: string;
  prefix: string;
  state: "active" | "expired" | "revoked";
  scopes: string[];
  issuedVia: "client_credentials" | "portal_try_it";
  sourceIp: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  app: { id: string; name: string; clientId: string | null; status: string };
  organisation: { id: string; name: string };
  accounts: "all" | { accountId: string; name: string }[];
  binding: { thumbprint: string; certificate: { id: string; subject: string; revokedAt: string | null } | null } | null;
  clientSecret: { id: string; hint: string; createdAt: string; revokedAt: string | null } | null;
};
type Answer = { by: "value" | "prefix"; prefix: string; tokens: FoundToken[]; more: boolean };

/**
 * Compliance finds one access token by its value or its first characters.
 * Sent with POST and never put in the URL: a pasted token is a live
 * credential. Each lookup is recorded in the audit trail (prefix only).
 */
export function TokenLookup() {
  const [query, setQuery] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await callApi<Answer>("/api/compliance/tokens/lookup", "POST", { query });
    setBusy(false);
    if (!result.ok) {
      setAnswer(null);
      return setProblem(result.problem);
    }
    setAnswer(result.data);
    // The token has done its job; do not keep it on screen.
    setQuery("");
  }

  const markRevoked = (id: string) =>
    setAnswer((a) => a && { ...a, tokens: a.tokens.map((t) => (t.id === id ? { ...t, state: "revoked", revokedAt: new Date().toISOString() } : t)) });

  return (
    <Card className="overflow-x-auto">
      <h2 className="font-semibold text-slate-900">Find an access token</h2>
      <p className="mt-1 text-sm text-slate-600">Paste a whole token or at least its first 12 characters (pat_ and 8 more). Tokens are stored only as hashes; every lookup is recorded in the audit trail.</p>
      <form onSubmit={submit} className="mt-3 flex max-w-2xl items-end gap-2">
        <div className="grow">
          <Field
            label="Access token or prefix"
            name="token-query"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="pat_…"
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
            required
          />
        </div>
        <Button type="submit" disabled={busy}>{busy ? "Looking up…" : "Look up"}</Button>
      </form>
      <div className="mt-3"><ProblemAlert problem={problem} /></div>
      {answer ? (
        answer.tokens.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600" role="status">No token {answer.by === "value" ? "has this value" : `starts with ${answer.prefix}`}. Expired tokens are deleted after the bank&apos;s retention period.</p>
        ) : (
          <div className="mt-4 space-y-4" role="status">
            {answer.by === "prefix" ? <p className="text-sm text-slate-600">{answer.tokens.length}{answer.more ? "+" : ""} token{answer.tokens.length === 1 ? "" : "s"} starting with <code className="font-mono">{answer.prefix}</code>{answer.more ? " (newest shown; paste more of the token to narrow it down)" : ""}.</p> : null}
            {answer.tokens.map((t) => (
              <div key={t.id} className="rounded-md border border-slate-200 p-4" data-testid="found-token">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm"><code className="font-mono">{t.prefix}…</code> <StatusBadge status={t.state} /> <span className="ml-1 font-mono text-xs text-slate-500">id {t.id}</span></p>
                  {t.state === "active" ? (
                    <ReasonAction size="small" action={`/api/compliance/tokens/${t.id}/revoke`} label="Revoke" title="Revoke this token?" description={`Token ${t.prefix}… of ${t.app.name} stops working at the gateway's next request.`} onDone={() => markRevoked(t.id)} />
                  ) : null}
                </div>
                <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                  <div><dt className="text-xs uppercase text-slate-500">App</dt><dd><Link className="font-medium text-brand-700 hover:underline" href={`/compliance/apps/${t.app.id}`}>{t.app.name}</Link> <span className="font-mono text-xs text-slate-500">{t.app.clientId ?? ""}</span> <StatusBadge status={t.app.status} /></dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Organisation</dt><dd><Link className="hover:underline" href={`/compliance/organisations/${t.organisation.id}`}>{t.organisation.name}</Link></dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Issued</dt><dd>{utc(t.createdAt)}{t.issuedVia === "portal_try_it" ? " · portal try-it" : ""}{t.sourceIp ? ` · from ${t.sourceIp}` : ""}</dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">{t.revokedAt ? "Revoked" : "Expires"}</dt><dd>{utc(t.revokedAt ?? t.expiresAt)}</dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Scopes</dt><dd className="font-mono text-xs">{t.scopes.join(" ") || "none"}</dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Accounts (grant in force)</dt><dd>{t.accounts === "all" ? "every account of the organisation" : t.accounts.length ? t.accounts.map((a) => a.name).join(", ") : "none"}</dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Certificate binding</dt><dd>{t.binding ? <><span className="font-mono text-xs">{t.binding.thumbprint.slice(0, 16)}…</span>{t.binding.certificate ? ` ${t.binding.certificate.subject}${t.binding.certificate.revokedAt ? " (revoked)" : ""}` : ""}</> : "none (bearer)"}</dd></div>
                  <div><dt className="text-xs uppercase text-slate-500">Issued with client secret</dt><dd>{t.clientSecret ? <><span className="font-mono text-xs">pcs_…{t.clientSecret.hint}</span> created {utc(t.clientSecret.createdAt)}{t.clientSecret.revokedAt ? " (revoked)" : ""}</> : "none (mutual TLS or try-it)"}</dd></div>
                </dl>
              </div>
            ))}
          </div>
        )
      ) : null}
    </Card>
  );
}
