"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, FieldsetError } from "@/components/ui/field";
import { callApi, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

export type SettingsValues = {
  defaultTokenLifetimeSeconds: number;
  minTokenLifetimeSeconds: number;
  maxTokenLifetimeSeconds: number;
  makerChecker: boolean;
  secretRotationOverlapSeconds: number;
  allowAllAccounts: boolean;
  logRetentionDays: number;
  rollupRetentionDays: number;
  certificateExpiryWarningDays: number;
  tokenRetentionHours: number;
  developerSessionLifetimeSeconds: number;
  developerSessionIdleSeconds: number;
  staffSessionLifetimeSeconds: number;
  staffSessionIdleSeconds: number;
  callbacksAllowLoopback: boolean;
  scorecardErrorsBlockPublish: boolean;
  autoApproveSandboxApps: boolean;
};

const NUMBERS: { key: keyof SettingsValues; label: string; hint: string }[] = [
  { key: "defaultTokenLifetimeSeconds", label: "Default access-token lifetime (seconds)", hint: "For apps without an override. Short is safer: 300 = 5 minutes." },
  { key: "minTokenLifetimeSeconds", label: "Shortest per-app override (seconds)", hint: "Lower bound for admins' per-app lifetimes." },
  { key: "maxTokenLifetimeSeconds", label: "Longest per-app override (seconds)", hint: "Upper bound for admins' per-app lifetimes." },
  { key: "secretRotationOverlapSeconds", label: "Secret rotation overlap (seconds)", hint: "How long a rotated-away client secret keeps working. 86400 = 1 day." },
  { key: "certificateExpiryWarningDays", label: "Certificate expiry warning (days)", hint: "The portal warns developers this many days before a certificate expires." },
  { key: "logRetentionDays", label: "Raw request log retention (days)", hint: "Sandbox request logs (and per-minute usage) older than this are purged." },
  { key: "rollupRetentionDays", label: "Usage history retention (days)", hint: "Hourly and daily usage older than this is purged; at least the raw log retention." },
  { key: "tokenRetentionHours", label: "Expired token retention (hours)", hint: "Access tokens expired longer than this are deleted; until then compliance can still look them up." },
];

const SESSIONS: { key: keyof SettingsValues; label: string; hint: string }[] = [
  { key: "developerSessionLifetimeSeconds", label: "Developer session lifetime (seconds)", hint: "From sign-in; activity does not extend it. 43200 = 12 hours." },
  { key: "developerSessionIdleSeconds", label: "Developer idle timeout (seconds)", hint: "A session unused this long ends. 3600 = 1 hour." },
  { key: "staffSessionLifetimeSeconds", label: "Staff session lifetime (seconds)", hint: "Admins and compliance; no longer than developers'. 28800 = 8 hours." },
  { key: "staffSessionIdleSeconds", label: "Staff idle timeout (seconds)", hint: "No longer than developers'. 900 = 15 minutes." },
];

// Maker-checker is not here: it changes only with a second admin (maker-checker-panel.tsx).
const FLAGS: { key: keyof SettingsValues; label: string; hint: string }[] = [
  {
    key: "autoApproveSandboxApps",
    label: "Approve sandbox apps for self-service APIs at once",
    hint: "An app or change request asking only for APIs marked self-service in the catalogue is approved by policy (audited as such); anything else waits for an admin. Maker-checker does not apply to these.",
  },
  { key: "allowAllAccounts", label: "Allow “all accounts” grants", hint: "Apps may ask for every sandbox account of their organisation instead of choosing accounts." },
  { key: "callbacksAllowLoopback", label: "Allow event callbacks to loopback addresses", hint: "For local testing only: callbacks may go to 127.0.0.0/8 and ::1, over http too. Private and link-local addresses stay refused." },
  {
    key: "scorecardErrorsBlockPublish",
    label: "Refuse specs with scorecard errors",
    hint: "A spec whose Spectral scorecard (OpenAPI and OWASP API Security rules) has error findings is not published. Off: the scorecard is shown, not enforced.",
  },
];

const LABELS: Record<string, string> = Object.fromEntries([...NUMBERS, ...SESSIONS, ...FLAGS].map((f) => [f.key, f.label]));

/** The bank's run-time policy; only changed values are sent, and every change is audited. */
export function BankSettingsForm({ initial }: { initial: SettingsValues }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const form = useFormProblem(LABELS);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    form.show(null);
    setSaved(false);
    const changes = Object.fromEntries(Object.entries(values).filter(([k, v]) => initial[k as keyof SettingsValues] !== v));
    const result = await callApi<SettingsValues>("/api/admin/settings", "PATCH", changes);
    setBusy(false);
    if (!result.ok) return form.show(result.problem);
    setSaved(true);
    router.refresh();
  }
  const numberField = (n: (typeof NUMBERS)[number]) => (
    <Field
      key={n.key}
      label={n.label}
      name={n.key}
      type="number"
      value={String(values[n.key])}
      onChange={(e) => (form.edited(n.key), setValues((v) => ({ ...v, [n.key]: e.target.value === "" ? 0 : Number(e.target.value) })))}
      hint={n.hint}
      error={form.error(n.key)}
    />
  );

  return (
    <form onSubmit={save} className="space-y-6" noValidate>
      <ProblemAlert problem={form.alert} labels={LABELS} />
      {saved ? <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">Settings saved.</p> : null}
      <Card>
        <h2 className="text-lg font-semibold text-slate-900">Approval policy</h2>
        <div className="mt-3 space-y-4">
          {FLAGS.map((f) => (
            <div key={f.key}>
              <label className="flex items-start gap-3 text-sm">
                <input type="checkbox" className="mt-1" checked={values[f.key] as boolean} onChange={(e) => (form.edited(f.key), setValues((v) => ({ ...v, [f.key]: e.target.checked })))} />
                <span>
                  <span className="font-medium text-slate-900">{f.label}</span>
                  <span className="block text-slate-600">{f.hint}</span>
                </span>
              </label>
              <FieldsetError id={`${f.key}-error`} message={form.error(f.key)} />
            </div>
          ))}
        </div>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold text-slate-900">Tokens, secrets, certificates and logs</h2>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {NUMBERS.map(numberField)}
        </div>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold text-slate-900">Portal sessions</h2>
        <p className="mt-1 text-sm text-slate-600">Apply to sessions started after the change.</p>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {SESSIONS.map(numberField)}
        </div>
      </Card>
      <Button type="submit" disabled={busy}>{busy ? "Saving…" : "Save settings"}</Button>
    </form>
  );
}
