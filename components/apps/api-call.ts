// Calls one of our route handlers from a client component and turns a
// problem+json failure into something a form can show (title + violations).
export type Problem = { title: string; status?: number; violations?: { pointer?: string; message: string }[] };

export async function callApi<T = unknown>(url: string, method: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; problem: Problem }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { title: "The portal could not be reached. Check your connection and try again." } };
  }
  if (response.status === 204) return { ok: true, data: undefined as T };
  const data = await response.json().catch(() => null);
  if (!response.ok) return { ok: false, problem: (data as Problem | null) ?? { title: `Request failed (${response.status})` } };
  return { ok: true, data: data as T };
}
