-- DropIndex
DROP INDEX "Order_personId_idx";

-- CreateIndex
CREATE INDEX "Order_personId_amount_category_idx" ON "Order"("personId", "amount", "category");

