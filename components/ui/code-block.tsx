import { CopyButton } from "./copy-button";

/**
 * Code to copy: never wrapped mid-token (white-space: pre), scrolling
 * sideways instead, with a one-click copy of the whole block.
 */
export function CodeBlock({ code, label, testId }: { code: string; label: string; testId?: string }) {
  return (
    <div className="relative min-w-0 rounded-md bg-slate-900">
      <div className="absolute right-2 top-2">
        <CopyButton text={code} label={`Copy ${label}`} className="bg-white" />
      </div>
      <pre className="overflow-x-auto whitespace-pre p-3 pr-20 font-mono text-xs leading-relaxed text-slate-100" data-testid={testId} tabIndex={0}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** A short value (an id, a URL) with its copy button, on one line that scrolls rather than wraps. */
export function CopyValue({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <div className="mt-1 flex min-w-0 items-center gap-2">
      <code className="min-w-0 flex-1 overflow-x-auto whitespace-pre rounded bg-slate-100 px-2 py-1 text-sm text-slate-900" data-testid={testId} tabIndex={0}>{value}</code>
      <CopyButton text={value} label={`Copy ${label}`} />
    </div>
  );
}
