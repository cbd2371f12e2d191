// Takes the README's dashboard screenshots from a running Touchpoint (e.g. after `npm run demo`):
//   node scripts/screenshot.cjs --url http://localhost:3000 --key tp_dev_... [--journey customer-lifecycle]
// It logs in through the login page like a person would and writes docs/journey-map.png (desktop) and
// docs/journey-map-phone.png (375 px wide). Needs Debian's chromium (npm test installs it).
const { chromium } = require('playwright-core');
const { parseArgs } = require('node:util');
const { join } = require('node:path');
const { URL } = require('node:url');

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      key: { type: 'string', default: process.env.TOUCHPOINT_API_KEY },
      journey: { type: 'string', default: 'customer-lifecycle' },
      days: { type: 'string', default: '7' },
    },
  });
  if (!values.key) throw new Error('pass --key (the write key npm start printed) or set TOUCHPOINT_API_KEY');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const shots = [
      { file: 'journey-map.png', viewport: { width: 1440, height: 900 } },
      { file: 'journey-map-phone.png', viewport: { width: 375, height: 812 } },
    ];
    for (const { file, viewport } of shots) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
      const target = `/app/journeys/${encodeURIComponent(values.journey)}?days=${values.days}`;
      await page.goto(new URL(`/app/login?next=${encodeURIComponent(target)}`, values.url).href);
      await page.fill('input[name=key]', values.key);
      await Promise.all([
        page.waitForURL((url) => url.pathname.startsWith('/app/journeys/')),
        page.click('button[type=submit]'),
      ]);
      // Runs in the page, where window exists.
      await page.evaluate('window.scrollTo(0, 0)');
      const out = join(__dirname, '..', 'docs', file);
      await page.screenshot({ path: out, fullPage: true });
      console.log(`wrote ${out}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
