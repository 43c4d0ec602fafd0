"use client";
// The one way client components call our route handlers and show what went
// wrong: every failure becomes a problem+json-shaped object (the fixed title
// of its type, the specific detail, and the itemised violations with their
// field or line, in words) that ProblemAlert renders. People read the detail: the
// title only names the kind of problem (RFC 9457 §3.1.4–3.1.5).
import { Alert } from "./card";
import { describeViolation } from "./field-errors";

export type Problem = { title: string; detail?: string; status?: number; violations?: { pointer?: string; line?: number; message: string }[] };

/** What to tell the person: the specific detail, or the title when the server sent none. */
export const problemMessage = (problem: Pick<Problem, "title" | "detail">) => problem.detail ?? problem.title;

const UNREACHABLE: Problem = { title: "Network error", detail: "The portal could not be reached. Check your connection and try again." };

/** fetch → parsed JSON body, or the problem the server sent. */
export async function send<T = unknown>(url: string, init: RequestInit): Promise<{ ok: true; status: number; body: T } | { ok: false; problem: Problem }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, problem: UNREACHABLE };
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, body: body as T };
  const problem = body && typeof (body as Problem).title === "string" ? (body as Problem) : { title: `Request failed (${response.status})`, status: response.status };
  return { ok: false, problem };
}

/** A JSON call: `send` with the body serialised and the result as `data`. */
export async function callApi<T = unknown>(url: string, method: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; problem: Problem }> {
  const result = await send<T>(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return result.ok ? { ok: true, data: result.body } : result;
}

/**
 * `labels` names fields (a pointer's first segment) so violations read "App
 * name: …", never "/name"; `inDocument` is for an uploaded file's problems,
 * whose pointers name places in that file.
 */
export function ProblemAlert({ problem, labels, inDocument = false }: { problem: Problem | null; labels?: Readonly<Record<string, string>>; inDocument?: boolean }) {
  if (!problem) return null;
  return (
    <Alert tone="error">
      <p className="font-semibold">{problemMessage(problem)}</p>
      {problem.violations?.length ? (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {problem.violations.map((v, i) => (
            <li key={i}>{describeViolation(v, labels, inDocument)}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
