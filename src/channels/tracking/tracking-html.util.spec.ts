import { addTracking } from './tracking-html.util';

const mjmlLike = `<!doctype html><html><head><!--[if mso]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></head>
<body style="word-spacing:normal;"><div><a class="b" href = 'https://shop.test/cart?id=1&amp;utm=x' >Cart</a>
<a href="mailto:help@shop.test">Mail us</a><a name="top">no href</a>
<!--[if mso | IE]><a href="https://shop.test/mso">mso</a><![endif]--></div></body></html>`;

const clickUrl = (href: string) =>
  href.startsWith('https://') ? `https://tp.test/t/c/${href.length}` : null;

describe(addTracking.name, () => {
  it('rewrites http(s) links with the decoded href, leaving everything else byte for byte', () => {
    const seen: string[] = [];
    const sut = addTracking(mjmlLike, {
      clickUrl: (href) => {
        seen.push(href);
        return clickUrl(href);
      },
    });
    expect(seen).toEqual(['https://shop.test/cart?id=1&utm=x', 'mailto:help@shop.test']);
    expect(sut).toBe(
      mjmlLike.replace(`href = 'https://shop.test/cart?id=1&amp;utm=x'`, 'href="https://tp.test/t/c/33"'),
    );
  });

  it('puts the pixel just before the closing body tag and escapes attribute text', () => {
    const sut = addTracking(mjmlLike, { pixelUrl: 'https://tp.test/t/o/a"b&c' });
    expect(sut).toContain('<img src="https://tp.test/t/o/a&quot;b&amp;c" width="1" height="1" alt=""');
    expect(sut.indexOf('<img src="https://tp.test/t/o/')).toBeLessThan(sut.indexOf('</body>'));
    expect(sut.replace(/<img src="https:\/\/tp\.test[^>]*\/>/, '')).toBe(mjmlLike);
  });

  it('appends the pixel to a fragment without a body tag', () => {
    expect(addTracking('<p>Hi</p>', { pixelUrl: 'https://tp.test/t/o/x' })).toMatch(
      /^<p>Hi<\/p><img src="https:\/\/tp\.test\/t\/o\/x"/,
    );
  });

  it('changes nothing when neither pixel nor clicks are asked for', () => {
    expect(addTracking(mjmlLike, {})).toBe(mjmlLike);
  });
});
