import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import { can } from "@/lib/server/auth/permissions";
import { requireActor } from "@/lib/server/auth/session";
import { getApplication } from "@/lib/server/data/apps";
import { getRuntime } from "@/lib/server/runtime";
import { listDeliveries, listWebhooks } from "@/lib/server/webhooks/data";
import { WEBHOOK_TRIGGERS } from "@/lib/server/webhooks/operations";
import { CreateWebhookForm, WebhookControls } from "./webhooks-client";
import { Breadcrumb } from "@/components/ui/breadcrumb";

type Props = { params: Promise<{ appId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).appId} · webhooks` };
}

const tone = (status: string) => (status === "succeeded" ? "green" : status === "failed" ? "red" : "amber");

/** The application's webhooks and each one's delivery log; owners create, disable and delete them. */
export default async function AppWebhooksPage({ params }: Props) {
  const { appId } = await params;
  const actor = await requireActor();
  const { db } = await getRuntime();
  if (!can(actor, { action: "app.view", appId })) notFound();
  const app = await getApplication(db, actor.orgId, appId);
  if (!app) notFound();
  const owner = can(actor, { action: "app.update", appId });
  const hooks = await listWebhooks(db, actor.orgId, appId);
  const logs = await Promise.all(hooks.map(async (h) => await listDeliveries(db, actor.orgId, appId, h.id, 20)));
  return (
    <>
      <Breadcrumb trail={[{ href: `/apps/${app.id}`, label: app.name }]} />
      <PageHeader title="Webhooks" description={`${app.name}: Baton posts a signed JSON payload to each URL when a subscribed event happens.`} />
      {owner ? (
        <Card title="New webhook" className="mb-4">
          <CreateWebhookForm appId={app.id} triggers={WEBHOOK_TRIGGERS} />
        </Card>
      ) : null}
      {hooks.length === 0 ? (
        <Card title="Webhooks">
          <p className="text-sm text-zinc-500">No webhooks yet.</p>
        </Card>
      ) : (
        hooks.map((h, i) => (
          <Card
            key={h.id}
            className="mb-4"
            title={
              <span className="flex flex-wrap items-baseline gap-2">
                <span className="font-mono">{h.id}</span>
                {h.disabled ? <Badge tone="zinc">disabled</Badge> : <Badge tone="green">active</Badge>}
                {/* Whether it is signed, never the secret itself. */}
                <Badge tone={h.secret ? "blue" : "amber"}>{h.secret ? "signed" : "unsigned"}</Badge>
              </span>
            }
            actions={owner ? <WebhookControls appId={app.id} id={h.id} disabled={h.disabled} /> : null}
          >
            <p className="break-all font-mono text-sm">{h.url}</p>
            <p className="mt-1 text-xs text-zinc-500">
              triggers: {h.triggers.map((t) => `${t.scope} ${t.type}`).join(", ") || "none"} · created {formatTime(h.createdAt)}
            </p>
            <h3 className="mt-3 text-sm font-medium">Deliveries</h3>
            {logs[i].length === 0 ? (
              <p className="text-sm text-zinc-500">Nothing delivered yet.</p>
            ) : (
              <table className="mt-1 w-full text-left text-xs" aria-label={`Deliveries of ${h.id}`}>
                <thead className="text-zinc-500">
                  <tr>
                    <th className="py-1 pr-3 font-normal">Time</th>
                    <th className="py-1 pr-3 font-normal">Event</th>
                    <th className="py-1 pr-3 font-normal">Attempt</th>
                    <th className="py-1 pr-3 font-normal">Status</th>
                    <th className="py-1 pr-3 font-normal">Answer / error</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                  {logs[i].flatMap((d) =>
                    (d.log.length ? d.log : [undefined]).map((a) => (
                      <tr key={`${d.id}-${a?.attempt ?? 0}`}>
                        <td className="py-1 pr-3">{formatTime(a?.at ?? d.createdAt)}</td>
                        <td className="py-1 pr-3">
                          {d.scope} {d.type}
                        </td>
                        <td className="py-1 pr-3">{a?.attempt ?? "—"}</td>
                        <td className="py-1 pr-3">
                          <Badge tone={a ? (a.statusCode && a.statusCode < 300 ? "green" : "red") : tone(d.status)}>{a ? (a.statusCode ?? "no answer") : d.status}</Badge>
                        </td>
                        <td className="max-w-md truncate py-1 pr-3 text-zinc-500" title={a?.error ?? a?.response ?? ""}>
                          {a ? (a.error ?? a.response) || `${a.durationMs} ms` : "waiting"}
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            )}
          </Card>
        ))
      )}
    </>
  );
}
