"use client";
import { useState } from "react";

/**
 * One click copies `text` (a client id, a secret shown once, a curl line, an
 * id or a base URL). The text is also kept in data-copy-text, so a test can
 * read exactly what was copied without clipboard permissions.
 */
export function CopyButton({ text, label, className = "" }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // No clipboard (an insecure origin, a denied permission): say so; the text stays selectable.
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2000);
  }

  return (
    <button
      type="button"
      onClick={() => void copy()}
      data-copy-text={text}
      aria-label={label}
      className={`inline-flex shrink-0 items-center rounded-md px-2 py-1 text-xs font-semibold text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-brand-50 ${className}`}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </button>
  );
}
