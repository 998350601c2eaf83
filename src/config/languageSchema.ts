import { z } from 'zod';
import { isLanguage, LANGUAGES, type Language } from '../i18n/languages';

/*
 * The process file's language fields (docs/process-file.md, "Languages"): the public languages, the team's,
 * and the audience whose entries may name a reader's own language.
 */

const email = z.email('must be an e-mail address like name@example.org');

const CODES = LANGUAGES.map((code) => `"${code}"`).join(', ');

/** A language code of the public texts ("fr", "de", "en"). */
export const language = z.unknown().transform((value, ctx): Language => {
  if (isLanguage(value)) return value;
  ctx.addIssue({
    code: 'custom',
    message:
      typeof value === 'string'
        ? `"${value}" is not a language the bot speaks; use one of ${CODES}`
        : `must be a language code, one of ${CODES}`,
  });
  return z.NEVER;
});

/** The public languages in order, the first the default: each once. */
export const languages = z
  .array(language)
  .min(1, 'lists no language; leave "languages" out for English only')
  .refine((list) => new Set(list).size === list.length, 'names a language twice');

/** Teams speaks English only so far: the field is read so that a file can say so, and the rest is refused. */
export const teamLanguage = language.refine(
  (code) => code === 'en',
  'cards and replies in Teams are in English only for now; leave "teamLanguage" out or set it to "en"',
);

/** An address (the default language), or { "email": "…", "language": "de" } for a reader of another. */
const audienceEntry = z.unknown().transform((value, ctx): { email: string; language?: Language } => {
  const parsed =
    typeof value === 'string' ? email.safeParse(value) : z.strictObject({ email, language }).safeParse(value);
  if (parsed.success) return typeof parsed.data === 'string' ? { email: parsed.data } : parsed.data;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

/** `audience.emails`: the addresses, and the language of those who asked for their own. */
export const audience = z.strictObject({ emails: z.array(audienceEntry) }).transform(({ emails }) => {
  const own = emails.filter((entry) => entry.language !== undefined);
  return {
    emails: emails.map((entry) => entry.email),
    ...(own.length > 0
      ? { languages: Object.fromEntries(own.map((entry) => [entry.email.toLowerCase(), entry.language!])) }
      : {}),
  };
});
