/** The neutral token bucket in src/core/rate-limit.ts (tested here: it was written for the Telegram adapter). */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/core/rate-limit.js";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("RateLimiter", () => {
  it("GIVEN a burst within capacity THEN every command is allowed", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 3, refillPerSecond: 1, now: c.now });
    expect([rl.take("u"), rl.take("u"), rl.take("u")].every((d) => d.allowed)).toBe(true);
  });

  it("GIVEN a flood THEN one notified refusal, then silent refusals, never an exception", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: c.now });
    rl.take("u");
    rl.take("u");
    const refusals = Array.from({ length: 50 }, () => rl.take("u"));
    expect(refusals.every((d) => !d.allowed)).toBe(true);
    expect(refusals.filter((d) => !d.allowed && d.notify)).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ allowed: false, notify: true, retryAfterMs: 1000 });
  });

  it("GIVEN a flood that goes on at the refill rate THEN it is served at that rate without a second warning", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: c.now });
    let allowed = 0;
    let notices = 0;
    for (let i = 0; i < 100; i++) {
      const d = rl.take("u");
      if (d.allowed) allowed++;
      else if (d.notify) notices++;
      c.advance(250); // 4 commands a second for 25 seconds
    }
    expect(notices).toBe(1);
    expect(allowed).toBeGreaterThanOrEqual(25);
    expect(allowed).toBeLessThanOrEqual(2 + 25 + 1);
  });

  it("GIVEN the bucket has refilled completely THEN a later flood is warned about again", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: c.now });
    rl.take("u");
    rl.take("u");
    expect(rl.take("u")).toMatchObject({ allowed: false, notify: true });
    c.advance(2000);
    expect(rl.take("u").allowed).toBe(true);
    expect(rl.take("u").allowed).toBe(true);
    expect(rl.take("u")).toMatchObject({ allowed: false, notify: true });
  });

  it("GIVEN two users THEN each has their own bucket", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: c.now });
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
  });

  it("GIVEN a clock that jumps backwards THEN the bucket neither drains nor overfills", () => {
    const c = clock(10_000);
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: c.now });
    rl.take("u");
    c.advance(-5000);
    expect(rl.take("u").allowed).toBe(true);
    expect(rl.take("u").allowed).toBe(false);
  });

  it("GIVEN many one-off users THEN idle buckets are forgotten", () => {
    const c = clock();
    const rl = new RateLimiter({ capacity: 1, refillPerSecond: 10, now: c.now, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) {
      rl.take(`u${i}`);
      c.advance(200);
    }
    expect(rl.size).toBeLessThanOrEqual(100);
  });

  it("GIVEN nonsense options THEN it refuses to build", () => {
    expect(() => new RateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});
