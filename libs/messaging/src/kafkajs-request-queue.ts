// kafkajs 2.2.4 re-arms a 1 ms timer on every broker connection for as long as
// the client lives, whether or not a request waits (tulios/kafkajs#1556, #1704,
// unfixed upstream): about 5% of a core per idle service here, and a timer
// between every I/O event under load. Requests wait in `pending` only while the
// connection is throttled or at its in-flight limit; a response or a timeout
// re-checks the queue in the second case, so a timer is needed only while
// something is pending, until the throttle ends.
import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** As kafkajs's own CHECK_PENDING_REQUESTS_INTERVAL: the retry when the throttle has just ended. */
const RECHECK_MS = 10;
const PATCHED = Symbol.for('gov.messaging.kafkajsRequestQueuePatched');

function scheduleCheckPendingRequests(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : RECHECK_MS,
  );
}

/** Replaces the looping scheduler of kafkajs's request queue, once per process; true if it did now. */
export function patchKafkaRequestQueue(): boolean {
  const load = createRequire(__filename);
  const version = (load('kafkajs/package.json') as { version: string }).version;
  const proto = (load('kafkajs/src/network/requestQueue') as { prototype: RequestQueue & { [PATCHED]?: true } }).prototype;
  if (proto[PATCHED]) return false;
  // Another release may have fixed it, or moved things: leave it as it is.
  if (version !== '2.2.4' || typeof proto.scheduleCheckPendingRequests !== 'function') return false;
  proto.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  proto[PATCHED] = true;
  return true;
}
