import type { Language } from '../i18n/languages';
import { plainLine, plainLines } from './plainText';

/*
 * What the people affected read, per public language (form inputs `publicTitle_<lang>`,
 * `publicSummary_<lang>`): the technical title and description stay internal. A language without its own
 * text reads the default language's, then the technical title, so that no reader is left with nothing.
 */

export interface PublicTextEntry {
  title?: string;
  summary?: string;
}
export type PublicText = Partial<Record<Language, PublicTextEntry>>;

export const PUBLIC_TEXT_LIMITS = { title: 120, summary: 1000 } as const;

export const publicTitleField = (language: Language) => `publicTitle_${language}`;
export const publicSummaryField = (language: Language) => `publicSummary_${language}`;

/**
 * The typed texts of the offered languages only (an input for another language is ignored), cleaned and
 * trimmed; undefined when nothing was typed. Too long a text is an error against its input.
 */
export function readPublicText(
  data: Readonly<Record<string, unknown>>,
  offered: readonly Language[],
): { text?: PublicText; errors: Record<string, string> } {
  const text: PublicText = {};
  const errors: Record<string, string> = {};
  for (const language of offered) {
    const entry: PublicTextEntry = {};
    for (const [part, field, clean] of [
      ['title', publicTitleField(language), plainLine],
      ['summary', publicSummaryField(language), plainLines],
    ] as const) {
      const raw = data[field];
      if (raw === undefined || raw === null) continue;
      if (typeof raw !== 'string') {
        errors[field] = `The public ${part} must be text; type it in the form.`;
        continue;
      }
      const value = clean(raw).trim();
      const max = PUBLIC_TEXT_LIMITS[part];
      if (value.length > max) {
        errors[field] =
          `The public ${part} is too long (${value.length} characters; at most ${max}). Shorten it.`;
      } else if (value) entry[part] = value;
    }
    if (entry.title || entry.summary) text[language] = entry;
  }
  return Object.keys(text).length > 0 ? { text, errors } : { errors };
}

/** The text a reader of `language` sees; `fallback` says whose title it is when not their own. */
export function publicTextIn(
  stored: PublicText | undefined,
  technicalTitle: string,
  language: Language,
  defaultLanguage: Language | undefined,
): { title: string; summary?: string } {
  const own = stored?.[language];
  const fallback = defaultLanguage ? stored?.[defaultLanguage] : undefined;
  const title = own?.title ?? fallback?.title ?? technicalTitle;
  const summary = own?.summary ?? fallback?.summary;
  return summary ? { title, summary } : { title };
}
