import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatTime } from "@/components/ui/status-badge";
import type { PendingApproval } from "@/lib/server/pipelines/pending-approvals";

/** Pipeline runs waiting for someone's approval (no data access: the page loads them). */
export function PendingApprovals({ approvals }: { approvals: PendingApproval[] }) {
  if (approvals.length === 0) return null;
  return (
    <Card title={`Pending approvals (${approvals.length})`} className="mb-4">
      <table className="w-full text-sm" data-testid="pending-approvals">
        <thead className="text-left text-xs uppercase text-zinc-500">
          <tr>
            <th className="pb-2 font-medium">Application</th>
            <th className="pb-2 font-medium">Pipeline</th>
            <th className="pb-2 font-medium">Run</th>
            <th className="pb-2 font-medium">Environment</th>
            <th className="pb-2 font-medium">Message</th>
            <th className="pb-2 font-medium">Waiting since</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {approvals.map((a) => (
            <tr key={a.id} data-testid={`pending-approval-${a.runId}`}>
              <td className="py-1.5">{a.appName}</td>
              <td className="py-1.5">{a.pipelineName}</td>
              <td className="py-1.5">
                <Link href={`/apps/${a.appId}/pipelines/${a.pipelineId}/runs/${a.runId}`} className="font-mono text-xs text-brand-600 hover:underline">
                  {a.runId.slice(0, 12)}
                </Link>
              </td>
              <td className="py-1.5 font-mono text-xs">
                {a.envId} <span className="text-zinc-500">({a.envType})</span>
              </td>
              <td className="py-1.5">
                {a.message}
                {a.canDecide ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">you may decide</span> : null}
              </td>
              <td className="py-1.5 text-xs text-zinc-500">{formatTime(a.waitingSince)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
