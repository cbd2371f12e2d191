import {
  validateJourneyDefinition,
  JourneyValidationError,
} from '../../journeys/definition/validate-journey';
import { zodDetails } from '../../common/zod-errors';
import { SendWindowSchema, WorkspaceSendWindowSchema, windowMinutes } from './send-window.schema';

const pathsOf = (input: unknown) => {
  const parsed = SendWindowSchema.safeParse(input);
  return parsed.success ? [] : zodDetails(parsed.error);
};

describe('SendWindowSchema', () => {
  it('fills a given window with defaults and turns it on', () => {
    expect(SendWindowSchema.parse({ start: '08:00' })).toEqual({
      enabled: true,
      start: '08:00',
      end: '20:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      jitter: 'PT15M',
      transactional: false,
    });
  });

  it('is off in a workspace until set', () => {
    expect(WorkspaceSendWindowSchema.parse(undefined).enabled).toBe(false);
  });

  it.each([
    ['a time without minutes', { start: '9' }, '$.start', 'HH:MM'],
    ['an hour out of range', { end: '25:00' }, '$.end', 'HH:MM'],
    ['24:00 as a start', { start: '24:00' }, '$.start', 'HH:MM'],
    ['an empty window', { start: '10:00', end: '10:00' }, '$.end', 'differ'],
    ['an unknown day', { days: ['mon', 'funday'] }, '$.days[1]', 'expected one of'],
    ['a repeated day', { days: ['mon', 'mon'] }, '$.days', 'repeat'],
    ['no days', { days: [] }, '$.days', 'at least one day'],
    ['a jitter that is no duration', { jitter: '15 minutes' }, '$.jitter', 'ISO 8601'],
    ['a jitter in months', { jitter: 'P1M' }, '$.jitter', 'months'],
    [
      'a jitter as long as the window',
      { start: '09:00', end: '10:00', jitter: 'PT1H' },
      '$.jitter',
      'shorter',
    ],
    ['an unknown field', { begin: '09:00' }, '$', 'begin'],
  ])('rejects %s at its path', (_name, input, path, message) => {
    expect(pathsOf(input)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('accepts windows across midnight, to 24:00, and no jitter', () => {
    expect(pathsOf({ start: '22:00', end: '06:00', jitter: 'PT0S' })).toEqual([]);
    expect(pathsOf({ start: '00:00', end: '24:00' })).toEqual([]);
    expect(windowMinutes('22:00', '06:00')).toBe(480);
  });
});

describe('journey settings.sendWindow', () => {
  const journey = (sendWindow: unknown) => ({
    key: 'news',
    name: 'News',
    stages: ['retention'],
    settings: { priority: 10, sendWindow },
    flows: {
      news: { name: 'News', trigger: { event: 'Go' }, steps: [{ id: 'm', type: 'email', template: 'n' }] },
    },
  });

  it('is part of a valid definition, with defaults', () => {
    const definition = validateJourneyDefinition(journey({ start: '10:00', end: '18:00' }));

    expect(definition.settings?.sendWindow).toMatchObject({ enabled: true, start: '10:00', jitter: 'PT15M' });
  });

  it('names the path of a bad field', () => {
    let error: unknown;
    try {
      validateJourneyDefinition(journey({ start: '10h', jitter: 'soon' }));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(JourneyValidationError);
    expect((error as JourneyValidationError).errors.map((e) => e.path).sort()).toEqual([
      '$.settings.sendWindow.jitter',
      '$.settings.sendWindow.start',
    ]);
  });
});
