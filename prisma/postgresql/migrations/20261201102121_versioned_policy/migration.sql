-- Versioned purposes, item classes and notices (issue 10). Hand-edited: the data in place
-- becomes version 1 with its present dates before the old columns and tables go.

-- CreateTable
CREATE TABLE "DataItemClassVersion" (
    "id" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "class" "DataItemClass" NOT NULL,
    "announcedAt" TIMESTAMP(3) NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "effectiveUntil" TIMESTAMP(3),
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "DataItemClassVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurposeVersion" (
    "id" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "descriptionJa" TEXT NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "announcedAt" TIMESTAMP(3) NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "effectiveUntil" TIMESTAMP(3),

    CONSTRAINT "PurposeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurposeVersionItem" (
    "versionId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "itemClass" "DataItemClass" NOT NULL,

    CONSTRAINT "PurposeVersionItem_pkey" PRIMARY KEY ("versionId","itemCode")
);

-- Data: every current purpose, its items and every item's class become version 1.
INSERT INTO "DataItemClassVersion" ("id", "itemCode", "version", "class", "announcedAt", "effectiveFrom")
  SELECT 'ic1-' || "code", "code", 1, "class", "createdAt", "createdAt" FROM "DataItem";
INSERT INTO "PurposeVersion" ("id", "purposeCode", "version", "description", "descriptionJa", "announcedAt", "effectiveFrom")
  SELECT 'pv1-' || "code", "code", 1, "description", "descriptionJa", "createdAt", "createdAt" FROM "Purpose";
INSERT INTO "PurposeVersionItem" ("versionId", "itemCode", "itemClass")
  SELECT 'pv1-' || pi."purposeCode", pi."itemCode", d."class" FROM "PurposeItem" pi JOIN "DataItem" d ON d."code" = pi."itemCode";

-- DropForeignKey
ALTER TABLE "PurposeItem" DROP CONSTRAINT "PurposeItem_purposeCode_fkey";

-- DropForeignKey
ALTER TABLE "PurposeItem" DROP CONSTRAINT "PurposeItem_itemCode_fkey";

-- DropTable
DROP TABLE "PurposeItem";

-- AlterTable
ALTER TABLE "DataItem" DROP COLUMN "class";

-- AlterTable
ALTER TABLE "Purpose" DROP COLUMN "description",
DROP COLUMN "descriptionJa",
DROP COLUMN "updatedAt";

-- AlterTable: consents were given on version 1 of their purpose.
ALTER TABLE "Consent" ADD COLUMN     "purposeVersionId" TEXT;
UPDATE "Consent" SET "purposeVersionId" = 'pv1-' || "purposeCode";

-- AlterTable: the old notice recorded neither the purpose statement nor when people were
-- notified: version 1 keeps them empty, so opt-out provision stays stopped until a
-- version 2 has them.
ALTER TABLE "OptOutNotice" DROP CONSTRAINT "OptOutNotice_pkey",
DROP COLUMN "updatedAt",
ADD COLUMN     "announcedAt" TIMESTAMP(3),
ADD COLUMN     "ceasedAt" TIMESTAMP(3),
ADD COLUMN     "cessationFiledAt" TIMESTAMP(3),
ADD COLUMN     "effectiveUntil" TIMESTAMP(3),
ADD COLUMN     "id" TEXT,
ADD COLUMN     "notifiedAt" TIMESTAMP(3),
ADD COLUMN     "purposeStatement" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "version" INTEGER;
UPDATE "OptOutNotice" SET "id" = 'oon1-' || "recipientId", "version" = 1, "announcedAt" = "createdAt";
ALTER TABLE "OptOutNotice" ALTER COLUMN "id" SET NOT NULL,
ALTER COLUMN "version" SET NOT NULL,
ALTER COLUMN "announcedAt" SET NOT NULL,
ADD CONSTRAINT "OptOutNotice_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "JointUseNotice" DROP CONSTRAINT "JointUseNotice_pkey",
DROP COLUMN "updatedAt",
ADD COLUMN     "effectiveFrom" TIMESTAMP(3),
ADD COLUMN     "effectiveUntil" TIMESTAMP(3),
ADD COLUMN     "id" TEXT,
ADD COLUMN     "version" INTEGER;
UPDATE "JointUseNotice" SET "id" = 'jun1-' || "recipientId", "version" = 1, "effectiveFrom" = "announcedAt";
ALTER TABLE "JointUseNotice" ALTER COLUMN "id" SET NOT NULL,
ALTER COLUMN "version" SET NOT NULL,
ALTER COLUMN "effectiveFrom" SET NOT NULL,
ADD CONSTRAINT "JointUseNotice_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "ProvisionEvent" ADD COLUMN     "conformingCheckId" TEXT,
ADD COLUMN     "foreignStatementId" TEXT,
ADD COLUMN     "noticeVersionId" TEXT,
ADD COLUMN     "purposeVersionId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "DataItemClassVersion_itemCode_version_key" ON "DataItemClassVersion"("itemCode", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PurposeVersion_purposeCode_version_key" ON "PurposeVersion"("purposeCode", "version");

-- CreateIndex
CREATE UNIQUE INDEX "OptOutNotice_recipientId_version_key" ON "OptOutNotice"("recipientId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "JointUseNotice_recipientId_version_key" ON "JointUseNotice"("recipientId", "version");

-- AddForeignKey
ALTER TABLE "DataItemClassVersion" ADD CONSTRAINT "DataItemClassVersion_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurposeVersion" ADD CONSTRAINT "PurposeVersion_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurposeVersionItem" ADD CONSTRAINT "PurposeVersionItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PurposeVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurposeVersionItem" ADD CONSTRAINT "PurposeVersionItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_purposeVersionId_fkey" FOREIGN KEY ("purposeVersionId") REFERENCES "PurposeVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
