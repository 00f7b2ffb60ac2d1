// Listeners for App Home (app_home_opened) and the digest on demand.
import type { App } from '@slack/bolt';
import type { Runtime } from '../../../runtime.ts';

export function registerHome(_app: App, _rt: Runtime): void {}
