/**
 * @module Open data settings
 * The licence the city publishes its open data under, read from the environment in one place:
 * - `HOSHIN_OPEN_DATA_LICENSE`: an SPDX id Hoshin knows (`CC-BY-4.0`, the default, `CC-BY-SA-4.0`,
 *   `CC0-1.0`, `PDL-1.0` = 公共データ利用規約 第1.0版), or the URL of another licence;
 * - `HOSHIN_OPEN_DATA_ATTRIBUTION`: the credit a reuser must give (表示), `{地方公共団体名}` replaced by
 *   the city's name (default: just the name).
 * Read per request, never refused: a value Hoshin does not know is published as it is, so a typo
 * cannot take the open data down (the notice then shows the text as written).
 */

export interface OpenDataLicense {
  /** SPDX id (e.g. CC-BY-4.0), or the text as configured. */
  id: string;
  /** Japanese name as printed in notices. */
  title: string;
  /** The licence's deed, for `Link: rel="license"`; null when unknown. */
  url: string | null;
}

export interface OpenDataSettings {
  license: OpenDataLicense;
  /** Attribution template; `{地方公共団体名}` becomes the municipality's name. */
  attribution: string;
}

const KNOWN_LICENSES: Record<string, OpenDataLicense> = {
  'CC-BY-4.0': {
    id: 'CC-BY-4.0',
    title: 'クリエイティブ・コモンズ 表示 4.0 国際',
    url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
  },
  'CC-BY-SA-4.0': {
    id: 'CC-BY-SA-4.0',
    title: 'クリエイティブ・コモンズ 表示-継承 4.0 国際',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.ja',
  },
  'CC0-1.0': {
    id: 'CC0-1.0',
    title: 'CC0 1.0 全世界 パブリック・ドメイン提供',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.ja',
  },
  'PDL-1.0': {
    id: 'PDL-1.0',
    title: '公共データ利用規約（第1.0版）',
    url: 'https://www.digital.go.jp/resources/open_data/public_data_license_v1.0',
  },
};

export const DEFAULT_LICENSE_ID = 'CC-BY-4.0';
export const MUNICIPALITY_PLACEHOLDER = '{地方公共団体名}';

/** The licence a configured value names. */
export function licenseOf(value: string): OpenDataLicense {
  const text = value.trim() || DEFAULT_LICENSE_ID;
  const known = Object.values(KNOWN_LICENSES).find((l) => l.id.toLowerCase() === text.toLowerCase());
  if (known) return known;
  if (/^https?:\/\//u.test(text)) return { id: text, title: text, url: text };
  return { id: text, title: text, url: null };
}

/**
 * @example openDataSettingsFromEnv({}).license.id // 'CC-BY-4.0'
 */
export function openDataSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenDataSettings {
  return {
    license: licenseOf(env.HOSHIN_OPEN_DATA_LICENSE ?? ''),
    attribution: env.HOSHIN_OPEN_DATA_ATTRIBUTION?.trim() || MUNICIPALITY_PLACEHOLDER,
  };
}

/** The credit to give, for one municipality. */
export const attributionFor = (settings: OpenDataSettings, municipalityName: string): string =>
  settings.attribution.replaceAll(MUNICIPALITY_PLACEHOLDER, municipalityName);

/** The sentence every file and page carries. */
export function licenseNotice(settings: OpenDataSettings, municipalityName: string): string {
  const { license } = settings;
  const name = license.title === license.id ? license.id : `${license.title}（${license.id}）`;
  return `このデータは${name}の下で提供されています。利用の際は「${attributionFor(settings, municipalityName)}」と出典を表示してください。`;
}
