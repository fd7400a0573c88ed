import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import accountsEn from './accounts.en.json';
import accountsZhCN from './accounts.zh-CN.json';
import bulletinsEn from './bulletins.en.json';
import bulletinsZhCN from './bulletins.zh-CN.json';
import byproductsEn from './byproducts.en.json';
import byproductsZhCN from './byproducts.zh-CN.json';
import en from './en.json';
import exchangeEn from './exchange.en.json';
import exchangeZhCN from './exchange.zh-CN.json';
import exchangeAuctionEn from './exchange-auction.en.json';
import exchangeAuctionZhCN from './exchange-auction.zh-CN.json';
import homeEn from './home.en.json';
import homeZhCN from './home.zh-CN.json';
import notificationsEn from './notifications.en.json';
import notificationsZhCN from './notifications.zh-CN.json';
import supplyEn from './supply.en.json';
import supplyZhCN from './supply.zh-CN.json';
import warningsEn from './warnings.en.json';
import warningsZhCN from './warnings.zh-CN.json';
import zhCN from './zh-CN.json';

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

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the switch still applies to this page.
  }
  applyDocumentLanguage(language);
  void i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return languages.find((l) => l === i18n.language) ?? 'zh-CN';
}

const initial = storedLanguage();
applyDocumentLanguage(initial);
void i18n.use(initReactI18next).init({
  // Module texts live in their own files (top-level key per module) merged into one namespace.
  resources: {
    'zh-CN': { translation: { ...zhCN, ...accountsZhCN, ...supplyZhCN, ...byproductsZhCN, ...warningsZhCN, ...bulletinsZhCN, ...homeZhCN, ...notificationsZhCN, ...exchangeZhCN, ...exchangeAuctionZhCN } },
    en: { translation: { ...en, ...accountsEn, ...supplyEn, ...byproductsEn, ...warningsEn, ...bulletinsEn, ...homeEn, ...notificationsEn, ...exchangeEn, ...exchangeAuctionEn } },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
});

export default i18n;
