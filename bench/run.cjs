// `npm run bench`: transpiles bench/*.ts to dist/bench with swc (type-checking is `npm run typecheck`'s job; the
// service itself is built by build-if-stale), then runs the benchmark in a child and passes its exit code on.
const { mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { transformFileSync } = require('@swc/core');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'bench');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(__dirname)) {
  if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
  const { code } = transformFileSync(join(__dirname, file), {
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  writeFileSync(join(out, file.replace(/\.ts$/, '.js')), code);
}

const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(out, 'bench.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// The child cleans up (processes, Redis dir, database) on these signals itself.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
