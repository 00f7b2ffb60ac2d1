// Listeners for /log, /account, /nudges, /tend and their modals and choices.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';
import { registerAccountCommand } from './account.ts';
import { registerChooseAccount } from './choose-account.ts';
import { registerCreateAccount } from './create-account.ts';
import { registerLogAccountOptions } from './log-account-options.ts';
import { registerLogModalSubmit } from './log-modal-submit.ts';
import { registerLogCommand } from './log.ts';
import { registerOpenLogModal } from './open-log-modal.ts';
import { registerNudgesCommand } from './nudges.ts';
import { registerSettingsSubmit } from './settings-submit.ts';
import { registerShowAccount } from './show-account.ts';
import { registerTendCommand } from './tend.ts';

export function registerCommands(app: App, rt: Runtime): void {
  registerLogCommand(app, rt);
  registerLogAccountOptions(app, rt);
  registerLogModalSubmit(app, rt);
  registerAccountCommand(app, rt);
  registerChooseAccount(app, rt);
  registerCreateAccount(app, rt);
  registerShowAccount(app, rt);
  registerOpenLogModal(app, rt);
  registerNudgesCommand(app, rt);
  registerTendCommand(app, rt);
  registerSettingsSubmit(app, rt);
}
