import { describe, expect, it } from "vitest";
import { GET as unknownApiGet, POST as unknownApiPost } from "@/app/api/[...path]/route";
import { GET as index } from "@/app/route";

describe("routing edges", () => {
  it("lists the endpoints at /", async () => {
    const body = await index().json();
    expect(Object.keys(body.endpoints)).toContain("GET /api/health");
  });

  it("answers unknown /api paths with a JSON 404 for any method", async () => {
    for (const handler of [unknownApiGet, unknownApiPost]) {
      const response = handler(new Request("http://localhost/api/nothing/here", { method: "POST" }));
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: "not_found", message: "No route for POST /api/nothing/here." },
      });
    }
  });
});
