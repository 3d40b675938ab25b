/** GraphQL enums mirroring the datamodel's. */
import { builder } from "../../builder.js";

export const DataItemClassEnum = builder.enumType("DataItemClass", {
  values: {
    ORDINARY: { description: "Ordinary personal data." },
    SENSITIVE: { description: "Special care-required (要配慮個人情報, art. 2(3))." },
    PERSONALLY_REFERABLE: { description: "Personally referable information (個人関連情報, art. 31)." },
    IDENTIFICATION_CODE: { description: "Individual identification code (個人識別符号, CO 1)." },
    MY_NUMBER: {
      description:
        "Individual number (個人番号, 特定個人情報): only to an entrustee doing My Number tasks (My Number Act art. 19-20).",
    },
  } as const,
});

export const LegalBasisEnum = builder.enumType("LegalBasis", {
  values: {
    ENTRUSTEE: { description: "Entrustment (委託, art. 27(5)(i))." },
    JOINT_USE: { description: "Joint use (共同利用, art. 27(5)(iii))." },
    SUCCESSION: { description: "Business succession (art. 27(5)(ii))." },
    THIRD_PARTY_CONSENT: { description: "Third party with the person's consent (art. 27(1))." },
    OPT_OUT: { description: "Opt-out provision (art. 27(2))." },
    LEGAL_EXCEPTION: { description: "A legal exception (art. 27(1)(i)-(vii))." },
  } as const,
});

export const ForeignRouteEnum = builder.enumType("ForeignRoute", {
  values: {
    CONSENT: { description: "Route A: consent to provision abroad (art. 28(1), R17)." },
    EQUIVALENT_COUNTRY: { description: "Route B: EU/EEA/UK (R15)." },
    CONFORMING_SYSTEM: { description: "Route C: conforming system (R16)." },
  } as const,
});

export const RoleEnum = builder.enumType("Role", {
  values: ["PARTNER", "ANALYTICS", "COMPLIANCE", "ADMIN"] as const,
});
