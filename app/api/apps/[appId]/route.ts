import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { getApp } from "@/lib/apps/get-app";
import { saveAppDraft } from "@/lib/apps/save-app-draft";

type P = { appId: string };

export const GET = withUser<P>(getApp.roles, async ({ actor, params }) => {
  const app = await getApp({ actor, appId: params.appId });
  // Certificates go out without their PEM body; secrets never had more than a hint.
  return json({ ...app, certificates: app.certificates.map(({ pem: _pem, ...c }) => c) });
});

export const PATCH = withUser<P>(saveAppDraft.roles, async ({ actor, params, request }) =>
  json(await saveAppDraft({ actor, appId: params.appId, unverifiedInput: await readJson(request, 64 * 1024) })),
);
