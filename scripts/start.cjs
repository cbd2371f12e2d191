// `npm start`: build when needed, then run the service (role `all` by default) on embedded defaults.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

require('./build-if-stale.cjs');
const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(__dirname, '..', 'dist', 'src', 'main.js')],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
