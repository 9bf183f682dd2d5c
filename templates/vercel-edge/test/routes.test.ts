import { describe, expect, it } from "vitest";
import { GET as geo } from "@/app/api/geo/route";
import { GET as session } from "@/app/api/private/session/route";
import { countryList, sameSecret } from "@/lib/edge";

describe("GET /api/geo", () => {
  it("reports Vercel's geolocation headers, the city decoded", async () => {
    const response = geo(
      new Request("http://localhost/api/geo", {
        headers: { "x-vercel-ip-country": "br", "x-vercel-ip-country-region": "SP", "x-vercel-ip-city": "S%C3%A3o%20Paulo", "x-vercel-ip-latitude": "-23.5475", "x-vercel-ip-longitude": "-46.6361", "x-request-id": "abc" },
      }),
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.json()).toEqual({ country: "BR", region: "SP", city: "São Paulo", latitude: -23.5475, longitude: -46.6361, requestId: "abc", runtime: "nodejs" });
  });

  it("answers nulls where the headers are absent or malformed (locally, they are)", async () => {
    const response = geo(new Request("http://localhost/api/geo", { headers: { "x-vercel-ip-country": "Germany", "x-vercel-ip-latitude": "north", "x-vercel-ip-city": "%E0%A4%A" } }));
    expect(await response.json()).toMatchObject({ country: null, region: null, city: "%E0%A4%A", latitude: null, longitude: null });
  });
});

describe("GET /api/private/session", () => {
  it("answers with the request id the middleware set", async () => {
    const response = session(new Request("http://localhost/api/private/session", { headers: { "x-request-id": "r-1", "x-vercel-ip-country": "DE" } }));
    expect(await response.json()).toEqual({ authorized: true, requestId: "r-1", country: "DE", runtime: "nodejs" });
  });
});

describe("helpers", () => {
  it("compares secrets exactly", async () => {
    expect(await sameSecret("abc", "abc")).toBe(true);
    expect(await sameSecret("abc", "abd")).toBe(false);
    expect(await sameSecret("abc", "abcd")).toBe(false);
    expect(await sameSecret("", "abc")).toBe(false);
  });

  it("reads the country list", () => {
    expect([...countryList(" kp,IR,, xx1 ,de")]).toEqual(["KP", "IR", "DE"]);
    expect(countryList(undefined).size).toBe(0);
  });
});
