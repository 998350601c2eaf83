import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// No Docker engine on the build machines: the Dockerfile is checked by parsing it, and its HEALTHCHECK
// command is run for real against a loopback server.

const root = path.join(__dirname, '..', '..');

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Joins continuation lines, drops comments and parser directives, and numbers the stages (FROM opens one). */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    if (full) logical.push(full);
  }
  let stage = -1;
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword!.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword!.toUpperCase(), args: rest.join(' '), stage };
  });
}

const instructions = parseDockerfile(fs.readFileSync(path.join(root, 'deploy', 'Dockerfile'), 'utf8'));
const finalStage = Math.max(...instructions.map((instruction) => instruction.stage));
const final = instructions.filter((instruction) => instruction.stage === finalStage);

function finalArgs(keyword: string): string[] {
  return final
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);
}

function envOf(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.filter((candidate) => candidate.keyword === 'ENV')) {
    for (const match of instruction.args.matchAll(/(\w+)=(\S+)/g)) env[match[1]!] = match[2]!;
  }
  return env;
}

function healthcheckCommand(): string[] {
  const [healthcheck] = finalArgs('HEALTHCHECK');
  const json = healthcheck!.slice(healthcheck!.indexOf('CMD') + 3).trim();
  return JSON.parse(json);
}

describe('deploy/Dockerfile', () => {
  it('is multi-stage on Node 24 (the current LTS) slim images', () => {
    const froms = instructions.filter((instruction) => instruction.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.args).toMatch(/^node:24[\w.-]*-slim\b/);
  });

  it('builds in an earlier stage and ships only its output: no compiler run in the final stage', () => {
    const finalRuns = finalArgs('RUN').join('\n');
    expect(finalRuns).not.toMatch(/npm (ci|install|run build)|tsc/);
    const copies = finalArgs('COPY');
    for (const wanted of ['/app/node_modules', '/app/dist']) {
      expect(copies.some((copy) => copy.includes('--from=build') && copy.includes(wanted))).toBe(true);
    }
    const buildRuns = instructions.filter(
      (instruction) => instruction.stage === 0 && instruction.keyword === 'RUN',
    );
    expect(buildRuns.map((run) => run.args).join('\n')).toMatch(
      /npm ci[\s\S]*npm run build[\s\S]*npm prune --omit=dev/,
    );
  });

  it('runs as a non-root user', () => {
    const users = finalArgs('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('keeps DATA_DIR on a volume', () => {
    const dataDir = envOf(final).DATA_DIR;
    expect(dataDir).toBe('/data');
    const volumes = finalArgs('VOLUME').flatMap((args) =>
      args.startsWith('[') ? JSON.parse(args) : args.split(/\s+/),
    );
    expect(volumes).toContain(dataDir);
  });

  it('listens on 3978 and starts the built bot, like npm start', () => {
    expect(finalArgs('EXPOSE')).toContain('3978');
    expect(envOf(final).PORT).toBe('3978');
    const cmd = JSON.parse(finalArgs('CMD').at(-1)!);
    const start = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start;
    // npm runs the script through sh: `exec` makes node npm's own child, so the SIGTERM that npm forwards
    // reaches the bot (without it, sh dies and the bot keeps running, orphaned).
    expect(start).toMatch(/^exec node /);
    expect(cmd.join(' ')).toBe(start.replace(/^exec /, ''));
  });

  it('copies only paths that exist and that the build context filter lets through', () => {
    const allowed = fs
      .readFileSync(path.join(root, 'deploy', 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/\*\*$/, ''));
    const sources = instructions
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.includes('--from='))
      .flatMap((instruction) =>
        instruction.args
          .split(/\s+/)
          .filter((word) => !word.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(allowed).toContain(source);
      expect(fs.existsSync(path.join(root, source))).toBe(true);
    }
  });

  it('checks /healthz in its HEALTHCHECK', () => {
    expect(finalArgs('HEALTHCHECK')).toHaveLength(1);
    expect(healthcheckCommand().join(' ')).toContain('/healthz');
  });

  describe('HEALTHCHECK command, run against a loopback server', () => {
    let server: http.Server;
    let status = 200;
    const paths: string[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        paths.push(req.url ?? '');
        res.statusCode = status;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    function runHealthcheck(port: number): Promise<number | null> {
      const [command, ...args] = healthcheckCommand();
      expect(command).toBe('node');
      const child = spawn(process.execPath, args, { env: { PORT: String(port) }, stdio: 'ignore' });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    }

    it('passes when /healthz answers 200', async () => {
      status = 200;
      expect(await runHealthcheck((server.address() as AddressInfo).port)).toBe(0);
      expect(paths.at(-1)).toBe('/healthz');
    });

    it('fails when /healthz answers 503', async () => {
      status = 503;
      expect(await runHealthcheck((server.address() as AddressInfo).port)).toBe(1);
    });

    it('fails when nothing listens', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expect(await runHealthcheck(port)).toBe(1);
    });
  });
});
