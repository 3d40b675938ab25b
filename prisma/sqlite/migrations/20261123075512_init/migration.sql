-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fullName" TEXT NOT NULL,
    "fullNameKana" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "prefecture" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "birthDate" DATETIME NOT NULL,
    "gender" TEXT NOT NULL,
    "companyName" TEXT,
    "department" TEXT,
    "membershipTier" TEXT NOT NULL,
    "customerSince" DATETIME NOT NULL,
    "cookieId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "lastIp" TEXT NOT NULL,
    "medicalNote" TEXT,
    "driversLicenseNumber" TEXT,
    "acquisitionMethod" TEXT NOT NULL DEFAULT 'DIRECT'
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    "product" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    CONSTRAINT "Order_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataItem" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "labelJa" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Purpose" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL,
    "descriptionJa" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PurposeItem" (
    "purposeCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    PRIMARY KEY ("purposeCode", "itemCode"),
    CONSTRAINT "PurposeItem_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose" ("code") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PurposeItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "representative" TEXT NOT NULL,
    "country" TEXT NOT NULL DEFAULT 'JP',
    "legalBasis" TEXT NOT NULL,
    "foreignRoute" TEXT,
    "contractRef" TEXT NOT NULL,
    "activeFrom" DATETIME NOT NULL,
    "activeUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RecipientPurpose" (
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,

    PRIMARY KEY ("recipientId", "purposeCode"),
    CONSTRAINT "RecipientPurpose_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecipientPurpose_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecipientItem" (
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    PRIMARY KEY ("recipientId", "purposeCode", "itemCode"),
    CONSTRAINT "RecipientItem_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecipientItem_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose" ("code") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RecipientItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "recipientId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKeyId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB
);

-- CreateIndex
CREATE INDEX "Person_prefecture_idx" ON "Person"("prefecture");

-- CreateIndex
CREATE INDEX "Order_personId_idx" ON "Order"("personId");

-- CreateIndex
CREATE INDEX "AuditEvent_entity_entityId_idx" ON "AuditEvent"("entity", "entityId");

