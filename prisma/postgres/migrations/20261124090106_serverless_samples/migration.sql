-- CreateTable
CREATE TABLE "RawSample" (
    "clusterId" TEXT NOT NULL,
    "t" TIMESTAMP(3) NOT NULL,
    "snapshot" BYTEA NOT NULL,

    CONSTRAINT "RawSample_pkey" PRIMARY KEY ("clusterId","t")
);

-- CreateTable
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "takenUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("key")
);
