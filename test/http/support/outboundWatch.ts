/**
 * Records every outbound connection this process starts, through Node's diagnostics channels (no patching):
 * TCP sockets (`net.client.socket`: host looked up, address connected), http/https requests
 * (`http.client.request.start`) and fetch requests (`undici:request:create`).
 */
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface OutboundWatch {
  /** Every host or address seen, in order. */
  readonly targets: string[];
  /** Targets that are not this machine. */
  offLoopback(): string[];
  stop(): void;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

function hostOf(value: string): string {
  return value.replace(/^\[|\]$/g, '').replace(/:\d+$/, '');
}

export function watchOutbound(): OutboundWatch {
  const targets: string[] = [];

  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    socket.on('lookup', (_error: Error | null, address: string, _family: unknown, host: string) => {
      targets.push(host);
      if (address) targets.push(address);
    });
    socket.on('connect', () => {
      if (socket.remoteAddress) targets.push(socket.remoteAddress);
    });
  };
  const onHttp = (message: unknown) => {
    const request = (message as { request: { host?: string; getHeader(name: string): unknown } }).request;
    targets.push(hostOf(String(request.getHeader('host') ?? request.host ?? '')));
  };
  const onFetch = (message: unknown) => {
    const origin = String((message as { request: { origin?: string } }).request.origin ?? '');
    if (origin) targets.push(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  };

  diagnostics.subscribe('net.client.socket', onSocket);
  diagnostics.subscribe('http.client.request.start', onHttp);
  diagnostics.subscribe('undici:request:create', onFetch);
  return {
    targets,
    offLoopback: () => targets.filter((target) => !LOOPBACK.test(target)),
    stop() {
      diagnostics.unsubscribe('net.client.socket', onSocket);
      diagnostics.unsubscribe('http.client.request.start', onHttp);
      diagnostics.unsubscribe('undici:request:create', onFetch);
    },
  };
}
