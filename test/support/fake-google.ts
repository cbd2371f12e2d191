import { randomBytes } from 'node:crypto';
import { type FakeRequest, type FakeResponse, FakeHttpServer, HASH } from './fake-http-server';

const MAX_IDENTIFIERS_PER_REQUEST = 100_000;
const MAX_IDENTIFIERS_PER_USER = 20;
const CONSENT = ['GRANTED', 'DENIED', 'UNSPECIFIED'];

interface Job {
  userList: string;
  consent: unknown;
  operations: { action: 'create' | 'remove'; identifiers: string[] }[];
  status: 'PENDING' | 'RUNNING';
}

export interface GoogleAccount {
  customerId: string;
  userListId: string;
  developerToken: string;
  accessToken: string;
  loginCustomerId?: string;
}

/**
 * Google Ads Customer Match through OfflineUserDataJobService (REST), strict about the flow and shapes: `:create`
 * a CUSTOMER_MATCH_USER_LIST job for a known user list, `:addOperations` of `create` or `remove` UserData with
 * `hashedEmail` / `hashedPhoneNumber` (SHA-256 hex), consent on jobs that add, then `:run` (applies the job). Bearer
 * token, developer-token and login-customer-id headers are checked; errors come as GoogleAdsFailure.
 */
export class FakeGoogle extends FakeHttpServer {
  /** User list resource name -> identifiers (`email:<hash>`, `phone:<hash>`) in it after the jobs that ran. */
  readonly lists = new Map<string, Set<string>>();
  readonly jobs = new Map<string, Job>();
  private nextJob = 1;

  constructor(
    readonly account: GoogleAccount,
    readonly version = 'v21',
  ) {
    super();
    this.lists.set(this.userList, new Set());
  }

  get baseUrl(): string {
    return `${this.url}/${this.version}`;
  }

  get userList(): string {
    return `customers/${this.account.customerId}/userLists/${this.account.userListId}`;
  }

  has(kind: 'email' | 'phone', hash: string): boolean {
    return this.lists.get(this.userList)?.has(`${kind}:${hash}`) ?? false;
  }

  protected handle(request: FakeRequest): FakeResponse {
    const prefix = `/${this.version}/customers/${this.account.customerId}/offlineUserDataJobs`;
    if (request.method !== 'POST' || !request.path.startsWith(prefix))
      return failure(
        404,
        'NOT_FOUND',
        { requestError: 'RESOURCE_NOT_FOUND' },
        `no route ${request.method} ${request.path}`,
      );
    const auth = this.authProblem(request);
    if (auth) return auth;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return failure(
        400,
        'INVALID_ARGUMENT',
        { requestError: 'BAD_RESOURCE_ID' },
        'Invalid JSON payload received.',
      );
    }
    const rest = request.path.slice(prefix.length);
    if (rest === ':create') return this.create(body);
    const match = /^\/(\d+):(addOperations|run)$/.exec(rest);
    const name = match && `customers/${this.account.customerId}/offlineUserDataJobs/${match[1]}`;
    const job = name ? this.jobs.get(name) : undefined;
    if (!match || !job)
      return failure(404, 'NOT_FOUND', { requestError: 'RESOURCE_NOT_FOUND' }, 'job not found');
    if (job.status !== 'PENDING')
      return failure(
        400,
        'INVALID_ARGUMENT',
        { offlineUserDataJobError: 'INVALID_JOB_STATUS' },
        'job is not pending',
      );
    return match[2] === 'run' ? this.run(job, name!) : this.addOperations(job, body);
  }

  private authProblem(request: FakeRequest): FakeResponse | null {
    if (request.headers.authorization !== `Bearer ${this.account.accessToken}`)
      return failure(
        401,
        'UNAUTHENTICATED',
        { authenticationError: 'OAUTH_TOKEN_INVALID' },
        'Invalid OAuth token',
      );
    if (request.headers['developer-token'] !== this.account.developerToken)
      return failure(
        401,
        'UNAUTHENTICATED',
        { authenticationError: 'DEVELOPER_TOKEN_INVALID' },
        'bad developer token',
      );
    if ((request.headers['login-customer-id'] ?? undefined) !== this.account.loginCustomerId)
      return failure(
        403,
        'PERMISSION_DENIED',
        { authorizationError: 'USER_PERMISSION_DENIED' },
        'login-customer-id',
      );
    if (!String(request.headers['content-type']).startsWith('application/json'))
      return failure(400, 'INVALID_ARGUMENT', { requestError: 'UNKNOWN' }, 'expected application/json');
    return null;
  }

  private create(body: Record<string, unknown>): FakeResponse {
    const job = body.job as {
      type?: unknown;
      customerMatchUserListMetadata?: { userList?: unknown; consent?: unknown };
    };
    if (job?.type !== 'CUSTOMER_MATCH_USER_LIST')
      return failure(
        400,
        'INVALID_ARGUMENT',
        { fieldError: 'REQUIRED' },
        'job.type must be CUSTOMER_MATCH_USER_LIST',
      );
    const userList = job.customerMatchUserListMetadata?.userList;
    if (userList !== this.userList)
      return failure(
        400,
        'INVALID_ARGUMENT',
        { offlineUserDataJobError: 'INVALID_USER_LIST_ID' },
        'unknown user list',
      );
    const name = `customers/${this.account.customerId}/offlineUserDataJobs/${this.nextJob++}`;
    this.jobs.set(name, {
      userList,
      consent: job.customerMatchUserListMetadata?.consent,
      operations: [],
      status: 'PENDING',
    });
    return { status: 200, body: { resourceName: name } };
  }

  private addOperations(job: Job, body: Record<string, unknown>): FakeResponse {
    const operations = body.operations;
    if (!Array.isArray(operations) || operations.length === 0)
      return failure(400, 'INVALID_ARGUMENT', { fieldError: 'REQUIRED' }, 'operations are required');
    const parsed: Job['operations'] = [];
    let identifiers = 0;
    for (const [i, operation] of (operations as Record<string, unknown>[]).entries()) {
      const actions = Object.keys(operation);
      const action = actions[0];
      if (actions.length !== 1 || (action !== 'create' && action !== 'remove'))
        return failure(
          400,
          'INVALID_ARGUMENT',
          { fieldError: 'REQUIRED' },
          `operations[${i}]: one of create or remove`,
        );
      const ids = (operation[action] as { userIdentifiers?: unknown })?.userIdentifiers;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDENTIFIERS_PER_USER)
        return failure(
          400,
          'INVALID_ARGUMENT',
          { offlineUserDataJobError: 'TOO_MANY_USER_IDENTIFIERS' },
          `operations[${i}]`,
        );
      const keys: string[] = [];
      for (const id of ids as Record<string, unknown>[]) {
        const [field, ...extra] = Object.keys(id);
        const value = id[field];
        if (
          extra.length > 0 ||
          !['hashedEmail', 'hashedPhoneNumber'].includes(field) ||
          typeof value !== 'string' ||
          !HASH.test(value)
        )
          return failure(
            400,
            'INVALID_ARGUMENT',
            { offlineUserDataJobError: 'INVALID_SHA256_FORMAT' },
            `operations[${i}]: ${field}`,
          );
        keys.push(`${field === 'hashedEmail' ? 'email' : 'phone'}:${value}`);
      }
      identifiers += keys.length;
      parsed.push({ action, identifiers: keys });
    }
    if (identifiers > MAX_IDENTIFIERS_PER_REQUEST)
      return failure(
        400,
        'INVALID_ARGUMENT',
        { offlineUserDataJobError: 'TOO_MANY_OPERATIONS' },
        'over 100,000 identifiers',
      );
    if (parsed.some((op) => op.action === 'create') && !consentOk(job.consent))
      return failure(
        400,
        'INVALID_ARGUMENT',
        { offlineUserDataJobError: 'CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS' },
        'consent is required to add users',
      );
    job.operations.push(...parsed);
    return { status: 200, body: {} };
  }

  private run(job: Job, name: string): FakeResponse {
    if (job.operations.length === 0)
      return failure(
        400,
        'INVALID_ARGUMENT',
        { offlineUserDataJobError: 'INVALID_JOB_STATUS' },
        'job has no operations',
      );
    job.status = 'RUNNING';
    const list = this.lists.get(job.userList)!;
    for (const op of job.operations)
      for (const key of op.identifiers) {
        if (op.action === 'create') list.add(key);
        else list.delete(key);
      }
    return { status: 200, body: { name: `${name.replace('offlineUserDataJobs', 'operations')}` } };
  }
}

function consentOk(consent: unknown): boolean {
  const c = consent as { adUserData?: unknown; adPersonalization?: unknown } | undefined;
  return CONSENT.includes(String(c?.adUserData)) && CONSENT.includes(String(c?.adPersonalization));
}

function failure(
  status: number,
  code: string,
  errorCode: Record<string, string>,
  message: string,
): FakeResponse {
  return {
    status,
    body: {
      error: {
        code: status,
        message: 'Request contains an invalid argument.',
        status: code,
        details: [
          {
            '@type': 'type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure',
            errors: [{ errorCode, message }],
            requestId: randomBytes(8).toString('hex'),
          },
        ],
      },
    },
  };
}
