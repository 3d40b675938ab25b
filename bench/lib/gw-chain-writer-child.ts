/**
 * One writer process of the record-chains bench (bench/scenarios/record-chains.ts): writes
 * provision events of 10 people through Teikyo's own writer (writeProvisions) for its
 * recipients, `concurrency` requests at a time, for `seconds`, then reports how many it
 * wrote and each write's latency. Stands for one gateway replica's record path.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createDb } from "../../src/db/client.js";
import type { ProvisionDraft } from "../../src/modules/provision/provision-draft.js";
import { writeProvisions } from "../../src/modules/records/write-provisions.js";
import { keepUntil } from "../../src/policy/retention.js";
import { sampleDraft } from "../../test/provision-drafts.js";

interface Job {
  url: string;
  recipients: string[];
  concurrency: number;
  seconds: number;
}

function draft(recipientId: string): ProvisionDraft {
  const at = new Date();
  const requestId = randomUUID();
  return sampleDraft(recipientId, {
    event: {
      id: requestId,
      requestId,
      at,
      recordKinds: ["NOT_REQUIRED"],
      apiKeyId: "bench",
      keepUntil: keepUntil({ kind: "EACH", recordedAt: at }),
    },
    people: Array.from({ length: 10 }, (_, i) => ({
      personId: `C${String(i + 1).padStart(6, "0")}`,
      items: ["address", "full_name"],
      consentId: null,
    })),
  });
}

process.once("message", async (job: Job) => {
  const db = await createDb(job.url);
  await writeProvisions(db, [draft(job.recipients[0]!)]); // warm-up
  const latencies: number[] = [];
  const end = performance.now() + job.seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const recipient = job.recipients[n++ % job.recipients.length]!;
      const t = performance.now();
      await writeProvisions(db, [draft(recipient)]);
      latencies.push(performance.now() - t);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await db.$disconnect();
  process.send!({ events: latencies.length, seconds, latencies });
  process.exit(0);
});
