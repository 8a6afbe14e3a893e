// Messages of one area of the UI (zh-CN first, English second), merged into the dictionary by i18n.ts.
export const zhCN = {};

export const en: Record<keyof typeof zhCN, string> = {};
