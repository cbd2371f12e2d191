import { Module } from '@nestjs/common';
import { SendPolicyService } from './send-policy.service';

/** Quiet hours and frequency caps, applied by the send paths under the contact lock. */
@Module({ providers: [SendPolicyService], exports: [SendPolicyService] })
export class SendPolicyModule {}
