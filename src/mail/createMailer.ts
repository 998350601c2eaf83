import path from 'node:path';
import type { Logger, Mailer } from '../app/ports';
import type { AppConfig } from '../config/env';
import type { ProcessDefinition } from '../domain/process';
import { createEmlOutbox } from './emlOutbox';
import { createGraphMailer, graphCredentials } from './graphMailer';

/** Graph when it is configured; otherwise every mail is written to DATA_DIR/outbox as an .eml file. */
export function createMailer(config: AppConfig, proc: ProcessDefinition, logger: Logger): Mailer {
  if (config.graph) {
    return createGraphMailer({
      sender: config.graph.sender,
      process: proc,
      logger,
      authProvider: graphCredentials(config.graph),
    });
  }
  return createEmlOutbox({ dir: path.join(config.dataDir, 'outbox'), process: proc, logger });
}
