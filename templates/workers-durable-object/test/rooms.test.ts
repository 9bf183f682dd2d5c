import { evictDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServerMessage } from "../src/messages";

beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** A client socket: every frame it receives, and a way to wait for the next one that matches. */
interface Client {
  ws: WebSocket;
  received: ServerMessage[];
  next<T extends ServerMessage["type"]>(type: T): Promise<Extract<ServerMessage, { type: T }>>;
  send(text: string): void;
}

/** Opens a real WebSocket through the Worker's default export, as a browser would through Cloudflare. */
async function join(room: string, user: string): Promise<Client> {
  const response = await exports.default.fetch(new Request(`https://worker.test/ws/${room}?user=${user}`, { headers: { upgrade: "websocket" } }));
  expect(response.status).toBe(101);
  const ws = response.webSocket;
  if (!ws) throw new Error("no WebSocket in the 101 response");
  const received: ServerMessage[] = [];
  const waiting: Array<() => void> = [];
  ws.addEventListener("message", (event) => {
    // "pong" is the runtime's own answer to "ping" (setWebSocketAutoResponse), not one of the room's JSON frames.
    if (event.data === "pong") return;
    received.push(JSON.parse(event.data as string) as ServerMessage);
    for (const wake of waiting.splice(0)) wake();
  });
  ws.accept();
  let seen = 0;
  return {
    ws,
    received,
    send: (text) => ws.send(text),
    // Frames are consumed in order, so each call waits for a frame it has not returned before.
    async next(type) {
      for (;;) {
        while (seen < received.length) {
          const message = received[seen++]!;
          if (message.type === type) return message as Extract<ServerMessage, { type: typeof type }>;
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
  };
}

const say = (text: string) => JSON.stringify({ type: "message", text });

describe("a room over real WebSockets", () => {
  it("welcomes each user, announces them, and delivers a message to everyone in the room", async () => {
    const ada = await join("lobby", "ada");
    expect(await ada.next("welcome")).toEqual({ type: "welcome", room: "lobby", user: "ada", online: ["ada"], history: [] });
    const bo = await join("lobby", "bo");
    expect((await bo.next("welcome")).online.sort()).toEqual(["ada", "bo"]);
    expect(await ada.next("joined")).toEqual({ type: "joined", user: "bo" });

    ada.send(say("  hello, bo  "));
    const atBo = await bo.next("message");
    expect(atBo).toMatchObject({ type: "message", user: "ada", text: "hello, bo" });
    expect(await ada.next("message")).toEqual(atBo);
  });

  it("keeps the messages in SQLite: a newcomer gets the history, and GET /rooms/:room/messages reads it over RPC", async () => {
    const ada = await join("history", "ada");
    for (const text of ["one", "two", "three"]) {
      ada.send(say(text));
      await ada.next("message");
    }
    const cy = await join("history", "cy");
    expect((await cy.next("welcome")).history.map((m) => [m.user, m.text])).toEqual([["ada", "one"], ["ada", "two"], ["ada", "three"]]);
    const response = await exports.default.fetch(new Request("https://worker.test/rooms/history/messages"));
    expect((await response.json<{ messages: Array<{ text: string }> }>()).messages.map((m) => m.text)).toEqual(["one", "two", "three"]);
  });

  it("survives hibernation: after the object is evicted from memory, open sockets still talk and keep their user", async () => {
    const ada = await join("sleepy", "ada");
    const bo = await join("sleepy", "bo");
    await ada.next("joined");
    const stub = env.ROOMS.getByName("sleepy");
    // Tears the instance down as the runtime does to an idle room; its sockets are hibernated, not closed.
    await evictDurableObject(stub);
    bo.send(say("still here?"));
    expect(await ada.next("message")).toMatchObject({ user: "bo", text: "still here?" });
    await evictDurableObject(stub);
    const late = await join("sleepy", "cy");
    expect((await late.next("welcome")).online.sort()).toEqual(["ada", "bo", "cy"]);
  });

  it("answers a bad frame with an error to its sender only", async () => {
    const ada = await join("strict", "ada");
    const bo = await join("strict", "bo");
    await ada.next("joined");
    ada.send("not json");
    expect((await ada.next("error")).message).toMatch(/send JSON/);
    ada.send(say("x".repeat(1001)));
    expect((await ada.next("error")).message).toBe("text: 1-1000 characters");
    ada.send(say("fine"));
    expect(await bo.next("message")).toMatchObject({ user: "ada", text: "fine" });
    expect(bo.received.some((m) => m.type === "error")).toBe(false);
  });

  it("answers ping with pong without waking the object, and tells the others when someone leaves", async () => {
    const ada = await join("leaving", "ada");
    const bo = await join("leaving", "bo");
    await ada.next("joined");
    const pong = new Promise<unknown>((resolve) => ada.ws.addEventListener("message", (event) => event.data === "pong" && resolve(event.data)));
    ada.ws.send("ping");
    expect(await pong).toBe("pong");
    const closed = new Promise<number>((resolve) => bo.ws.addEventListener("close", (event) => resolve(event.code)));
    bo.ws.close(1000, "bye");
    expect(await ada.next("left")).toEqual({ type: "left", user: "bo" });
    expect(await closed).toBe(1000);
  });
});

describe("the Worker's routes", () => {
  const get = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://worker.test${path}`, init));

  it("asks for a WebSocket (426) and refuses bad room or user names (400) before reaching a room", async () => {
    const plain = await get("/ws/lobby?user=ada");
    expect(plain.status).toBe(426);
    expect(plain.headers.get("upgrade")).toBe("websocket");
    expect((await get("/ws/Not_A_Room?user=ada", { headers: { upgrade: "websocket" } })).status).toBe(400);
    expect((await get("/ws/lobby?user=", { headers: { upgrade: "websocket" } })).status).toBe(400);
  });

  it("answers the health check, 404 and 405", async () => {
    expect((await get("/health")).status).toBe(200);
    expect((await get("/nope")).status).toBe(404);
    expect((await get("/health", { method: "POST" })).status).toBe(405);
  });
});
