/** "45 min", "3.2 h", "2.0 d": durations as a manager reads them. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)} %`;
}

export function perDay(n: number): string {
  return n === 0 ? "0" : n < 1 ? `${(n * 7).toFixed(1)} / week` : `${n.toFixed(1)} / day`;
}
