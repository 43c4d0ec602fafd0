"use client";
import { Alert } from "@/components/ui/card";

export type Problem = { title: string; status?: number; violations?: { pointer?: string; line?: number; message: string }[] };

/** fetch → parsed JSON body, or the problem+json the server sent (readable even when the network fails). */
export async function send<T>(url: string, init: RequestInit): Promise<{ ok: true; status: number; body: T } | { ok: false; problem: Problem }> {
  try {
    const response = await fetch(url, init);
    const body = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, body: body as T };
    return { ok: false, problem: (body as Problem) ?? { title: `Request failed (${response.status})` } };
  } catch {
    return { ok: false, problem: { title: "The portal could not be reached. Check your connection and try again." } };
  }
}

export function ProblemAlert({ problem }: { problem: Problem }) {
  return (
    <Alert tone="error">
      <p className="font-semibold">{problem.title}</p>
      {problem.violations?.length ? (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {problem.violations.map((v, i) => (
            <li key={i}>
              {v.pointer !== undefined ? <code className="mr-1 rounded bg-white/70 px-1 text-xs">{v.pointer || "/"}</code> : null}
              {v.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
