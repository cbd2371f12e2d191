import { Duration } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
// "24:00" lets a window run to the end of the day.
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes after midnight of "HH:MM" (validated beforehand). */
export function clockMinutes(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Nominal length of the window in minutes; an end at or before the start runs past midnight. */
export function windowMinutes(start: string, end: string): number {
  const length = clockMinutes(end) - clockMinutes(start);
  return length > 0 ? length : length + 24 * 60;
}

/**
 * Quiet hours as the window in which sends may go out, in the recipient's local time. `days` are the days on which
 * the window opens (a 22:00-02:00 window opening on friday closes on saturday at 02:00). A deferred send goes out at
 * the next opening plus a random [0, jitter) so a backlog is not released in one burst. Transactional mail ignores
 * the window unless `transactional` is true.
 */
export const SendWindowSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    start: z.string().regex(START, 'expected a time "HH:MM" (00:00-23:59)').default('09:00'),
    end: z.string().regex(END, 'expected a time "HH:MM" (00:00-24:00)').default('20:00'),
    days: z
      .array(z.enum(WEEKDAYS, { error: `expected one of ${WEEKDAYS.join(', ')}` }))
      .min(1, 'expected at least one day')
      .refine((days) => new Set(days).size === days.length, 'days must not repeat')
      .default([...WEEKDAYS]),
    jitter: z.string().default('PT15M'),
    transactional: z.boolean().default(false),
  })
  .superRefine((window, ctx) => {
    if (window.start === window.end)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must differ from start' });
    const problem = jitterProblem(window.jitter);
    if (problem) return ctx.addIssue({ code: 'custom', path: ['jitter'], message: problem });
    if (!START.test(window.start) || !END.test(window.end) || window.start === window.end) return;
    const lengthMs = windowMinutes(window.start, window.end) * 60_000;
    if (Duration.fromISO(window.jitter).toMillis() >= lengthMs)
      ctx.addIssue({ code: 'custom', path: ['jitter'], message: 'jitter must be shorter than the window' });
  });

export type SendWindow = z.output<typeof SendWindowSchema>;
export type SendWindowInput = z.input<typeof SendWindowSchema>;

function jitterProblem(iso: string): string | null {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return `"${iso}" is not an ISO 8601 duration (e.g. PT15M, or PT0S for none)`;
  const parts = duration.toObject();
  if (parts.months || parts.years) return `"${iso}" uses months or years; use hours or minutes`;
  if (duration.toMillis() < 0) return `"${iso}" must not be negative`;
  return null;
}

/** Settings key `sendWindow`: off until set; a window given without `enabled` is on. */
export const WorkspaceSendWindowSchema = SendWindowSchema.prefault({ enabled: false });
