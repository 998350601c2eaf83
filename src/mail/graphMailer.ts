import { ClientSecretCredential } from '@azure/identity';
import {
  Client,
  GraphError,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { DeliveryFailure, type DirectMail, type Logger, type Mailer, type OperatorMail } from '../app/ports';
import type { GraphMailConfig } from '../config/env';
import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { composeMail, type MailMessage } from './message';
import { operatorMessage } from './emlOutbox';
import { buildMime } from './mimeMessage';

export interface GraphMailerOptions {
  /** The mailbox the mails are sent as (user principal name or id). */
  sender: string;
  process: ProcessDefinition;
  logger: Logger;
  /** App-only credentials in production (graphCredentials); a local fake in tests. */
  authProvider: AuthenticationProvider;
  /** Default https://graph.microsoft.com/; tests point it at a local server. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** A Graph call that takes longer is abandoned and retried by the outbox. */
  timeoutMs?: number;
}

/** Client credentials (Mail.Send, application permission) for the configured app registration. */
export function graphCredentials(config: GraphMailConfig): AuthenticationProvider {
  const credential = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret);
  return new TokenCredentialAuthenticationProvider(credential, {
    scopes: ['https://graph.microsoft.com/.default'],
  });
}

class TokenUnavailable extends Error {
  override readonly name = 'TokenUnavailable';
}

/** Adds the app's token to every request; the library's handler only does so for https Graph hosts. */
class BearerToken implements Middleware {
  private next?: Middleware;
  constructor(private readonly provider: AuthenticationProvider) {}

  async execute(context: Context): Promise<void> {
    let token: string;
    try {
      token = await this.provider.getAccessToken();
    } catch (error) {
      throw new TokenUnavailable(error instanceof Error ? error.message : String(error));
    }
    const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${token}`);
    context.options = { ...context.options, headers };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The last link: fetch with a time limit. No retry handler: the outbox retries, durably, as asked. */
class TimedFetch implements Middleware {
  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const init = { ...context.options, signal: AbortSignal.timeout(this.timeoutMs) } as RequestInit;
    context.response = await this.fetchImpl(context.request as string, init);
  }
}

function retryAfterMs(error: GraphError): number | undefined {
  const value = error.headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Graph errors as delivery failures that say what to fix; the raw error goes to the log only. */
function classify(error: unknown, sender: string): DeliveryFailure {
  if (!(error instanceof GraphError)) {
    return new DeliveryFailure(
      'Microsoft Graph could not be reached; the mail will be sent again.',
      'transient',
    );
  }
  const status = error.statusCode;
  if (status === -1 || status === undefined) {
    return error.code === 'TokenUnavailable'
      ? new DeliveryFailure(
          'No Graph token: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (and that the secret has not expired).',
          'transient',
        )
      : new DeliveryFailure(
          'Microsoft Graph did not answer in time; the mail will be sent again.',
          'transient',
        );
  }
  if (status === 429 || status >= 500) {
    return new DeliveryFailure(
      `Microsoft Graph is busy (${status}); the mail will be sent again.`,
      'transient',
      retryAfterMs(error),
    );
  }
  if (status === 401) {
    return new DeliveryFailure(
      'Microsoft Graph refused the token (401): check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET.',
      'transient',
    );
  }
  if (status === 403) {
    return new DeliveryFailure(
      `Microsoft Graph refused to send as ${sender} (403): grant the app the Mail.Send application permission with admin consent, and allow it to send as this mailbox.`,
      'permanent',
    );
  }
  if (status === 404) {
    return new DeliveryFailure(
      `The mailbox ${sender} was not found (404): set MAIL_SENDER to an existing mailbox.`,
      'permanent',
    );
  }
  return new DeliveryFailure(
    `Microsoft Graph refused the mail (${status} ${error.code ?? ''}); tell the bot operator.`.replace(
      ' )',
      ')',
    ),
    'permanent',
  );
}

function requestBody(message: MailMessage): Record<string, unknown> {
  const attachments = message.calendar
    ? [
        {
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: message.calendar.filename,
          contentType: `text/calendar; charset=utf-8; method=${message.calendar.method}`,
          contentBytes: Buffer.from(message.calendar.content, 'utf8').toString('base64'),
        },
      ]
    : [];
  return {
    message: {
      subject: message.subject,
      body: { contentType: 'HTML', content: message.html },
      toRecipients: message.to.map((address) => ({ emailAddress: { address } })),
      ...(attachments.length > 0 ? { attachments } : {}),
    },
    saveToSentItems: true,
  };
}

/**
 * Sends notices through Microsoft Graph (POST /users/{sender}/sendMail) as the configured mailbox, with
 * app-only credentials. Throttling and server errors become transient failures with the Retry-After, so the
 * outbox retries them on a later tick; nothing here sleeps.
 */
export function createGraphMailer(options: GraphMailerOptions): Mailer {
  const client = Client.initWithMiddleware({
    middleware: [
      new BearerToken(options.authProvider),
      new TimedFetch(options.fetch ?? fetch, options.timeoutMs ?? 30_000),
    ],
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    defaultVersion: 'v1.0',
  });
  const from = { name: 'Change bot', email: options.sender };

  return {
    async sendToOperators(mail: OperatorMail): Promise<void> {
      const message = operatorMessage(mail, from);
      await client.api(`/users/${encodeURIComponent(options.sender)}/sendMail`).post(requestBody(message));
      options.logger.info(
        { to: message.to.length, subject: message.subject },
        'mail sent through Microsoft Graph',
      );
    },
    async sendDirect(mail: DirectMail): Promise<void> {
      const message = operatorMessage(mail, from);
      // Graph's JSON message takes only X- headers: List-Unsubscribe needs the message as MIME (base64).
      const mime = (await buildMime(message)).toString('base64');
      try {
        await client
          .api(`/users/${encodeURIComponent(options.sender)}/sendMail`)
          .header('Content-Type', 'text/plain')
          .post(mime);
      } catch (error) {
        if (error instanceof GraphError && error.statusCode >= 200 && error.statusCode < 300) return;
        throw classify(error, options.sender);
      }
      options.logger.info({ subject: message.subject }, 'mail sent through Microsoft Graph');
    },
    async send(change: Change, entry: OutboxEntry): Promise<void> {
      const message = composeMail(change, entry, options.process, from);
      try {
        await client.api(`/users/${encodeURIComponent(options.sender)}/sendMail`).post(requestBody(message));
      } catch (error) {
        // Accepted (2xx) but with a body the client could not read: the mail is on its way; sending it
        // again would duplicate it.
        if (error instanceof GraphError && error.statusCode >= 200 && error.statusCode < 300) {
          options.logger.warn(
            { changeId: change.id, delivery: entry.key, status: error.statusCode },
            'Graph accepted the mail with an unreadable answer',
          );
          return;
        }
        const failure = classify(error, options.sender);
        options.logger.warn(
          {
            changeId: change.id,
            delivery: entry.key,
            status: error instanceof GraphError ? error.statusCode : undefined,
            code: error instanceof GraphError ? error.code : undefined,
            err: error instanceof Error ? error.message : String(error),
          },
          'Graph sendMail failed',
        );
        throw failure;
      }
      options.logger.info(
        { changeId: change.id, delivery: entry.key, to: message.to.length, subject: message.subject },
        'mail sent through Microsoft Graph',
      );
    },
  };
}
