import { ZETA_PERMITS_EVENTS, type ZetaPermitsEventDataV1 } from '@gov/contracts';
import type { ApplicationEvent } from './application/application.events';

// The published contract (libs/contracts/src/zeta-permits.ts) must describe what the
// service writes: every domain event's data is assignable to its contract shape (tsc).
type Published = ApplicationEvent;
type Conforms<E extends Published> = E extends { type: infer T; data: infer D } ? (T extends keyof ZetaPermitsEventDataV1 ? (D extends ZetaPermitsEventDataV1[T] ? true : false) : false) : false;
type All<E extends Published = Published> = E extends Published ? Conforms<E> : never;
const everyEventConforms: All extends true ? true : false = true;

const names: Record<Published['type'], true> = { ApplicationSubmitted: true, ApplicationDecided: true };

describe('zeta-permits contract', () => {
  it('describes every event the service publishes, by name', () => {
    expect(everyEventConforms).toBe(true);
    expect(Object.values(ZETA_PERMITS_EVENTS).sort()).toEqual(Object.keys(names).sort());
  });
});
