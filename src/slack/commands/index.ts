// Every slash command Tend answers, one line each (manifest.yml declares the same four; a
// test keeps them in step). A new command is one file here and one line below.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { accountCommand } from './account.ts';
import { logCommand } from './log.ts';
import { nudgesCommand } from './nudges.ts';
import { tendCommand } from './tend.ts';

export function register(app: App, rt: Runtime): void {
  app.command('/log', logCommand(rt));
  app.command('/account', accountCommand(rt));
  app.command('/nudges', nudgesCommand(rt));
  app.command('/tend', tendCommand(rt));
}
