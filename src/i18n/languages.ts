/** The languages the bot speaks; a process file names hers among them (docs/process-file.md). */
export const LANGUAGES = ['en', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Dates and times are written in each language's Swiss form, 24-hour. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-CH', de: 'de-CH' };

/** The names the language switcher shows, each in its own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of a public answer: `?lang=` when it is offered, else the best offered one of an
 * Accept-Language header (q-values honoured, "de-CH" counts as "de"), else the first offered (the default).
 */
export function chooseLanguage(
  offered: readonly Language[],
  acceptLanguage: string | undefined,
  asked?: string | null,
): Language {
  const wanted = asked?.trim().toLowerCase();
  const direct = offered.find((language) => language === wanted);
  if (direct) return direct;
  let best: { language: Language; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = offered.find((language) => language === tag.split('-')[0]);
    if (primary && (!best || q > best.q)) best = { language: primary, q };
  }
  return best?.language ?? offered[0] ?? 'en';
}
