// `npm run demo`: replays a scripted shop against a running Touchpoint through its public HTTP API.
import { parseArgs } from 'node:util';
import { playOut, Sender } from './demo-live';
import { DEMO_JOURNEY, DEMO_PARAMS, expectations } from './demo-params';
import { collect, report } from './demo-report';
import { buildShopScript, PERSONA_WEIGHTS, type Persona } from './shop-script';
import { HttpError, TouchpointClient } from './touchpoint-client';

const USAGE = `Usage: npm run demo -- [options]

Replays a scripted shop (identify, product views, leads, carts, checkouts, orders, deliveries) against a
running Touchpoint through its HTTP API, waits for the default journey to play out, then prints a summary.

  --url URL           Touchpoint's address (default http://localhost:3000)
  --key KEY           write key (default: env TOUCHPOINT_API_KEY)
  --customers N       customers to script (default 300)
  --seed N            seed of the scripted shop (default 42)
  --time-scale N      the TIME_SCALE the service runs with, for the expectations (default 1)
  --wait SECONDS      how long to let the journeys play out before the summary (default 30)
  --replay            reuse the ids of this seed: a second replay is all duplicates and changes nothing
  --no-params         leave the ${DEMO_JOURNEY} journey as it is (default: put the demo's params, published)
  -h, --help          this text

Start the service with a time scale so a day passes in seconds, e.g.:
  TIME_SCALE=3600 npm start               (prints "dev API key (default workspace): tp_dev_...")
  TOUCHPOINT_API_KEY=tp_dev_... npm run demo -- --time-scale 3600`;

const KEY_HINT = `When API_KEYS is not set, Touchpoint prints its dev key at start:
  [Touchpoint] dev API key (default workspace): tp_dev_...
With API_KEYS=... set, use one of those keys.`;
const NO_KEY = `No write key. Pass --key or set TOUCHPOINT_API_KEY.\n${KEY_HINT}`;

interface DemoOptions {
  url: string;
  key: string | undefined;
  customers: number;
  seed: number;
  timeScale: number;
  wait: number;
  replay: boolean;
  params: boolean;
  help: boolean;
}

export function parseDemoArgs(args: string[], env: Record<string, string | undefined>): DemoOptions {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      key: { type: 'string' },
      customers: { type: 'string', default: '300' },
      seed: { type: 'string', default: '42' },
      'time-scale': { type: 'string', default: '1' },
      wait: { type: 'string', default: '30' },
      replay: { type: 'boolean', default: false },
      'no-params': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) throw new UsageError(`--${name} must be a number >= ${min}`);
    return value;
  };
  return {
    url: values.url,
    key: values.key ?? env.TOUCHPOINT_API_KEY,
    customers: Math.floor(number('customers', values.customers, 1)),
    seed: Math.floor(number('seed', values.seed, 0)),
    timeScale: number('time-scale', values['time-scale'], 1),
    wait: number('wait', values.wait, 0),
    replay: values.replay,
    params: !values['no-params'],
    help: values.help,
  };
}

class UsageError extends Error {}

/** At most one line per 5 s, then how many were left out: a struggling server should not flood the output. */
function throttled(log: (line: string) => void): (line: string) => void {
  let until = 0;
  let skipped = 0;
  return (line) => {
    if (Date.now() < until) return void (skipped += 1);
    log(skipped > 0 ? `${line} (and ${skipped} more retries)` : line);
    until = Date.now() + 5_000;
    skipped = 0;
  };
}

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- a client, not the service: its key comes from the shell
  const options = parseDemoArgs(process.argv.slice(2), process.env);
  if (options.help) return console.log(USAGE);
  if (!options.key) throw new UsageError(NO_KEY);
  const client = new TouchpointClient(
    options.url,
    options.key,
    throttled((line) => console.log(`  ! ${line}`)),
  );
  const runId = options.replay ? `s${options.seed}` : `r${Math.floor(Date.now() / 1000).toString(36)}`;
  const shop = buildShopScript({ seed: options.seed, customers: options.customers, runId });
  console.log(
    `Touchpoint demo at ${options.url}: ${shop.length} customers, seed ${options.seed}, run ${runId}\n`,
  );

  const health = await client.healthy();
  if (!health.ok) {
    throw new UsageError(
      `Touchpoint does not answer as healthy at ${options.url}/health (${health.detail}).\n` +
        `Start it, e.g. TIME_SCALE=3600 npm start, or pass --url.`,
    );
  }
  if (options.params) {
    const journey = await client.putJourney(DEMO_JOURNEY, { template: DEMO_JOURNEY, params: DEMO_PARAMS });
    console.log(`Journey ${DEMO_JOURNEY}: published v${journey.publishedVersion} with the demo params.`);
  } else {
    const journey = await client.journey(DEMO_JOURNEY);
    console.log(
      `Journey ${DEMO_JOURNEY} left as it is (${journey.status}); the expectations assume the defaults.`,
    );
  }
  console.log(`${expectations(options.timeScale, options.wait)}\n`);

  const mix = (Object.keys(PERSONA_WEIGHTS) as Persona[])
    .map((p) => `${shop.filter((c) => c.persona === p).length} ${p}`)
    .join(', ');
  console.log(`Scripted shop: ${mix}.`);
  const sender = new Sender(client);
  // A few customers one message at a time, as a server-side SDK would; the rest in batches.
  const single = shop.slice(0, 5);
  for (const message of single.flatMap((c) => c.now)) await sender.single(message);
  await sender.batch(shop.slice(single.length).map((c) => c.now));
  const sent = [...sender.tallies.values()].reduce((sum, t) => sum + t.messages, 0);
  console.log(`Sent ${sent} messages. Letting the journeys play out for ${options.wait}s...`);

  const live = await playOut({
    client,
    sender,
    shop,
    timeScale: options.timeScale,
    waitSeconds: options.wait,
    checkTimeScale: options.params,
    log: (line) => console.log(line),
  });
  const states = await collect(client, shop);
  console.log(`\n${report([...sender.tallies.values()], states)}\n`);
  if (sender.rejections.length > 0) console.log(`Rejected, first: ${sender.rejections[0]}`);
  if (live.lateStillWaiting > 0)
    console.log(
      `${live.lateStillWaiting} late buyer(s) had no first reminder within the wait and did not buy.`,
    );
  if (live.deliveriesPending > 0)
    console.log(`${live.deliveriesPending} Order Delivered not sent (wait too short).`);
  console.log(
    `Engagement through the emails' own links: ${live.opened} opened reminder 1, ${live.clicked} clicked through, ` +
      `${live.npsAnswered} answered the review question.`,
  );
  console.log(`The journey map: ${options.url}/app/journeys/${DEMO_JOURNEY} (log in with the write key).`);
  const example = shop.find((c) => c.persona === 'late-buyer') ?? shop[0];
  console.log(
    `Why did (not) a customer get an email? Their timeline explains it, e.g.:\n` +
      `  curl -s -H 'Authorization: Bearer <key>' ${options.url}/v1/contacts/${example.userId}/timeline`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) console.error(error.message);
    else if (error instanceof HttpError && error.status === 401)
      console.error(`The write key was refused (401).\n${KEY_HINT}`);
    else if (error instanceof HttpError) console.error(`Touchpoint answered an error: ${error.message}`);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
