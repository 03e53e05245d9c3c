-- CreateTable
CREATE TABLE "RawSample" (
    "clusterId" TEXT NOT NULL,
    "t" DATETIME NOT NULL,
    "snapshot" BLOB NOT NULL,

    PRIMARY KEY ("clusterId", "t")
);

-- CreateTable
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "takenUntil" DATETIME NOT NULL
);
