import { type CallContext, type DestinationAdapter, resultOf } from '../deliveries/destination-adapter';
import type { OutboundResponse } from '../deliveries/outbound-http';
import type { CallResult } from '../deliveries/retry-schedule';
import type { AudienceRequest } from './audience-request';

interface GoogleConfig {
  customerId: string;
  userListId: string;
  loginCustomerId?: string | null;
  baseUrl: string;
  consent: { adUserData: string; adPersonalization: string };
}

/** Progress kept across attempts, so a retry resumes the job instead of starting a second one. */
interface JobState {
  job?: string;
  added?: boolean;
}

/**
 * Google Ads Customer Match through an OfflineUserDataJob: create the job for the user list (consent goes with
 * additions), add `create` or `remove` operations of hashed identifiers, then run it.
 */
export class GoogleCustomerMatchAdapter implements DestinationAdapter {
  async call(context: CallContext): Promise<CallResult> {
    const config = context.destination.config as unknown as GoogleConfig;
    const base = config.baseUrl.replace(/\/+$/, '');
    const state: JobState = { ...(context.state as JobState) };
    const post = (path: string, body: unknown) =>
      context.http({
        method: 'POST',
        url: `${base}/${path}`,
        headers: headers(context, config),
        body: JSON.stringify(body),
      });
    const adding = context.kind === 'audience-add';
    if (!state.job) {
      const created = await post(`customers/${config.customerId}/offlineUserDataJobs:create`, {
        job: {
          type: 'CUSTOMER_MATCH_USER_LIST',
          customerMatchUserListMetadata: {
            userList: `customers/${config.customerId}/userLists/${config.userListId}`,
            ...(adding ? { consent: config.consent } : {}),
          },
        },
      });
      const failed = failure(created, context);
      if (failed) return failed;
      state.job = String((JSON.parse(created.body) as { resourceName?: string }).resourceName ?? '');
      if (!state.job) return { kind: 'permanent', httpStatus: created.status, error: 'no job resource name' };
      await context.saveState({ ...state });
    }
    if (!state.added) {
      const { items } = context.request as unknown as AudienceRequest;
      const operations = items.map((item) => ({
        [adding ? 'create' : 'remove']: {
          userIdentifiers: [
            ...(item.identifiers.email ? [{ hashedEmail: item.identifiers.email }] : []),
            ...(item.identifiers.phone ? [{ hashedPhoneNumber: item.identifiers.phone }] : []),
          ],
        },
      }));
      const added = await post(`${state.job}:addOperations`, { enablePartialFailure: true, operations });
      const failed = failure(added, context);
      if (failed) return failed;
      state.added = true;
      await context.saveState({ ...state });
    }
    const ran = await post(`${state.job}:run`, {});
    return failure(ran, context) ?? { kind: 'sent', httpStatus: ran.status };
  }
}

function headers(context: CallContext, config: GoogleConfig): Record<string, string> {
  return {
    authorization: `Bearer ${context.destination.secrets.accessToken}`,
    'developer-token': context.destination.secrets.developerToken ?? '',
    ...(config.loginCustomerId ? { 'login-customer-id': config.loginCustomerId } : {}),
    'content-type': 'application/json',
  };
}

const failure = (response: OutboundResponse, context: CallContext): CallResult | null => {
  const result = resultOf(response, context.now);
  return result.kind === 'sent' ? null : result;
};
