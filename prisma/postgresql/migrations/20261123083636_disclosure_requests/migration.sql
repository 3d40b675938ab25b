-- CreateEnum
CREATE TYPE "DisclosureStatus" AS ENUM ('RECEIVED', 'VERIFIED', 'COMPILED', 'DELIVERED', 'REFUSED');

-- CreateTable
CREATE TABLE "DisclosureRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "dueBy" TIMESTAMP(3) NOT NULL,
    "deliveryMethod" TEXT NOT NULL,
    "agentName" TEXT,
    "agentAuthority" TEXT,
    "identityVerification" TEXT,
    "feeYen" INTEGER NOT NULL,
    "status" "DisclosureStatus" NOT NULL,
    "refusalReason" TEXT,
    "compiledAt" TIMESTAMP(3),
    "compiledJson" JSONB,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "DisclosureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureWithholding" (
    "requestId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "DisclosureWithholding_pkey" PRIMARY KEY ("requestId","eventId")
);

-- CreateIndex
CREATE INDEX "DisclosureRequest_status_dueBy_idx" ON "DisclosureRequest"("status", "dueBy");

-- AddForeignKey
ALTER TABLE "DisclosureWithholding" ADD CONSTRAINT "DisclosureWithholding_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

