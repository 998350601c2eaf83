/**
 * A faulty network in front of the recording Bot Connector: each request is answered with the next scripted
 * fault (a status with headers, or no answer at all), or passed on to the recording connector, which then
 * accepts it and records it. So the recording connector holds exactly the posts that were acknowledged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordingConnector } from '../../support/connector';

export type Fault = { status: number; headers?: Record<string, string> } | 'hang';

export interface FaultyConnector {
  /** The serviceUrl the bot posts to. */
  url: string;
  /** Faults for the next requests, in order; requests pass through once it is empty. */
  script: Fault[];
  /** Every request that reached this front, with what it got. */
  log: { method: string; path: string; answer: number | 'hang' | 'passed' }[];
  stop(): Promise<void>;
}

export async function startFaultyConnector(behind: RecordingConnector): Promise<FaultyConnector> {
  const script: Fault[] = [];
  const log: FaultyConnector['log'] = [];
  const target = new URL(behind.url);
  const server = http.createServer((req, res) => {
    // Faults are scripted for posts; roster lookups (GET members) pass through and keep the script's order.
    const fault = req.method === 'GET' ? undefined : script.shift();
    const entry = { method: req.method ?? '', path: req.url ?? '' };
    if (fault === 'hang') {
      log.push({ ...entry, answer: 'hang' });
      req.resume(); // read the body, never answer
      return;
    }
    if (fault) {
      log.push({ ...entry, answer: fault.status });
      req.resume();
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(
        JSON.stringify({
          error: { code: 'TestFault', message: `the faulty network answered ${fault.status}` },
        }),
      );
      return;
    }
    log.push({ ...entry, answer: 'passed' });
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    script,
    log,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
