import { parseInbound } from './inbound-email-event.parser';

const now = new Date('2026-05-01T12:00:00Z');
const sns = (message: unknown, overrides: Record<string, unknown> = {}) => ({
  Type: 'Notification',
  MessageId: 'sns-1',
  TopicArn: 'arn:aws:sns:eu-west-1:1:ses',
  Message: JSON.stringify(message),
  ...overrides,
});

describe(parseInbound.name, () => {
  const sut = parseInbound;

  it('reads the simple shape, defaulting a bounce to hard and the time to now', () => {
    const parsed = sut({ type: 'bounce', email: 'Ann@Shop.test' }, now);
    expect(parsed).toEqual({
      events: [
        {
          type: 'bounce',
          email: 'ann@shop.test',
          bounceType: 'hard',
          messageId: null,
          occurredAt: now,
          key: expect.stringMatching(/^api:[0-9a-f]{40}$/),
          provider: 'api',
        },
      ],
    });
  });

  it('gives the same key to the same notification and another to a different one', () => {
    const body = { type: 'complaint', email: 'a@shop.test', occurredAt: '2026-05-01T10:00:00Z' };
    const key = (value: unknown) =>
      'events' in sut(value, now) ? (sut(value, now) as any).events[0].key : null;
    expect(key(body)).toBe(key({ ...body, email: 'A@shop.test' }));
    expect(key(body)).not.toBe(key({ ...body, occurredAt: '2026-05-01T10:00:01Z' }));
    expect((sut(body, now) as any).events[0].bounceType).toBeNull();
  });

  it('names every field at fault in the simple shape', () => {
    expect(sut({ type: 'open', email: 'x', extra: 1 }, now)).toEqual({
      errors: expect.arrayContaining([
        expect.objectContaining({ path: '$.type' }),
        expect.objectContaining({ path: '$.email' }),
        expect.objectContaining({ path: '$' }),
      ]),
    });
  });

  it('reads SES bounces and complaints from SNS, one event per recipient', () => {
    const bounce = sut(
      sns({
        notificationType: 'Bounce',
        mail: { messageId: 'ses-9' },
        bounce: {
          bounceType: 'Permanent',
          timestamp: '2026-05-01T09:00:00Z',
          bouncedRecipients: [{ emailAddress: 'A@x.test' }, { emailAddress: 'b@x.test' }],
        },
      }),
      now,
    );
    expect(bounce).toEqual({
      events: [
        expect.objectContaining({
          type: 'bounce',
          email: 'a@x.test',
          bounceType: 'hard',
          messageId: 'ses-9',
          provider: 'ses',
        }),
        expect.objectContaining({ email: 'b@x.test', occurredAt: new Date('2026-05-01T09:00:00Z') }),
      ],
    });
    const soft = sut(
      sns({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'c@x.test' }] },
      }),
      now,
    );
    expect((soft as any).events[0]).toMatchObject({ bounceType: 'soft', occurredAt: now });
    const complaint = sut(
      sns({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'd@x.test' }] },
      }),
      now,
    );
    expect((complaint as any).events[0]).toMatchObject({ type: 'complaint', bounceType: null });
  });

  it('acknowledges other SES notifications, hands back a subscription URL, and rejects a broken Message', () => {
    expect(sut(sns({ notificationType: 'Delivery' }), now)).toEqual({ events: [] });
    expect(
      sut(sns({}, { Type: 'SubscriptionConfirmation', SubscribeURL: 'https://sns.example/confirm' }), now),
    ).toEqual({
      subscribeUrl: 'https://sns.example/confirm',
    });
    expect(sut(sns({}, { Message: '{' }), now)).toEqual({
      errors: [expect.objectContaining({ path: '$.Message' })],
    });
    expect(
      sut(
        sns({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }),
        now,
      ),
    ).toEqual({
      errors: [expect.objectContaining({ path: '$.Message.bounce.bouncedRecipients' })],
    });
  });
});
