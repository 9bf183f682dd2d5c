import { describe, expect, it } from "vitest";
import { commandLine, detectPackageManager, execCommand, installCommand, runScript } from "../../../src/scaffold/package-manager.js";

describe("package manager", () => {
  it.each([
    ["npm/10.8.2 node/v20.19.0 linux x64 workspaces/false", "npm", 10],
    ["pnpm/9.15.0 npm/? node/v20.19.0 linux x64", "pnpm", 9],
    ["yarn/1.22.22 npm/? node/v20.19.0 linux x64", "yarn", 1],
    ["yarn/4.5.0 npm/? node/v20.19.0 linux x64", "yarn", 4],
    ["bun/1.2.0 npm/? node/v22.6.0 linux x64", "bun", 1],
  ])("detects %s", (agent, name, major) => {
    expect(detectPackageManager({ npm_config_user_agent: agent })).toEqual({ name, major });
  });

  it("falls back to npm without a user agent or with an unknown one", () => {
    expect(detectPackageManager({})).toEqual({ name: "npm", major: undefined });
    expect(detectPackageManager({ npm_config_user_agent: "deno/2.0.0" })).toEqual({ name: "npm", major: undefined });
  });

  it("spells each manager's commands correctly", () => {
    expect(["npm", "pnpm", "yarn", "bun"].map((pm) => installCommand(pm as "npm"))).toEqual(["npm install", "pnpm install", "yarn install", "bun install"]);
    expect(runScript("npm", "dev")).toBe("npm run dev");
    expect(runScript("pnpm", "deploy")).toBe("pnpm run deploy");
    expect(runScript("yarn", "dev")).toBe("yarn run dev");
    expect(runScript("npm", "invoke", ["api", "events/a.json"])).toBe("npm run invoke -- api events/a.json");
    expect(runScript("pnpm", "invoke", ["api", "events/a.json"])).toBe("pnpm run invoke api events/a.json");
    expect(runScript("bun", "dev")).toBe("bun run dev");
    expect(execCommand({ name: "npm", major: 10 }, "coldstart audit")).toBe("npx coldstart audit");
    expect(execCommand({ name: "pnpm", major: 9 }, "coldstart audit")).toBe("pnpm dlx coldstart audit");
    expect(execCommand({ name: "yarn", major: 1 }, "coldstart audit")).toBe("npx coldstart audit");
    expect(execCommand({ name: "yarn", major: 4 }, "coldstart audit")).toBe("yarn dlx coldstart audit");
    expect(execCommand({ name: "bun", major: 1 }, "coldstart audit")).toBe("bunx coldstart audit");
    expect(commandLine({ name: "pnpm", major: 9 }, { script: "deploy" })).toBe("pnpm run deploy");
    expect(commandLine({ name: "pnpm", major: 9 }, { shell: "sam build" })).toBe("sam build");
    expect(commandLine({ name: "pnpm", major: 9 }, { exec: "vercel deploy" })).toBe("pnpm dlx vercel deploy");
  });
});
