"use client";
// The docs page with its one try-it (Elements' own is hidden): your first
// approved app is preselected, then call the sandbox from the panel and see
// status, headers and timing, or copy the request as curl. Calls go to
// /api/try/…, where the portal adds a short-lived token on the server;
// nothing secret is here.
import Link from "next/link";
import { useMemo, useState } from "react";
import { ElementsDocs } from "@/components/catalog/elements-docs";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, TextArea } from "@/components/ui/field";
import type { DocsSamples } from "@/lib/try-it/docs-samples";
import type { TryItApp } from "@/lib/try-it/list-try-it-apps";
import { CodeSamplesPanel } from "./code-samples-panel";
import type { TryItOperation } from "@/lib/try-it/try-it-operations";
import { curlCommand } from "./curl-command";

const SELECT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600";
const LABEL = "block text-sm font-medium text-slate-800";

type Account = { accountId: string; iban: string; name: string };
type Reply = {
  status: number;
  /** From sending to the whole answer read, in the browser: includes the portal's proxy hop. */
  milliseconds?: number;
  headers?: [string, string][];
  contentType: string;
  text: string;
  problem?: { title?: string; detail?: string; violations?: { pointer?: string; message: string }[] };
  /** Set when the sandbox answered something other than JSON, which the portal wraps (never renders). */
  wrapped?: { contentType: string; truncated: boolean; binary: boolean };
};
/** What lib/try-it/forward-try-it-call.ts makes of a non-JSON answer. */
type Wrapped = { status: number; contentType: string | null; body?: string; bodyBase64?: string; truncated?: boolean };


/** The call and how long it took, from sending to the whole answer read (the portal's proxy hop included). */
async function timedFetch(url: string, init: RequestInit): Promise<{ response: Response; text: string; milliseconds: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { response, text, milliseconds: Math.round(performance.now() - started) };
}

export function TryItDocs(props: {
  spec: Record<string, unknown>;
  serverUrl: string;
  assetVersion: string;
  slug: string;
  version: string;
  apps: TryItApp[];
  operations: TryItOperation[];
  accounts: Account[];
  /** Server-generated code samples for each operation (developers only). */
  samples: DocsSamples | null;
  /** Postman / Insomnia downloads. */
  exports: { label: string; href: string }[];
}) {
  const { apps, operations, accounts, slug, version } = props;
  // Preselected: the first app whose grant covers this API version.
  const [appId, setAppId] = useState(() => (apps.find((a) => a.scopes !== null) ?? apps[0])?.id ?? "");
  const [copied, setCopied] = useState(false);
  const [opKey, setOpKey] = useState(operations[0]?.key ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const [prefer, setPrefer] = useState("");
  const [body, setBody] = useState(operations[0]?.exampleBody ?? "");
  const [reply, setReply] = useState<Reply | null>(null);
  const [busy, setBusy] = useState(false);
  
  const operation = operations.find((o) => o.key === opKey);
  const app = apps.find((a) => a.id === appId);
  const proxyBase = appId ? `/api/try/${encodeURIComponent(appId)}/${encodeURIComponent(slug)}/${encodeURIComponent(version)}` : "";

  const defaults = useMemo(() => {
    const out: Record<string, string> = {};
    for (const p of operation?.parameters ?? []) {
      if (p.account === "id" && accounts[0]) out[p.name] = accounts[0].accountId;
      else if (p.account === "iban" && accounts[0]) out[p.name] = accounts[0].iban;
      else if (p.example !== undefined) out[p.name] = p.example;
    }
    return out;
  }, [operation, accounts]);
  const value = (name: string) => values[name] ?? defaults[name] ?? "";

  /** The request as the form stands, against the sandbox's own URL. */
  function request() {
    if (!operation) return undefined;
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
    const query = new URLSearchParams();
    for (const p of operation.parameters) if (p.in === "query" && value(p.name)) query.set(p.name, value(p.name));
    // JSON first, and problem+json for the errors a Prefer: code= asks for; an
    // operation with only other media types still answers (wrapped by the proxy).
    const headers: Record<string, string> = { accept: "application/json, application/problem+json;q=0.9, */*;q=0.5" };
    if (prefer.trim()) headers.prefer = prefer.trim();
    // An Idempotency-Key left empty is a fresh one per request: each try is a new payment.
    for (const p of operation.parameters) if (p.in === "header") headers[p.name.toLowerCase()] = value(p.name) || crypto.randomUUID();
    if (operation.exampleBody !== undefined) headers["content-type"] = "application/json";
    return { method: operation.method, pathAndQuery: `${path}${query.size ? `?${query}` : ""}`, headers, body: operation.exampleBody !== undefined ? body : undefined };
  }

  async function copyCurl() {
    const r = request();
    if (!r) return;
    await navigator.clipboard.writeText(curlCommand({ method: r.method, url: `${props.serverUrl}${r.pathAndQuery}`, headers: r.headers, body: r.body }));
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }


  function pickOperation(key: string) {
    setOpKey(key);
    setValues({});
    setBody(operations.find((o) => o.key === key)?.exampleBody ?? "");
    setReply(null);
  }

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const r = request();
    if (!r) return;
    setBusy(true);
    setReply(null);
    try {
      const { response, text, milliseconds } = await timedFetch(`${proxyBase}${r.pathAndQuery}`, { method: r.method, headers: r.headers, body: r.body });
      const contentType = response.headers.get("content-type") ?? "";
      const timing = { milliseconds, headers: [...response.headers.entries()] };
      if (response.headers.get("x-try-it-wrapped")) {
        const wrapped = JSON.parse(text) as Wrapped;
        setReply({
          ...timing,
          status: response.status,
          contentType,
          // Shown as text in a <pre>: React escapes it, nothing in it runs.
          text: wrapped.body ?? wrapped.bodyBase64 ?? "",
          wrapped: { contentType: wrapped.contentType ?? "no content type", truncated: wrapped.truncated === true, binary: wrapped.body === undefined },
        });
        return;
      }
      let shown = text;
      let problem: Reply["problem"];
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        shown = JSON.stringify(parsed, null, 2);
        if (contentType.includes("problem+json")) problem = parsed as Reply["problem"];
      } catch {
        /* not JSON: show as text */
      }
      setReply({ ...timing, status: response.status, contentType, text: shown, problem });
    } catch {
      setReply({ status: 0, contentType: "", text: "", problem: { detail: "The request did not reach the portal. Check your connection and try again." } });
    } finally {
      setBusy(false);
    }
  }

  // Only developers try things: others see the docs alone.
  if (operations.length === 0) return <ElementsDocs spec={props.spec} serverUrl={props.serverUrl} assetVersion={props.assetVersion} />;

  return (
    <>
      <Card className="mb-4">
        <h2 className="text-lg font-semibold text-slate-900">Try it in the sandbox</h2>
        {apps.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            You need an approved app to call the sandbox. <Link className="font-semibold text-brand-700 underline" href="/apps">Register one under My apps</Link>.
          </p>
        ) : (
          <form onSubmit={send} className="mt-3 grid gap-4 md:grid-cols-2">
            <div>
              <label htmlFor="try-app" className={LABEL}>Try as app</label>
              <select id="try-app" value={appId} onChange={(e) => (setAppId(e.target.value), setReply(null))} className={SELECT}>
                <option value="">Choose one of your approved apps…</option>
                {apps.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                    {a.scopes === null ? " (this API is not in its grant)" : ""}
                  </option>
                ))}
              </select>
              {app ? (
                <p className="mt-1 flex flex-wrap gap-1 text-xs text-slate-600" aria-live="polite">
                  {app.scopes === null ? "Its grant does not include this API version." : app.scopes.length ? <>Approved scopes: {app.scopes.map((s) => <Badge key={s} tone="blue">{s}</Badge>)}</> : "No approved scopes for this API."}
                </p>
              ) : (
                <p className="mt-1 text-xs text-slate-500">The portal gets a short-lived token for the app on the server; no secret reaches your browser.</p>
              )}
            </div>
            <div>
              <label htmlFor="try-operation" className={LABEL}>Operation</label>
              <select id="try-operation" value={opKey} onChange={(e) => pickOperation(e.target.value)} className={`${SELECT} font-mono`}>
                {operations.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.key}
                    {o.summary ? ` — ${o.summary}` : ""}
                  </option>
                ))}
              </select>
            </div>
            {operation?.parameters.map((p) => (
              <Field
                key={`${p.in}:${p.name}`}
                label={`${p.name} (${p.in}${p.required ? ", required" : ""})`}
                name={`try-param-${p.in}-${p.name}`}
                value={value(p.name)}
                onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
                list={p.account ? `try-accounts-${p.account}` : undefined}
                hint={p.account ? "An account of your organisation's sandbox; the app may use only the accounts it was approved for." : p.in === "header" ? "Left empty, each request sends a new key." : undefined}
              />
            ))}
            <Field label="Prefer (optional)" name="try-prefer" value={prefer} onChange={(e) => setPrefer(e.target.value)} hint="e.g. code=404, example=savings or dynamic=true" />
            {operation?.exampleBody !== undefined ? (
              <div className="md:col-span-2">
                <TextArea label="Request body (JSON)" name="try-body" rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
              </div>
            ) : null}
            <div className="flex flex-wrap items-center gap-3 md:col-span-2">
              <Button type="submit" disabled={!appId || !operation || busy}>{busy ? "Sending…" : "Send request"}</Button>
              <Button type="button" variant="secondary" disabled={!operation} onClick={() => void copyCurl()}>Copy as curl</Button>
              <span role="status" className="text-sm text-slate-600">{copied ? "Copied: set ACCESS_TOKEN with your app's token first." : ""}</span>
            </div>
          </form>
        )}
        <datalist id="try-accounts-id">{accounts.map((a) => <option key={a.accountId} value={a.accountId}>{a.name}</option>)}</datalist>
        <datalist id="try-accounts-iban">{accounts.map((a) => <option key={a.iban} value={a.iban}>{a.name}</option>)}</datalist>
        {reply ? (
          <section aria-label="Response" className="mt-4" data-testid="try-it-response">
            <p className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-800">
              Response <Badge tone={reply.status >= 200 && reply.status < 300 ? "green" : reply.status >= 400 ? "red" : "amber"}>{reply.status || "no answer"}</Badge>
              {reply.milliseconds !== undefined ? <span className="font-normal text-slate-600" data-testid="try-it-timing">{reply.milliseconds} ms</span> : null}
            </p>
            {reply.headers?.length ? (
              <details className="mb-2 text-xs">
                <summary className="cursor-pointer font-medium text-slate-700">Response headers ({reply.headers.length})</summary>
                <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 font-mono" data-testid="try-it-headers">
                  {reply.headers.map(([name, headerValue]) => (
                    <div key={name} className="contents">
                      <dt className="text-slate-600">{name}</dt>
                      <dd className="break-all text-slate-900">{headerValue}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
            {reply.problem ? (
              <div className="mb-2">
                <Alert tone="error">
                  <p className="font-semibold">{reply.problem.detail ?? reply.problem.title}</p>
                  {reply.problem.violations?.length ? (
                    <ul className="mt-1 list-disc pl-5">
                      {reply.problem.violations.map((v, i) => (
                        <li key={i}>
                          {v.pointer ? <code className="font-mono">{v.pointer}</code> : null} {v.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {reply.status === 403 ? <p className="mt-1">The app&apos;s approved grant does not cover this call. Ask for it in a change request under My apps.</p> : null}
                </Alert>
              </div>
            ) : null}
            {reply.wrapped ? (
              <p className="mb-2 text-xs text-slate-600" data-testid="try-it-wrapped">
                The sandbox answered <code className="font-mono">{reply.wrapped.contentType}</code>; shown {reply.wrapped.binary ? "as base64" : "as plain text"}, never rendered
                {reply.wrapped.truncated ? " (cut to the first 64 KB)" : ""}.
              </p>
            ) : null}
            {reply.text ? <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0}>{reply.text}</pre> : null}
          </section>
        ) : null}
      </Card>
      {props.samples ? <CodeSamplesPanel samples={props.samples} operationKey={opKey} exports={props.exports} /> : null}
      <ElementsDocs spec={props.spec} serverUrl={props.serverUrl} assetVersion={props.assetVersion} />
    </>
  );
}
