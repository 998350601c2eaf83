import { DateTime } from 'luxon';
import type { MaintenanceWindow } from '../domain/change';
import type { PublicEventKind, ServiceState, WindowState } from '../domain/publicStatus';

/** The status page's fixed words; the team is in Switzerland, so English and French. */
export type Language = 'en' | 'fr';

export interface Words {
  title: string;
  intro: string;
  now: (when: string) => string;
  serviceState: Record<ServiceState, string>;
  windowState: Record<WindowState, string>;
  event: Record<PublicEventKind, string>;
  current: string;
  upcoming: string;
  noUpcoming: string;
  history: string;
  noHistory: (days: number) => string;
  window: string;
  downtime: string;
  state: string;
  extendedFrom: (plannedEnd: string) => string;
  downtimeText: (minutes: number) => string;
  /** The short public text of a window in a given state. */
  publicText: (state: WindowState, downtimeMinutes: number) => string;
  subscribe: string;
  atom: string;
  calendar: string;
  timeZone: (zone: string) => string;
}

const en: Words = {
  title: 'Maintenance status',
  intro: 'Planned maintenance of our services, as it happens.',
  now: (when) => `Updated ${when}.`,
  serviceState: { operational: 'Operational', maintenance: 'Under maintenance', incident: 'Incident' },
  windowState: {
    upcoming: 'Announced',
    tentative: 'Moved, to be confirmed',
    inProgress: 'In progress',
    incident: 'Incident',
    completed: 'Completed',
    restored: 'Incident, restored',
    handedOff: 'Incident, handed to the incident team',
    cancelled: 'Cancelled',
  },
  event: {
    announced: 'Maintenance announced',
    rescheduled: 'Maintenance moved',
    started: 'Maintenance started',
    extended: 'Maintenance extended',
    incident: 'Incident declared',
    restored: 'Service restored',
    handedOff: 'Incident handed to the incident team',
    completed: 'Maintenance completed',
    cancelled: 'Maintenance cancelled',
  },
  current: 'Now',
  upcoming: 'Upcoming maintenance',
  noUpcoming: 'No maintenance announced.',
  history: 'Recent maintenance',
  noHistory: (days) => `No maintenance in the last ${days} days.`,
  window: 'Window',
  downtime: 'Unavailable for',
  state: 'State',
  extendedFrom: (plannedEnd) => `extended, first planned to end at ${plannedEnd}`,
  downtimeText: (minutes) => durationText(minutes, 'h', 'min', 'no downtime'),
  publicText: (state, minutes) => {
    switch (state) {
      case 'upcoming':
        return minutes > 0
          ? `The service may be unavailable for up to ${durationText(minutes, 'h', 'min', '')} during this window.`
          : 'The service stays available during this window.';
      case 'tentative':
        return 'This maintenance was moved; the new window is not confirmed yet.';
      case 'inProgress':
        return 'Maintenance is under way; the service may be unavailable.';
      case 'incident':
        return 'Something went wrong during the maintenance; the team is restoring the service.';
      case 'completed':
        return 'The maintenance is over and the service was checked.';
      case 'restored':
        return 'The service was restored to its state before the maintenance.';
      case 'handedOff':
        return 'The incident team took over the restore.';
      case 'cancelled':
        return 'This maintenance will not take place in this window.';
    }
  },
  subscribe: 'Subscribe',
  atom: 'News feed (Atom)',
  calendar: 'Calendar of maintenance windows (iCalendar)',
  timeZone: (zone) => `Times are in ${zone}.`,
};

const fr: Words = {
  title: 'État des maintenances',
  intro: 'Les maintenances planifiées de nos services, en direct.',
  now: (when) => `Mis à jour le ${when}.`,
  serviceState: { operational: 'Opérationnel', maintenance: 'En maintenance', incident: 'Incident' },
  windowState: {
    upcoming: 'Annoncée',
    tentative: 'Déplacée, à confirmer',
    inProgress: 'En cours',
    incident: 'Incident',
    completed: 'Terminée',
    restored: 'Incident, service restauré',
    handedOff: "Incident, confié à l'équipe incident",
    cancelled: 'Annulée',
  },
  event: {
    announced: 'Maintenance annoncée',
    rescheduled: 'Maintenance déplacée',
    started: 'Maintenance commencée',
    extended: 'Maintenance prolongée',
    incident: 'Incident déclaré',
    restored: 'Service restauré',
    handedOff: "Incident confié à l'équipe incident",
    completed: 'Maintenance terminée',
    cancelled: 'Maintenance annulée',
  },
  current: 'En ce moment',
  upcoming: 'Maintenances à venir',
  noUpcoming: 'Aucune maintenance annoncée.',
  history: 'Maintenances récentes',
  noHistory: (days) => `Aucune maintenance ces ${days} derniers jours.`,
  window: 'Fenêtre',
  downtime: 'Indisponible pendant',
  state: 'État',
  extendedFrom: (plannedEnd) => `prolongée, fin prévue d'abord à ${plannedEnd}`,
  downtimeText: (minutes) => durationText(minutes, 'h', 'min', 'aucune interruption'),
  publicText: (state, minutes) => {
    switch (state) {
      case 'upcoming':
        return minutes > 0
          ? `Le service peut être indisponible jusqu'à ${durationText(minutes, 'h', 'min', '')} pendant cette fenêtre.`
          : 'Le service reste disponible pendant cette fenêtre.';
      case 'tentative':
        return "Cette maintenance a été déplacée ; la nouvelle fenêtre n'est pas encore confirmée.";
      case 'inProgress':
        return 'La maintenance est en cours ; le service peut être indisponible.';
      case 'incident':
        return "Un problème est survenu pendant la maintenance ; l'équipe restaure le service.";
      case 'completed':
        return 'La maintenance est terminée et le service a été vérifié.';
      case 'restored':
        return 'Le service a été remis dans son état d’avant la maintenance.';
      case 'handedOff':
        return "L'équipe incident a pris la restauration en charge.";
      case 'cancelled':
        return "Cette maintenance n'aura pas lieu dans cette fenêtre.";
    }
  },
  subscribe: "S'abonner",
  atom: "Fil d'actualité (Atom)",
  calendar: 'Calendrier des fenêtres de maintenance (iCalendar)',
  timeZone: (zone) => `Heures de ${zone}.`,
};

function durationText(minutes: number, hours: string, mins: string, none: string): string {
  if (minutes <= 0) return none;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? `${h} ${hours}` : '', m > 0 ? `${m} ${mins}` : ''].filter(Boolean).join(' ');
}

export const WORDS: Record<Language, Words> = { en, fr };

/** The best of English and French for an Accept-Language header; English when neither is asked for. */
export function chooseLanguage(acceptLanguage: string | undefined): Language {
  let best: { language: Language; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.split('-')[0];
    if (primary !== 'en' && primary !== 'fr') continue;
    if (!best || q > best.q) best = { language: primary, q };
  }
  return best?.language ?? 'en';
}

/** "Sat 19 Jun 2027, 18:00" / "sam. 19 juin 2027, 18:00", local to the process time zone. */
export function localTime(instant: string | Date, zone: string, language: Language): string {
  const date = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return date.setZone(zone).setLocale(language).toFormat('ccc d LLL yyyy, HH:mm');
}

/** A window in local time; the end date is left out when it is the start's day. */
export function localWindow(window: MaintenanceWindow, zone: string, language: Language): string {
  const start = DateTime.fromISO(window.start).setZone(zone);
  const end = DateTime.fromISO(window.end).setZone(zone);
  const endText = start.hasSame(end, 'day')
    ? end.toFormat('HH:mm')
    : end.setLocale(language).toFormat('ccc d LLL yyyy, HH:mm');
  return `${localTime(window.start, zone, language)} – ${endText}`;
}
