import type { AppConfig } from '../config/env';
import type { ProcessDefinition } from '../domain/process';

export interface StartFacts {
  config: AppConfig;
  process: ProcessDefinition;
  /** The port actually bound (PORT=0 picks one). */
  port: number;
  version: string;
  /** deploy/.env when `npm start` read it, with how many of its values were used. */
  settings?: { file: string; used: number; overridden: number };
}

export interface StartSummary {
  message: string;
  fields: Record<string, unknown>;
  /** Local mode: what a newcomer does next. */
  nextStep?: string;
}

function storeText(config: AppConfig): { text: string; field: Record<string, string> } {
  if (config.store.kind === 'json')
    return { text: `JSON store in ${config.dataDir}`, field: { kind: 'json', dataDir: config.dataDir } };
  const where = config.store.accountUrl
    ? new URL(config.store.accountUrl).host
    : 'the account of AZURE_STORAGE_CONNECTION_STRING';
  return {
    text: `Blob store, container ${config.store.container} at ${where}`,
    field: { kind: 'blob', container: config.store.container, account: where },
  };
}

/**
 * The first thing an operator reads: where the bot answers and what it is about to do, in one line (with
 * the same facts as fields for a log search). Secrets never appear: only whether a feed has a token.
 */
export function startSummary(facts: StartFacts): StartSummary {
  const { config, port } = facts;
  const local = config.mode === 'local';
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  const publicUrl = config.publicHost ? `https://${config.publicHost}` : undefined;
  const store = storeText(config);
  const services = facts.process.services.map((service) => service.name);
  const mail = config.graph
    ? { mode: 'graph', text: `mail sent through Microsoft Graph as ${config.graph.sender}` }
    : {
        mode: 'outbox',
        text: `mail written to ${config.dataDir}/outbox as .eml files (nobody receives it; set GRAPH_* and MAIL_SENDER to send)`,
      };
  const feeds = {
    statusPage: config.statusPage,
    calendar: config.calendarFeed.token !== undefined,
    stats: config.calendarFeed.token !== undefined,
  };
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const mode = local
    ? 'local mode: no token check, 127.0.0.1 only'
    : `Teams mode: Bot Framework tokens checked${publicUrl ? `, Teams calls ${publicUrl}/api/messages` : ''}`;
  const settings = facts.settings
    ? `settings from ${facts.settings.file} (${facts.settings.used} used, ${facts.settings.overridden} overridden by the environment)`
    : 'settings from the environment';
  const message =
    `Change bot ${facts.version} at ${url} (${mode}); ${store.text}; ` +
    `${services.length} service${services.length === 1 ? '' : 's'}: ${services.join(', ')}; ${mail.text}; ` +
    `status page ${onOff(feeds.statusPage)}, calendar feed ${onOff(feeds.calendar)}, stats page ${onOff(feeds.stats)}; ` +
    `process file ${config.processFile}; ${settings}`;
  return {
    message,
    fields: {
      summary: {
        version: facts.version,
        url,
        ...(publicUrl ? { publicUrl } : {}),
        mode: config.mode,
        store: store.field,
        services,
        mail: mail.mode,
        feeds,
        processFile: config.processFile,
        schedulerCron: config.schedulerCron,
        ...(facts.settings ? { settingsFile: facts.settings.file } : {}),
      },
    },
    ...(local
      ? {
          nextStep: `Next: chat with it in the Microsoft 365 Agents Playground: npx agentsplayground -e ${url}/api/messages -c msteams (or stop it with Ctrl-C and run npm run playground for a ready-made team of made-up people). Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId in deploy/.env to serve Teams.`,
        }
      : {}),
  };
}
