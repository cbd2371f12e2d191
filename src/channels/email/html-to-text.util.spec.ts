import { htmlToPlainText } from './html-to-text.util';

describe(htmlToPlainText.name, () => {
  it('drops head, styles, comments, Outlook conditionals and the hidden preview text', () => {
    const html = `<html><head><title>T</title><style>p { color: red }</style></head><body>
      <div style="display:none;font-size:1px;">Preview&#847;&zwnj;&nbsp;</div>
      <!--[if mso | IE]><table><tr><td><![endif]--><div>Hello</div><!--[if mso | IE]></td></tr></table><![endif]-->
    </body></html>`;
    expect(htmlToPlainText(html)).toBe('Hello');
  });

  it('puts block elements on their own lines and collapses source whitespace', () => {
    const html =
      '<div>Hi   Jane,\n   welcome</div><p>Second</p>One<br />Two<table><tr><td>a</td><td>b</td></tr></table>';
    expect(htmlToPlainText(html)).toBe('Hi Jane, welcome\n\nSecond\nOne\nTwo\n\na b');
  });

  it('shows link targets after the link text, once', () => {
    const html =
      '<div><a href="https://x.test/p?a=1&amp;b=2"><img src="i.jpg" alt="Spoon" /></a>' +
      '<a href="https://x.test/p?a=1&amp;b=2"><b>Spoon</b></a> ' +
      '<a href="https://x.test/same">https://x.test/same</a> <a href="mailto:a@x.test">mail us</a></div>';
    expect(htmlToPlainText(html)).toBe('Spoon (https://x.test/p?a=1&b=2) https://x.test/same mail us');
  });

  it('decodes entities after removing tags, so escaped markup stays text', () => {
    expect(htmlToPlainText('<p>Jo &lt;b&gt; &amp; &#34;Co&#34; &#x20AC;5 &euro;6 &unknown;</p>')).toBe(
      'Jo <b> & "Co" €5 €6 &unknown;',
    );
  });

  it('turns list items into dashes', () => {
    expect(htmlToPlainText('<p>Do:</p><ul><li>One</li><li>Two</li></ul>')).toBe('Do:\n\n- One\n- Two');
  });
});
