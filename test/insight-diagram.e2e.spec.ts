import type { Browser } from 'playwright-core';
import type { JourneyDefinition } from '../src/journeys/definition/journey-definition.schema';
import { flowSteps } from '../src/journeys/definition/flow-steps';
import { launchBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';

// Browser globals, used only inside page.evaluate (the test build has no DOM lib).
declare const document: any;
declare const DOMParser: any;

/** GET /v1/insight/journeys/{key}/diagram over HTTP, and its SVGs in a real Chromium. */
describe('journey diagram API', () => {
  let sut: TestApp;
  let browser: Browser;
  let definition: JourneyDefinition;
  let diagram: any;

  beforeAll(async () => {
    sut = await startTestApp();
    browser = await launchBrowser();
    // A new workspace has the default journey published; the diagram draws its published definition.
    definition = (await sut.request('GET', '/v1/journeys/customer-lifecycle')).body.draft.definition;
    const response = await sut.request('GET', '/v1/insight/journeys/customer-lifecycle/diagram');
    expect(response.status).toBe(200);
    diagram = response.body;
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('draws the stages and a node for every step of every flow, laid out, with the SVGs', () => {
    expect(diagram.journey).toMatchObject({ key: 'customer-lifecycle', status: 'published', version: 1 });
    expect(diagram.stages.nodes.map((node: any) => node.id)).toEqual(['#enter', ...definition.stages]);
    expect(diagram.flows.map((flow: any) => flow.key)).toEqual(Object.keys(definition.flows));
    for (const flow of diagram.flows) {
      const source = definition.flows[flow.key];
      const stepIds = flowSteps(source).map((step) => step.id);
      expect(flow.nodes.map((node: any) => node.id)).toEqual(expect.arrayContaining(stepIds));
      for (const node of flow.nodes) {
        expect(node).toEqual(expect.objectContaining({ x: expect.any(Number), width: expect.any(Number) }));
      }
      expect(flow.svg).toMatch(/^<svg [^>]*role="img"/);
    }
    const cart = diagram.flows.find((flow: any) => flow.key === 'cart');
    expect(cart.edges.filter((e: any) => e.from === 'wait-abandon').map((e: any) => e.label)).toEqual(
      expect.arrayContaining(['Order Completed (same cart)', 'no Order Completed within PT4H']),
    );
  });

  it('answers 404 not_found for an unknown journey and 401 without a key', async () => {
    const unknown = await sut.request('GET', '/v1/insight/journeys/no-such-journey/diagram');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const anonymous = await fetch(`${sut.url}/v1/insight/journeys/customer-lifecycle/diagram`);
    expect(anonymous.status).toBe(401);
  });

  it('gives SVGs a strict XML parser accepts, that fit a phone screen without scrolling sideways', async () => {
    const svgs: string[] = [diagram.stages.svg, ...diagram.flows.map((flow: any) => flow.svg)];
    const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await page.setContent(
      `<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:8px">${svgs.join('')}</body>`,
    );

    const parsed = await page.evaluate(
      (list: string[]) =>
        list.map((svg) => {
          const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
          return {
            errors: doc.getElementsByTagName('parsererror').length,
            title: doc.documentElement.querySelector(':scope > title')?.textContent ?? null,
          };
        }),
      svgs,
    );
    expect(parsed.map((p: any) => p.errors)).toEqual(svgs.map(() => 0));
    expect(parsed.every((p: any) => typeof p.title === 'string' && p.title.length > 0)).toBe(true);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      svgs: [...document.querySelectorAll('body > svg')].map((svg: any) => svg.getBoundingClientRect().width),
    }));
    expect(widths.page).toBeLessThanOrEqual(360);
    expect(widths.svgs).toHaveLength(svgs.length);
    for (const width of widths.svgs) expect(width).toBeGreaterThan(0);
    await page.close();
  });
});
