/**
 * Remembers `compute`'s result per string for hot, pure computations that see the same inputs
 * again and again (template texts, label keys). Bounded: the memory is cleared whole whenever
 * it holds `limit` entries, so a long-running server never grows it without end.
 */
export function boundedMemo<T>(limit: number, compute: (text: string) => T): (text: string) => T {
  const memory = new Map<string, T>();
  return (text) => {
    let value = memory.get(text);
    if (value === undefined) {
      if (memory.size >= limit) memory.clear();
      memory.set(text, (value = compute(text)));
    }
    return value;
  };
}
