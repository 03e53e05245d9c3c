-- CreateTable
CREATE TABLE "OutcomePoint" (
    "sourceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "t" DATETIME NOT NULL,
    "success" REAL NOT NULL,
    "failure" REAL NOT NULL,

    PRIMARY KEY ("sourceId", "type", "t")
);

-- CreateIndex
CREATE INDEX "OutcomePoint_t_idx" ON "OutcomePoint"("t");
