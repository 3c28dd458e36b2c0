import type { RuntimeEvent } from "@/lib/engine/targets/kubernetes";
import { formatTime } from "@/components/ui/status-badge";

/** A workload's recent events, warnings first in colour. */
export function EventList({ events }: { events: RuntimeEvent[] }) {
  if (events.length === 0) return <p className="text-xs text-zinc-500">No recent events.</p>;
  return (
    <table className="w-full text-xs" data-testid="runtime-events">
      <thead className="text-left uppercase text-zinc-500">
        <tr>
          <th className="pb-1 font-medium">Type</th>
          <th className="pb-1 font-medium">Reason</th>
          <th className="pb-1 font-medium">Object</th>
          <th className="pb-1 font-medium">Message</th>
          <th className="pb-1 font-medium">Count</th>
          <th className="pb-1 font-medium">Last seen</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {events.map((e, i) => (
          <tr key={`${e.object}-${e.reason}-${i}`} className={e.type === "Warning" ? "text-red-700 dark:text-red-400" : undefined}>
            <td className="py-1">{e.type}</td>
            <td className="py-1 font-medium">{e.reason}</td>
            <td className="py-1 font-mono">{e.object}</td>
            <td className="py-1">{e.message}</td>
            <td className="py-1">{e.count}</td>
            <td className="py-1">{formatTime(e.last_seen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
