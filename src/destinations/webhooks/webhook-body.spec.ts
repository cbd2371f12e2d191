import { type WebhookEnvelope, WebhookBodyError, renderMessage, renderWebhookBody } from './webhook-body';

const envelope: WebhookEnvelope = {
  type: 'webhook.send',
  event: {
    id: 'e-1',
    name: 'NPS Submitted',
    timestamp: '2025-03-01T10:00:00.000Z',
    properties: { score: 3 },
  },
  contact: { id: 'c-1', userId: 'u-1', email: 'jane@example.com', traits: { first_name: 'Jane' } },
  journey: { key: 'customer-lifecycle', version: 2, flow: 'nps', runId: 'r-1', step: 'tell' },
  stage: 'retention',
  occurredAt: '2025-03-01T10:00:01.000Z',
};

describe(renderWebhookBody.name, () => {
  it('sends the envelope as JSON without a template', async () => {
    const sut = await renderWebhookBody(envelope, null);

    expect(sut.contentType).toBe('application/json');
    expect(JSON.parse(sut.body)).toEqual(envelope);
  });

  it('renders a Liquid template over the envelope, JSON when it parses as JSON', async () => {
    const json = await renderWebhookBody(
      envelope,
      '{"who": {{ contact.email | json }}, "score": {{ event.properties.score }}}',
    );
    const text = await renderWebhookBody(
      envelope,
      '{{ contact.traits.first_name }} scored {{ event.properties.score }}',
    );

    expect(JSON.parse(json.body)).toEqual({ who: 'jane@example.com', score: 3 });
    expect(json.contentType).toBe('application/json');
    expect(text).toEqual({ body: 'Jane scored 3', contentType: 'text/plain; charset=utf-8' });
  });

  it('reports a template that fails to render as a WebhookBodyError', async () => {
    await expect(renderWebhookBody(envelope, '{{ contact.email | nope }}')).rejects.toBeInstanceOf(
      WebhookBodyError,
    );
  });
});

describe(renderMessage.name, () => {
  it('fills the alert text from the envelope', async () => {
    await expect(
      renderMessage('Detractor {{ contact.email }}: {{ event.properties.score }} ', envelope),
    ).resolves.toBe('Detractor jane@example.com: 3');
  });
});
