/**
 * The owners are told by mail about stored files that cannot be read: once per file, also across restarts
 * (the real store, the real .eml outbox, the memory file in DATA_DIR), and again only for new ones.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDamagedFilesNotice } from '../../src/app/damagedFiles';
import type { Mailer, OperatorMail } from '../../src/app/ports';
import { createEmlOutbox } from '../../src/mail/emlOutbox';
import { recordFileName } from '../../src/store/recordFiles';
import { toldMemoryIn } from '../../src/store/toldMemory';
import type { ChangeStore } from '../../src/store/types';
import { recordingLogger } from '../bot/support/harness';
import { process as definition } from '../mail/support/mailFixture';
import { decodeWords, leaves, parseMime } from '../mail/support/mime';
import { building, changeFile, makeDataDir, openStore } from '../store/support/storeFixture';

const OWNERS = ['alice.approver@test.example.org'];

describe('mail to the owners about damaged files', () => {
  let dataDir: string;
  let store: ChangeStore;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    store = await openStore(dataDir);
    await store.create(2026, building());
    await store.create(2026, building());
    await store.references.put('channel:19:a@thread.tacv2', { n: 1 });
    await store.close();
  });

  afterEach(async () => {
    await store.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** A mail as its reader sees it: decoded subject and recipients, then the plain-text part. */
  function readable(eml: string): string {
    const mail = parseMime(eml);
    const text = leaves(mail).find((part) => part.type === 'text/plain');
    return [
      decodeWords(mail.headers.get('subject') ?? ''),
      mail.headers.get('to') ?? '',
      text?.body ?? '',
    ].join('\n');
  }

  /** A restart: a fresh store, mailer and notice on the same DATA_DIR; returns the .eml files after a check. */
  async function startAndCheck(mailer?: Mailer): Promise<string[]> {
    await store.close();
    store = await openStore(dataDir);
    const outbox = path.join(dataDir, 'outbox');
    const notice = createDamagedFilesNotice({
      store,
      mailer: mailer ?? createEmlOutbox({ dir: outbox, process: definition, logger: recordingLogger() }),
      owners: OWNERS,
      memory: toldMemoryIn(dataDir),
      logger: recordingLogger(),
    });
    await notice.check();
    await notice.check(); // a second check in the same run tells nobody again
    return (await fs.readdir(outbox).catch(() => [])).filter((name) => name.endsWith('.eml'));
  }

  it('tells them once, across restarts, and again only about a new damaged file', async () => {
    const damagedChange = changeFile(dataDir, 'CHG-2026-002');
    await fs.writeFile(damagedChange, '{"schemaVersion":1,"vers');

    const first = await startAndCheck();
    expect(first).toHaveLength(1);
    const mail = readable(await fs.readFile(path.join(dataDir, 'outbox', first[0]!), 'utf8'));
    expect(mail).toContain('a stored file cannot be read');
    expect(mail).toContain('CHG-2026-002');
    expect(mail).toContain('restore each file from a backup');
    expect(mail).toContain(OWNERS[0]);

    expect(await startAndCheck()).toEqual(first); // restarted: not told again

    const reference = path.join(dataDir, 'conversations', recordFileName('channel:19:a@thread.tacv2'));
    await fs.writeFile(reference, '');
    const third = await startAndCheck();
    expect(third).toHaveLength(2);
    const added = third.find((name) => !first.includes(name))!;
    const second = readable(await fs.readFile(path.join(dataDir, 'outbox', added), 'utf8'));
    expect(second).toContain('conversation reference');
    expect(second).not.toContain('CHG-2026-002');
  });

  it('tries again at the next check when the mail could not be sent', async () => {
    await fs.writeFile(changeFile(dataDir, 'CHG-2026-001'), 'garbage');
    const sent: OperatorMail[] = [];
    let fail = true;
    const mailer: Mailer = {
      send: async () => undefined,
      sendToOperators: async (mail) => {
        if (fail) throw new Error('Graph answered 503');
        sent.push(mail);
      },
    };

    await startAndCheck(mailer);
    expect(sent).toEqual([]);
    fail = false;
    await startAndCheck(mailer);
    expect(sent.map((mail) => mail.to)).toEqual([OWNERS]);
  });
});
