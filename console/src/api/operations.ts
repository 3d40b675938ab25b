// Every GraphQL operation the console runs, typed by GraphQL Code Generator (npm run console:codegen).
import { graphql } from "../gql";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      keyId
      label
      role
    }
  }
`);

export const PersonViewQuery = graphql(`
  query PersonView($personId: String!) {
    privacyState(personId: $personId) {
      personId
      acquisition
      consents {
        id
        recipientId
        recipientGroup
        purpose
        items
        allItems
        method
        givenAt
        withdrawnAt
        foreignStatementId
      }
      optOutRequests {
        id
        recipientId
        receivedAt
        withdrawnAt
      }
      suspensionRequests {
        id
        scope
        recipientId
        purpose
        reason
        receivedAt
        liftedAt
      }
      referablePledges {
        id
        recipientId
        pledgeRef
        confirmedAt
        withdrawnAt
      }
    }
    disclosureRequests(personId: $personId) {
      id
      status
      receivedAt
      dueBy
      overdue
    }
  }
`);

export const EligibilityQuery = graphql(`
  query Eligibility($personId: String!, $recipientId: String!, $purpose: String!) {
    provisionEligibility(personId: $personId, recipientId: $recipientId, purpose: $purpose) {
      allowed
      included
      reason
      rule
      ground
      consentId
      denials {
        code
        rule
        message
      }
    }
  }
`);

export const RecordsQuery = graphql(`
  query Records($filter: ProvisionRecordFilter, $after: String) {
    provisionRecords(filter: $filter, first: 50, after: $after) {
      nodes {
        id
        seq
        at
        recipientId
        recipient
        purpose
        ground
        legallyRequired
        recordKinds
        country
        foreignRoute
        items
        personCount
        keepUntil
        hash
        prevHash
        apiKeyId
        requestId
        people {
          personId
          items
          consentId
        }
      }
      hasNextPage
      endCursor
    }
  }
`);

export const VerifyQuery = graphql(`
  query VerifyRecords($since: String) {
    provisionRecordsVerification(since: $since) {
      ok
      events
      checkpoints
      noCheckpoints
      startCheckpoint
      checkedAt
      problems {
        seq
        problem
        detail
      }
      checkpointProblems {
        chain
        seq
        problem
        checkpoint
        detail
      }
    }
  }
`);

export const RegisterQuery = graphql(`
  query Register {
    recipients {
      id
      name
      address
      representative
      legalBasis
      contractRef
      country
      foreignRoute
      activeFrom
      activeUntil
      purposes
      scopes {
        purpose
        items
      }
      optOutNotice
      jointUseNotice
      foreignStatements
      conformingSystemChecks {
        id
        basis
        checkedAt
        nextCheckDue
        findings
        measuresAssured
      }
    }
    purposes {
      code
      description
      descriptionJa
      items
    }
    dataItems {
      code
      label
      labelJa
      class
    }
  }
`);

export const DisclosureQueueQuery = graphql(`
  query DisclosureQueue {
    disclosureRequests {
      id
      personId
      status
      receivedAt
      dueBy
      overdue
      deliveryMethod
      agentName
      feeYen
      identityVerification
      compiledAt
      deliveredAt
      refusalReason
      withheld {
        eventId
        ground
        note
      }
    }
  }
`);

export const ReceiveMutation = graphql(`
  mutation Receive($input: DisclosureRequestInput!) {
    receiveDisclosureRequest(input: $input) {
      id
      status
    }
  }
`);

export const VerifyMutation = graphql(`
  mutation VerifyIdentity($id: ID!, $identityVerification: String!, $agentAuthority: String) {
    verifyDisclosureRequest(
      id: $id
      identityVerification: $identityVerification
      agentAuthority: $agentAuthority
    ) {
      id
      status
    }
  }
`);

export const WithholdMutation = graphql(`
  mutation Withhold($requestId: ID!, $eventId: String!, $ground: WithholdingGround!, $note: String!) {
    withholdProvisionRecord(requestId: $requestId, eventId: $eventId, ground: $ground, note: $note) {
      id
      status
    }
  }
`);

export const CompileMutation = graphql(`
  mutation Compile($id: ID!) {
    compileDisclosureResponse(id: $id) {
      html
      partialRefusalNotice
      request {
        id
        status
      }
    }
  }
`);

export const DeliverMutation = graphql(`
  mutation Deliver($id: ID!) {
    markDisclosureDelivered(id: $id) {
      id
      status
    }
  }
`);

export const RefuseMutation = graphql(`
  mutation Refuse($id: ID!, $reason: String!) {
    refuseDisclosureRequest(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const DashboardQuery = graphql(`
  query Dashboard($from: DateTime!, $to: DateTime!) {
    provisionMonthly(from: $from, to: $to) {
      month
      recipientId
      provisions
      people
    }
    recipients {
      id
      name
    }
    provisionRefusalSummary(from: $from, to: $to) {
      month
      recipientId
      reason
      rule
      refusals
    }
    provisionRefusals(first: 8) {
      id
      at
      recipientId
      purposeCode
      field
      dataItem
      reason
      rule
    }
    statisticsQueryLog(first: 500) {
      at
      apiKeyId
      outcome
      refusal
      epsilonSpent
    }
    disclosureRequests {
      id
      personId
      status
      dueBy
      overdue
    }
  }
`);

export const AccessLogQuery = graphql(`
  query AccessLog {
    recordAccessLog(first: 200) {
      id
      at
      actor
      role
      action
      filter
    }
  }
`);

export const CatalogQuery = graphql(`
  query Catalog {
    recipients {
      id
      name
      legalBasis
      scopes {
        purpose
      }
    }
    purposes {
      code
      description
      descriptionJa
    }
  }
`);
