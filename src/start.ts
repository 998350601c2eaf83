import path from 'node:path';
import { projectRoot } from './config/env';
import { run } from './main';
import { failStartup, StartupFailure } from './startup/failure';
import { loadSettingsFile, type SettingsFileUse } from './startup/settingsFile';

/**
 * `npm start`: deploy/.env (when it exists) fills in what the environment does not set, then the bot starts
 * in this same process, so that a signal sent to it reaches the bot itself.
 */
let settings: SettingsFileUse | undefined;
try {
  settings = loadSettingsFile(path.join(projectRoot(), 'deploy', '.env'), process.env);
} catch (error) {
  if (!(error instanceof StartupFailure)) throw error;
  failStartup(error.message);
}
run(settings ? { settings } : {});
