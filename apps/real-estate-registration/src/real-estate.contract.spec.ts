import type { RealEstateEventDataV1 } from '@gov/contracts';
import type { RealEstateUnitEvent } from './register/real-estate-unit.events';
import type { SaleTransferEvent } from './transfer/sale-transfer.events';

// The published contract (libs/contracts/src/real-estate.ts) must describe what the
// service actually writes: every domain event's data is assignable to its contract shape.
// A mismatch fails `tsc`; the test itself only keeps the check in the suite.
type Published = SaleTransferEvent | RealEstateUnitEvent;
type Conforms<E extends Published> = E extends { type: infer T; data: infer D } ? (T extends keyof RealEstateEventDataV1 ? (D extends RealEstateEventDataV1[T] ? true : false) : false) : false;
type All<E extends Published = Published> = E extends Published ? Conforms<E> : never;

const everyEventConforms: All extends true ? true : false = true;

describe('real-estate contract', () => {
  it('describes every event the service publishes', () => {
    expect(everyEventConforms).toBe(true);
  });
});
