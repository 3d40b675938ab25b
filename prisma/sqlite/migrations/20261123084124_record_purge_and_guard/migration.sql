-- CreateTable
CREATE TABLE "RecordPurge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "upToSeq" INTEGER NOT NULL,
    "anchorHash" TEXT NOT NULL,
    "count" INTEGER NOT NULL
);

