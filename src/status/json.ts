import type { PublicStatus, PublicWindow } from '../domain/publicStatus';
import type { PublicText } from '../domain/publicText';

/*
 * GET /status/maintenances.json: the status page's content for programs (monitoring, dashboards), the public
 * fields only, as described by docs/api/maintenances.schema.json (a test checks the live answer against it).
 * Nothing here depends on the clock or the reader, so the ETag holds until a change is written.
 */

interface MaintenanceJson {
  id: string;
  service: string;
  title: string;
  publicText?: PublicText;
  start: string;
  end: string;
  plannedEnd: string;
  downtimeMinutes: number;
  state: PublicWindow['state'];
  events: { kind: string; at: string; newEnd?: string }[];
}

function maintenance(window: PublicWindow): MaintenanceJson {
  return {
    id: window.ref,
    service: window.service,
    title: window.title,
    ...(window.publicText ? { publicText: window.publicText } : {}),
    start: window.window.start,
    end: window.window.end,
    plannedEnd: window.plannedEnd,
    downtimeMinutes: window.downtimeMinutes,
    state: window.state,
    events: window.events.map((event) => ({
      kind: event.kind,
      at: event.at,
      ...(event.newEnd ? { newEnd: event.newEnd } : {}),
    })),
  };
}

export function maintenancesJson(status: PublicStatus, timeZone: string): string {
  return `${JSON.stringify(
    {
      timeZone,
      services: status.services.map((service) => ({ name: service.name, state: service.state })),
      maintenances: status.services.flatMap((service) =>
        [...service.current, ...service.upcoming, ...service.history].map(maintenance),
      ),
    },
    null,
    2,
  )}\n`;
}
