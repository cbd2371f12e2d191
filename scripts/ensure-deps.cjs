// Installs dependencies when node_modules is missing or older than package-lock.json, so a fresh clone needs
// no separate install step. Plain Node, no dependencies of its own.
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  // `npm install` keeps the locked versions too; `npm ci` is not used because it rejects a lock file that lacks
  // optional platform builds (e.g. @swc/core for macOS) a registry mirror does not carry.
  console.log('Installing dependencies (npm install, locked versions)...');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

// The browser tests drive Debian's chromium; only `npm test` needs it, so `npm start` never installs a browser.
const CHROMIUM = '/usr/bin/chromium';
if (process.env.npm_lifecycle_event === 'pretest' && !existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      `${CHROMIUM} is missing; the browser tests need it. Install it with: sudo apt-get install -y chromium`,
    );
    process.exit(1);
  }
  console.log('Installing chromium for the browser tests (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium', {
    stdio: 'inherit',
    env,
  });
}
