import {
  confirmedPage,
  linkProblemPage,
  preferencePage,
  type PreferencePageInput,
} from './preference-page.html';

const input = (overrides: Partial<PreferencePageInput> = {}): PreferencePageInput => ({
  locale: 'en',
  workspace: 'Bloom & <Co>',
  emailMarketing: 'withdrawn',
  ads: 'granted',
  action: 'TOKEN/preferences',
  saved: false,
  problems: [],
  ...overrides,
});

describe(preferencePage.name, () => {
  const sut = preferencePage;

  it('says where things stand and offers both choices as labelled radio groups, with no script', () => {
    const html = sut(input());
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>You are unsubscribed · Bloom &amp; &lt;Co&gt;</title>');
    expect(html).toContain('<h1>You are unsubscribed</h1>');
    expect(html).toContain('<form method="post" action="TOKEN/preferences">');
    expect(html).toContain('<fieldset>\n<legend>Marketing emails</legend>');
    expect(html).toContain('<fieldset aria-describedby="ads-hint">');
    expect(html).toContain(
      'id="email_marketing-withdrawn" name="email_marketing" value="withdrawn" checked required><label for="email_marketing-withdrawn">',
    );
    expect(html).toContain(
      'id="ads-granted" name="ads" value="granted" checked required><label for="ads-granted">',
    );
    expect(html).not.toMatch(/<script|onclick|Bloom & <Co>/);
  });

  it('confirms a saved choice as a status message and posts back to its own URL', () => {
    const html = sut(input({ saved: true, emailMarketing: 'granted', action: undefined }));
    expect(html).toContain('<p class="status" role="status">Your choices are saved.</p>');
    expect(html).toContain('<h1>You are subscribed</h1>');
    expect(html).toContain('<form method="post">');
  });

  it('lists the problems of a rejected post in an alert and in the title', () => {
    const html = sut(input({ problems: ['email_marketing', 'ads'] }));
    expect(html).toContain('<div class="summary" role="alert">');
    expect(html).toContain(
      '<li>Marketing emails: choose one of the options.</li><li>Personalised ads: choose one of the options.</li>',
    );
    expect(html).toContain('<title>Please check your choices: You are unsubscribed');
  });

  it('speaks Dutch', () => {
    const html = sut(input({ locale: 'nl' }));
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>Je bent afgemeld</h1>');
    expect(html).toContain('Gepersonaliseerde advertenties');
  });
});

describe('consent link pages', () => {
  it('thank a confirmed subscriber, noting a repeat visit', () => {
    expect(confirmedPage('en', 'Bloom', false)).toContain('<h1>Thank you, you are subscribed</h1>');
    expect(confirmedPage('nl', 'Bloom', true)).toContain('Je had je aanmelding al bevestigd.');
  });

  it('explain a link that cannot be used', () => {
    expect(linkProblemPage('en', 'expired')).toContain('<h1>This link has expired</h1>');
    expect(linkProblemPage('nl', 'invalid')).toContain('<h1>Deze link werkt niet</h1>');
  });
});
