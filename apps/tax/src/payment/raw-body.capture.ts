import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import { ValidationError } from '@gov/event-sourcing';

/** Routes whose body is authenticated byte for byte (HMAC), so the parsed JSON is not enough. */
export const RAW_BODY_PATH_PREFIX = '/api/v1/bank/';

const captured = new WeakMap<IncomingMessage, Buffer>();
const tapped = new WeakSet<Server>();

/**
 * Keeps the exact bytes of bank notifications. The platform's JSON parser runs
 * before any route and keeps no raw body, so the bytes are copied as the
 * request stream emits them, without changing how the stream is read.
 * (Wanted instead: the platform keeping `req.rawBody`; see the tax README.)
 */
@Injectable()
export class RawBodyCapture implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || tapped.has(server)) return;
    tapped.add(server);
    server.prependListener('request', (req: IncomingMessage) => {
      if (!req.url?.startsWith(RAW_BODY_PATH_PREFIX)) return;
      const chunks: Buffer[] = [];
      const emit = req.emit;
      req.emit = function emitCopying(this: IncomingMessage, event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'data') chunks.push(Buffer.isBuffer(args[0]) ? args[0] : Buffer.from(String(args[0]), 'utf8'));
        else if (event === 'end') captured.set(req, Buffer.concat(chunks));
        return emit.call(this, event, ...args);
      } as typeof req.emit;
    });
  }
}

/** The body exactly as received: captured while a parser read it, or read here (up to `limit` bytes) when none did. */
export async function rawBodyOf(req: IncomingMessage, limit = 64 * 1024): Promise<Buffer> {
  const seen = captured.get(req);
  if (seen) return seen;
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
    size += buffer.length;
    if (size > limit) throw ValidationError.field('body', `must be at most ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
