// Preloaded (-r) into the processes the benchmark watches, which run with --expose-gc: on SIGUSR2 it collects
// garbage and writes process.memoryUsage() to BENCH_MEMORY_FILE, so "heap at rest" means live objects only.
const { renameSync, writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  writeFileSync(`${process.env.BENCH_MEMORY_FILE}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${process.env.BENCH_MEMORY_FILE}.tmp`, process.env.BENCH_MEMORY_FILE);
});
