import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium; scripts/ensure-deps.cjs (run by `npm test`) installs it when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A headless Chromium for end-to-end tests of server-rendered pages; close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run \`npm test\` as root, or \`apt-get install -y chromium\``,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
