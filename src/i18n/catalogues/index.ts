import type { Language } from '../languages';
import { de } from './de';
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type { MessageKey } from './en';

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, fr, de };
