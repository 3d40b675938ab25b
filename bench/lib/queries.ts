/** The statistics queries the benchmark times, as an analytics partner would send them. */

export interface BenchQuery {
  name: string;
  description: string;
  graphql: string;
  /** Its grand total (exact but for cell-key noise) must count nearly every person. */
  countsEveryone: boolean;
}

const CELLS = `cells { key margin suppressed people values { measure value } }
    disclosureControl { k suppressedCells noise }`;

export const QUERIES: readonly BenchQuery[] = [
  {
    name: "sums",
    description:
      "PREFECTURE x AGE_BAND: PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_AVERAGE (cell-key perturbation)",
    countsEveryone: true,
    graphql: `{
  statistics(groupBy: [PREFECTURE, AGE_BAND], measures: [PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_AVERAGE]) {
    groupBy measures
    ${CELLS}
  }
}`,
  },
  {
    name: "median-filtered",
    description:
      "PREFECTURE x AGE_BAND, PRODUCT_CATEGORY in (electronics, software): PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_MEDIAN",
    countsEveryone: false,
    graphql: `{
  statistics(
    groupBy: [PREFECTURE, AGE_BAND]
    filters: [{ dimension: PRODUCT_CATEGORY, values: ["electronics", "software"] }]
    measures: [PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_MEDIAN]
  ) {
    groupBy measures
    ${CELLS}
  }
}`,
  },
  {
    name: "dp",
    description:
      "PREFECTURE x AGE_BAND: PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_AVERAGE under differential privacy (Laplace, epsilon 0.1)",
    countsEveryone: false,
    graphql: `{
  statistics(
    groupBy: [PREFECTURE, AGE_BAND]
    measures: [PEOPLE, ORDER_AMOUNT_SUM, ORDER_AMOUNT_AVERAGE]
    differentialPrivacy: { epsilon: 0.1 }
  ) {
    groupBy measures
    ${CELLS}
    privacy { mechanism epsilonSpent epsilonRemaining noise { quantity scale } }
  }
}`,
  },
];
