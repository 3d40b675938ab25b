-- CreateTable
CREATE TABLE "DisclosureRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "dueBy" DATETIME NOT NULL,
    "deliveryMethod" TEXT NOT NULL,
    "agentName" TEXT,
    "agentAuthority" TEXT,
    "identityVerification" TEXT,
    "feeYen" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "refusalReason" TEXT,
    "compiledAt" DATETIME,
    "compiledJson" JSONB,
    "deliveredAt" DATETIME
);

-- CreateTable
CREATE TABLE "DisclosureWithholding" (
    "requestId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "note" TEXT NOT NULL,

    PRIMARY KEY ("requestId", "eventId"),
    CONSTRAINT "DisclosureWithholding_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DisclosureRequest_status_dueBy_idx" ON "DisclosureRequest"("status", "dueBy");

