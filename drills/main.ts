import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { prepareBuild, removeBuild } from '../test/support/worker-process';
import type { Drill } from './drill';
import { killWorkerDrill } from './kill-worker.drill';
import { parseOptions, USAGE, type DrillName } from './options';
import { postgresDrill } from './postgres.drill';
import { redisDrill } from './redis.drill';
import { stallDrill } from './stall.drill';
import { onExit } from './support/cleanup';
import { check, kept, render, type DrillResult } from './support/report';

const DRILLS: Record<DrillName, Drill> = {
  'kill-worker': killWorkerDrill,
  redis: redisDrill,
  postgres: postgresDrill,
  stall: stallDrill,
};

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'unknown';
  }
}

function machine(): string {
  const cpu = cpus();
  return [
    `${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}`,
    version('redis-server', ['--version']).replace(/ sha=.*/, ''),
    version('psql', ['--version']),
  ].join('; ');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const dist = options.dist ?? prepareBuild();
  if (!options.dist) onExit(() => removeBuild(dist));
  const workDir = mkdtempSync(join(tmpdir(), 'touchpoint-drills-'));
  // PostgreSQL runs as its own user when the drills run as root; it must reach its directory in here.
  chmodSync(workDir, 0o755);
  onExit(() => rmSync(workDir, { recursive: true, force: true }));
  console.log(`machine: ${machine()}\ndrills: ${options.drills.join(', ')} (scale ${options.scale})`);

  const results: DrillResult[] = [];
  for (const name of options.drills) {
    const started = Date.now();
    const log = (line: string) =>
      console.log(`[${name} +${Math.round((Date.now() - started) / 1000)}s] ${line}`);
    let result: DrillResult;
    try {
      result = await DRILLS[name]({ options, dist, workDir, log });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result = {
        drill: name,
        seconds: (Date.now() - started) / 1000,
        figures: [],
        checks: [check('the drill runs to its end', message.split('\n')[0], false)],
        clues: message,
      };
    }
    results.push(result);
    console.log(render(result));
    if (!kept(result) && result.clues) console.log(`clues:\n${result.clues}`);
  }

  const file = join(tmpdir(), `touchpoint-drills-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), options, results }, null, 2));
  console.log('\n== summary');
  for (const result of results) {
    const broken = result.checks.filter((c) => !c.kept).length;
    console.log(
      `${result.drill.padEnd(12)} ${result.seconds.toFixed(0).padStart(4)} s  ${broken === 0 ? 'all promises kept' : `${broken} BROKEN`}`,
    );
  }
  console.log(`results: ${file}`);
  return results.every(kept) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
