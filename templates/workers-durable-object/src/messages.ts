/** What the room sends to its sockets, as JSON text frames. */
export type ServerMessage =
  | { type: "welcome"; room: string; user: string; online: string[]; history: ChatMessage[] }
  | { type: "joined" | "left"; user: string }
  | { type: "message"; id: number; user: string; text: string; sentAt: string }
  | { type: "error"; message: string };

export interface ChatMessage {
  id: number;
  user: string;
  text: string;
  sentAt: string;
}

export const MAX_TEXT = 1000;

const ROOM = /^[a-z0-9-]{1,64}$/;
const USER = /^[A-Za-z0-9_-]{1,32}$/;

export const isRoomName = (value: string) => ROOM.test(value);
export const isUserName = (value: string) => USER.test(value);

/** A client's frame: `{ "type": "message", "text": "..." }`, or what is wrong with it. */
export function parseClientMessage(frame: string | ArrayBuffer): { text: string } | { problem: string } {
  if (typeof frame !== "string") return { problem: "send text frames holding JSON" };
  // Larger than any valid message can be once encoded: refuse it before parsing.
  if (frame.length > MAX_TEXT * 6 + 100) return { problem: `a message is at most ${MAX_TEXT} characters` };
  let body: unknown;
  try {
    body = JSON.parse(frame);
  } catch {
    return { problem: "send JSON: {\"type\":\"message\",\"text\":\"...\"}" };
  }
  const { type, text } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (type !== "message") return { problem: "type: \"message\" is the only kind a client sends" };
  if (typeof text !== "string" || text.trim() === "" || text.length > MAX_TEXT) return { problem: `text: 1-${MAX_TEXT} characters` };
  return { text: text.trim() };
}
