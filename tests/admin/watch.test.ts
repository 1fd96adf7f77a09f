import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { watchData } from "../../src/admin/watch.js";
import { silentLogger } from "../../src/core/log.js";
import { tempDir } from "../helpers/app.js";

describe("watch mode", () => {
  it("reloads once after a burst of file changes", async () => {
    const dir = tempDir("brief-watch-");
    let calls = 0;
    let resolveFirst!: () => void;
    const first = new Promise<void>((r) => (resolveFirst = r));
    const stop = watchData(
      dir.path,
      async () => {
        calls++;
        resolveFirst();
      },
      silentLogger(),
      100,
    );
    try {
      for (let i = 0; i < 5; i++) writeFileSync(join(dir.path, `f${i}.yaml`), "x");
      await first;
      expect(calls).toBe(1);
    } finally {
      stop();
      dir.cleanup();
    }
  });
});
