import type { Clock, Logger, Mailer } from '../app/ports';
import type { Collection, SubscriberRecord } from '../store/records';
import type { WebReply, WebRequest, WebRoute } from '../web/route';
import {
  confirmationToken,
  readConfirmationToken,
  subscriberKey,
  tokenHash,
  unsubscribeTokenMatches,
} from '../web/subscriptionToken';
import { createRateLimit } from './rateLimit';
import { confirmationMail, messagePage, SUBSCRIPTION_LANGUAGES } from './subscribeForm';

export interface SubscribeDeps {
  subscribers: Collection<SubscriberRecord>;
  mailer: Mailer;
  services: readonly string[];
  secret: string;
  /** Read when a link is written (subscriptionLinks.ts). */
  baseUrl: () => string;
  clock: Clock;
  logger: Logger;
}

/** Confirmation mails one address may receive a day, and forms one client may send an hour. */
export const PER_ADDRESS_PER_DAY = 3;
export const PER_CLIENT_PER_HOUR = 20;

const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

const page = (status: number, body: string, extra: Record<string, string> = {}): WebReply => ({
  status,
  headers: {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  },
  body,
});

const form = (req: WebRequest): URLSearchParams => new URLSearchParams(req.body ?? '');
const query = (req: WebRequest): URLSearchParams => new URL(req.url, 'http://status.invalid').searchParams;

/**
 * POST /status/subscribe, GET and POST /status/confirm, GET and POST /status/unsubscribe (docs/subscriptions.md).
 * A GET never changes anything: mail scanners (Defender's Safe Links, Proofpoint, Mimecast) open every link of
 * a mail before the person does, so a confirming GET would confirm addresses nobody confirmed, and an
 * unsubscribing GET would unsubscribe people who never clicked. The GET shows a button that POSTs.
 */
export function subscribeRoutes(deps: SubscribeDeps): WebRoute[] {
  const perAddress = createRateLimit(PER_ADDRESS_PER_DAY, 24 * 60 * 60_000);
  const perClient = createRateLimit(PER_CLIENT_PER_HOUR, 60 * 60_000);
  const log = deps.logger.child({ scope: 'subscriptions' });

  const subscribe = async (req: WebRequest): Promise<WebReply> => {
    const now = deps.clock();
    if (!perClient.take(req.client ?? '', now))
      return page(
        429,
        messagePage('Too many requests', ['Too many subscriptions from here; try again in an hour.']),
        {
          'Retry-After': '3600',
        },
      );
    const fields = form(req);
    const address = (fields.get('email') ?? '').trim();
    const language = fields.get('language') ?? SUBSCRIPTION_LANGUAGES[0]!.code;
    const asked = fields.getAll('service');
    const services = asked.map((name) =>
      deps.services.find((known) => known.toLowerCase() === name.toLowerCase()),
    );
    const problems = [
      ...(address.length > 254 || !ADDRESS.test(address) ? ['Give a valid e-mail address.'] : []),
      ...(services.some((name) => name === undefined) ? ['Choose services from the list.'] : []),
      ...(SUBSCRIPTION_LANGUAGES.some((known) => known.code === language)
        ? []
        : ['Choose a language from the list.']),
    ];
    if (problems.length > 0) return page(400, messagePage('Not subscribed', problems));
    // The same answer whether the address is subscribed already, is new, or has had its share of mails today.
    if (perAddress.take(subscriberKey(address), now)) {
      const token = confirmationToken(
        deps.secret,
        { address, services: services as string[], language },
        now,
      );
      const link = `${deps.baseUrl()}/status/confirm?t=${token}`;
      try {
        await deps.mailer.sendDirect!(confirmationMail(address, link, deps.baseUrl(), now));
      } catch (error) {
        log.error({ err: error }, 'the confirmation mail could not be sent');
        return page(
          503,
          messagePage('Try again later', ['The confirmation mail could not be sent right now.']),
        );
      }
    }
    return page(
      200,
      messagePage('Check your mail', [
        'If the address can receive mail, a message with a confirmation link is on its way to it.',
        'Nothing is sent until you confirm; the link works for 48 hours.',
      ]),
    );
  };

  const confirmation = (token: string) => readConfirmationToken(deps.secret, token, deps.clock());
  const badLink = (reason: 'invalid' | 'expired'): WebReply =>
    reason === 'expired'
      ? page(
          410,
          messagePage('This link has expired', ['Subscribe again on the status page to get a new one.']),
        )
      : page(
          400,
          messagePage('This link is not valid', ['Copy the whole link from the mail, or subscribe again.']),
        );

  const confirmPage = async (req: WebRequest): Promise<WebReply> => {
    const token = query(req).get('t') ?? '';
    const check = confirmation(token);
    if (!check.ok) return badLink(check.reason);
    const scope = check.request.services.length > 0 ? check.request.services.join(', ') : 'all services';
    return page(
      200,
      messagePage(
        'Confirm your subscription',
        [`Maintenance notices for ${scope} will be mailed to ${check.request.address}.`],
        { action: '/status/confirm', fields: { t: token }, button: 'Confirm' },
      ),
    );
  };

  const confirm = async (req: WebRequest): Promise<WebReply> => {
    const token = form(req).get('t') ?? '';
    const check = confirmation(token);
    if (!check.ok) return badLink(check.reason);
    const { address, services, language } = check.request;
    const record: SubscriberRecord = {
      address,
      services,
      language,
      consentAt: deps.clock().toISOString(),
      tokenHash: tokenHash(token),
    };
    await deps.subscribers.put(subscriberKey(address), record);
    log.info({ services: services.length }, 'subscription confirmed');
    return page(200, messagePage('Subscribed', ['You will get the next maintenance notices by mail.']));
  };

  const unsubscribeCheck = (req: WebRequest): string | undefined => {
    const params = query(req);
    const key = params.get('s') ?? '';
    const token = params.get('t') ?? '';
    return /^[0-9a-f]{32}$/.test(key) && unsubscribeTokenMatches(deps.secret, key, token) ? key : undefined;
  };

  const unsubscribePage = async (req: WebRequest): Promise<WebReply> => {
    if (!unsubscribeCheck(req)) return badLink('invalid');
    const action = new URL(req.url, 'http://status.invalid');
    return page(
      200,
      messagePage('Unsubscribe', ['Press the button to receive no more maintenance notices.'], {
        action: `${action.pathname}${action.search}`,
        fields: { 'List-Unsubscribe': 'One-Click' },
        button: 'Unsubscribe',
      }),
    );
  };

  /** RFC 8058 one-click: the POST to the List-Unsubscribe URL itself; its body says nothing we need. */
  const unsubscribe = async (req: WebRequest): Promise<WebReply> => {
    const key = unsubscribeCheck(req);
    if (!key) return badLink('invalid');
    await deps.subscribers.delete(key);
    log.info('unsubscribed');
    return page(200, messagePage('Unsubscribed', ['No more maintenance notices will be mailed to you.']));
  };

  return [
    { path: '/status/subscribe', method: 'POST', handle: subscribe },
    { path: '/status/confirm', handle: confirmPage },
    { path: '/status/confirm', method: 'POST', handle: confirm },
    { path: '/status/unsubscribe', handle: unsubscribePage },
    { path: '/status/unsubscribe', method: 'POST', handle: unsubscribe },
  ];
}
