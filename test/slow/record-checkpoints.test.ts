/**
 * Signed checkpoints against an insider with database access: each attack of the threat
 * model (a deleted tail with the head moved back, a tail rewritten with recomputed hashes,
 * a fake purge anchor, a truncate, an older backup restored) passes the hash chain alone
 * and is reported by `records verify` with the checkpoint it contradicts. Each attack runs
 * on its own copy of a database that has records and checkpoints.
 */
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { type CheckpointSettings } from "../../src/modules/records/checkpoints/checkpoint-settings.js";
import {
  directorySink,
  readCheckpointDirectory,
} from "../../src/modules/records/checkpoints/checkpoint-sinks.js";
import { takeCheckpoint } from "../../src/modules/records/checkpoints/take-checkpoint.js";
import { verifyCommand } from "../../src/modules/records/checkpoints/checkpoint-commands.js";
import { trustedKeys } from "../../src/modules/records/checkpoints/signing-key.js";
import { verifyWithCheckpoints } from "../../src/modules/records/checkpoints/verify-with-checkpoints.js";
import { purgeExpiredRecords } from "../../src/modules/records/purge-records.js";
import { chainOf } from "../../src/modules/records/record-chains.js";
import { eventHash } from "../../src/modules/records/record-hash.js";
import { chainsOf, type SignedCheckpoint } from "../../src/modules/records/checkpoints/checkpoint.js";
import { client, copyDatabase, databaseUrl, demoKey } from "../helpers.js";

// Sharded: the partner's events go to their own chain (not 0, where the template's are),
// so checkpoints sign several chains and each attack must be pinned on the right one.
process.env.TEIKYO_RECORD_CHAINS = "4";
const CHAIN = chainOf("hayate-logistics", 4);
const source = databaseUrl();
const onPostgres = providerOf(source) === "postgresql";
const { privateKey } = generateKeyPairSync("ed25519");
const dir = mkdtempSync(join(tmpdir(), "teikyo-checkpoints-"));
const settings: CheckpointSettings = {
  key: privateKey,
  dirs: [dir],
  sinks: [directorySink(dir)],
  intervalMs: 60_000,
  trusted: trustedKeys(privateKey, []),
};
const cleanups: (() => Promise<void>)[] = [];

async function provide(db: Db, times: number) {
  const gql = await client({ db, clock: () => new Date() });
  for (let i = 0; i < times; i++) {
    const res = await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 3) { edges { node { id fullName phone } } } }`,
    );
    expect(res.status).toBe(200);
  }
}

/** Changes records as an insider with direct database access would, past the append-only guard. */
async function asInsider(db: Db, change: (tx: Db) => Promise<unknown>) {
  await db.$transaction(
    async (tx) => {
      if (onPostgres) await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await change(tx as unknown as Db);
    },
    { timeout: 60_000 },
  );
}

/** The partner chain's head as a checkpoint signed it. */
const signedHead = (c: SignedCheckpoint) => chainsOf(c).find((h) => h.chain === CHAIN)!.seq;

/** Recomputes every hash of the partner's chain from `fromSeq` on and moves its head: the chain verifies again. */
async function rehashFrom(tx: Db, fromSeq: number) {
  const before = await tx.provisionEvent.findFirst({
    where: { chain: CHAIN, chainSeq: { lt: fromSeq } },
    orderBy: { chainSeq: "desc" },
  });
  let prev = before?.hash ?? "genesis";
  let last = before?.chainSeq ?? 0n;
  const events = await tx.provisionEvent.findMany({
    where: { chain: CHAIN, chainSeq: { gte: fromSeq } },
    orderBy: { chainSeq: "asc" },
    include: { people: true },
  });
  for (const e of events) {
    const { seq, chain: _c, chainSeq, prevHash: _p, hash: _h, people, ...event } = e;
    const hash = eventHash(prev, {
      event,
      people: people.map((p) => ({
        personId: p.personId,
        items: p.items as string[],
        consentId: p.consentId,
      })),
    });
    await tx.provisionEvent.update({ where: { seq }, data: { prevHash: prev, hash } });
    prev = hash;
    last = chainSeq;
  }
  await tx.provisionChainHead.update({ where: { id: CHAIN }, data: { lastSeq: last, lastHash: prev } });
}

let prepared: string;
let afterFirst: string;
let firstHead = 0;
let secondHead = 0;

async function withCopy(suffix: string, from: string = prepared) {
  const copy = await copyDatabase(from, suffix);
  const db = await createDb(copy.url);
  cleanups.push(async () => {
    await db.$disconnect();
    await copy.drop();
  });
  return db;
}

async function verify(db: Db) {
  return verifyWithCheckpoints(db, readCheckpointDirectory(dir).checkpoints, settings.trusted);
}

beforeAll(async () => {
  // A database with records, a checkpoint, more records and a second checkpoint; and a
  // backup taken between the two.
  const base = await copyDatabase(source, "ckpt");
  cleanups.push(base.drop);
  const db = await createDb(base.url);
  await provide(db, 3);
  firstHead = signedHead(await takeCheckpoint(db, privateKey, settings.sinks));
  await db.$disconnect();
  const backup = await copyDatabase(base.url, "backup");
  cleanups.push(backup.drop);
  afterFirst = backup.url;
  const again = await createDb(base.url);
  await provide(again, 3);
  secondHead = signedHead(await takeCheckpoint(again, privateKey, settings.sinks));
  await again.$disconnect();
  prepared = base.url;
}, 120_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("records verify with signed checkpoints", () => {
  it("finds an untouched database intact and consistent with both checkpoints", async () => {
    expect(secondHead).toBeGreaterThan(firstHead);
    const result = await verify(await withCopy("clean"));
    expect(result.chainProblems).toEqual([]);
    expect(result.checkpointProblems).toEqual([]);
    expect(result.checkpoints).toBe(2);
  });

  it("lists the checkpoints to compliance staff exactly as signed, and to no partner", async () => {
    const gql = await client({ db: await withCopy("listed") });
    const query = `{ recordCheckpoints { id headSeq keyId signed } }`;
    const res = await gql(demoKey("compliance"), query);
    expect(res.body.errors).toBeUndefined();
    const listed = res.body.data!.recordCheckpoints as { id: string; headSeq: string; signed: unknown }[];
    expect(listed.map((c) => Number(c.headSeq))).toEqual(
      listed.map((c) => chainsOf(c.signed as SignedCheckpoint).reduce((n, h) => n + h.seq, 0)),
    );
    expect(listed.map((c) => signedHead(c.signed as SignedCheckpoint))).toEqual([secondHead, firstHead]);
    for (const c of listed) expect(c.signed).toEqual(JSON.parse(readFileSync(join(dir, c.id), "utf8")));
    const partner = await gql(demoKey("hayate-logistics"), query);
    expect(partner.body.data?.recordCheckpoints ?? null).toBeNull();
    expect(partner.body.errors?.[0]?.extensions?.code).toBeDefined();
  });

  it("reports a deleted tail with the head moved back, naming the checkpoint", async () => {
    const db = await withCopy("tail");
    await asInsider(db, async (tx) => {
      const doomed = { chain: CHAIN, chainSeq: { gt: firstHead } };
      await tx.provisionRecordPerson.deleteMany({ where: { event: doomed } });
      await tx.provisionEvent.deleteMany({ where: doomed });
      const last = await tx.provisionEvent.findFirst({
        where: { chain: CHAIN },
        orderBy: { chainSeq: "desc" },
      });
      await tx.provisionChainHead.update({
        where: { id: CHAIN },
        data: { lastSeq: last!.chainSeq, lastHash: last!.hash },
      });
    });
    const result = await verify(db);
    expect(result.chainProblems).toEqual([]); // the chain alone sees nothing
    expect(result.checkpointProblems).toEqual([
      expect.objectContaining({
        problem: "RECORDS_MISSING",
        chain: CHAIN,
        seq: secondHead,
        checkpoint: expect.stringMatching(/\.json$/),
      }),
    ]);
  });

  it("reports a tail rewritten with recomputed hashes (a person removed from a record)", async () => {
    const db = await withCopy("rewrite");
    await asInsider(db, async (tx) => {
      const victim = await tx.provisionRecordPerson.findFirstOrThrow({
        where: { event: { chain: CHAIN, chainSeq: firstHead } },
      });
      await tx.provisionRecordPerson.delete({
        where: { eventSeq_personId: { eventSeq: victim.eventSeq, personId: victim.personId } },
      });
      await rehashFrom(tx, firstHead);
    });
    const result = await verify(db);
    expect(result.chainProblems).toEqual([]);
    const kinds = result.checkpointProblems.map((p) => [p.problem, p.chain, p.seq]);
    // Each checkpoint's signed head and its signed Merkle root over the events it added.
    expect(kinds).toEqual([
      ["EVENT_REWRITTEN", CHAIN, firstHead],
      ["TREE_MISMATCH", CHAIN, firstHead],
      ["EVENT_REWRITTEN", CHAIN, secondHead],
      ["TREE_MISMATCH", CHAIN, secondHead],
    ]);
    expect(result.checkpointProblems.every((p) => p.checkpoint?.endsWith(".json"))).toBe(true);
  });

  it("names the checkpoint whose signed Merkle root covers an event rewritten in the middle", async () => {
    const db = await withCopy("middle");
    // An event signed by the second checkpoint's tree only, its people changed and every
    // hash after it recomputed: the first checkpoint still holds, the second does not.
    const target = firstHead + 1;
    expect(target).toBeLessThan(secondHead);
    const [first, second] = readCheckpointDirectory(dir).checkpoints.map((c) => c.source);
    await asInsider(db, async (tx) => {
      await tx.provisionRecordPerson.updateMany({
        where: { event: { chain: CHAIN, chainSeq: target } },
        data: { items: ["full_name"] },
      });
      await rehashFrom(tx, target);
    });
    const result = await verify(db);
    expect(result.chainProblems).toEqual([]);
    expect(result.checkpointProblems.map((p) => [p.problem, p.chain, p.seq, p.checkpoint])).toEqual([
      ["EVENT_REWRITTEN", CHAIN, secondHead, second],
      ["TREE_MISMATCH", CHAIN, secondHead, second],
    ]);
    expect(first).not.toBe(second);
  });

  it("reports a fake purge anchor that hides the oldest records", async () => {
    const db = await withCopy("fakepurge");
    await asInsider(db, async (tx) => {
      const anchor = await tx.provisionEvent.findFirstOrThrow({
        where: { chain: CHAIN, chainSeq: firstHead },
      });
      const doomed = { chain: CHAIN, chainSeq: { lte: firstHead } };
      await tx.provisionRecordPerson.deleteMany({ where: { event: doomed } });
      await tx.provisionEvent.deleteMany({ where: doomed });
      await tx.recordPurge.create({
        data: {
          at: new Date(),
          actor: "cli",
          chain: CHAIN,
          upToSeq: firstHead,
          anchorHash: anchor.hash,
          count: 1,
        },
      });
    });
    const result = await verify(db);
    expect(result.chainProblems).toEqual([]);
    expect(result.checkpointProblems).toEqual([
      expect.objectContaining({
        problem: "PURGE_NOT_SIGNED",
        chain: CHAIN,
        seq: firstHead,
        checkpoint: null,
      }),
    ]);
  });

  it("reports the record tables emptied (TRUNCATE on PostgreSQL)", async () => {
    const db = await withCopy("truncate");
    await asInsider(db, async (tx) => {
      if (onPostgres) await tx.$executeRawUnsafe(`TRUNCATE "ProvisionRecordPerson", "ProvisionEvent"`);
      else await tx.provisionEvent.deleteMany({});
      await tx.provisionChainHead.updateMany({ data: { lastSeq: 0, lastHash: "genesis" } });
    });
    const result = await verify(db);
    expect(result.chainProblems).toEqual([]);
    const partner = result.checkpointProblems.filter((p) => p.chain === CHAIN);
    expect(partner.map((p) => [p.problem, p.seq])).toEqual([
      ["RECORDS_MISSING", firstHead],
      ["RECORDS_MISSING", secondHead],
    ]);
  });

  it("shows the console the same verification: checkpoints compared, a truncated log named", async () => {
    const query = `query ($since: String) { provisionRecordsVerification(since: $since) {
      ok events checkpoints noCheckpoints startCheckpoint latestCheckpoint
      problems { problem } checkpointProblems { problem chain seq checkpoint } } }`;
    const [first, second] = readCheckpointDirectory(dir).checkpoints.map((c) => c.source);
    const compliance = demoKey("compliance");

    const clean = await client({ db: await withCopy("console-clean"), checkpoints: settings });
    const whole = await clean(compliance, query);
    expect(whole.body.errors).toBeUndefined();
    expect(whole.body.data?.provisionRecordsVerification).toMatchObject({
      ok: true,
      checkpoints: 2,
      noCheckpoints: false,
      startCheckpoint: null,
      latestCheckpoint: second,
      checkpointProblems: [],
    });
    const since = await clean(compliance, query, { since: first });
    expect(since.body.data?.provisionRecordsVerification).toMatchObject({
      ok: true,
      startCheckpoint: first,
      latestCheckpoint: second,
    });
    const bad = await clean(compliance, query, { since: "yesterday" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toContain("since");
    expect(bad.body.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ rule: "BAD_SINCE" }),
    ]);
    const tooEarly = await clean(compliance, query, { since: "2000-01-01T00:00:00Z" });
    expect(tooEarly.body.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ rule: "NO_START" }),
    ]);

    const db = await withCopy("console-truncate");
    await asInsider(db, async (tx) => {
      if (onPostgres) await tx.$executeRawUnsafe(`TRUNCATE "ProvisionRecordPerson", "ProvisionEvent"`);
      else await tx.provisionEvent.deleteMany({});
      await tx.provisionChainHead.updateMany({ data: { lastSeq: 0, lastHash: "genesis" } });
    });
    const truncated = await (await client({ db, checkpoints: settings }))(compliance, query);
    const v = truncated.body.data?.provisionRecordsVerification;
    expect(v).toMatchObject({ ok: false, problems: [] });
    expect(
      (v.checkpointProblems as { problem: string; chain: number; seq: string; checkpoint: string }[])
        .filter((p) => p.chain === CHAIN)
        .map((p) => [p.problem, Number(p.seq), p.checkpoint]),
    ).toEqual([
      ["RECORDS_MISSING", firstHead, first],
      ["RECORDS_MISSING", secondHead, second],
    ]);
    // Without a checkpoint directory the console says what it cannot see.
    const blind = await (await client({ db: await withCopy("console-blind") }))(compliance, query);
    expect(blind.body.data?.provisionRecordsVerification).toMatchObject({
      ok: true,
      checkpoints: 0,
      noCheckpoints: true,
    });
  });

  it("reports an older backup restored in place of the current database", async () => {
    const result = await verify(await withCopy("restored", afterFirst));
    expect(result.chainProblems).toEqual([]);
    expect(result.checkpointProblems).toEqual([
      expect.objectContaining({ problem: "RECORDS_MISSING", chain: CHAIN, seq: secondHead }),
    ]);
  });

  it("reports a checkpoint file altered after signing", async () => {
    const altered = mkdtempSync(join(tmpdir(), "teikyo-checkpoints-altered-"));
    try {
      for (const name of readdirSync(dir)) {
        const c = JSON.parse(readFileSync(join(dir, name), "utf8"));
        // An insider "moves" the signed head back.
        for (const h of c.chains) if (h.chain === CHAIN && h.seq === secondHead) h.seq = firstHead;
        writeFileSync(join(altered, name), JSON.stringify(c));
        chmodSync(join(altered, name), 0o444);
      }
      const db = await withCopy("altered");
      const result = await verifyWithCheckpoints(
        db,
        readCheckpointDirectory(altered).checkpoints,
        settings.trusted,
      );
      expect(result.checkpointProblems).toEqual([
        expect.objectContaining({ problem: "CHECKPOINT_UNTRUSTED" }),
      ]);
    } finally {
      rmSync(altered, { recursive: true, force: true });
    }
  });

  it("accepts a real retention purge once its anchor is signed, and reports it unsigned before", async () => {
    const db = await withCopy("purge");
    const url = onPostgres ? "postgresql://" : "file:";
    const purged = await purgeExpiredRecords(db, url, new Date("2099-01-01T00:00:00Z"), "test");
    expect(purged.count).toBeGreaterThan(0);
    const before = await verify(db);
    expect(before.checkpointProblems.map((p) => [p.problem, p.chain])).toEqual(
      purged.chains!.map((c) => ["PURGE_NOT_SIGNED", c.chain]),
    );
    expect(purged.chains!.map((c) => c.chain)).toContain(CHAIN);
    const purgeDir = mkdtempSync(join(tmpdir(), "teikyo-checkpoints-purge-"));
    try {
      for (const name of readdirSync(dir)) writeFileSync(join(purgeDir, name), readFileSync(join(dir, name)));
      // Signed at the purge's own date; signed earlier, it would be a purge before its time.
      const early = mkdtempSync(join(tmpdir(), "teikyo-checkpoints-early-"));
      try {
        for (const name of readdirSync(dir)) writeFileSync(join(early, name), readFileSync(join(dir, name)));
        await takeCheckpoint(db, privateKey, [directorySink(early)]);
        const dated = await verifyWithCheckpoints(
          db,
          readCheckpointDirectory(early).checkpoints,
          settings.trusted,
        );
        expect(dated.checkpointProblems.map((p) => p.problem)).toEqual(
          purged.chains!.map(() => "PURGE_DATED_AHEAD"),
        );
      } finally {
        rmSync(early, { recursive: true, force: true });
      }
      await takeCheckpoint(db, privateKey, [directorySink(purgeDir)], new Date("2099-01-01T00:00:01Z"));
      const after = await verifyWithCheckpoints(
        db,
        readCheckpointDirectory(purgeDir).checkpoints,
        settings.trusted,
      );
      expect(after.chainProblems).toEqual([]);
      expect(after.checkpointProblems).toEqual([]);
    } finally {
      rmSync(purgeDir, { recursive: true, force: true });
    }
  });

  it("raises no false alarm while partners are served during the verification", async () => {
    const db = await withCopy("live");
    const gql = await client({ db, clock: () => new Date() });
    const load = Promise.all(
      Array.from({ length: 40 }, () =>
        gql(
          demoKey("hayate-logistics"),
          `{ people(purpose: "delivery", first: 5) { edges { node { id phone } } } }`,
        ),
      ),
    );
    const runs = await Promise.all([verify(db), verify(db), verify(db)]);
    const answers = await load;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    for (const r of runs) {
      expect(r.chainProblems).toEqual([]);
      expect(r.checkpointProblems).toEqual([]);
    }
    // Incremental runs from the first checkpoint during the same kind of load.
    const more = Promise.all(
      Array.from({ length: 20 }, () =>
        gql(
          demoKey("hayate-logistics"),
          `{ people(purpose: "delivery", first: 2) { edges { node { id } } } }`,
        ),
      ),
    );
    const first = readCheckpointDirectory(dir).checkpoints[0]!.source;
    const quiet = { out: () => undefined, err: (l: string) => errors.push(l) };
    const errors: string[] = [];
    const codes = await Promise.all(
      [1, 2, 3].map(() => verifyCommand(db, settings, quiet, { since: first })),
    );
    expect((await more).every((a) => a.status === 200)).toBe(true);
    expect(errors).toEqual([]);
    expect(codes).toEqual([0, 0, 0]);
    const settled = await verify(db);
    expect(settled.events).toBeGreaterThanOrEqual(runs[0]!.events + 1);
    expect(settled.chainProblems).toEqual([]);
  });

  it("verifies incrementally from the latest checkpoint, each chain from its signed head", async () => {
    const db = await withCopy("incremental");
    await provide(db, 2);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await verifyCommand(db, settings, io, { sinceCheckpoint: true })).toBe(0);
    const [, walked] =
      /^(\d+) provision events in \d+ chain\(s\) after checkpoint .*: chain intact/.exec(lines[0]!) ?? [];
    // Only what came after the checkpoint is walked.
    expect(Number(walked)).toBe(
      await db.provisionEvent.count({ where: { chain: CHAIN, chainSeq: { gt: secondHead } } }),
    );
    expect(Number(walked)).toBeGreaterThan(0);
    await asInsider(db, (tx) =>
      tx.provisionEvent.updateMany({
        where: { chain: CHAIN, chainSeq: secondHead + 1 },
        data: { purposeCode: "marketing" },
      }),
    );
    lines.length = 0;
    expect(await verifyCommand(db, settings, io, { sinceCheckpoint: true })).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^EDITED\tchain ${CHAIN}\tseq ${secondHead + 1}\t`)),
    );
  });

  it("verifies from an earlier checkpoint: events since it against each later checkpoint's head and root", async () => {
    const [first, second] = readCheckpointDirectory(dir).checkpoints;
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const clean = await withCopy("since-clean");
    // By file name, and by a time between the two checkpoints (the newest at or before it).
    for (const since of [first!.source, first!.checkpoint.at]) {
      lines.length = 0;
      expect(await verifyCommand(clean, settings, io, { since })).toBe(0);
      expect(lines[0]).toMatch(
        new RegExp(`after checkpoint ${first!.source.replace(/\./g, "\\.")}, 2 signed`),
      );
      expect(lines[1]).toBe(`Verified up to checkpoint ${second!.source}.`);
    }
    lines.length = 0;
    expect(await verifyCommand(clean, settings, io, { since: "2000-01-01T00:00:00Z" })).toBe(2);
    expect(await verifyCommand(clean, settings, io, { since: "yesterday" })).toBe(2);

    // An event between the checkpoints edited in place (its hash left alone): the walk
    // from the first checkpoint finds it; starting from the latest would not walk it.
    const edited = await withCopy("since-edited");
    await asInsider(edited, (tx) =>
      tx.provisionEvent.updateMany({
        where: { chain: CHAIN, chainSeq: firstHead + 1 },
        data: { purposeCode: "marketing" },
      }),
    );
    lines.length = 0;
    expect(await verifyCommand(edited, settings, io, { since: first!.source })).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^EDITED\tchain ${CHAIN}\tseq ${firstHead + 1}\t`)),
    );
    lines.length = 0;
    expect(await verifyCommand(edited, settings, io, { sinceCheckpoint: true })).toBe(0);

    // The same event rewritten with every later hash recomputed: the second checkpoint's
    // signed head and root both contradict it, and are named.
    const rewritten = await withCopy("since-rewritten");
    await asInsider(rewritten, async (tx) => {
      await tx.provisionEvent.updateMany({
        where: { chain: CHAIN, chainSeq: firstHead + 1 },
        data: { purposeCode: "marketing" },
      });
      await rehashFrom(tx, firstHead + 1);
    });
    lines.length = 0;
    expect(await verifyCommand(rewritten, settings, io, { since: first!.source })).toBe(1);
    expect(lines.filter((l) => /^(TREE_MISMATCH|EVENT_REWRITTEN)/.test(l))).toEqual([
      expect.stringMatching(
        new RegExp(`^EVENT_REWRITTEN\tchain ${CHAIN}\tseq ${secondHead}\t${second!.source}\t`),
      ),
      expect.stringMatching(
        new RegExp(`^TREE_MISMATCH\tchain ${CHAIN}\tseq ${secondHead}\t${second!.source}\t`),
      ),
    ]);

    // Rewritten before the checkpoint an incremental verify starts from: that checkpoint's
    // signed head contradicts it, and the first event after it no longer links.
    lines.length = 0;
    expect(await verifyCommand(rewritten, settings, io, { since: second!.source })).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^EVENT_REWRITTEN\tchain ${CHAIN}\tseq ${secondHead}\t${second!.source}\t`),
      ),
    );
  });

  it("runs incrementally from the command line, naming the checkpoint a rewrite contradicts", async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), "teikyo-checkpoint-key-")), "key.pem");
    writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    const copy = await copyDatabase(prepared, "since-cli");
    cleanups.push(copy.drop);
    const cli = (...args: string[]) =>
      promisify(execFile)("node_modules/.bin/tsx", ["src/cli.ts", "records", "verify", ...args], {
        env: {
          ...process.env,
          DATABASE_URL: copy.url,
          TEIKYO_CHECKPOINT_KEY_FILE: keyFile,
          TEIKYO_CHECKPOINT_DIR: dir,
        },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const [first, second] = readCheckpointDirectory(dir).checkpoints;
    const clean = await cli("--since", first!.checkpoint.at);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`after checkpoint ${first!.source}`);
    expect(clean.stdout).toContain(`Verified up to checkpoint ${second!.source}.`);
    // A duration back from now: both checkpoints are older than a minute from now.
    expect((await cli("--since", "0m")).stdout).toContain(`after checkpoint ${second!.source}`);
    expect((await cli("--since", "1d")).code).toBe(2);
    expect((await cli("--since", "tomorrow")).code).toBe(2);
    const db = await createDb(copy.url);
    try {
      await asInsider(db, async (tx) => {
        await tx.provisionEvent.updateMany({
          where: { chain: CHAIN, chainSeq: firstHead + 1 },
          data: { purposeCode: "marketing" },
        });
        await rehashFrom(tx, firstHead + 1);
      });
    } finally {
      await db.$disconnect();
    }
    const caught = await cli("--since", first!.source);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(
      new RegExp(`^TREE_MISMATCH\tchain ${CHAIN}\tseq ${secondHead}\t${second!.source}\t`, "m"),
    );
  }, 180_000);
});
