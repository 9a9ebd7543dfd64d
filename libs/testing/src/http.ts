export interface HttpReply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly headers: Headers;
}

export interface HttpCallOptions {
  readonly token?: string;
  /** Sent as JSON (a string is sent as it is). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** One request to a service under test; the answer parsed as JSON when it is JSON. */
export async function httpCall<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, options: HttpCallOptions = {}): Promise<HttpReply<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}
