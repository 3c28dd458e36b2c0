import { Badge } from "./card";

const TONES = { succeeded: "green", approved: "green", failed: "red", denied: "red", timed_out: "red", "in progress": "blue", executing: "blue", cancelling: "blue", pending: "amber", waiting: "amber" } as const;

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "zinc"}>{status}</Badge>;
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 19).replace("T", " ") : "—";
}

export function duration(from: string, to: string | null): string {
  if (!to) return "—";
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
