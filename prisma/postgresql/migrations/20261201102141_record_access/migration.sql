-- CreateTable
CREATE TABLE "RecordAccess" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "action" TEXT NOT NULL,
    "filter" JSONB,
    "requestId" TEXT NOT NULL,

    CONSTRAINT "RecordAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordAccess_at_idx" ON "RecordAccess"("at");

