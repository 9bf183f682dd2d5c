import { describe, expect, it } from "vitest";
import { notStartingWith } from "../../../../src/project/source/prefix-regex.js";

describe("notStartingWith", () => {
  const prefixes = ["/work/app/", "/work/node_modules/", "/node_modules/", "/work/app-[x]^-\\/"];
  const re = new RegExp(notStartingWith(prefixes));

  it("matches exactly the paths under none of the prefixes", () => {
    const samples = [
      "/work/app/src/index.ts",
      "/work/app-other/x.ts",
      "/work/node_modules/react/index.js",
      "/node_modules/x.js",
      "/proc/self/environ",
      "/work/apx",
      "/work/app",
      "/etc/passwd",
      "/work/app-[x]^-\\/file.ts",
      "",
      "relative/path",
    ];
    for (const s of samples) expect(re.test(s), s).toBe(!prefixes.some((p) => s.startsWith(p)));
  });

  it("agrees with startsWith on random paths built from the prefixes' own characters", () => {
    const alphabet = [...new Set(prefixes.join(""))];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 5000; i++) {
      const base = random(2) === 0 ? prefixes[random(prefixes.length)]!.slice(0, random(20)) : "";
      const s = base + Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join("");
      expect(re.test(s), s).toBe(!prefixes.some((p) => s.startsWith(p)));
    }
  });

  it("refuses everything without prefixes and nothing under an empty one", () => {
    expect(new RegExp(notStartingWith([])).test("/a")).toBe(true);
    expect(new RegExp(notStartingWith([""])).test("/a")).toBe(false);
  });
});
