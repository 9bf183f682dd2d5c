import type { Context, StreamifyHandler } from "aws-lambda";
import { Writable } from "node:stream";

export interface ResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

export class LocalResponseStream extends Writable {
  metadata: ResponseMetadata | undefined;
  contentType: string;
  chunks: Array<{ text: string; ms: number }>;
  setContentType(contentType: string): void;
  readonly body: string;
}

export function installAwsLambda(): void;

export function invokeStreaming<TEvent>(
  handler: StreamifyHandler<TEvent, unknown>,
  event: TEvent,
  context: Context,
  onChunk?: (text: string, stream: LocalResponseStream) => void,
): Promise<LocalResponseStream>;
