import { createRequire } from 'node:module';
import { testInfrastructure, testTopicPrefix } from '@gov/testing';
import { createKafka, provisionTopics } from './index';
import { patchKafkaRequestQueue } from './kafkajs-request-queue';

interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  maybeThrottle(ms: number): void;
  push(request: { entry: { correlationId: number; resolve?: () => void; reject?: () => void }; expectResponse: boolean; requestTimeout?: number; sendRequest: () => void }): void;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
}
type QueueClass = { new (options: Record<string, unknown>): Queue; prototype: Queue };

const load = createRequire(__filename);
const RequestQueue = load('kafkajs/src/network/requestQueue') as QueueClass;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls of the queue's check, process-wide, while `during` runs. */
async function checksDuring(during: () => Promise<void>): Promise<number> {
  const original = RequestQueue.prototype.checkPendingRequests;
  let calls = 0;
  RequestQueue.prototype.checkPendingRequests = function (this: Queue) {
    calls++;
    return original.call(this);
  };
  try {
    await during();
  } finally {
    RequestQueue.prototype.checkPendingRequests = original;
  }
  return calls;
}

describe('kafkajs request queue', () => {
  it('is patched once, when the messaging library loads', () => {
    const scheduler = RequestQueue.prototype.scheduleCheckPendingRequests;
    expect(scheduler.toString()).not.toContain('CHECK_PENDING_REQUESTS_INTERVAL'); // kafkajs's own reads it
    expect(patchKafkaRequestQueue()).toBe(false);
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduler);
  });

  it('leaves an idle connection without a timer: a connected producer checks its queue only when a request completes', async () => {
    const kafka = createKafka({ clientId: 'queue-idle', brokers: testInfrastructure.kafkaBrokers });
    const topic = `${testTopicPrefix('queue_idle')}idle.v1`;
    await provisionTopics(kafka, [{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: '{}' }] });
      // The looping scheduler checks about once a millisecond per connection: hundreds here.
      const idle = await checksDuring(() => sleep(500));
      expect(idle).toBeLessThanOrEqual(2);
      const busy = await checksDuring(async () => {
        for (let i = 0; i < 5; i++) await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: String(i) }] });
      });
      expect(busy).toBeGreaterThanOrEqual(5); // one per response
    } finally {
      await producer.disconnect();
    }
  });

  it('still sends a request held back by a broker throttle once the throttle ends', async () => {
    const queue = new RequestQueue({ maxInFlightRequests: 5, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'q', broker: 'b:9092', logger: quiet });
    const sentAt: number[] = [];
    const t0 = Date.now();
    queue.maybeThrottle(80);
    queue.push({ entry: { correlationId: 1 }, expectResponse: true, sendRequest: () => sentAt.push(Date.now() - t0) });
    expect(queue.pending).toHaveLength(1);
    await sleep(40);
    expect(sentAt).toEqual([]);
    await sleep(120);
    expect(sentAt).toHaveLength(1);
    expect(sentAt[0]).toBeGreaterThanOrEqual(75);
    expect(queue.pending).toHaveLength(0);
    queue.destroy();
  });

  it('sends a request that waited for the in-flight limit when a response frees a slot', () => {
    const queue = new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'q', broker: 'b:9092', logger: quiet });
    const sent: number[] = [];
    const request = (correlationId: number) => ({ entry: { correlationId, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest: () => sent.push(correlationId) });
    queue.push(request(1));
    queue.push(request(2));
    expect(sent).toEqual([1]);
    (queue as unknown as { fulfillRequest(r: { correlationId: number; payload: null; size: number }): void }).fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);
    queue.destroy();
  });
});
