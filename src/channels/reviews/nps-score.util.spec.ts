import { npsCategory, parseScore, readAnswerForm } from './nps-score.util';

describe(npsCategory.name, () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('puts %i among the %ss', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });
});

describe(parseScore.name, () => {
  it.each([
    ['0', 0],
    [' 10 ', 10],
    ['07', 7],
    [8, 8],
  ])('reads %p as %p', (value, expected) => {
    expect(parseScore(value)).toBe(expected);
  });

  it.each([['11'], ['-1'], ['7.5'], [''], ['ten'], [7.5], [null], [undefined], [['7', '8']], ['1e1']])(
    'refuses %p',
    (value) => {
      expect(parseScore(value)).toBeNull();
    },
  );
});

describe(readAnswerForm.name, () => {
  it('trims the comment and turns an empty one into null', () => {
    expect(readAnswerForm({ score: '9', comment: ' \r\n Great!\r\nThanks \n' })).toEqual({
      score: 9,
      comment: 'Great!\nThanks',
    });
    expect(readAnswerForm({ score: '9', comment: '   ' })).toEqual({ score: 9, comment: null });
    expect(readAnswerForm({ score: '3' })).toEqual({ score: 3, comment: null });
  });

  it('reports every problem at once and keeps the comment for the re-rendered form', () => {
    expect(readAnswerForm({ score: '12', comment: 'é'.repeat(2001) })).toEqual({
      problems: ['score_missing', 'comment_too_long'],
      comment: 'é'.repeat(2001),
    });
    expect(readAnswerForm(undefined)).toEqual({ problems: ['score_missing'], comment: '' });
  });

  it('counts characters, not UTF-16 units, against the 2000 limit', () => {
    expect(readAnswerForm({ score: '5', comment: '😀'.repeat(2000) })).toMatchObject({ score: 5 });
  });
});
