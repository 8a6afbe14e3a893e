/** Where "now" comes from, injected so that tests can set the time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export function systemClock(): Clock {
  return { now: () => new Date() };
}
