/*
 * Chinese and Beijing time for the Operaton 1.0.3 web apps (Welcome, Cockpit, Tasklist, Admin).
 * Each app's scripts/config.js imports this module; the apps load config.js before they start,
 * so everything here is in place before the first label or date is shown.
 */

/** As in each config.js: zh (the project's locales/zh.json) first, English kept for who asks for it. */
const AVAILABLE_LOCALES = ['zh', 'en'];
const DEFAULT_LOCALE = 'zh';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact. */
export const SHANGHAI_UTC_OFFSET_MINUTES = 8 * 60;

/** Shared by the four apps (one origin), so a choice made in one holds in all. */
const LOCALE_STORAGE_KEY = 'anquan.webapp.locale';

/** Date formats of the apps' date filter (`camDate`), used where an app reads them from config.js. */
export const DATE_FORMAT = {
  monthName: 'MMMM',
  day: 'DD',
  abbr: 'YYYY-MM-DD HH:mm',
  normal: 'YYYY-MM-DD HH:mm',
  long: 'YYYY年M月D日 dddd HH:mm',
  short: 'YYYY-MM-DD',
};

/**
 * The locale to show: `?locale=en` (or `?locale=zh`) in an app's address sets it and is
 * remembered; otherwise zh, whatever language the browser prefers.
 */
export function chosenLocale(win = window) {
  let asked = null;
  try {
    asked = new URLSearchParams(win.location.search).get('locale');
  } catch {
    asked = null;
  }
  const storage = safeStorage(win);
  if (asked && AVAILABLE_LOCALES.includes(asked)) {
    storage?.setItem(LOCALE_STORAGE_KEY, asked);
    return asked;
  }
  const remembered = storage?.getItem(LOCALE_STORAGE_KEY);
  return remembered && AVAILABLE_LOCALES.includes(remembered) ? remembered : DEFAULT_LOCALE;
}

function safeStorage(win) {
  try {
    return win.localStorage;
  } catch {
    // Storage can be disabled by the browser's privacy settings; zh then stays the default.
    return null;
  }
}

/**
 * The apps pick the browser's first language when it is one of availableLocales and offer no
 * setting or switch for it (angular-translate's determinePreferredLanguage in each bundle), so an
 * en-US browser would get English. The page's navigator therefore reports the chosen locale.
 */
export function preferLocale(locale, nav = window.navigator) {
  Object.defineProperty(nav, 'languages', { configurable: true, get: () => [locale] });
  Object.defineProperty(nav, 'language', { configurable: true, get: () => locale });
}

/**
 * The apps format every date with moment (the `camDate` filter, Tasklist's relative times) in
 * the browser's time zone; they ship no moment-timezone and have no time-zone setting. The one
 * moment instance lives in the shared webpack chunk (lib/deps.js): it is found by its own code
 * (not by a module number, which changes between releases) and given the hook moment-timezone
 * uses, so dates render at UTC+8 whatever the browser's zone. Returns false when not found.
 */
export function showDatesInShanghaiTime(win = window) {
  const chunks = win.webpackChunkoperaton_bpm_webapp;
  if (!Array.isArray(chunks)) return false;
  let moment = null;
  chunks.push([['anquan-shanghai-time'], {}, (require) => {
    for (const id of Object.keys(require.m)) {
      const source = String(require.m[id]);
      if (source.includes('.updateOffset=function(){}') && source.includes('ISO_8601')) {
        const candidate = require(id);
        if (typeof candidate === 'function' && typeof candidate.updateOffset === 'function' && candidate.ISO_8601) {
          moment = candidate;
          return;
        }
      }
    }
  }]);
  if (!moment) return false;
  let adjusting = false;
  moment.updateOffset = (value, keepTime) => {
    // moment.utc() and parseZone() results keep the offset they were asked for.
    if (adjusting || value._isUTC || !value.isValid()) return;
    adjusting = true;
    try {
      // A time read without an offset (typed into a date field) is meant as Beijing time;
      // one with an offset (the engine's ISO dates) or a Date keeps its instant.
      const wallTime = Boolean(keepTime) || (Array.isArray(value._a) && value._tzm === undefined);
      value.utcOffset(SHANGHAI_UTC_OFFSET_MINUTES, wallTime);
    } finally {
      adjusting = false;
    }
  };
  return true;
}

/**
 * Called first by each app's config.js, whose `locales` entry is
 * `{ availableLocales: ['zh', 'en'], fallbackLocale: 'zh' }`. Returns the locale shown.
 */
export function applyChineseDefaults(win = window) {
  const locale = chosenLocale(win);
  preferLocale(locale, win.navigator);
  showDatesInShanghaiTime(win);
  return locale;
}
