/**
 * A PostgreSQL database with a long, valid provision-record history and its signed
 * checkpoints, made in bulk for the verify bench (bench/scenarios/record-verify.ts): the
 * events are hashed here exactly as the writer hashes them (record-hash.ts), inserted by
 * multi-row INSERT ... SELECT FROM unnest(...) in batches (no trigger fires: the guards
 * refuse only UPDATE, DELETE and TRUNCATE, and the session skips the foreign-key triggers as
 * replication role), and checkpointed as the gateway does every interval: each chain's head
 * and the Merkle tree of its events since the previous checkpoint, signed with a key of the
 * bench's own. Kept between runs (database teikyo_bench_verify_<size>, checkpoints and key
 * under the bench cache directory) when the same settings made it; BENCH_REBUILD=1 remakes.
 */
import { generateKeyPairSync, type KeyObject, createPrivateKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type ChainHeadState, signCheckpoint } from "../../src/modules/records/checkpoints/checkpoint.js";
import { directorySink } from "../../src/modules/records/checkpoints/checkpoint-sinks.js";
import { leafHash, MerkleStream } from "../../src/modules/records/checkpoints/merkle-tree.js";
import { chainOf } from "../../src/modules/records/record-chains.js";
import { eventHash } from "../../src/modules/records/record-hash.js";
import { cacheDir, freshDatabase, onPostgres, pgUrl } from "./gw-databases.js";
import { benchDbName } from "./bench-env.js";

export interface HistorySettings {
  events: number;
  chains: number;
  /** The history spans this many days, ending when it was made. */
  days: number;
  checkpointMinutes: number;
}

export interface History {
  url: string;
  dir: string;
  key: KeyObject;
  /** When the history ends (the last event is just before it); "the last hour" is before this. */
  end: Date;
  checkpoints: number;
  reused: boolean;
  seconds: number;
}

const MARKER = "bench-verify-v2";
const BATCH = 10_000;
const RECIPIENTS = Array.from({ length: 32 }, (_, r) => `bench-recipient-${r}`);
const ITEMS = ["customer_id", "full_name", "phone"];
const SNAPSHOT = { name: "Bench Recipient Co., Ltd.", country: "JP", legalBasis: "ENTRUSTEE" };
const KEEP_MS = 3 * 365 * 86_400_000;

export const label = (n: number) =>
  n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);

const INSERT_EVENTS = `
INSERT INTO "ProvisionEvent" ("seq", "id", "at", "recipientId", "recipientSnapshot", "purposeCode", "ground",
  "legallyRequired", "recordKinds", "country", "foreignRoute", "apiKeyId", "requestId", "operationHash",
  "rootField", "items", "personCount", "keepUntil", "prevHash", "hash", "chain", "chainSeq")
SELECT s, 'bench-' || s, at, r, $6::jsonb, 'delivery', 'ENTRUSTMENT', false, '["NOT_REQUIRED"]'::jsonb, 'JP', NULL,
  'bench-key', 'bench-req-' || s, $7, 'people', $8::jsonb, 1, k, p, h, c, cs
FROM unnest($1::bigint[], $2::timestamp(3)[], $3::text[], $4::timestamp(3)[], $5::text[], $9::text[],
  $10::int[], $11::bigint[]) AS t(s, at, r, k, p, h, c, cs)`;

const INSERT_PEOPLE = `
INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
SELECT s, 'X' || lpad((s % 100000)::text, 7, '0'), $2::jsonb, NULL, a
FROM unnest($1::bigint[], $3::timestamp(3)[]) AS t(s, a)`;

const OPERATION = "0".repeat(64);

export async function verifyHistory(s: HistorySettings, log: (line: string) => void): Promise<History> {
  const name = benchDbName(`verify_${label(s.events)}`);
  const dir = join(cacheDir(), `verify-${label(s.events)}`);
  const markerFile = join(dir, "marker.json");
  const url = pgUrl(name);
  // Only what shapes the history: the run's own settings (repeats, full) must not remake it.
  const wanted = {
    marker: MARKER,
    events: s.events,
    chains: s.chains,
    days: s.days,
    checkpointMinutes: s.checkpointMinutes,
  };
  const rebuild = ["1", "on", "true", "yes"].includes((process.env.BENCH_REBUILD ?? "").toLowerCase());
  if (!rebuild && existsSync(markerFile)) {
    const kept = JSON.parse(readFileSync(markerFile, "utf8")) as typeof wanted & {
      end: string;
      checkpoints: number;
    };
    const same = Object.entries(wanted).every(([k, v]) => kept[k as keyof typeof kept] === v);
    const count = same
      ? await onPostgres(name, (c) =>
          c.query<{ n: string }>(`SELECT sum("lastSeq") AS n FROM "ProvisionChainHead"`),
        ).catch(() => null)
      : null;
    if (same && Number(count?.rows[0]?.n) === s.events)
      return {
        url,
        dir: join(dir, "checkpoints"),
        key: createPrivateKey(readFileSync(join(dir, "key.pem"), "utf8")),
        end: new Date(kept.end),
        checkpoints: kept.checkpoints,
        reused: true,
        seconds: 0,
      };
  }
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "checkpoints"), { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(join(dir, "key.pem"), privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  await freshDatabase("postgresql", name);
  log(`  making ${name}: ${s.events.toLocaleString("en-US")} events over ${s.days} days, ${s.chains} chains`);

  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const spanMs = s.days * 86_400_000;
  const startMs = end.getTime() - spanMs;
  const intervalMs = s.checkpointMinutes * 60_000;
  const sink = directorySink(join(dir, "checkpoints"));
  const chainOfRecipient = RECIPIENTS.map((r) => chainOf(r, s.chains));
  const heads = new Map<number, { seq: number; hash: string; since: number; tree: MerkleStream }>();
  let nextCheckpoint = startMs + intervalMs;
  let checkpoints = 0;

  const checkpoint = (atMs: number) => {
    const chains: ChainHeadState[] = [...heads.entries()]
      .sort(([a], [b]) => a - b)
      .map(([chain, h]) => ({
        chain,
        seq: h.seq,
        hash: h.hash,
        purge: null,
        ...(h.tree.size
          ? { tree: { from: h.since, size: h.tree.size, root: h.tree.root().toString("hex") } }
          : {}),
      }));
    sink.write(signCheckpoint({ at: new Date(atMs).toISOString(), chains }, privateKey));
    for (const h of heads.values()) {
      h.since = h.seq;
      h.tree = new MerkleStream();
    }
    checkpoints++;
  };

  await onPostgres(name, async (c) => {
    // Every month of the history has its partitions, as on a gateway that has run that long
    // (decision 0066): no row lands in the default partition.
    const months = Math.min(24, Math.ceil(s.days / 28) + 2);
    await c.query(`SELECT teikyo_record_partitions_ahead($1::timestamp, $2)`, [
      new Date(end.getTime() - spanMs).toISOString(),
      months,
    ]);
    await c.query("SET synchronous_commit = off");
    await c.query("SET session_replication_role = replica");
    let pending: Promise<unknown> = Promise.resolve();
    for (let first = 1; first <= s.events; first += BATCH) {
      const n = Math.min(BATCH, s.events - first + 1);
      const seqs: string[] = [];
      const ats: string[] = [];
      const recipients: string[] = [];
      const keeps: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      const chains: number[] = [];
      const chainSeqs: string[] = [];
      for (let i = first; i < first + n; i++) {
        const atMs = startMs + Math.floor(((i - 0.5) * spanMs) / s.events);
        while (atMs >= nextCheckpoint) {
          checkpoint(nextCheckpoint);
          nextCheckpoint += intervalMs;
        }
        const r = i % RECIPIENTS.length;
        const chain = chainOfRecipient[r]!;
        let head = heads.get(chain);
        if (!head) {
          head = { seq: 0, hash: "genesis", since: 0, tree: new MerkleStream() };
          heads.set(chain, head);
        }
        const at = new Date(atMs);
        const keepUntil = new Date(atMs + KEEP_MS);
        const hash = eventHash(head.hash, {
          event: {
            id: `bench-${i}`,
            at,
            recipientId: RECIPIENTS[r],
            recipientSnapshot: SNAPSHOT,
            purposeCode: "delivery",
            ground: "ENTRUSTMENT",
            legallyRequired: false,
            recordKinds: ["NOT_REQUIRED"],
            country: "JP",
            foreignRoute: null,
            apiKeyId: "bench-key",
            requestId: `bench-req-${i}`,
            operationHash: OPERATION,
            rootField: "people",
            items: ITEMS,
            personCount: 1,
            keepUntil,
          },
          people: [{ personId: `X${String(i % 100_000).padStart(7, "0")}`, items: ITEMS, consentId: null }],
        });
        seqs.push(String(i));
        ats.push(at.toISOString());
        recipients.push(RECIPIENTS[r]!);
        keeps.push(keepUntil.toISOString());
        prevs.push(head.hash);
        hashes.push(hash);
        chains.push(chain);
        head.seq++;
        chainSeqs.push(String(head.seq));
        head.hash = hash;
        head.tree.push(leafHash(Buffer.from(hash, "hex")));
      }
      // One batch in flight while the next is hashed.
      await pending;
      pending = (async () => {
        await c.query("BEGIN");
        await c.query(INSERT_EVENTS, [
          seqs,
          ats,
          recipients,
          keeps,
          prevs,
          JSON.stringify(SNAPSHOT),
          OPERATION,
          JSON.stringify(ITEMS),
          hashes,
          chains,
          chainSeqs,
        ]);
        await c.query(INSERT_PEOPLE, [seqs, JSON.stringify(ITEMS), ats]);
        await c.query("COMMIT");
      })();
      if ((first - 1) % 1_000_000 === 0 && first > 1)
        log(
          `    ${(first - 1).toLocaleString("en-US")} events (${Math.round((performance.now() - started) / 1000)} s)`,
        );
    }
    await pending;
    for (const [chain, h] of heads)
      await c.query(
        `INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES ($1, $2, $3)
         ON CONFLICT ("id") DO UPDATE SET "lastSeq" = EXCLUDED."lastSeq", "lastHash" = EXCLUDED."lastHash"`,
        [chain, h.seq, h.hash],
      );
    await c.query(`SELECT setval(pg_get_serial_sequence('"ProvisionEvent"', 'seq'), $1)`, [s.events]);
    await c.query("SET session_replication_role = DEFAULT");
    await c.query(`VACUUM ANALYZE "ProvisionEvent"`);
    await c.query(`VACUUM ANALYZE "ProvisionRecordPerson"`);
  });
  writeFileSync(markerFile, `${JSON.stringify({ ...wanted, end: end.toISOString(), checkpoints })}\n`);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`  made ${name} and ${checkpoints} checkpoints in ${seconds} s`);
  return { url, dir: join(dir, "checkpoints"), key: privateKey, end, checkpoints, reused: false, seconds };
}
