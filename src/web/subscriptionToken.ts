import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The links of e-mail subscriptions (docs/subscriptions.md). A confirmation link carries the whole request
 * (address, services, language, expiry), signed: nothing is stored before the person confirms, so an address
 * typed by someone else leaves no trace. The unsubscribe link is signed over the subscriber's key and never
 * expires: it must keep working in every mail ever sent.
 */

/** What a person asked for on the form, waiting for their confirmation. */
export interface SubscriptionRequest {
  address: string;
  /** Empty: every service. */
  services: string[];
  language: string;
}

/** How long a confirmation link works. */
export const CONFIRMATION_TTL_MS = 48 * 60 * 60_000;

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function mac(secret: string, purpose: string, text: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}.${text}`).digest();
}

function sameMac(expected: Buffer, given: string): boolean {
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The stored key of a subscriber: a hash of the address, so that the key itself names nobody. */
export function subscriberKey(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** What is stored of a token: its SHA-256, enough to show which link gave the consent. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function confirmationToken(secret: string, request: SubscriptionRequest, now: Date): string {
  const payload = base64url(
    JSON.stringify({
      a: request.address,
      s: request.services,
      l: request.language,
      e: now.getTime() + CONFIRMATION_TTL_MS,
    }),
  );
  return `${payload}.${base64url(mac(secret, 'confirm', payload))}`;
}

export type ConfirmationCheck =
  { ok: true; request: SubscriptionRequest } | { ok: false; reason: 'invalid' | 'expired' };

export function readConfirmationToken(secret: string, token: string, now: Date): ConfirmationCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  if (!sameMac(mac(secret, 'confirm', payload), signature)) return { ok: false, reason: 'invalid' };
  let parsed: { a?: unknown; s?: unknown; l?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { a, s, l, e } = parsed;
  if (typeof a !== 'string' || typeof l !== 'string' || typeof e !== 'number')
    return { ok: false, reason: 'invalid' };
  if (!Array.isArray(s) || !s.every((name): name is string => typeof name === 'string'))
    return { ok: false, reason: 'invalid' };
  if (now.getTime() > e) return { ok: false, reason: 'expired' };
  return { ok: true, request: { address: a, services: s, language: l } };
}

export function unsubscribeToken(secret: string, key: string): string {
  return base64url(mac(secret, 'unsubscribe', key));
}

export function unsubscribeTokenMatches(secret: string, key: string, token: string): boolean {
  return sameMac(mac(secret, 'unsubscribe', key), token);
}

/** The one-click unsubscribe URL of a subscriber (RFC 8058: the same URL takes the POST). */
export function unsubscribeUrl(baseUrl: string, secret: string, key: string): string {
  return `${baseUrl}/status/unsubscribe?s=${key}&t=${unsubscribeToken(secret, key)}`;
}
