// Compiles TypeScript when dist/ is missing or older than any source file. A stamp file records when the last
// build finished, since tsc leaves unchanged outputs untouched.
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'migrations')),
  statSync(join(root, 'package-lock.json')).mtimeMs,
  statSync(join(root, 'tsconfig.build.json')).mtimeMs,
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.log('Building (tsc)...');
  const started = Date.now();
  execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date(started).toISOString());
  // Dated to the build's start: a source saved during the build makes the next run build again.
  utimesSync(stamp, new Date(started), new Date(started));
}
