import dayjs from 'dayjs';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'herbloop.language';

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return languages.find((l) => l === value) ?? 'zh-CN';
  } catch {
    // Storage can be blocked (privacy modes); Chinese is the default audience.
    return 'zh-CN';
  }
}

function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = language;
  // Date pickers and relative times in Ant Design format through dayjs.
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
}

/**
 * Each language's texts are a chunk of their own, loaded when the language is first used: the
 * first load carries no texts of a language the reader does not read. Every `<lang>.json` and
 * `<module>.<lang>.json` here belongs to it (a module's texts under its own top-level key).
 */
const textFiles = import.meta.glob<Record<string, unknown>>('./*.json', { import: 'default' });

function filesOf(language: Language): (() => Promise<Record<string, unknown>>)[] {
  const base = `./${language}.json`;
  return Object.keys(textFiles)
    .filter((path) => path === base || path.endsWith(`.${language}.json`))
    .sort((a, b) => Number(b === base) - Number(a === base) || a.localeCompare(b))
    .map((path) => textFiles[path]!);
}

const loading = new Map<Language, Promise<void>>();

/** dayjs's own texts of a language (date pickers, relative times), loaded with the language's texts, not in the first load's script. */
const dayjsLocales: Partial<Record<Language, () => Promise<unknown>>> = { 'zh-CN': () => import('dayjs/locale/zh-cn') };

function loadLanguage(language: Language): Promise<void> {
  let done = loading.get(language);
  if (!done) {
    done = Promise.all([Promise.all(filesOf(language).map((load) => load())), dayjsLocales[language]?.()]).then(([parts]) => {
      i18n.addResourceBundle(language, 'translation', Object.assign({}, ...parts), true, true);
      // dayjs ignores a locale it does not have yet: apply it again now that it is loaded.
      if (document.documentElement.lang === language) applyDocumentLanguage(language);
    });
    loading.set(language, done);
  }
  return done;
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the switch still applies to this page.
  }
  applyDocumentLanguage(language);
  void loadLanguage(language).then(() => i18n.changeLanguage(language));
}

export function currentLanguage(): Language {
  return languages.find((l) => l === i18n.language) ?? 'zh-CN';
}

const initial = storedLanguage();
applyDocumentLanguage(initial);
void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
});

/** Resolves once the reader's language can be shown (the app renders after it); the fallback follows. */
export const textsReady: Promise<void> = loadLanguage(initial).then(() => {
  void loadLanguage('zh-CN');
});

export default i18n;
