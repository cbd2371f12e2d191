import { type CallContext, type DestinationAdapter, resultOf } from '../deliveries/destination-adapter';
import type { CallResult } from '../deliveries/retry-schedule';
import type { AudienceRequest } from './audience-request';

const SCHEMA = [
  ['email', 'EMAIL_SHA256'],
  ['phone', 'PHONE_SHA256'],
] as const;

/** Graph API error codes that mean "slow down" or "try later" although they come with HTTP 400. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80003]);

/** Meta Custom Audiences: `POST` adds and `DELETE` removes `{audienceId}/users` with a hashed multi-key payload. */
export class MetaAudienceAdapter implements DestinationAdapter {
  async call(context: CallContext): Promise<CallResult> {
    const { items } = context.request as unknown as AudienceRequest;
    const keys = SCHEMA.filter(([field]) => items.some((item) => item.identifiers[field]));
    const payload = {
      schema: keys.map(([, name]) => name),
      data: items.map((item) => keys.map(([field]) => item.identifiers[field] ?? '')),
    };
    const { audienceId, baseUrl } = context.destination.config as { audienceId: string; baseUrl: string };
    const response = await context.http({
      method: context.kind === 'audience-add' ? 'POST' : 'DELETE',
      url: `${baseUrl.replace(/\/+$/, '')}/${audienceId}/users`,
      headers: {
        authorization: `Bearer ${context.destination.secrets.accessToken}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    });
    const result = resultOf(response, context.now);
    if (result.kind !== 'permanent') return result;
    return isTransientGraphError(response.body)
      ? { kind: 'transient', httpStatus: result.httpStatus, error: result.error }
      : result;
  }
}

function isTransientGraphError(body: string): boolean {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; is_transient?: unknown } }).error;
    return error?.is_transient === true || TRANSIENT_CODES.has(Number(error?.code));
  } catch {
    return false;
  }
}
