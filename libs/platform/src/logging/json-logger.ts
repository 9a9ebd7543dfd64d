import type { LoggerService } from '@nestjs/common';
import { scrubPiiDeep } from '@gov/identity';
import { requestContext } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line on stdout, with the request's correlation id.
 * Every line goes through the PII scrubber: identity numbers, phones and
 * personal fields never reach the log, whoever called the logger.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {}

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.emit('info', message, context ? [context] : []);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const ctx = requestContext.current();
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service };
    if (ctx) entry.correlationId = ctx.correlationId;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.errorType = message.name;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const r of rest) {
      if (typeof r === 'string') entry.scope = r; // Nest passes its context name last
      else if (r instanceof Error) entry.stack = r.stack;
      else if (r && typeof r === 'object') Object.assign(entry, r);
    }
    this.write(`${JSON.stringify(scrubPiiDeep(entry))}\n`);
  }
}
