import { Clock } from '../../src/common/clock';

/** The app's clock set to a chosen instant that then runs on in real time (BullMQ delays stay real). */
export class ShiftedClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From now on the app reads `instant`, advancing with the real clock. */
  set(instant: string | Date): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }
}
