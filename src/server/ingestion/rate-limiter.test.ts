import { expect, it } from "vitest";
import { ConnectionRateLimiter } from "./rate-limiter";

it("allows a burst of one second's rate, then refills steadily, per connection", () => {
  let now = 0;
  const limiter = new ConnectionRateLimiter(() => now);
  for (let i = 0; i < 5; i++) expect(limiter.take("a", 5)).toBe(0);
  expect(limiter.take("a", 5)).toBe(1);
  expect(limiter.take("b", 5)).toBe(0);
  now += 400; // 0.4 s × 5/s = 2 tokens
  expect(limiter.take("a", 5)).toBe(0);
  expect(limiter.take("a", 5)).toBe(0);
  expect(limiter.take("a", 5)).toBe(1);
});
