/**
 * The one shape every legal rule in src/policy answers with: a stable code for programs,
 * the APPI article (or house policy) it applies for people and auditors, and a message.
 * Tests assert `rule` as well as `code`, so a rule citing the wrong article fails its table.
 */
export interface RuleOutcome<C extends string = string> {
  code: C;
  /** "APPI art. 27(2)", "APPI R17(3)", "CO 11(iv)", or "House policy: ..." for stricter-than-law rules. */
  rule: string;
  message: string;
}

export function outcome<C extends string>(code: C, rule: string, message: string): RuleOutcome<C> {
  return { code, rule, message };
}
