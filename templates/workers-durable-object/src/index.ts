import { log, requestId } from "./log";
import { isRoomName, isUserName } from "./messages";

// The Durable Object class is exported from the Worker's entry, where wrangler.jsonc's class_name finds it.
export { ChatRoom } from "./room";

const socket = new URLPattern({ pathname: "/ws/:room" });
const messages = new URLPattern({ pathname: "/rooms/:room/messages" });

function problem(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

export default {
  /**
   * GET /ws/:room?user=NAME (a WebSocket upgrade) joins the room; GET /rooms/:room/messages reads its
   * recent messages. Each room is one Durable Object, found by name, wherever the request arrives.
   */
  async fetch(request, env): Promise<Response> {
    const id = requestId(request);
    const url = new URL(request.url);
    if (request.method !== "GET") return problem(405, "method_not_allowed", "Only GET is served", { allow: "GET" });
    if (url.pathname === "/health") return Response.json({ status: "ok" });

    const join = socket.exec(url);
    if (join) {
      const room = join.pathname.groups.room ?? "";
      const user = url.searchParams.get("user") ?? "";
      if (!isRoomName(room)) return problem(400, "invalid_room", "A room name is 1-64 lowercase letters, digits or '-'");
      if (!isUserName(user)) return problem(400, "invalid_user", "?user= is 1-32 letters, digits, '-' or '_'");
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return problem(426, "upgrade_required", "Connect with a WebSocket client", { upgrade: "websocket" });
      }
      log("info", "joining", { requestId: id, room, user });
      // The object reads the room from the path and the user from the query; the request id follows.
      const headers = new Headers(request.headers);
      headers.set("x-request-id", id);
      return env.ROOMS.getByName(room).fetch(new Request(request.url, { headers }));
    }

    const read = messages.exec(url);
    if (read) {
      const room = read.pathname.groups.room ?? "";
      if (!isRoomName(room)) return problem(400, "invalid_room", "A room name is 1-64 lowercase letters, digits or '-'");
      // A typed RPC call to the object: no HTTP in between.
      return Response.json({ room, messages: await env.ROOMS.getByName(room).recent() });
    }
    return problem(404, "not_found", `No route for ${url.pathname}`);
  },
} satisfies ExportedHandler<Env>;
