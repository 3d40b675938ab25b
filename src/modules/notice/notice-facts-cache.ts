/**
 * The facts of the public notice, for public readers (GET /privacy-notice and
 * Query.publicNotice, both answered without a key): the notice in force now is cached as
 * reference data per minute, so repeated requests cost no queries; a dated one (?at=, `at`)
 * is read each time.
 */
import { referenceCacheOf } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";
import { loadNoticeFacts, type NoticeFacts } from "./notice-facts.js";

export function noticeFactsAt(db: Db, at: Date | null, now: Date): Promise<NoticeFacts> {
  if (at) return loadNoticeFacts(db, at);
  return referenceCacheOf(db).get(`publicNotice:${Math.floor(now.getTime() / 60_000)}`, () =>
    loadNoticeFacts(db, now),
  );
}
