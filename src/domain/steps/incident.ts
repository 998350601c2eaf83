import { closeIncident, incident } from '../inWindow';
import type { BuiltInStep } from './builtIn';
import { pressed, ticked } from './press';
import { verb } from './step';

/** Something broke in the window: an incident, then restored, or handed to the incident process. */
export const incidentStep: BuiltInStep = {
  name: 'incident',
  verbs: [
    verb({
      type: 'incident',
      role: 'implementer',
      historyText: 'Incident declared',
      schema: pressed,
      event: (_values, data) => ticked(data, { type: 'incident' as const }),
      handle: incident,
    }),
    verb({
      type: 'restored',
      role: 'implementer',
      historyText: 'Restored',
      schema: pressed,
      event: () => ({ type: 'restored' }),
      handle: closeIncident('restored'),
    }),
    verb({
      type: 'restore.failed',
      role: 'implementer',
      historyText: 'Restore failed',
      schema: pressed,
      event: () => ({ type: 'restore.failed' }),
      handle: closeIncident('failed'),
    }),
  ],
  notices: [
    {
      kind: 'incident',
      card: 'incident',
      label: 'Incident during maintenance',
      asks: { who: 'implementer', action: 'restore the service, then say whether it worked' },
      webhook: 'incident',
    },
    {
      kind: 'handoff',
      card: 'handoff',
      label: 'Restore failed: incident process',
      asks: { who: 'both', action: 'the restore failed: take over with the incident process' },
    },
    { kind: 'restored', card: 'restored', label: 'Service restored', webhook: 'restored', silence: 'expire' },
  ],
};
