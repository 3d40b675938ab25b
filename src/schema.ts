/** Imports every module's types and builds the schema. */
import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.js";
import "./scalars.js";
import "./modules/catalog/data-item.js";
import "./modules/catalog/purpose.js";
import "./modules/recipients/recipients.query.js";
import "./modules/recipients/recipient.mutations.js";
import "./modules/audit/audit-event.type.js";
import "./modules/people/people.query.js";
import "./modules/person-state/consent.mutations.js";
import "./modules/person-state/requests.mutations.js";
import "./modules/person-state/privacy-state.query.js";
import "./modules/recipients/notices.mutations.js";
import "./modules/legal-exception/legal-exception.mutation.js";
import "./modules/records/provision-records.query.js";
import "./modules/records/my-provisions.query.js";
import "./modules/records/checkpoints/record-checkpoints.query.js";
import "./modules/records/records-verification.query.js";
import "./modules/records/provision-monthly.query.js";
import "./modules/recipients/recipient-register.fields.js";
import "./modules/access-audit/record-accesses.query.js";
import "./modules/refusals/provision-refusals.query.js";
import "./modules/disclosure/disclosure-request.type.js";
import "./modules/disclosure/disclosure.mutations.js";
import "./modules/receipts/receipt-record.js";
import "./modules/correction/correction-request.js";
import "./modules/leak/leak-report.js";
import "./modules/supervision/entrustee-supervision.js";
import "./modules/person-state/stop-request.js";
import "./modules/statistics/statistics.query.js";
import "./modules/statistics/privacy-budget.graphql.js";
import "./modules/persisted-operations/persisted-operation.type.js";
import "./modules/persisted-operations/register-persisted-operation.mutation.js";
import "./modules/persisted-operations/set-recipient-allow-list-only.mutation.js";
import "./modules/notice/public-notice.query.js";

export const schema = builder.toSchema();

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
