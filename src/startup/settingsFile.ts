import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { errorCode, StartupFailure } from './failure';

export interface SettingsFileUse {
  file: string;
  /** Values taken from the file. */
  used: number;
  /** Names set in the file that the environment already set: the environment wins. */
  overridden: number;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/**
 * Lines that Docker's --env-file and Node's parser would read differently. The file is meant for every
 * runner (npm start, docker run --env-file, az deployment), so such a line is refused with its number
 * rather than giving two runners two different settings.
 */
function divergence(line: string): string | undefined {
  const match = ASSIGNMENT.exec(line);
  if (!match)
    return 'is not NAME=value (no spaces around =, no "export"; a bare NAME is not supported by npm start)';
  const [, name, value] = match;
  if (/^\s*["'`]/.test(value!))
    return `${name}'s value is in quotes: Docker keeps quotes as part of the value, so write it without them (spaces need no quotes)`;
  if (value!.includes('#'))
    return `${name}'s value contains #: Docker keeps it, Node's parser ends the value there; choose a value without #, or set ${name} in the environment, which wins over the file`;
  return undefined;
}

/**
 * `npm start` reads deploy/.env when it exists: Docker's env-file format (NAME=value, no quotes needed,
 * # comment lines), parsed by Node's own parser (util.parseEnv, as `node --env-file` does). A variable that
 * is already set in the environment wins over the file, as with `node --env-file` and systemd: the file is
 * the default, a real environment variable an override for one run. Returns undefined when there is no file.
 */
export function loadSettingsFile(
  file: string,
  env: NodeJS.ProcessEnv,
  read: (file: string) => string = (name) => fs.readFileSync(name, 'utf8'),
): SettingsFileUse | undefined {
  let content: string;
  try {
    content = read(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StartupFailure(
      `The settings file ${file} cannot be read (${errorCode(error) ?? String(error)}): let the user the bot runs as read it, or remove it.`,
    );
  }
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const problem = divergence(line);
    if (problem) throw new StartupFailure(`${file} line ${index + 1}: ${problem}.`);
  });
  let used = 0;
  let overridden = 0;
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (env[name] !== undefined) {
      overridden += 1;
      continue;
    }
    env[name] = value;
    used += 1;
  }
  return { file, used, overridden };
}
