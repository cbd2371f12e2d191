import { wrapText } from './wrap-text.util';

describe(wrapText.name, () => {
  it('wraps on spaces within the width', () => {
    expect(wrapText('wait for Order Completed (up to PT4H)', 26, 3)).toEqual({
      lines: ['wait for Order Completed', '(up to PT4H)'],
      truncated: false,
    });
  });

  it('splits a word longer than a line and cuts the last line with an ellipsis', () => {
    const sut = wrapText(`https://${'x'.repeat(40)} and more words here`, 10, 3);

    expect(sut.truncated).toBe(true);
    expect(sut.lines).toEqual(['https://xx', 'xxxxxxxxxx', 'xxxxxxxxx…']);
  });

  it('returns no lines for empty text', () => {
    expect(wrapText('  ', 10, 2)).toEqual({ lines: [], truncated: false });
  });
});
