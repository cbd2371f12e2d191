import { renderEmailSource } from './email-template.renderer';
import type { EmailLocale } from './email-template.types';
import { CompiledStructures, fillSlots, splitSlots } from './mjml-slots';
import { minimalEmailTemplateData, sampleEmailTemplateData } from './sample-email-data';
import { BUILT_IN_EMAIL_TEMPLATES, type BuiltInEmailTemplateKey } from './templates/built-in-templates';

const cases = (Object.keys(BUILT_IN_EMAIL_TEMPLATES) as BuiltInEmailTemplateKey[]).flatMap((key) =>
  (['en', 'nl'] as const)
    .filter((locale) => BUILT_IN_EMAIL_TEMPLATES[key][locale])
    .map((locale) => [key, locale] as const),
);

describe('mjml-slots', () => {
  describe.each(cases)('%s in %s', (key, locale: EmailLocale) => {
    const source = BUILT_IN_EMAIL_TEMPLATES[key][locale]!;

    it.each([
      ['full data', sampleEmailTemplateData()],
      ['minimal data', minimalEmailTemplateData()],
    ])('renders the same HTML through the structure cache as a full compile (%s)', async (_, data) => {
      const full = await renderEmailSource(source, locale, data, 'strict');
      const sut = await renderEmailSource(source, locale, data, 'soft');
      expect(sut.html).toBe(full.html);
      expect(sut.text).toBe(full.text);
    });
  });

  it('gives each customer their own values from a shared structure', async () => {
    const source = BUILT_IN_EMAIL_TEMPLATES['cart-reminder-1'].en!;
    const jane = sampleEmailTemplateData();
    const piet = sampleEmailTemplateData();
    piet.contact.first_name = 'Piet <b>&</b>';
    piet.links.unsubscribe = 'https://touchpoint.example.com/u/PIET';
    await renderEmailSource(source, 'en', jane, 'soft');
    const sut = await renderEmailSource(source, 'en', piet, 'soft');
    expect(sut.html).toContain('Hi Piet &lt;b&gt;&amp;&lt;/b&gt;,');
    expect(sut.html).toContain('href="https://touchpoint.example.com/u/PIET"');
    expect(sut.html).not.toContain('Jane');
    expect(sut.html).not.toMatch(/[\uE000\uE001]/);
  });
});

describe(CompiledStructures.name, () => {
  it('compiles a structure once and keeps at most `limit` of them', async () => {
    const compiled: string[] = [];
    const compile = async (mjml: string) => {
      compiled.push(mjml);
      return `<html>${mjml}</html>`;
    };
    const sut = new CompiledStructures(2);
    expect(await sut.get('a', compile)).toBe('<html>a</html>');
    await sut.get('a', compile);
    await sut.get('b', compile);
    await sut.get('c', compile);
    await sut.get('a', compile);
    expect(compiled).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('splitSlots and fillSlots', () => {
  it('number the marked values and put them back', () => {
    const split = splitSlots('<p>\uE000Jane\uE001 and \uE000Piet\uE001</p>');
    expect(split).toEqual({ structure: '<p>\uE0000\uE001 and \uE0001\uE001</p>', values: ['Jane', 'Piet'] });
    expect(fillSlots('<div><p>\uE0000\uE001 and \uE0001\uE001</p></div>', split!.values)).toBe(
      '<div><p>Jane and Piet</p></div>',
    );
  });

  it('refuse nested markers and HTML that lost a slot', () => {
    expect(splitSlots('\uE000a \uE000b\uE001 c\uE001')).toBeNull();
    expect(fillSlots('<p>\uE0000\uE001</p>', ['Jane', 'Piet'])).toBeNull();
  });
});
