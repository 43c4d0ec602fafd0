import { CodeBlock, CopyValue } from "@/components/ui/code-block";
import type { FirstCall } from "@/lib/try-it/first-call";

/**
 * The ready first call: the token request and one sandbox call, each one
 * click to copy. With the secret just generated (shown once, on screen
 * anyway) the token request carries it; otherwise a placeholder to replace.
 */
export function FirstCallPanel({ call, secret }: { call: FirstCall; secret: string | null }) {
  const { clientSecret, accessToken } = call.placeholders;
  const fill = (text: string) => (secret ? text.replaceAll(clientSecret, secret) : text);
  return (
    <section aria-labelledby="first-call-heading" className="space-y-3">
      <h3 id="first-call-heading" className="text-base font-semibold text-slate-900">Your first call</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sandbox base URL</p>
          <CopyValue value={call.baseUrl} label="sandbox base URL" />
        </div>
        {call.accountId ? (
          <div className="min-w-0">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Approved account id</p>
            <CopyValue value={call.accountId} label="account id" />
          </div>
        ) : null}
      </div>
      <div>
        <p className="text-sm text-slate-700">
          Paste into a terminal: it gets an access token and calls {call.apiName}, <code>{call.operation}</code>
          {secret ? "." : ` (first replace ${clientSecret} with your client secret).`}
        </p>
        <CodeBlock code={fill(call.script)} label="first call" testId="first-call" />
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Step by step</summary>
        <div className="mt-2 space-y-3">
          <div>
            <p className="text-slate-700">1. Get an access token:</p>
            <CodeBlock code={fill(call.tokenCurl)} label="token request" testId="first-call-token" />
          </div>
          <div>
            <p className="text-slate-700">2. Call the sandbox with the <code>access_token</code> from step 1 in place of {accessToken}:</p>
            <CodeBlock code={call.callCurl} label="sandbox call" testId="first-call-request" />
          </div>
        </div>
      </details>
    </section>
  );
}
