import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@gov/event-sourcing/postgres';

/** CloudEvents 1.0, Kafka protocol binding, binary content mode. */
export interface CloudEventAttributes {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly time?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
}

export interface IncomingMessage<T = unknown> extends CloudEventAttributes {
  readonly data: T;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export function cloudEventHeaders(a: CloudEventAttributes): Record<string, string> {
  const h: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: a.id,
    ce_source: a.source,
    ce_type: a.type,
    'content-type': 'application/json',
  };
  if (a.subject) h.ce_subject = a.subject;
  if (a.time) h.ce_time = a.time;
  if (a.correlationId) h.ce_correlationid = a.correlationId;
  if (a.causationId) h.ce_causationid = a.causationId;
  if (a.traceparent) h.traceparent = a.traceparent;
  return h;
}

/** `gov.<service>.<EventName>.v<N>` */
export function cloudEventType(service: string, eventType: string, schemaVersion: number): string {
  return `gov.${service}.${eventType}.v${schemaVersion}`;
}

/** Splits `gov.<service>.<Name>.v<N>` into its parts; null for other shapes. */
export function parseCloudEventType(type: string): { service: string; name: string; version: number } | null {
  const m = /^gov\.([a-z0-9-]+)\.([A-Za-z0-9]+)\.v(\d+)$/.exec(type);
  return m ? { service: m[1], name: m[2], version: Number(m[3]) } : null;
}

export function eventAttributes(service: string, e: RecordedEvent): CloudEventAttributes {
  return {
    id: e.eventId,
    source: `/gov/${service}`,
    type: cloudEventType(service, e.type, e.schemaVersion),
    subject: e.streamId,
    time: e.recordedAt.toISOString(),
    correlationId: typeof e.metadata.correlationId === 'string' ? e.metadata.correlationId : undefined,
    causationId: typeof e.metadata.causationId === 'string' ? e.metadata.causationId : e.metadata.commandId,
    traceparent: typeof e.metadata.traceparent === 'string' ? e.metadata.traceparent : undefined,
  };
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/** Reads a Kafka message as a CloudEvent; throws a descriptive error for a malformed one. */
export function parseIncoming<T = unknown>(topic: string, partition: number, m: KafkaMessage): IncomingMessage<T> {
  const headers = headersToStrings(m.headers);
  const raw = m.value?.toString('utf8') ?? 'null';
  let data: T;
  try {
    data = JSON.parse(raw) as T;
  } catch {
    throw new MalformedMessageError(`message value at ${topic}/${partition}@${m.offset} is not JSON`);
  }
  return {
    id: headers.ce_id ?? `${topic}/${partition}@${m.offset}`,
    source: headers.ce_source ?? '',
    type: headers.ce_type ?? '',
    subject: headers.ce_subject,
    time: headers.ce_time,
    correlationId: headers.ce_correlationid,
    causationId: headers.ce_causationid,
    traceparent: headers.traceparent,
    data,
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString('utf8') ?? null,
    headers,
  };
}

/** A message that can never be processed: goes to the DLQ without retries. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}
