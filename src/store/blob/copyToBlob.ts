import type { ContainerClient } from '@azure/storage-blob';
import type { ChangeStore } from '../types';
import { encodeChangeFile } from '../changeFile';
import { encodeRecordDocument } from '../recordFiles';
import { everyRecord } from '../records';
import { hasWorkLeft } from '../summary';
import { changeBlobName } from './blobChanges';
import { recordBlobName } from './blobRecords';
import { isConditionFailed, readBlobText, writeBlobText } from './blobIo';

export interface CopyReport {
  copied: string[];
  /** Already in the container with the same version: a second run copies nothing. */
  alreadyThere: string[];
  /** In the container with another version: left alone (the container is the newer truth after a move). */
  differing: string[];
  /** Records of every kind (conversation references, members...), each copied over what the container holds. */
  records: number;
}

/**
 * Copies every change (same document, same version) and record (records.ts) of an opened store into the
 * container, creating each change blob only if it is not there yet: running it again is harmless.
 */
export async function copyToBlob(source: ChangeStore, container: ContainerClient): Promise<CopyReport> {
  await container.createIfNotExists();
  const report: CopyReport = { copied: [], alreadyThere: [], differing: [], records: 0 };
  for (const id of source.ids()) {
    const stored = await source.get(id);
    if (stored === undefined) continue;
    const blob = container.getBlockBlobClient(changeBlobName(id));
    const tags = { work: hasWorkLeft(stored.change) ? '1' : '0', version: String(stored.version) };
    try {
      await writeBlobText(blob, encodeChangeFile(stored), { ifNoneMatch: '*' }, tags);
      report.copied.push(id);
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const there = await readBlobText(blob);
      (there?.text === encodeChangeFile(stored) ? report.alreadyThere : report.differing).push(id);
    }
  }
  for (const record of await everyRecord(source)) {
    const blob = container.getBlockBlobClient(recordBlobName(record.key));
    await writeBlobText(blob, encodeRecordDocument(record), undefined);
    report.records += 1;
  }
  return report;
}
