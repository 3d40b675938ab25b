-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DataItemClass" AS ENUM ('ORDINARY', 'SENSITIVE', 'PERSONALLY_REFERABLE', 'IDENTIFICATION_CODE');

-- CreateEnum
CREATE TYPE "LegalBasis" AS ENUM ('ENTRUSTEE', 'JOINT_USE', 'SUCCESSION', 'THIRD_PARTY_CONSENT', 'OPT_OUT', 'LEGAL_EXCEPTION');

-- CreateEnum
CREATE TYPE "ForeignRoute" AS ENUM ('CONSENT', 'EQUIVALENT_COUNTRY', 'CONFORMING_SYSTEM');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PARTNER', 'ANALYTICS', 'COMPLIANCE', 'ADMIN');

-- CreateEnum
CREATE TYPE "AcquisitionMethod" AS ENUM ('DIRECT', 'FROM_THIRD_PARTY_WITH_CONSENT', 'BY_OPT_OUT', 'IMPROPER');

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "fullNameKana" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "prefecture" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "birthDate" TIMESTAMP(3) NOT NULL,
    "gender" TEXT NOT NULL,
    "companyName" TEXT,
    "department" TEXT,
    "membershipTier" TEXT NOT NULL,
    "customerSince" TIMESTAMP(3) NOT NULL,
    "cookieId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "lastIp" TEXT NOT NULL,
    "medicalNote" TEXT,
    "driversLicenseNumber" TEXT,
    "acquisitionMethod" "AcquisitionMethod" NOT NULL DEFAULT 'DIRECT',

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "product" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataItem" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "labelJa" TEXT NOT NULL,
    "class" "DataItemClass" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataItem_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Purpose" (
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "descriptionJa" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Purpose_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "PurposeItem" (
    "purposeCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    CONSTRAINT "PurposeItem_pkey" PRIMARY KEY ("purposeCode","itemCode")
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "representative" TEXT NOT NULL,
    "country" TEXT NOT NULL DEFAULT 'JP',
    "legalBasis" "LegalBasis" NOT NULL,
    "foreignRoute" "ForeignRoute",
    "contractRef" TEXT NOT NULL,
    "activeFrom" TIMESTAMP(3) NOT NULL,
    "activeUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecipientPurpose" (
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,

    CONSTRAINT "RecipientPurpose_pkey" PRIMARY KEY ("recipientId","purposeCode")
);

-- CreateTable
CREATE TABLE "RecipientItem" (
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    CONSTRAINT "RecipientItem_pkey" PRIMARY KEY ("recipientId","purposeCode","itemCode")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "recipientId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKeyId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Person_prefecture_idx" ON "Person"("prefecture");

-- CreateIndex
CREATE INDEX "Order_personId_idx" ON "Order"("personId");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurposeItem" ADD CONSTRAINT "PurposeItem_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurposeItem" ADD CONSTRAINT "PurposeItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientPurpose" ADD CONSTRAINT "RecipientPurpose_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientPurpose" ADD CONSTRAINT "RecipientPurpose_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientItem" ADD CONSTRAINT "RecipientItem_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientItem" ADD CONSTRAINT "RecipientItem_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientItem" ADD CONSTRAINT "RecipientItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

