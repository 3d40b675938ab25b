/**
 * Plain inputs for Teikyo's legal rules. The rules import nothing from GraphQL or
 * Prisma: resolvers and plugins gather these facts and apply the decisions.
 */
export type DataItemClass = "ORDINARY" | "SENSITIVE" | "PERSONALLY_REFERABLE" | "IDENTIFICATION_CODE";

export type LegalBasis =
  "ENTRUSTEE" | "JOINT_USE" | "SUCCESSION" | "THIRD_PARTY_CONSENT" | "OPT_OUT" | "LEGAL_EXCEPTION";

export type ForeignRoute = "CONSENT" | "EQUIVALENT_COUNTRY" | "CONFORMING_SYSTEM";

export interface DataItemFacts {
  code: string;
  class: DataItemClass;
}

export interface PurposeFacts {
  code: string;
  /** The version in force (recorded with each provision). */
  versionId?: string;
  /** The items this purpose of use may use (art. 17-18). */
  items: readonly string[];
}

export interface RecipientFacts {
  id: string;
  name: string;
  legalBasis: LegalBasis;
  /** ISO 3166-1 alpha-2. */
  country: string;
  foreignRoute: ForeignRoute | null;
  activeFrom: Date;
  activeUntil: Date | null;
  /** Purposes the contract or notice covers (entrusted work, announced joint use). */
  purposes: readonly string[];
  /** Per purpose, the items the recipient may receive. */
  items: ReadonlyMap<string, ReadonlySet<string>>;
  /** Named group a consent may cover. */
  groupCode: string | null;
  /** The recipient will link personally referable items to people (art. 31). */
  linksReferableData: boolean;
  /** Continuous provision is also recorded in bulk (R19(2)). */
  bulkRecording?: boolean;
}

/** The ground a provision rests on once decided (what the provision record will say). */
export type ProvisionGround =
  "ENTRUSTMENT" | "JOINT_USE" | "SUCCESSION" | "CONSENT" | "FOREIGN_CONSENT" | "OPT_OUT" | "LEGAL_EXCEPTION";

/** Which record a provision needs (art. 29, 31): decided here, written by the records module. */
export type RecordKind =
  "NOT_REQUIRED" | "CONSENT" | "FOREIGN_CONSENT" | "OPT_OUT" | "REFERABLE_CONFIRMATION";

/** One personal field a query asks for, and the data item it is (null: none declared). */
export interface RequestedField {
  /** Where it is asked, e.g. "people.edges.node.email" or "Person.email". */
  path: string;
  item: string | null;
}

/** Why a provision is refused; `rule` names the APPI article, for people and for logs. */
export interface Denial {
  code: DenialCode;
  rule: string;
  message: string;
  path?: string;
  item?: string;
}

export type DenialCode =
  | "RECIPIENT_INACTIVE"
  | "UNKNOWN_PURPOSE"
  | "PURPOSE_NOT_PERMITTED"
  | "UNKNOWN_DATA_ITEM"
  | "NO_DATA_ITEM_REQUESTED"
  | "ITEM_OUTSIDE_PURPOSE"
  | "ITEM_NOT_IN_SCOPE"
  | "BASIS_NOT_AVAILABLE"
  | "FOREIGN_ROUTE_REQUIRED"
  | "FOREIGN_CHECK_MISSING"
  | "FOREIGN_MEASURES_NOT_ASSURED"
  | "FOREIGN_CHECK_OVERDUE"
  | "OPT_OUT_NOTICE_MISSING"
  | "OPT_OUT_NOTICE_INCOMPLETE"
  | "OPT_OUT_NOT_STARTED"
  | "ITEM_NOT_IN_NOTICE"
  | "SENSITIVE_BY_OPT_OUT"
  | "IDENTIFICATION_CODE_BY_OPT_OUT"
  | "JOINT_USE_NOTICE_MISSING"
  | "JOINT_USE_NOTICE_INCOMPLETE";
