/** Where "now" comes from, so tests can move time; domain code gets times on its commands instead. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
