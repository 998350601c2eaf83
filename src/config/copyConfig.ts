import { readConfig, type AppConfig } from './env';

/**
 * The settings of `npm run store:copy -- --from dir --to blob`: DATA_DIR is the source and the AZURE_STORAGE_*
 * settings name the target, whatever STORE says (the bot still runs on the JSON store until it is switched).
 */
export function readCopyConfig(validateCron: (expression: string) => boolean): AppConfig {
  return readConfig({ ...process.env, STORE: 'blob' }, validateCron);
}

/** The settings of the other operator commands (`npm run subscriber:forget`): the bot's own, from the environment. */
export function readCommandConfig(validateCron: (expression: string) => boolean): AppConfig {
  return readConfig(process.env, validateCron);
}
