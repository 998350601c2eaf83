import type { BlockBlobClient } from '@azure/storage-blob';

/** A blob's text and the ETag it was read at (the condition of the next write). */
export interface BlobText {
  text: string;
  etag: string;
}

/** The HTTP status of a failed Azure SDK call (RestError), if any. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A conditional write lost: 412 when If-Match named an old ETag, 409 BlobAlreadyExists when If-None-Match: *
 * found the name taken (Azure and Azurite answer a create-only Put Blob on an existing blob with 409).
 */
export function isConditionFailed(error: unknown): boolean {
  const status = statusOf(error);
  return status === 412 || status === 409;
}

/** One GET: the text and its ETag together (a HEAD then a GET could pair an ETag with other bytes). */
export async function readBlobText(blob: BlockBlobClient): Promise<BlobText | undefined> {
  let response;
  try {
    response = await blob.download();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  if (!response.etag) throw new Error(`Blob ${blob.name} was served without an ETag.`);
  return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag };
}

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' } | undefined;

/** Uploads `text` in one Put Blob; resolves to the new ETag. Rejects with the SDK's RestError. */
export async function writeBlobText(
  blob: BlockBlobClient,
  text: string,
  condition: WriteCondition,
  tags?: Record<string, string>,
): Promise<string> {
  const body = Buffer.from(text, 'utf8');
  const response = await blob.upload(body, body.length, {
    ...(condition ? { conditions: condition } : {}),
    ...(tags ? { tags } : {}),
    blobHTTPHeaders: { blobContentType: 'application/json' },
  });
  if (!response.etag) throw new Error(`Blob ${blob.name} was written without an ETag in the answer.`);
  return response.etag;
}
