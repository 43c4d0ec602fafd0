"use client";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import type { DocsSamples } from "@/lib/try-it/docs-samples";

const LANGUAGES = [
  { id: "curl", label: "curl" },
  { id: "javascript", label: "JavaScript" },
  { id: "python", label: "Python" },
  { id: "java", label: "Java" },
  { id: "csharp", label: "C#" },
] as const;

/**
 * Samples for the operation picked in the try-it panel, generated on the
 * server (lib/try-it/code-samples.ts); the generator never reaches the browser.
 */
export function CodeSamplesPanel({ samples, operationKey, exports }: { samples: DocsSamples; operationKey: string; exports: { label: string; href: string }[] }) {
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]["id"]>("curl");
  const operation = samples.operations[operationKey];
  const label = LANGUAGES.find((l) => l.id === language)!.label;
  return (
    <Card className="mb-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Code samples</h2>
        <p className="flex flex-wrap gap-3 text-sm">
          {exports.map((e) => <a key={e.href} href={e.href} className="font-semibold text-brand-700 underline" download>{e.label}</a>)}
        </p>
      </div>
      <div role="tablist" aria-label="Language" className="mt-3 flex flex-wrap gap-1">
        {LANGUAGES.map((l) => (
          <button
            key={l.id}
            type="button"
            role="tab"
            aria-selected={language === l.id}
            onClick={() => setLanguage(l.id)}
            className={`rounded-md px-3 py-1.5 text-sm font-semibold ${language === l.id ? "bg-brand-700 text-white" : "text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"}`}
          >
            {l.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`${label} samples`} className="mt-3 space-y-3">
        <div>
          <p className="text-sm text-slate-700">1. Get an access token (replace {samples.placeholders.clientSecret} with your app&apos;s client secret):</p>
          <CodeBlock code={samples.token[language]} label={`${label} token request`} />
        </div>
        {operation ? (
          <div>
            <p className="text-sm text-slate-700">2. Call <code>{operationKey}</code> with the <code>access_token</code> in place of {samples.placeholders.accessToken}:</p>
            <CodeBlock code={operation[language]} label={`${label} sample for ${operationKey}`} testId="operation-sample" />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
