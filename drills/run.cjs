/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point */
// `npm run drills`: loads the TypeScript drills through a require hook that strips types with swc (type-checking is
// `npm run typecheck`'s job), so they run from source; the service they drive is the compiled dist/.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
require('./main.ts');
