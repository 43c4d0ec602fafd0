"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { CopyValue } from "@/components/ui/code-block";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";
import type { FirstCall } from "@/lib/try-it/first-call";
import { FirstCallPanel } from "./first-call-panel";
import { formatDateTime } from "./format";

type Secret = { id: string; hint: string; createdAt: string; expiresAt: string | null; revokedAt: string | null };

function secretState(s: Secret, now: number, appSuspended: boolean): { label: string; tone: "green" | "amber" | "gray" | "red" } {
  if (s.revokedAt) return { label: "Revoked", tone: "red" };
  // A suspended app gets no tokens with any secret: never show one as working.
  if (appSuspended) return { label: "Not usable — app suspended", tone: "red" };
  if (s.expiresAt && new Date(s.expiresAt).getTime() <= now) return { label: "Expired", tone: "gray" };
  if (s.expiresAt) return { label: `Rotated — works until ${formatDateTime(s.expiresAt)}`, tone: "amber" };
  return { label: "Active", tone: "green" };
}

/**
 * Client id and secrets. A new secret is shown here exactly once, from the
 * response that created it; the server keeps only its hash, so after a
 * reload only its last four characters remain.
 */
export function CredentialsPanel(props: { appId: string; clientId: string | null; secrets: Secret[]; tokenEndpoint: string; canManage: boolean; now: number; firstCall: FirstCall | null; appSuspended?: boolean }) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<{ secret: string; previousExpireAt: string | null } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const live = props.secrets.filter((s) => !s.revokedAt && (!s.expiresAt || new Date(s.expiresAt).getTime() > props.now));

  async function generate() {
    if (live.length && !window.confirm("Rotate the client secret? The current secret keeps working only for the bank's overlap window.")) return;
    setBusy(true);
    setProblem(null);
    const result = await callApi<{ clientSecret: string; previousExpireAt: string | null }>(`/api/apps/${props.appId}/secrets`, "POST");
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setRevealed({ secret: result.data.clientSecret, previousExpireAt: result.data.previousExpireAt });
    router.refresh();
  }

  async function revoke(id: string) {
    if (!window.confirm("Revoke this secret now? Clients using it stop working at once.")) return;
    const result = await callApi(`/api/apps/${props.appId}/secrets/${id}`, "DELETE");
    if (!result.ok) return setProblem(result.problem);
    router.refresh();
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Credentials</h2>
      {!props.clientId ? (
        <p className="mt-2 text-sm text-slate-600">The app gets a client id and secret when the bank approves it.</p>
      ) : (
        <div className="mt-3 space-y-4">
          <div>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">client_id</p>
            <CopyValue value={props.clientId} label="client id" testId="client-id" />
          </div>
          <ProblemAlert problem={problem} />
          {revealed ? (
            <Alert tone="warning" role="status">
              <p className="font-semibold">Copy your client secret now. It will not be shown again.</p>
              <CopyValue value={revealed.secret} label="client secret" testId="client-secret" />
              {revealed.previousExpireAt ? <p className="mt-2">The previous secret keeps working until {formatDateTime(revealed.previousExpireAt)}.</p> : null}
              {props.firstCall ? null : <p className="mt-2">Token endpoint: <code>{props.tokenEndpoint}</code></p>}
            </Alert>
          ) : null}
          <div>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Client secrets</p>
            {props.secrets.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">No secret yet. Generate one to call the token endpoint.</p>
            ) : (
              <ul className="mt-1 divide-y divide-slate-100">
                {props.secrets.map((s) => {
                  const state = secretState(s, props.now, props.appSuspended ?? false);
                  const canRevoke = props.canManage && !s.revokedAt && (!s.expiresAt || new Date(s.expiresAt).getTime() > props.now);
                  return (
                    <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                      <span>
                        <code className="text-slate-900">pcs_…{s.hint}</code> <span className="text-slate-600">created {formatDateTime(s.createdAt)}</span>{" "}
                        <Badge tone={state.tone}>{state.label}</Badge>
                      </span>
                      {canRevoke ? <Button variant="ghost" onClick={() => void revoke(s.id)} aria-label={`Revoke secret ending ${s.hint}`}>Revoke</Button> : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          {props.canManage ? (
            <Button onClick={() => void generate()} disabled={busy}>{busy ? "Generating…" : live.length ? "Rotate secret" : "Generate client secret"}</Button>
          ) : null}
          {props.firstCall && props.canManage ? <FirstCallPanel call={props.firstCall} secret={revealed?.secret ?? null} /> : null}
        </div>
      )}
    </Card>
  );
}
