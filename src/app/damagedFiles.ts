import type { ToldMemory } from '../store/toldMemory';
import type { ChangeStore, QuarantinedFile } from '../store/types';
import type { Logger, Mailer } from './ports';

export interface DamagedFilesNoticeDeps {
  store: ChangeStore;
  mailer: Mailer;
  /** The process owners (its approvers). */
  owners: string[];
  memory: ToldMemory;
  logger: Logger;
}

/**
 * Tells the owners by mail, once per file (across restarts too), that stored files cannot be read and what
 * to do. A mail that fails is tried again at the next check; a file already told about is not mailed again.
 */
export function createDamagedFilesNotice(deps: DamagedFilesNoticeDeps) {
  let running: Promise<void> | undefined;

  async function check(): Promise<void> {
    const damaged = deps.store.quarantined?.() ?? [];
    if (damaged.length === 0) return;
    const told = await deps.memory.load();
    const fresh = damaged.filter((file) => !told.has(file.path));
    if (fresh.length === 0) return;
    if (!deps.mailer.sendToOperators || deps.owners.length === 0) {
      deps.logger.warn(
        { files: fresh.map((file) => file.path) },
        'damaged stored files: no way to mail the owners',
      );
      return;
    }
    await deps.mailer.sendToOperators({
      id: `damaged-files.${fresh.length}.${Date.parse(fresh[0]!.since)}`,
      to: deps.owners,
      subject: `Change bot: ${fresh.length === 1 ? 'a stored file cannot' : `${fresh.length} stored files cannot`} be read`,
      text: mailText(fresh),
    });
    for (const file of fresh) told.add(file.path);
    await deps.memory.save(told);
    deps.logger.info(
      { files: fresh.map((file) => file.path), to: deps.owners.length },
      'owners told about damaged files',
    );
  }

  return {
    /** Never throws: a failure is logged and the next check tries again. */
    check(): Promise<void> {
      running ??= check()
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'could not tell the owners about damaged files; will try again'),
        )
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}

function mailText(files: QuarantinedFile[]): string {
  const lines = [
    'The change bot found stored files it cannot read. It left them untouched and goes on with everything else.',
    '',
  ];
  for (const file of files) {
    const what =
      file.kind === 'change'
        ? `Change ${file.id ?? '(unknown id)'}`
        : file.kind === 'journal'
          ? 'A journal segment with damaged records (a copy)'
          : 'A conversation reference';
    lines.push(`- ${what}: ${file.path}`, `  ${file.reason}`, '');
  }
  if (files.some((file) => file.kind === 'journal')) {
    lines.push(
      'A damaged journal segment: the bot read around the damage and kept every write after it; the writes in',
      'the damaged records themselves are lost unless a later write of the same change replaced them. Check the',
      'changes the reason names, then delete the copy (the report stops when it is gone).',
      '',
    );
  }
  lines.push(
    'What to do: stop the bot, restore each file from a backup of the data folder (or move it out of the',
    'folder if what it holds can be dropped), then start the bot again. Until then, the damaged changes',
    'cannot be shown or changed, and the bot cannot post where a damaged reference points.',
    '',
    'You get this mail once per file.',
  );
  return lines.join('\n') + '\n';
}
