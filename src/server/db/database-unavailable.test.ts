import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, OutageLog, unavailableReason } from "./database-unavailable";

/** How drizzle hands a driver's error on: its own error, the driver's in `cause`. */
const wrapped = (cause: object) => Object.assign(new Error("Failed query: select 1"), { cause });

describe("isDatabaseUnavailable", () => {
  it("recognises a refused, reset or closed connection and a server shutting down or starting up", () => {
    expect(isDatabaseUnavailable(wrapped({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ code: "57P01", message: "terminating connection due to administrator command" }))).toBe(true);
    expect(isDatabaseUnavailable({ code: "57P03", message: "the database system is starting up" })).toBe(true);
    expect(isDatabaseUnavailable({ code: "08006" })).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new AggregateError([{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }])))).toBe(true);
  });

  it("leaves every other failure alone: bad data, constraint violations, deadlocks, bugs", () => {
    expect(isDatabaseUnavailable(wrapped({ code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: "22P02" }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: "40P01" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it("names the reason briefly", () => {
    expect(unavailableReason(wrapped({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" }))).toBe("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432");
  });
});

describe("OutageLog", () => {
  it("writes one line when an outage starts and one when it ends, however many requests fail", () => {
    const lines: string[] = [];
    const log = new OutageLog("ingestion", "answering 503", (line) => lines.push(line));
    for (let i = 0; i < 50; i++) expect(log.failed(wrapped({ code: "ECONNREFUSED" }))).toBe(true);
    expect(log.ongoing).toBe(true);
    log.succeeded();
    log.succeeded();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("ingestion: the database is unavailable (ECONNREFUSED); answering 503");
    expect(lines[1]).toMatch(/^ingestion: the database is available again \(after [\d.]+ s\)$/);
  });

  it("does not take other errors for an outage", () => {
    const lines: string[] = [];
    const log = new OutageLog("web", "answering 503", (line) => lines.push(line));
    expect(log.failed(new Error("bug"))).toBe(false);
    expect(lines).toEqual([]);
  });
});
