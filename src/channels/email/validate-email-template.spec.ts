import { EmailTemplateValidationError } from './email-template.errors';
import { BUILT_IN_EMAIL_TEMPLATES } from './templates/built-in-templates';
import { validateEmailTemplate } from './validate-email-template';

const builtIns = Object.entries(BUILT_IN_EMAIL_TEMPLATES).flatMap(([key, template]) =>
  Object.entries(template).map(([locale, source]) => [`${key}.${locale}`, source] as const),
);

/** A valid document; `content` goes into the column, line 5 onwards. */
const mjml = (content: string) => `<mjml>
<mj-body>
<mj-section>
<mj-column>
${content}
<mj-text><a href="{{ links.unsubscribe }}">Unsubscribe</a></mj-text>
</mj-column>
</mj-section>
</mj-body>
</mjml>`;

async function problemsOf(promise: Promise<void>): Promise<EmailTemplateValidationError['errors']> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmailTemplateValidationError);
  expect(error).toMatchObject({ code: 'template_invalid', status: 400 });
  return (error as EmailTemplateValidationError).errors;
}

describe(validateEmailTemplate.name, () => {
  it.each(builtIns)('accepts the built-in %s', async (name, source) => {
    // team-alert goes to the business, so it has no unsubscribe link.
    const requireUnsubscribeLink = !name.startsWith('team-alert.');
    await expect(validateEmailTemplate(source, { requireUnsubscribeLink })).resolves.toBeUndefined();
  });

  it('accepts Liquid tags between MJML elements', async () => {
    const content = `{% for product in cart.products %}\n<mj-text>{{ product.name }}</mj-text>\n{% endfor %}`;
    await expect(validateEmailTemplate({ subject: 'Hi', mjml: mjml(content) })).resolves.toBeUndefined();
  });

  it('reports a Liquid syntax error in the body with its line', async () => {
    const problems = await problemsOf(
      validateEmailTemplate({
        subject: 'Hi',
        mjml: mjml('<mj-text>\n{% if contact.first_name %}\n</mj-text>'),
      }),
    );
    expect(problems).toEqual([{ path: '$.mjml', line: 6, message: expect.stringContaining('not closed') }]);
  });

  it('reports an unknown filter with its line (filters are strict)', async () => {
    const problems = await problemsOf(
      validateEmailTemplate({
        subject: 'Hi',
        mjml: mjml('<mj-text>\n\n{{ contact.first_name | shout }}</mj-text>'),
      }),
    );
    expect(problems).toEqual([{ path: '$.mjml', line: 7, message: 'undefined filter: shout' }]);
  });

  it('reports Liquid errors in the subject under $.subject', async () => {
    const problems = await problemsOf(
      validateEmailTemplate({ subject: 'Hi {{ contact.first_name ', mjml: mjml('') }),
    );
    expect(problems).toEqual([
      { path: '$.subject', line: 1, message: expect.stringContaining('not closed') },
    ]);
  });

  it('rejects an empty subject', async () => {
    const problems = await problemsOf(validateEmailTemplate({ subject: '  ', mjml: mjml('') }));
    expect(problems).toEqual([{ path: '$.subject', message: 'must not be empty' }]);
  });

  it('reports MJML errors with the line of the source, across multi-line Liquid tags', async () => {
    const content = `{% if cart %}\n{% comment %}\nnote\n{% endcomment %}\n<mj-txt>x</mj-txt>\n{% endif %}\n<mj-text colr="red">y</mj-text>`;
    const problems = await problemsOf(validateEmailTemplate({ subject: 'Hi', mjml: mjml(content) }));
    expect(problems).toEqual([
      { path: '$.mjml', line: 9, message: "Element mj-txt doesn't exist or is not registered" },
      { path: '$.mjml', line: 11, message: 'Attribute colr is illegal' },
    ]);
  });

  it('rejects a body that is not MJML', async () => {
    const problems = await problemsOf(validateEmailTemplate({ subject: 'Hi', mjml: '<p>Hello</p>' }));
    expect(problems).toEqual([
      { path: '$.mjml', line: 1, message: "Element p doesn't exist or is not registered" },
    ]);
  });

  it('judges attributes holding Liquid output after rendering with sample data', async () => {
    const ok = mjml(
      '<mj-button href="{{ cart.checkout_url }}" color="{{ brand_color | default: \'#ff0000\' }}">Go</mj-button>',
    );
    await expect(validateEmailTemplate({ subject: 'Hi', mjml: ok })).resolves.toBeUndefined();
    const bad = mjml('<mj-button color="{{ workspace.name }}">Go</mj-button>');
    const problems = await problemsOf(validateEmailTemplate({ subject: 'Hi', mjml: bad }));
    expect(problems).toEqual([
      { path: '$.mjml', message: expect.stringMatching(/^with sample data: .*color.*Acme Kitchen/) },
    ]);
  });

  it('requires the unsubscribe link unless told otherwise', async () => {
    const source = {
      subject: 'Your receipt',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Thanks</mj-text></mj-column></mj-section></mj-body></mjml>',
    };
    const problems = await problemsOf(validateEmailTemplate(source));
    expect(problems).toEqual([{ path: '$.mjml', message: expect.stringContaining('unsubscribe link') }]);
    await expect(validateEmailTemplate(source, { requireUnsubscribeLink: false })).resolves.toBeUndefined();
  });

  it('does not read files through Liquid includes', async () => {
    const liquidInclude = mjml('<mj-text>{% render "package.json" %}</mj-text>');
    expect(await problemsOf(validateEmailTemplate({ subject: 'Hi', mjml: liquidInclude }))).toEqual([
      { path: '$.mjml', line: 5, message: expect.stringMatching(/^with sample data: .*package\.json/) },
    ]);
  });
});
