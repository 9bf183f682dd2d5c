import { DurableObject } from "cloudflare:workers";
import { log } from "./log";
import { parseClientMessage, type ChatMessage, type ServerMessage } from "./messages";

/** What each socket carries through hibernation: serializeAttachment refuses more than 16,384 bytes (workerd's check). */
interface Attachment {
  room: string;
  user: string;
  requestId: string;
}

// The room keeps its latest messages only, so its storage stays bounded.
const KEEP = 100;
const HISTORY = 20;

/**
 * One chat room. Sockets are accepted through the WebSocket Hibernation API: the runtime holds the
 * connections and calls webSocketMessage/webSocketClose, so an idle room is evicted from memory (and
 * stops being billed for duration) while its sockets stay open. Nothing that must survive that may live
 * in fields: per-socket state is in the socket's attachment, messages are in SQLite.
 */
export class ChatRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Runs on every start, after hibernation too: idempotent and quick.
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, text TEXT NOT NULL, sent_at TEXT NOT NULL)",
    );
    // The runtime answers "ping" with "pong" itself, without waking the object: keep-alives cost nothing.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** The upgrade the Worker forwarded: accept the server end and hand the client end back (101). */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const attachment: Attachment = {
      room: decodeURIComponent(url.pathname.split("/").pop() ?? ""),
      user: url.searchParams.get("user") ?? "anonymous",
      requestId: request.headers.get("x-request-id") ?? crypto.randomUUID(),
    };
    const { 0: client, 1: server } = new WebSocketPair();
    // acceptWebSocket, not server.accept(): that is what lets the object hibernate with the socket open.
    this.ctx.acceptWebSocket(server, [attachment.user]);
    server.serializeAttachment(attachment);
    this.send(server, { type: "welcome", room: attachment.room, user: attachment.user, online: this.online(), history: this.recent(HISTORY) });
    this.broadcast({ type: "joined", user: attachment.user }, server);
    log("info", "joined", { ...attachment, sockets: this.ctx.getWebSockets().length });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, frame: string | ArrayBuffer): Promise<void> {
    const { room, user, requestId } = ws.deserializeAttachment() as Attachment;
    const parsed = parseClientMessage(frame);
    if ("problem" in parsed) {
      this.send(ws, { type: "error", message: parsed.problem });
      return;
    }
    const sentAt = new Date().toISOString();
    const { id } = this.ctx.storage.sql.exec<{ id: number }>("INSERT INTO messages (user, text, sent_at) VALUES (?, ?, ?) RETURNING id", user, parsed.text, sentAt).one();
    this.ctx.storage.sql.exec("DELETE FROM messages WHERE id <= ?", id - KEEP);
    this.broadcast({ type: "message", id, user, text: parsed.text, sentAt });
    log("info", "message", { room, user, requestId, messageId: id, length: parsed.text.length });
  }

  /** The client closed: answer its Close frame, so it sees the socket closed, and tell the others. */
  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const { room, user, requestId } = ws.deserializeAttachment() as Attachment;
    // 1005 (no code given) and 1006 (dropped) are only reported, never sent: answer those with 1000.
    ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    this.broadcast({ type: "left", user }, ws);
    log("info", "left", { room, user, requestId, code });
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    const { room, user, requestId } = ws.deserializeAttachment() as Attachment;
    log("warn", "socket error", { room, user, requestId, error: String(error) });
  }

  /** The latest messages, oldest first: an RPC method, called by the Worker as `stub.recent()`. */
  recent(limit = HISTORY): ChatMessage[] {
    const rows = this.ctx.storage.sql
      .exec<{ id: number; user: string; text: string; sent_at: string }>("SELECT id, user, text, sent_at FROM messages ORDER BY id DESC LIMIT ?", Math.min(Math.max(limit, 1), KEEP))
      .toArray();
    return rows.reverse().map((row) => ({ id: row.id, user: row.user, text: row.text, sentAt: row.sent_at }));
  }

  private online(): string[] {
    return this.ctx.getWebSockets().map((ws) => (ws.deserializeAttachment() as Attachment).user);
  }

  private broadcast(message: ServerMessage, except?: WebSocket): void {
    for (const ws of this.ctx.getWebSockets()) if (ws !== except) this.send(ws, message);
  }

  private send(ws: WebSocket, message: ServerMessage): void {
    try {
      ws.send(JSON.stringify(message));
    } catch (error) {
      // The socket closed between getWebSockets() and send(): its webSocketClose tells the others.
      log("warn", "send failed", { error: String(error) });
    }
  }
}
