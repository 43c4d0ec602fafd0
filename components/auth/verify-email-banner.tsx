"use client";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import { callApi, problemMessage } from "@/components/ui/problem";

/** Shown on every page until the address is verified; "Send a new link" asks for another mail. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, setState] = useState<{ tone: "warning" | "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  async function resend() {
    setPending(true);
    const result = await callApi("/api/account/verification-email", "POST");
    setPending(false);
    setState(result.ok ? { tone: "success", text: `A new link is on its way to ${email}.` } : { tone: "error", text: problemMessage(result.problem) });
  }
  return (
    <div className="mb-6">
      <Alert tone={state?.tone ?? "warning"} role="status">
        {state?.text ?? (
          <>
            Verify your email address to register apps: open the link we sent to <strong>{email}</strong>.{" "}
            <Link href="/outbox" className="font-semibold underline">See your mail</Link>
          </>
        )}{" · "}
        <button type="button" onClick={resend} disabled={pending} className="font-semibold underline disabled:opacity-50">
          {pending ? "Sending…" : "Send a new link"}
        </button>
      </Alert>
    </div>
  );
}
