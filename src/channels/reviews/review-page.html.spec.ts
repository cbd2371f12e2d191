import { formPage, linkProblemPage, thanksPage } from './review-page.html';

describe(formPage.name, () => {
  const input = {
    locale: 'en' as const,
    workspace: 'Acme <Kitchen>',
    orderId: null,
    selected: null,
    comment: '',
  };

  it('escapes what it shows and names every radio by its score', () => {
    const sut = formPage({ ...input, comment: '</textarea><script>x</script>', problems: [] });

    expect(sut).toContain('Acme &lt;Kitchen&gt;');
    expect(sut).not.toContain('<script>');
    expect(sut).toContain('&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>');
    for (let score = 0; score <= 10; score += 1)
      expect(sut).toContain(`id="score-${score}" value="${score}"`);
    expect(sut.match(/<label for="score-\d+">\d+<\/label>/g)).toHaveLength(11);
    expect(sut).not.toContain('aria-invalid');
  });

  it('marks the fields at fault and says so in the title', () => {
    const sut = formPage({
      ...input,
      comment: 'x'.repeat(2001),
      problems: ['score_missing', 'comment_too_long'],
    });

    expect(sut).toContain('<title>Please check your answer: How did we do? · Acme &lt;Kitchen&gt;</title>');
    expect(sut.match(/aria-invalid="true"/g)).toHaveLength(12);
    expect(sut).toContain('aria-describedby="comment-hint comment-error"');
  });
});

describe(thanksPage.name, () => {
  const input = {
    locale: 'nl' as const,
    workspace: 'Acme',
    publicReviewUrl: 'https://r.test/?a=1&b=2',
    alreadyAnswered: false,
  };

  it('offers the public review link to promoters only', () => {
    expect(thanksPage({ ...input, category: 'promoter' })).toContain(
      '<a class="button" href="https://r.test/?a=1&amp;b=2" rel="noopener noreferrer">Schrijf een openbare review</a>',
    );
    expect(thanksPage({ ...input, category: 'passive' })).not.toContain('r.test');
    expect(thanksPage({ ...input, category: 'detractor' })).toContain(
      '<h1>Bedankt dat je het ons laat weten</h1>',
    );
  });

  it('says when the answer was given before', () => {
    expect(thanksPage({ ...input, category: 'passive', alreadyAnswered: true })).toContain(
      'je eerste antwoord telt',
    );
  });
});

describe(linkProblemPage.name, () => {
  it('explains an expired link without naming a workspace it does not know', () => {
    const sut = linkProblemPage('en', '', 'expired');

    expect(sut).toContain('<title>This link has expired</title>');
    expect(sut).not.toContain('class="brand"');
  });
});
