import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { createApp } from "@/lib/apps/create-app";
import { listApps } from "@/lib/apps/list-apps";

export const GET = withUser(listApps.roles, async ({ actor }) => {
  const apps = await listApps({ actor });
  return json(apps.map((a) => ({ id: a.id, name: a.name, status: a.status, clientId: a.clientId, organisation: a.organisation.name, openRequest: a.requests[0] ?? null, updatedAt: a.updatedAt })));
});

export const POST = withUser(createApp.roles, async ({ actor, request }) => {
  const created = await createApp({ actor, unverifiedInput: await readJson(request, 64 * 1024) });
  return json(created, 201);
});
