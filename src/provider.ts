/**
 * The providing company, as partners confirm it for their art. 30 record: name, address,
 * representative, and how it acquired the data. Demo values unless set in the environment.
 */
export interface Provider {
  name: string;
  address: string;
  representative: string;
  acquisition: string;
}

export function providerInfo(env: NodeJS.ProcessEnv = process.env): Provider {
  return {
    name: env.TEIKYO_PROVIDER_NAME ?? "株式会社ミナト・ライフスタイル (Minato Lifestyle Co., Ltd.)",
    address: env.TEIKYO_PROVIDER_ADDRESS ?? "東京都港区海岸1-1-1",
    representative: env.TEIKYO_PROVIDER_REPRESENTATIVE ?? "代表取締役社長 港 一郎",
    acquisition:
      env.TEIKYO_PROVIDER_ACQUISITION ??
      "Directly from customers when they register and order on the company's online shop and apps",
  };
}
