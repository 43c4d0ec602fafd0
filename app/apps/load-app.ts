import "server-only";
import { or404 } from "@/lib/auth/current-user";
import type { Actor } from "@/lib/authz/actor";
import { getApp } from "@/lib/apps/get-app";
import { listAppHistory } from "@/lib/apps/list-app-history";

/** The app and its history for a page; anything the actor may not see is the plain 404 page. */
export async function loadAppForPage(actor: Actor, appId: string) {
  const [app, history] = await or404(Promise.all([getApp({ actor, appId }), listAppHistory({ actor, appId })]));
  return { app, history };
}
