"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, FieldsetError, TextArea } from "@/components/ui/field";
import { callApi, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

export type FormApi = { apiId: string; name: string; summary: string; /** Approved at once by the bank's self-service policy. */ instant: boolean; versions: { id: string; version: string; lifecycle: string; scopes: Record<string, string> }[] };
export type FormAccount = { id: string; accountId: string; name: string; customer: string; iban: string; currency: string };
export type AppFormValues = { name: string; description: string; apis: { apiVersionId: string; scopes: string[] }[]; accountIds: string[]; allAccounts: boolean; justification: string; redirectUris: string[] };

type Selection = Record<string, { versionId: string; scopes: string[] }>;

/** The fields beside which the server's violations are shown (pointer's first segment → label). */
const LABELS = { name: "App name", description: "Description", apis: "APIs and scopes", accountIds: "Sandbox accounts", redirectUris: "Redirect URIs", justification: "Justification" };

/**
 * Registration and edit form. Only sends the fields the server accepts; the
 * server validates everything again (catalogue, scopes, accounts, policy).
 */
export function AppForm(props: { appId?: string; initial: AppFormValues; apis: FormApi[]; accounts: FormAccount[]; allowAllAccounts: boolean; isChange: boolean }) {
  const router = useRouter();
  const [appId, setAppId] = useState(props.appId);
  const form = useFormProblem(LABELS);
  const [pending, setPending] = useState<"save" | "submit" | null>(null);
  const [name, setName] = useState(props.initial.name);
  const [description, setDescription] = useState(props.initial.description);
  const [justification, setJustification] = useState(props.initial.justification);
  const [redirectUris, setRedirectUris] = useState(props.initial.redirectUris.join("\n"));
  const [allAccounts, setAllAccounts] = useState(props.initial.allAccounts);
  const [accountIds, setAccountIds] = useState<string[]>(props.initial.accountIds);
  const [selection, setSelection] = useState<Selection>(() => {
    const s: Selection = {};
    for (const choice of props.initial.apis) {
      const api = props.apis.find((a) => a.versions.some((v) => v.id === choice.apiVersionId));
      if (api) s[api.apiId] = { versionId: choice.apiVersionId, scopes: choice.scopes };
    }
    return s;
  });

  const toggleApi = (api: FormApi, on: boolean) => (
    form.edited("apis"),
    setSelection((s) => {
      const next = { ...s };
      if (on) next[api.apiId] = { versionId: api.versions[0]!.id, scopes: [] };
      else delete next[api.apiId];
      return next;
    }));
  const setVersion = (apiId: string, versionId: string) => (form.edited("apis"), setSelection((s) => ({ ...s, [apiId]: { versionId, scopes: [] } })));
  const toggleScope = (apiId: string, scope: string, on: boolean) => (
    form.edited("apis"),
    setSelection((s) => {
      const current = s[apiId]!;
      return { ...s, [apiId]: { ...current, scopes: on ? [...current.scopes, scope] : current.scopes.filter((x) => x !== scope) } };
    }));
  const toggleAccount = (id: string, on: boolean) => (form.edited("accountIds"), setAccountIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id))));

  async function save(submit: boolean) {
    setPending(submit ? "submit" : "save");
    form.show(null);
    const body = {
      name,
      description,
      justification,
      redirectUris: redirectUris.split("\n").map((line) => line.trim()).filter(Boolean),
      allAccounts,
      accountIds: allAccounts ? [] : accountIds,
      apis: Object.values(selection).map((s) => ({ apiVersionId: s.versionId, scopes: s.scopes })),
    };
    const saved = appId ? await callApi(`/api/apps/${appId}`, "PATCH", body) : await callApi<{ id: string }>("/api/apps", "POST", body);
    if (!saved.ok) return setPending(null), form.show(saved.problem);
    const id = appId ?? (saved.data as { id: string }).id;
    setAppId(id);
    if (submit) {
      const submitted = await callApi(`/api/apps/${id}/submit`, "POST");
      if (!submitted.ok) return setPending(null), form.show(submitted.problem);
    }
    router.push(`/apps/${id}`);
    router.refresh();
  }

  return (
    <form
      className="space-y-8"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(true);
      }}
    >
      {props.isChange ? (
        <Alert tone="info">This app is approved. Changes to its APIs, scopes or accounts become a change request: the current access stays in force until the bank approves the change.</Alert>
      ) : null}
      <ProblemAlert problem={form.alert} labels={LABELS} />
      <section className="grid gap-4 md:grid-cols-2">
        <Field label={LABELS.name} name="name" value={name} onChange={(e) => (form.edited("name"), setName(e.target.value))} required maxLength={80} error={form.error("name")} />
        <Field label={LABELS.description} name="description" value={description} onChange={(e) => (form.edited("description"), setDescription(e.target.value))} maxLength={2000} error={form.error("description")} hint="What the app does, in a sentence." />
      </section>

      <fieldset>
        <legend className="text-lg font-semibold text-slate-900">{LABELS.apis}</legend>
        <p className="text-sm text-slate-600">Ask only for what the app needs. Scopes come from each API&apos;s specification.</p>
        {props.apis.length === 0 ? <p className="mt-3 text-sm text-slate-600">No APIs are available to your organisation yet.</p> : null}
        <div className="mt-3 grid gap-3 md:grid-cols-2">
          {props.apis.map((api) => {
            const chosen = selection[api.apiId];
            const version = api.versions.find((v) => v.id === chosen?.versionId);
            return (
              <div key={api.apiId} className={`rounded-lg border p-4 ${chosen ? "border-brand-600 bg-brand-50/40" : "border-slate-200 bg-white"}`}>
                <label className="flex items-start gap-2">
                  <input type="checkbox" className="mt-1" checked={!!chosen} onChange={(e) => toggleApi(api, e.target.checked)} />
                  <span>
                    <span className="font-medium text-slate-900">{api.name}</span>
                    <span className="block text-xs text-slate-600">{api.summary}</span>
                    {api.instant ? <span className="mt-1 block text-xs font-medium text-emerald-800">Self-service: sandbox access at once</span> : null}
                  </span>
                </label>
                {chosen && version ? (
                  <div className="mt-3 space-y-3 pl-6">
                    {api.versions.length > 1 ? (
                      <div>
                        <label htmlFor={`version-${api.apiId}`} className="block text-sm font-medium text-slate-800">Version of {api.name}</label>
                        <select id={`version-${api.apiId}`} className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm" value={chosen.versionId} onChange={(e) => setVersion(api.apiId, e.target.value)}>
                          {api.versions.map((v) => (
                            <option key={v.id} value={v.id}>{v.version}{v.lifecycle !== "published" ? ` (${v.lifecycle})` : ""}</option>
                          ))}
                        </select>
                      </div>
                    ) : (
                      <p className="text-sm text-slate-600">Version {version.version}</p>
                    )}
                    <fieldset>
                      <legend className="text-sm font-medium text-slate-800">Scopes for {api.name}</legend>
                      {Object.entries(version.scopes).map(([scope, text]) => (
                        <label key={scope} className="mt-1 flex items-start gap-2 text-sm">
                          <input type="checkbox" className="mt-1" checked={chosen.scopes.includes(scope)} onChange={(e) => toggleScope(api.apiId, scope, e.target.checked)} />
                          <span><code className="text-slate-900">{scope}</code> <span className="text-slate-600">— {text}</span></span>
                        </label>
                      ))}
                    </fieldset>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
        <FieldsetError id="apis-error" message={form.error("apis")} />
      </fieldset>

      <fieldset>
        <legend className="text-lg font-semibold text-slate-900">{LABELS.accountIds}</legend>
        <p className="text-sm text-slate-600">The accounts of your organisation&apos;s sandbox customers the app may use. Calls for any other account are refused.</p>
        {props.allowAllAccounts ? (
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={allAccounts} onChange={(e) => (form.edited("accountIds"), setAllAccounts(e.target.checked))} />
            All accounts of the organisation
          </label>
        ) : null}
        {!allAccounts ? (
          <div className="mt-3 grid gap-2 md:grid-cols-2">
            {props.accounts.map((a) => (
              <label key={a.id} className="flex items-start gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm">
                <input type="checkbox" className="mt-1" checked={accountIds.includes(a.id)} onChange={(e) => toggleAccount(a.id, e.target.checked)} />
                <span>
                  <span className="font-medium text-slate-900">{a.customer} — {a.name}</span> <span className="text-slate-600">({a.currency})</span>
                  <span className="block font-mono text-xs text-slate-600">{a.accountId} · {a.iban}</span>
                </span>
              </label>
            ))}
          </div>
        ) : null}
        <FieldsetError id="accountIds-error" message={form.error("accountIds")} />
      </fieldset>

      <TextArea
        label={LABELS.redirectUris}
        name="redirectUris"
        rows={2}
        value={redirectUris}
        onChange={(e) => (form.edited("redirectUris"), setRedirectUris(e.target.value))}
        error={form.error("redirectUris")}
        hint="Where the sandbox bank sends a customer back after consent (authorization code flow), one per line: https, or http on 127.0.0.1 or localhost. They apply as soon as you save."
      />

      <TextArea
        label={LABELS.justification}
        name="justification"
        rows={4}
        value={justification}
        onChange={(e) => (form.edited("justification"), setJustification(e.target.value))}
        error={form.error("justification")}
        hint="Why the app needs this access. The bank's reviewers read this."
      />

      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending !== null}>{pending === "submit" ? "Submitting…" : "Submit for review"}</Button>
        <Button type="button" variant="secondary" disabled={pending !== null} onClick={() => void save(false)}>{pending === "save" ? "Saving…" : "Save draft"}</Button>
      </div>
    </form>
  );
}
