// fast-xml-parser's validator (a dev dependency through mailauth) checks well-formedness; parse5 parses HTML, where
// a stray "<" or "&" inside an SVG would be forgiven.
import { XMLValidator } from 'fast-xml-parser';
import { buildCustomerLifecycle } from '../../journeys/definition/templates/customer-lifecycle.template';
import { aJourney } from '../../journeys/engine/testing/fixtures';
import type { Box, LaidOutGraph } from './diagram-layout';
import { EDGE_STROKE, MUTED_TEXT, NODE_STYLES, TEXT } from './diagram-style';
import { layoutJourneyDiagram, renderJourneyDiagram } from './render-diagram';

const lifecycle = () =>
  buildCustomerLifecycle({
    cart: { audienceDestination: 'meta-cart' },
    review: { publicReviewUrl: 'https://reviews.example/shop' },
  });
const hostile = () =>
  aJourney(
    [
      { id: 'mail', type: 'email', template: `<script>alert("x")</script> & 'friends'` },
      { id: 'long', type: 'email', template: 'a-very-long-template-name '.repeat(12).trim() },
      { id: 'gone', type: 'exit', reason: 'bought <b>twice</b> & left' },
    ],
    { name: 'Tom & Jerry <"quoted">', trigger: { event: 'Cart <Viewed> & "Saved"' } },
  );

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const graphsOf = (definition = lifecycle()): LaidOutGraph[] => {
  const diagram = layoutJourneyDiagram(definition);
  return [diagram.stages, ...diagram.flows];
};

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe(renderJourneyDiagram.name, () => {
  it('renders the stages and every flow as a well-formed, labelled SVG that scales to its container', () => {
    const sut = renderJourneyDiagram(lifecycle());

    expect(sut.flows.map((flow) => [flow.key, flow.name, flow.stage])).toEqual([
      ['nurture', 'Lead nurture', 'consideration'],
      ['cart', 'Abandoned cart recovery', 'decision'],
      ['review', 'Post-purchase review', 'retention'],
      ['nps', 'NPS follow-up', 'retention'],
    ]);
    for (const svg of [sut.stagesSvg, ...sut.flows.map((flow) => flow.svg)]) {
      expect(XMLValidator.validate(svg)).toBe(true);
      const [, labelledBy] = svg.match(/^<svg [^>]*role="img" aria-labelledby="([^"]+)"/) ?? [];
      const [titleId, descId] = labelledBy.split(' ');
      expect(svg).toMatch(
        new RegExp(`<title id="${titleId}">[^<]+</title><desc id="${descId}">[^<]+</desc>`),
      );
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+" width="100%"/);
      expect(svg).not.toMatch(/<script|\son\w+=/);
    }
    expect(sut.flows[1].svg).toContain('<title id="diagram-customer-lifecycle-flow-cart-title">');
    expect(sut.flows[1].svg).toContain('no Order Completed within PT4H');
  });

  it('keeps ids unique across the SVGs of one journey, so they can share a page', () => {
    const sut = renderJourneyDiagram(lifecycle());

    const ids = [sut.stagesSvg, ...sut.flows.map((flow) => flow.svg)].flatMap((svg) =>
      [...svg.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]),
    );
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes <, &, " and quotes from the definition, and still parses', () => {
    const { flows } = renderJourneyDiagram(hostile());
    const { svg } = flows[0];

    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('email &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(svg).toContain('Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;');
    expect(svg).toContain('Cart &lt;Viewed&gt; &amp; &quot;Saved&quot;');
  });

  it('wraps a long label to three lines cut with an ellipsis, and keeps the full text in the box title', () => {
    const { svg } = renderJourneyDiagram(hostile()).flows[0];
    const full = `email ${'a-very-long-template-name '.repeat(12).trim()}`;

    const box = svg.match(/<g class="node node-email" data-id="long">(.*?)<\/g><\/g>/)![1];
    expect(box).toContain(`<title>EMAIL: ${full} (long)</title>`);
    const label = [...box.matchAll(/font-size="13"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(label).toHaveLength(3);
    expect(label.every((line) => line.length <= 26)).toBe(true);
    expect(label[2].endsWith('…')).toBe(true);
  });

  it('lays boxes out without overlaps, inside the viewBox, top to bottom, with labels clear of boxes', () => {
    for (const graph of [...graphsOf(), ...graphsOf(hostile())]) {
      const { nodes, edges } = graph;
      nodes.forEach((a, i) => {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.y).toBeGreaterThanOrEqual(0);
        expect(a.x + a.width).toBeLessThanOrEqual(graph.width);
        expect(a.y + a.height).toBeLessThanOrEqual(graph.height);
        for (const b of nodes.slice(i + 1)) expect([a.id, b.id, overlap(a, b)]).toEqual([a.id, b.id, false]);
        for (const edge of edges) {
          if (edge.labelBox)
            expect([a.id, edge.id, overlap(a, edge.labelBox)]).toEqual([a.id, edge.id, false]);
        }
      });
      const first = nodes[0];
      for (const node of nodes.slice(1)) expect(node.y).toBeGreaterThan(first.y);
      for (const edge of edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('colours each kind distinctly, with text at WCAG AA contrast on every fill', () => {
    const styles = Object.values(NODE_STYLES);

    expect(new Set(styles.map((style) => style.fill)).size).toBe(styles.length);
    expect(new Set(styles.map((style) => style.caption)).size).toBe(styles.length);
    const weak = styles.flatMap((style) =>
      [style.accent, TEXT, MUTED_TEXT]
        .map((text) => [style.caption, text, contrast(text, style.fill)])
        .filter(([, , ratio]) => (ratio as number) < 4.5),
    );
    expect(weak).toEqual([]);
    expect(contrast(MUTED_TEXT, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(EDGE_STROKE, '#ffffff')).toBeGreaterThanOrEqual(3);
  });
});
