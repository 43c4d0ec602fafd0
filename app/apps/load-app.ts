import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/authz/actor";
import { getApp } from "@/lib/apps/get-app";
import { listAppHistory } from "@/lib/apps/list-app-history";
import { PorticoError } from "@/lib/errors";

/** The app and its history for a page; anything the actor may not see is the plain 404 page. */
export async function loadAppForPage(actor: Actor, appId: string) {
  try {
    const [app, history] = await Promise.all([getApp({ actor, appId }), listAppHistory({ actor, appId })]);
    return { app, history };
  } catch (error) {
    if (error instanceof PorticoError && error.code === "not_found") notFound();
    throw error;
  }
}
