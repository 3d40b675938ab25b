-- CreateEnum
CREATE TYPE "SuspensionScope" AS ENUM ('THIRD_PARTY_PROVISION', 'USE_FOR_PURPOSE');

-- CreateEnum
CREATE TYPE "LegalExceptionGround" AS ENUM ('LAWS_AND_REGULATIONS', 'LIFE_BODY_PROPERTY', 'PUBLIC_HEALTH_CHILDREN', 'GOVERNMENT_AFFAIRS', 'ACADEMIC_RESEARCH');

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "groupCode" TEXT,
ADD COLUMN     "linksReferableData" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "recipientId" TEXT,
    "recipientGroup" TEXT,
    "purposeCode" TEXT NOT NULL,
    "allItems" BOOLEAN NOT NULL DEFAULT false,
    "foreignStatementId" TEXT,
    "givenAt" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "evidenceRef" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentItem" (
    "consentId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    CONSTRAINT "ConsentItem_pkey" PRIMARY KEY ("consentId","itemCode")
);

-- CreateTable
CREATE TABLE "OptOutNotice" (
    "recipientId" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "providerAddress" TEXT NOT NULL,
    "providerRepresentative" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "acquisitionMethod" TEXT NOT NULL,
    "provisionMethod" TEXT NOT NULL,
    "stopOnRequest" BOOLEAN NOT NULL,
    "requestMethod" TEXT NOT NULL,
    "updateMethod" TEXT NOT NULL,
    "ppcFiledAt" TIMESTAMP(3) NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OptOutNotice_pkey" PRIMARY KEY ("recipientId")
);

-- CreateTable
CREATE TABLE "OptOutRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "recipientId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "OptOutRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuspensionRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "scope" "SuspensionScope" NOT NULL,
    "recipientId" TEXT,
    "purposeCode" TEXT,
    "reason" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "liftedAt" TIMESTAMP(3),

    CONSTRAINT "SuspensionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForeignStatement" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "country" TEXT,
    "countryUnknownReason" TEXT,
    "protectionSystem" TEXT NOT NULL,
    "recipientMeasures" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForeignStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConformingSystemCheck" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "nextCheckDue" TIMESTAMP(3) NOT NULL,
    "findings" TEXT NOT NULL,
    "measuresAssured" BOOLEAN NOT NULL,

    CONSTRAINT "ConformingSystemCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferablePledge" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "personId" TEXT,
    "pledgeRef" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "ReferablePledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointUseNotice" (
    "recipientId" TEXT NOT NULL,
    "jointUsers" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "purposes" JSONB NOT NULL,
    "responsibleName" TEXT NOT NULL,
    "responsibleAddress" TEXT NOT NULL,
    "responsibleRepresentative" TEXT NOT NULL,
    "announcedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JointUseNotice_pkey" PRIMARY KEY ("recipientId")
);

-- CreateTable
CREATE TABLE "LegalExceptionProvision" (
    "id" TEXT NOT NULL,
    "ground" "LegalExceptionGround" NOT NULL,
    "reference" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL,
    "personIds" JSONB NOT NULL,
    "items" JSONB NOT NULL,
    "actorKeyId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegalExceptionProvision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Consent_personId_idx" ON "Consent"("personId");

-- CreateIndex
CREATE INDEX "Consent_recipientId_purposeCode_idx" ON "Consent"("recipientId", "purposeCode");

-- CreateIndex
CREATE INDEX "OptOutRequest_personId_idx" ON "OptOutRequest"("personId");

-- CreateIndex
CREATE INDEX "SuspensionRequest_personId_idx" ON "SuspensionRequest"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ForeignStatement_recipientId_version_key" ON "ForeignStatement"("recipientId", "version");

-- CreateIndex
CREATE INDEX "ConformingSystemCheck_recipientId_checkedAt_idx" ON "ConformingSystemCheck"("recipientId", "checkedAt");

-- CreateIndex
CREATE INDEX "ReferablePledge_recipientId_personId_idx" ON "ReferablePledge"("recipientId", "personId");

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_foreignStatementId_fkey" FOREIGN KEY ("foreignStatementId") REFERENCES "ForeignStatement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentItem" ADD CONSTRAINT "ConsentItem_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptOutNotice" ADD CONSTRAINT "OptOutNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OptOutRequest" ADD CONSTRAINT "OptOutRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuspensionRequest" ADD CONSTRAINT "SuspensionRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForeignStatement" ADD CONSTRAINT "ForeignStatement_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConformingSystemCheck" ADD CONSTRAINT "ConformingSystemCheck_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferablePledge" ADD CONSTRAINT "ReferablePledge_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JointUseNotice" ADD CONSTRAINT "JointUseNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

