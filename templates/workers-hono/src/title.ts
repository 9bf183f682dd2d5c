// Titles longer than this are cut: a bookmark list shows one line.
const MAX_TITLE = 300;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

/**
 * The page's <title>, read as it streams through HTMLRewriter. Best effort: a page that is slow,
 * failing or unreachable gives no title and says why, and never holds the request past `timeoutMs`
 * (the signal covers reading the body too).
 */
export async function fetchTitle(url: string, timeoutMs: number): Promise<{ title: string | null; problem?: string }> {
  try {
    const response = await fetch(url, { headers: { accept: "text/html" }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return { title: null, problem: `the page answered ${response.status}` };
    }
    let text = "";
    await new HTMLRewriter()
      .on("head > title", {
        text(chunk) {
          text += chunk.text;
        },
      })
      .transform(response)
      .arrayBuffer();
    const title = text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? "").replace(/\s+/g, " ").trim();
    return { title: title === "" ? null : title.slice(0, MAX_TITLE) };
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") return { title: null, problem: `no answer within ${timeoutMs} ms` };
    return { title: null, problem: `unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
