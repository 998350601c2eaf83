/** A configuration problem: names the field and says how to fix it. The program exits with code 2. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`Configuration error in ${field}: ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}
