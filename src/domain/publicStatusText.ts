import type { Language } from '../i18n/languages';
import type { PublicStatus, PublicWindow } from './publicStatus';
import { publicTextIn } from './publicText';

/**
 * The status view as a reader of `language` sees it: each window's title is its public title in that
 * language (else the default language's, else the technical title) and its summary is set when one was
 * given. The typed texts themselves are dropped, so that no other language's text can leak into a rendering.
 */
export function statusInLanguage(
  status: PublicStatus,
  language: Language,
  defaultLanguage: Language | undefined,
): PublicStatus {
  const seen = new Map<PublicWindow, PublicWindow>();
  const local = (window: PublicWindow): PublicWindow => {
    let done = seen.get(window);
    if (!done) {
      const { publicText, ...rest } = window;
      const text = publicTextIn(publicText, window.title, language, defaultLanguage);
      done = { ...rest, title: text.title, ...(text.summary ? { summary: text.summary } : {}) };
      seen.set(window, done);
    }
    return done;
  };
  return {
    services: status.services.map((service) => ({
      ...service,
      current: service.current.map(local),
      upcoming: service.upcoming.map(local),
      history: service.history.map(local),
    })),
    events: status.events.map((event) => ({ ...event, window: local(event.window) })),
  };
}
