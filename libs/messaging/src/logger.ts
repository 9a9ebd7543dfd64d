/** The logging the messaging components need; the platform's JSON logger provides it. */
export interface MessagingLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentLogger: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function errorContext(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, errorType: error.name } : { error: String(error) };
}
