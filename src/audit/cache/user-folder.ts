import os from "node:os";
import path from "node:path";

/**
 * The user's cache folder, as the platform names it: XDG_CACHE_HOME (when absolute), else
 * %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, ~/.cache elsewhere; undefined without a home.
 */
export function userCacheFolder(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  if (process.platform === "win32" && process.env.LOCALAPPDATA) return process.env.LOCALAPPDATA;
  const home = os.homedir();
  return home ? path.join(home, process.platform === "darwin" ? "Library/Caches" : ".cache") : undefined;
}
