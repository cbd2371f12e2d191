import { EmailTemplateEntity } from '../channels/email/email-template.entity';
import { MailboxMessageEntity } from '../channels/email/mailbox-message.entity';
import { ConsentChangeEntity } from '../contacts/consent-change.entity';
import { ContactConsentEntity } from '../contacts/contact-consent.entity';
import { ContactEntity } from '../contacts/contact.entity';
import { ErasureEntity } from '../contacts/erasure.entity';
import { SuppressionEntity } from '../contacts/suppression.entity';
import { DeliveryEntity } from '../deliveries/delivery.entity';
import { AudienceMembershipEntity } from '../destinations/audiences/audience-membership.entity';
import { AudienceUpdateEntity } from '../destinations/audiences/audience-update.entity';
import { DeliveryAttemptEntity } from '../destinations/deliveries/delivery-attempt.entity';
import { DestinationDeliveryEntity } from '../destinations/deliveries/destination-delivery.entity';
import { DestinationEntity } from '../destinations/destination.entity';
import { EventEntity } from '../ingest/event.entity';
import { ConversionEntity } from '../insight/conversion.entity';
import { StageHourlyEntity, StageTimeHourlyEntity } from '../insight/stage-hourly.entity';
import { StageMoveEntity } from '../insight/stage-move.entity';
import { StageNpsEntity } from '../insight/stage-nps.entity';
import { StepCountEntity, StepHourlyEntity, StepRecipientEntity } from '../insight/step-hourly.entity';
import { JourneyVersionEntity } from '../journeys/journey-version.entity';
import { JourneyEntity } from '../journeys/journey.entity';
import { RunStepEntity } from '../journeys/runs/run-step.entity';
import { RunEntity } from '../journeys/runs/run.entity';
import { EffectEntity } from '../scheduling/effect.entity';
import { ApiKeyEntity } from '../workspaces/api-key.entity';
import { SystemSettingEntity } from '../workspaces/system-setting.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

export const ENTITIES = [
  WorkspaceEntity,
  ApiKeyEntity,
  SystemSettingEntity,
  ContactEntity,
  SuppressionEntity,
  ContactConsentEntity,
  ConsentChangeEntity,
  ErasureEntity,
  EventEntity,
  JourneyEntity,
  JourneyVersionEntity,
  RunEntity,
  RunStepEntity,
  EffectEntity,
  DeliveryEntity,
  EmailTemplateEntity,
  MailboxMessageEntity,
  DestinationEntity,
  DestinationDeliveryEntity,
  DeliveryAttemptEntity,
  AudienceMembershipEntity,
  AudienceUpdateEntity,
  StageMoveEntity,
  StageHourlyEntity,
  StageTimeHourlyEntity,
  StageNpsEntity,
  ConversionEntity,
  StepCountEntity,
  StepHourlyEntity,
  StepRecipientEntity,
];
