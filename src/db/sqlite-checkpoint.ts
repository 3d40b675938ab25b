/**
 * How many pages SQLite's write-ahead log grows to before a commit copies them back into the
 * database file (`wal_autocheckpoint`; SQLite's default is 1,000). Each provision record
 * touches about a hundred scattered pages of the people's (personId, eventSeq) index, and a
 * checkpoint writes each changed page once however often it changed since the last one: a
 * longer log writes those pages back fewer times (docs/decisions/0096). The log file grows to
 * about this many pages (40 MB at 4 KB) and a checkpoint takes longer when it comes.
 * Prisma's connection and the record thread's alike; a module of its own, so the record
 * thread does not load Prisma's adapter to read it.
 */
export const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000;
