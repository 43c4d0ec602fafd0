"use client";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { TextArea } from "@/components/ui/field";
import { callApi, ProblemAlert } from "@/components/ui/problem";
import { useFormProblem } from "@/components/ui/use-form-problem";

const LABELS = { reason: "Reason (recorded in the audit trail)" };

/**
 * A button that opens a dialog asking for a mandatory reason, then POSTs
 * `{ reason }` to `action`. Problems come back as problem+json and are shown
 * in the dialog; on success the page re-renders from the server, or, for
 * results the page holds itself, `onDone` is called instead.
 */
export function ReasonAction({
  action,
  label,
  title,
  description,
  confirmLabel,
  variant = "danger",
  size = "normal",
  onDone,
}: {
  action: string;
  label: string;
  title: string;
  description: string;
  confirmLabel?: string;
  variant?: ButtonVariant;
  size?: "normal" | "small";
  onDone?: () => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState("");
  const form = useFormProblem(LABELS);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    form.show(null);
    const result = await callApi(action, "POST", { reason });
    setBusy(false);
    if (!result.ok) return form.show(result.problem);
    dialog.current?.close();
    setReason("");
    if (onDone) onDone();
    else router.refresh();
  }

  return (
    <>
      <Button type="button" variant={variant} className={size === "small" ? "px-2 py-1 text-xs" : ""} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50">
        <form onSubmit={submit} className="space-y-4 p-6">
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">{title}</h2>
          <p className="text-sm text-slate-600">{description}</p>
          <TextArea
            id={`${id}-reason`}
            name="reason"
            label={LABELS.reason}
            rows={3}
            required
            value={reason}
            onChange={(e) => (form.edited("reason"), setReason(e.target.value))}
            error={form.error("reason")}
          />
          <ProblemAlert problem={form.alert} labels={LABELS} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>Cancel</Button>
            <Button type="submit" variant={variant === "danger" ? "danger" : "primary"} disabled={busy}>
              {busy ? "Working…" : (confirmLabel ?? label)}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
