-- CreateTable
CREATE TABLE "OutcomePoint" (
    "sourceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "t" TIMESTAMP(3) NOT NULL,
    "success" DOUBLE PRECISION NOT NULL,
    "failure" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "OutcomePoint_pkey" PRIMARY KEY ("sourceId","type","t")
);

-- CreateIndex
CREATE INDEX "OutcomePoint_t_idx" ON "OutcomePoint"("t");
