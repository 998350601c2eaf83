import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { publicSummaryField, publicTitleField } from '../../domain/publicText';
import { LANGUAGE_NAMES, type Language } from '../../i18n/languages';

/*
 * The form's optional public title and summary, one pair per public language of the chosen service (the
 * process's when none is chosen yet). A process without `languages` gets none: its form stays as it was.
 */

export interface PublicTextInputData {
  titleId: string;
  summaryId: string;
  titleLabel: string;
  summaryLabel: string;
  titlePlaceholder: string;
  summaryPlaceholder: string;
  titleValue: string;
  summaryValue: string;
}

export interface PublicTextFormData {
  hasPublicTexts: boolean;
  publicTexts: PublicTextInputData[];
  defaultLanguageName: string;
}

/** `own`: the chosen service's process; `typed`: the values sent back with a form shown again. */
export function publicTextFormData(
  own: ProcessDefinition,
  typed: Readonly<Record<string, string>> = {},
): PublicTextFormData {
  const languages = own.languages ?? [];
  return {
    hasPublicTexts: languages.length > 0,
    defaultLanguageName: languages[0] ? LANGUAGE_NAMES[languages[0]] : '',
    publicTexts: languages.map((language) => {
      const name = LANGUAGE_NAMES[language];
      return {
        titleId: publicTitleField(language),
        summaryId: publicSummaryField(language),
        titleLabel: `Public title (${name})`,
        summaryLabel: `Public summary (${name})`,
        // The process file holds no public texts to prefill: the placeholder says what belongs here.
        titlePlaceholder: `What the people affected read, in ${name}: e.g. the platform will be unavailable`,
        summaryPlaceholder: `In ${name}: what they will notice and what to do, e.g. save your work before 18:00`,
        titleValue: typed[publicTitleField(language)] ?? '',
        summaryValue: typed[publicSummaryField(language)] ?? '',
      };
    }),
  };
}

/**
 * "Public text: Français ✓, Deutsch — no summary, the Français one is used": what each language's readers
 * get, so that the implementer sees a missing translation before the announcement. '' without languages.
 */
export function publicTextLine(change: Change, languages: readonly Language[]): string {
  const first = languages[0];
  if (!first) return '';
  const stored = change.publicText ?? {};
  const standIn = (part: 'title' | 'summary', language: Language): string => {
    if (language !== first && stored[first]?.[part]) return `the ${LANGUAGE_NAMES[first]} one is used`;
    return part === 'title' ? 'the technical title is used' : 'none is shown';
  };
  const marks = languages.map((language) => {
    const own = stored[language] ?? {};
    const name = LANGUAGE_NAMES[language];
    if (own.title && own.summary) return `${name} ✓`;
    if (!own.title && !own.summary) {
      const title = standIn('title', language);
      return `${name} — missing, ${title === 'the technical title is used' ? title : `the ${LANGUAGE_NAMES[first]} text is used`}`;
    }
    return own.title
      ? `${name} — no summary, ${standIn('summary', language)}`
      : `${name} — no title, ${standIn('title', language)}`;
  });
  return `Public text: ${marks.join(', ')}`;
}
