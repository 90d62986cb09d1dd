import { describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { checkDestinationUrl, isPublicAddress, type DestinationPolicy } from "./destination";

const strict: DestinationPolicy = { allowInsecure: false, allowPrivateNetworks: false };
const lenient: DestinationPolicy = { allowInsecure: true, allowPrivateNetworks: true };

describe("isPublicAddress", () => {
  it.each([
    "0.0.0.0", "10.0.0.5", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1", "127.1.2.3", "169.254.169.254",
    "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
    "203.0.113.7", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
  ])("IPv4 %s is not public", (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each(["1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "198.20.0.0", "223.255.255.255"])(
    "IPv4 %s is public",
    (ip) => expect(isPublicAddress(ip)).toBe(true),
  );

  it.each(["::", "::1", "::127.0.0.1", "64:ff9b:1::a00:1", "100::1", "2001:db8::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "FE80::1", "fe80::1%eth0"])(
    "IPv6 %s is not public",
    (ip) => expect(isPublicAddress(ip)).toBe(false),
  );

  it.each(["2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4009:81f::200e"])("IPv6 %s is public", (ip) => expect(isPublicAddress(ip)).toBe(true));

  it("recognises an address however it is written", () => {
    expect(isPublicAddress("0:0:0:0:0:0:0:1")).toBe(false);
    expect(isPublicAddress("0000:0000:0000:0000:0000:0000:0000:0001")).toBe(false);
    expect(isPublicAddress("FD00:0:0:0:0:0:0:5")).toBe(false);
  });

  it("judges an IPv4-mapped IPv6 address by the IPv4 address inside it, in dotted or hex notation", () => {
    expect(isPublicAddress("::ffff:127.0.0.1")).toBe(false);
    expect(isPublicAddress("::ffff:10.1.2.3")).toBe(false);
    expect(isPublicAddress("::FFFF:169.254.169.254")).toBe(false);
    // How URL and some resolvers write ::ffff:10.0.0.1 and ::ffff:127.0.0.1.
    expect(isPublicAddress("::ffff:a00:1")).toBe(false);
    expect(isPublicAddress("0:0:0:0:0:ffff:7f00:1")).toBe(false);
    expect(isPublicAddress("::ffff:8.8.8.8")).toBe(true);
    expect(isPublicAddress("::ffff:808:808")).toBe(true);
  });

  it("is false for anything that is not an IP address", () => {
    for (const value of ["", "localhost", "example.com", "1.2.3", "999.1.1.1"]) expect(isPublicAddress(value), value).toBe(false);
  });
});

function refusal(input: string, policy: DestinationPolicy): string {
  try {
    checkDestinationUrl(input, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("BAD_REQUEST");
    return (error as Error).message;
  }
  throw new Error(`expected ${input} to be refused`);
}

describe("checkDestinationUrl", () => {
  it("accepts a public https URL and returns it normalised, without a fragment", () => {
    expect(checkDestinationUrl("  https://Example.com/hooks/longreach?x=1#part ", strict)).toBe("https://example.com/hooks/longreach?x=1");
    expect(checkDestinationUrl("https://8.8.8.8:8443/in", strict)).toBe("https://8.8.8.8:8443/in");
    expect(checkDestinationUrl("https://[2001:4860:4860::8888]/in", strict)).toBe("https://[2001:4860:4860::8888]/in");
  });

  it("refuses what is not a URL, saying what is expected", () => {
    expect(refusal("example.com/hook", strict)).toBe("'example.com/hook' is not a URL; enter the full address, e.g. https://example.com/longreach/events.");
  });

  it("refuses http and other schemes unless insecure URLs are allowed, and then only http", () => {
    expect(refusal("http://example.com/hook", strict)).toBe("The URL must start with https:// (events carry your devices' data).");
    expect(refusal("ftp://example.com/hook", strict)).toContain("https://");
    expect(checkDestinationUrl("http://example.com/hook", { ...strict, allowInsecure: true })).toBe("http://example.com/hook");
    expect(refusal("ftp://example.com/hook", lenient)).toBe("The URL must start with https:// or http://.");
  });

  it("refuses credentials in the URL under either policy", () => {
    for (const policy of [strict, lenient]) {
      expect(refusal("https://user:pass@example.com/hook", policy)).toBe("Leave user name and password out of the URL; requests are signed with the secret instead.");
    }
  });

  it("refuses loopback, private and link-local hosts unless private networks are allowed", () => {
    expect(refusal("https://127.0.0.1/hook", strict)).toBe("127.0.0.1 is not a public address; events can only be sent to servers on the internet.");
    expect(refusal("https://localhost:8443/hook", strict)).toContain("localhost is not a public address");
    expect(refusal("https://api.localhost/hook", strict)).toContain("api.localhost is not a public address");
    expect(refusal("https://169.254.169.254/latest/meta-data", strict)).toContain("169.254.169.254 is not a public address");
    expect(refusal("https://[::1]/hook", strict)).toContain("::1 is not a public address");
    // URL rewrites these to 127.0.0.1 and [::ffff:a00:1]: still refused.
    expect(refusal("https://0x7f000001/hook", strict)).toContain("127.0.0.1 is not a public address");
    expect(refusal("https://[::ffff:10.0.0.1]/hook", strict)).toContain("::ffff:a00:1 is not a public address");
    expect(refusal("https://[0:0:0:0:0:0:0:1]/hook", strict)).toContain("::1 is not a public address");
    expect(refusal("https://[fd00::5]/hook", strict)).toContain("fd00::5 is not a public address");
    expect(checkDestinationUrl("http://127.0.0.1:8080/hook", lenient)).toBe("http://127.0.0.1:8080/hook");
    expect(checkDestinationUrl("https://[fd00::5]/hook", { ...strict, allowPrivateNetworks: true })).toBe("https://[fd00::5]/hook");
  });

  it("leaves host names to the check at delivery, which resolves them", () => {
    expect(checkDestinationUrl("https://internal.council.example/hook", strict)).toBe("https://internal.council.example/hook");
  });
});
