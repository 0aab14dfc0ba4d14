import type { MailLocale } from '../locales.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';
import { pt } from './pt.ts';
import type { PickupWording } from './wording.ts';

export type { PickupWording } from './wording.ts';

export const PICKUP_WORDING: Record<MailLocale, PickupWording> = { en, nl, fr, de, pt };
