import { escapeXml } from './xml-escape.util';

describe(escapeXml.name, () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });

  it('replaces characters XML cannot carry, keeps tabs, newlines and emoji', () => {
    expect(escapeXml('a\u0000b\u001bc\td\ne\ud800f😀\uffff')).toBe('a\ufffdb\ufffdc\td\ne\ufffdf😀\ufffd');
  });
});
