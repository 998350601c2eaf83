/**
 * A start-up failure is one line on stderr and exit code 2: the operator (or systemd's
 * RestartPreventExitStatus=2) sees what to fix, instead of a stack trace and a restart loop. Anything that
 * can stop the bot before it serves (a bad variable, an unusable DATA_DIR, a port in use, a DATA_DIR held by
 * another bot) throws a StartupFailure or calls failStartup directly.
 */
export class StartupFailure extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'StartupFailure';
  }
}

/** Exit code of a start-up failure; systemd's unit does not restart on it. */
export const STARTUP_FAILURE_EXIT_CODE = 2;

/** Newlines would split the message over several log lines; a failure is one line. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export interface FailureOutput {
  write(line: string): unknown;
}

/** Writes the one line and ends the process with exit code 2. */
export function failStartup(
  message: string,
  out: FailureOutput = process.stderr,
  exit: (code: number) => never = process.exit,
): never {
  out.write(`${oneLine(message)}\n`);
  return exit(STARTUP_FAILURE_EXIT_CODE);
}

/** The system's error code of a failed call (EACCES, ENOTDIR…), when it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
