/** Last-resort cleanup: child processes and servers the drills started must not outlive them, even on Ctrl-C. */
const hooks: (() => void)[] = [];
let installed = false;

export function onExit(hook: () => void): void {
  hooks.push(hook);
  if (installed) return;
  installed = true;
  process.once('exit', () => {
    for (const run of hooks.splice(0).reverse()) {
      try {
        run();
      } catch {
        // best effort: the process is ending
      }
    }
  });
  // Without these, a signal ends the process without the 'exit' event.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}
