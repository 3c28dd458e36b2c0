import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { followLog, newLines } from "@/lib/cli/remote/runtime";

describe("baton logs --follow", () => {
  it("prints only the lines a later tail adds", () => {
    expect(newLines([], ["a", "b"])).toEqual(["a", "b"]);
    expect(newLines(["a", "b"], ["a", "b", "c"])).toEqual(["c"]);
    // a full window slides: the old head drops off
    expect(newLines(["a", "b", "c"], ["b", "c", "d"])).toEqual(["d"]);
    expect(newLines(["a", "b"], ["a", "b"])).toEqual([]);
    // repeated lines: the longest overlap wins
    expect(newLines(["x", "x"], ["x", "x", "x"])).toEqual(["x"]);
    // more new lines than a read holds: all of it is new
    expect(newLines(["a", "b"], ["c", "d"])).toEqual(["c", "d"]);
  });

  it("re-reads until stopped, printing each new line once", async () => {
    const reads = ["one\ntwo\n", "one\ntwo\n", "two\nthree\nfour\n", "three\nfour\nfive\n"];
    const controller = new AbortController();
    let n = 0;
    const out = new PassThrough();
    let printed = "";
    out.on("data", (c: Buffer) => (printed += c.toString()));
    await followLog({
      read: async () => {
        const text = reads[Math.min(n++, reads.length - 1)];
        if (n === reads.length) controller.abort();
        return text;
      },
      out,
      intervalMs: 1,
      signal: controller.signal,
    });
    expect(printed).toBe("one\ntwo\nthree\nfour\nfive\n");
    expect(n).toBe(reads.length);
  });
});
