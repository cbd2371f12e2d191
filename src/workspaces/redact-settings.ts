import { redactDkim } from '../channels/tracking/dkim-settings.schema';
import type { WorkspaceSettings } from './workspace-settings.schema';

/** The settings as the API shows them: secrets are write-only, so each key holding one is replaced here. */
export function redactSettings(settings: WorkspaceSettings) {
  return { ...settings, dkim: redactDkim(settings.dkim) };
}

export type RedactedSettings = ReturnType<typeof redactSettings>;
