/**
 * What the subscription mails and pages need to write their links: the signing secret and the address the
 * readers open. `baseUrl` is read when a link is written: in local mode it is the bot's own URL, known once the
 * server listens (PORT=0 picks the port then).
 */
export interface SubscriptionLinks {
  secret: string;
  baseUrl: () => string;
}
