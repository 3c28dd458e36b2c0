/** Random sources for Sprig's random functions. */
import type { RandomSource } from "./funcs/types";

/** Cryptographic randomness (Sprig uses crypto/rand): the default. */
export const cryptoRandom: RandomSource = {
  intn(n: number): number {
    if (n <= 0) throw new Error("invalid argument to Intn");
    // Rejection sampling keeps the distribution uniform.
    const limit = Math.floor(0x100000000 / n) * n;
    const buf = new Uint32Array(1);
    for (;;) {
      globalThis.crypto.getRandomValues(buf);
      if (buf[0] < limit) return buf[0] % n;
    }
  },
};

/**
 * A deterministic mulberry32 stream, for tests and previews. The Go oracle in
 * tools/gotemplate-oracle implements the same generator so outputs compare byte for byte.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ (t + Math.imul(t ^ (t >>> 7), t | 61))) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    intn(n: number): number {
      return next() % n;
    },
  };
}
