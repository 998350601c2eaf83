/**
 * Edits a process file's raw JSON for a test, in either format: top-level `overrides` (timings, blackouts,
 * …) and `serviceOverrides` for the first service (approvers, snapshot, channel, …). For a file in the
 * single-`service` format the service's fields sit at the top level, so both go there; a `snapshot`
 * override given with `steps` also fills `service.snapshotSteps` there.
 */
export function editProcessJson(
  file: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
  serviceOverrides: Record<string, unknown> = {},
): Record<string, unknown> {
  if (!Array.isArray(file.services)) {
    const { channel, snapshot, ...rest } = serviceOverrides as {
      channel?: unknown;
      snapshot?: { steps?: string; duration: string; margin: string };
    };
    const service = file.service as Record<string, unknown>;
    return {
      ...file,
      ...rest,
      ...(snapshot ? { snapshot: { duration: snapshot.duration, margin: snapshot.margin } } : {}),
      service: {
        ...service,
        ...(channel !== undefined ? { channel } : {}),
        ...(snapshot?.steps ? { snapshotSteps: snapshot.steps } : {}),
      },
      ...overrides,
    };
  }
  const [first, ...rest] = file.services as Record<string, unknown>[];
  const snapshot = serviceOverrides.snapshot as Record<string, unknown> | undefined;
  return {
    ...file,
    ...overrides,
    services: [
      {
        ...first,
        ...serviceOverrides,
        ...(snapshot ? { snapshot: { ...(first!.snapshot as object), ...snapshot } } : {}),
      },
      ...rest,
    ],
  };
}

/** The approvers of a test: the fields a process file takes. */
export function approverEntries(people: { name: string; aadObjectId: string; email: string }[]) {
  return people.map(({ name, aadObjectId, email }) => ({ name, aadObjectId, email }));
}
