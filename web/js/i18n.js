// Dutch and English. The app follows the session's language; the switch in the top bar
// overrides it (remembered in localStorage). t('key', {n}) picks 'key.one' / 'key.other'.
import { nl } from './lang/nl.js';
import { en } from './lang/en.js';

const DICTS = { nl, en };
const KEY = 'tafel.lang';
let sessionLang = null;
const listeners = new Set();

function stored() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

export function lang() {
  const o = stored();
  if (o && DICTS[o]) return o;
  if (sessionLang && DICTS[sessionLang]) return sessionLang;
  const nav = (navigator.language || 'en').toLowerCase();
  return nav.startsWith('nl') ? 'nl' : 'en';
}

export function setSessionLang(l) {
  const before = lang();
  sessionLang = l;
  if (lang() !== before) changed();
  document.documentElement.lang = lang();
}

export function setLang(l) {
  try { localStorage.setItem(KEY, l); } catch { /* private mode */ }
  changed();
}

export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

function changed() {
  document.documentElement.lang = lang();
  for (const fn of listeners) fn(lang());
}

export function t(key, vars) {
  const d = DICTS[lang()];
  let s;
  if (vars && typeof vars.n === 'number') s = d[`${key}.${vars.n === 1 ? 'one' : 'other'}`];
  if (s == null) s = d[key];
  if (s == null) s = en[key];
  if (s == null) return key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] != null ? String(vars[k]) : m));
  return s;
}

export function phaseKindName(kind) { return t(`kind.${kind}`); }
export function quadrantName(q) { return t(`quadrant.${q}`); }

export function formatDate(ms) {
  try {
    return new Intl.DateTimeFormat(lang() === 'nl' ? 'nl-NL' : 'en-GB',
      { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  } catch { return new Date(ms).toISOString(); }
}

document.documentElement.lang = lang();
