import { Clock } from '../shared/clock';

/** The system clock, moved by `shiftMs`: lets a test see a deadline pass without waiting for it. */
export class ShiftableClock extends Clock {
  shiftMs = 0;

  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }
}
