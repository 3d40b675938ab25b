-- CreateTable
CREATE TABLE "RecordPurge" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "upToSeq" INTEGER NOT NULL,
    "anchorHash" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RecordPurge_pkey" PRIMARY KEY ("id")
);


