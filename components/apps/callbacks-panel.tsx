"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, FieldsetError } from "@/components/ui/field";
import { callApi, type Problem, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

const LABELS = { url: "Callback URL", events: "Events" };
import { formatDateTime } from "./format";

type Endpoint = { id: string; url: string; events: string[] };
type Delivery = {
  id: string; eventId: string; type: string; status: "pending" | "succeeded" | "failed"; attempts: number; url: string;
  createdAt: string; lastAttemptAt: string | null; nextAttemptAt: string; lastStatusCode: number | null; lastError: string | null;
};

const TONE = { pending: "amber", succeeded: "green", failed: "red" } as const;

/**
 * Callback URLs, the signing secret (shown once, from the response that made
 * it: the server keeps it only encrypted) and the latest deliveries with a
 * resend button.
 */
export function CallbacksPanel(props: {
  appId: string;
  eventTypes: { type: string; description: string }[];
  endpoints: Endpoint[];
  deliveries: Delivery[];
  secretHint: string | null;
  canManage: boolean;
}) {
  const router = useRouter();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(props.eventTypes.map((e) => e.type));
  const [secret, setSecret] = useState<string | null>(null);
  const form = useFormProblem(LABELS);
  const [busy, setBusy] = useState(false);

  async function run<T>(call: Promise<{ ok: true; data: T } | { ok: false; problem: Problem }>, then?: (data: T) => void) {
    setBusy(true);
    form.show(null);
    const result = await call;
    setBusy(false);
    if (!result.ok) return form.show(result.problem);
    then?.(result.data);
    router.refresh();
  }

  const register = (event: React.FormEvent) => {
    event.preventDefault();
    void run(callApi<{ signingSecret?: string }>(`/api/apps/${props.appId}/callbacks`, "POST", { url, events }), (data) => {
      if (data.signingSecret) setSecret(data.signingSecret);
      setUrl("");
    });
  };
  const rotate = () => {
    if (!window.confirm("Make a new signing secret? Deliveries from now on are signed with it; the current one stops verifying.")) return;
    void run(callApi<{ signingSecret: string }>(`/api/apps/${props.appId}/callbacks/signing-secret`, "POST"), (data) => setSecret(data.signingSecret));
  };
  const remove = (id: string) => {
    if (!window.confirm("Remove this callback URL? Its queued deliveries are dropped.")) return;
    void run(callApi(`/api/apps/${props.appId}/callbacks/${id}`, "DELETE"));
  };
  const resend = (id: string) => void run(callApi(`/api/apps/${props.appId}/callbacks/deliveries/${id}/resend`, "POST"));

  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">Event callbacks</h2>
      <p className="mt-1 text-sm text-slate-600">
        The sandbox POSTs events to these URLs, signed per Standard Webhooks (headers <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>). Refuse a timestamp more than five minutes off.
      </p>
      <div className="mt-3 space-y-4">
        <ProblemAlert problem={form.alert} labels={LABELS} />
        {secret ? (
          <Alert tone="warning" role="status">
            <p className="font-semibold">Copy your signing secret now. It will not be shown again.</p>
            <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900" data-testid="signing-secret">{secret}</code>
          </Alert>
        ) : null}
        {props.secretHint ? (
          <p className="text-sm text-slate-700">
            Signing secret <code>whsec_…{props.secretHint}</code>{" "}
            {props.canManage ? <Button variant="ghost" onClick={rotate} disabled={busy}>Rotate</Button> : null}
          </p>
        ) : null}
        {props.endpoints.length ? (
          <ul className="divide-y divide-slate-100" aria-label="Callback URLs">
            {props.endpoints.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <code className="block break-all text-slate-900">{e.url}</code>
                  <span className="text-xs text-slate-600">{e.events.join(", ")}</span>
                </span>
                {props.canManage ? <Button variant="ghost" onClick={() => remove(e.id)} aria-label={`Remove ${e.url}`}>Remove</Button> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No callback URL yet.</p>
        )}
        {props.canManage ? (
          <form onSubmit={register} className="space-y-3" noValidate>
            <Field label={LABELS.url} name="callback-url" type="url" placeholder="https://example.com/portico-events" value={url} onChange={(e) => (form.edited("url"), setUrl(e.target.value))} error={form.error("url")} hint="https only; private and internal addresses are refused." />
            <fieldset>
              <legend className="text-sm font-medium text-slate-900">{LABELS.events}</legend>
              {props.eventTypes.map((t) => (
                <label key={t.type} className="mt-1 flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-1" checked={events.includes(t.type)} onChange={(e) => (form.edited("events"), setEvents((list) => (e.target.checked ? [...list, t.type] : list.filter((x) => x !== t.type))))} />
                  <span><code className="text-slate-900">{t.type}</code> <span className="text-slate-600">{t.description}</span></span>
                </label>
              ))}
              <FieldsetError id="events-error" message={form.error("events")} />
            </fieldset>
            <Button type="submit" disabled={busy}>Add callback URL</Button>
          </form>
        ) : null}
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Latest deliveries</h3>
          {props.deliveries.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">None yet.</p>
          ) : (
            <div className="mt-1 overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label="Callback deliveries">
                <thead className="text-xs text-slate-500">
                  <tr><th className="py-1 pr-3 font-medium">Event</th><th className="py-1 pr-3 font-medium">Status</th><th className="py-1 pr-3 font-medium">Last attempt</th><th className="py-1 font-medium"><span className="sr-only">Actions</span></th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {props.deliveries.map((d) => (
                    <tr key={d.id} data-testid="delivery-row">
                      <td className="py-2 pr-3 align-top">
                        <code className="text-slate-900">{d.type}</code>
                        <div className="break-all font-mono text-xs text-slate-600">{d.eventId}</div>
                      </td>
                      <td className="py-2 pr-3 align-top">
                        <Badge tone={TONE[d.status]}>{d.status}</Badge>
                        <div className="text-xs text-slate-600">{d.attempts} attempt{d.attempts === 1 ? "" : "s"}{d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ""}</div>
                        {d.lastError ? <div className="break-all text-xs text-red-700">{d.lastError}</div> : null}
                        {d.status === "pending" && d.attempts > 0 ? <div className="text-xs text-slate-600">next try {formatDateTime(d.nextAttemptAt)}</div> : null}
                      </td>
                      <td className="py-2 pr-3 align-top text-xs text-slate-600">{d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : "—"}</td>
                      <td className="py-2 align-top">{props.canManage && d.status !== "pending" ? <Button variant="ghost" onClick={() => resend(d.id)} disabled={busy} aria-label={`Resend ${d.type} ${d.eventId}`}>Resend</Button> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
