/**
 * Azurite (the `azurite` devDependency) for tests: the Blob service alone, on a free loopback port (port 0:
 * Azurite prints the one it got), in memory, stopped after. Nothing else is needed to run the blob tests.
 *
 * API version: @azure/storage-blob 12.34 sends a service version newer than Azurite 3.37 knows, so Azurite
 * runs with --skipApiVersionCheck. Pinning an older SDK instead would test code that production never runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

/** Azurite's well-known development account (published in its README; it guards nothing). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  /** A fresh container client; every test may take its own name. */
  container(name: string): ContainerClient;
  stop(): Promise<void>;
}

let containerCounter = 0;
/** A container name of its own for each test (Azure rules: lower case, digits, hyphens). */
export function freshContainerName(prefix = 'test'): string {
  containerCounter += 1;
  return `${prefix}-${process.pid}-${containerCounter}`;
}

export async function startAzurite(): Promise<Azurite> {
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => fail(new Error(`Azurite exited with ${code} before listening:\n${output}`)));
    child.once('error', fail);
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
    `BlobEndpoint=${url}/${ACCOUNT};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return {
    connectionString,
    container: (name) => service.getContainerClient(name),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
