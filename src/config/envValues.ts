import { ConfigError } from './errors';

/** A setting's value, trimmed; unset and blank are the same. */
export function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

const SWITCH_WORDS: Record<string, boolean> = { on: true, true: true, off: false, false: false };

/** An on/off setting: on, off, true and false (any case) all work, so that nobody has to remember which. */
export function readSwitch(env: NodeJS.ProcessEnv, name: string, fallback = false): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = SWITCH_WORDS[raw.toLowerCase()];
  if (value === undefined) {
    throw new ConfigError(
      name,
      `"${raw.slice(0, 40)}" is neither on nor off`,
      `Set ${name}=on or ${name}=off (true and false work too; ${fallback ? 'on' : 'off'} when unset).`,
    );
  }
  return value;
}
