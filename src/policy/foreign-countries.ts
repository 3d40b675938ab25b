/**
 * Countries with a personal-information protection system equivalent to Japan's
 * (APPI art. 28(1), R15: the PPC's designation of the EU/EEA and the United Kingdom).
 * Kept as data so compliance can follow the PPC's list.
 */
export const EQUIVALENT_COUNTRIES: ReadonlySet<string> = new Set([
  // EU member states
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  // EEA outside the EU
  "IS",
  "LI",
  "NO",
  // United Kingdom
  "GB",
]);

export const HOME_COUNTRY = "JP";
