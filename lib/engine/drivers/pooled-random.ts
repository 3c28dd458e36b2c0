import type { RandomSource } from "@/lib/engine/gotemplate";

/**
 * Cryptographic randomness drawn in blocks: one getRandomValues call per 1,024 numbers
 * instead of one per generated character (templates generate many passwords per plan).
 */
export function pooledCryptoRandom(blockSize = 1024): RandomSource {
  const pool = new Uint32Array(blockSize);
  let next = blockSize;
  const draw = (): number => {
    if (next >= blockSize) {
      globalThis.crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++];
  };
  return {
    intn(n: number): number {
      if (n <= 0) throw new Error("invalid argument to Intn");
      const limit = Math.floor(0x100000000 / n) * n; // rejection sampling keeps it uniform
      for (;;) {
        const value = draw();
        if (value < limit) return value % n;
      }
    },
  };
}
