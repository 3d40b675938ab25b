/**
 * Helpers for the console's browser tests: Debian's chromium through playwright-core (never a
 * browser download), the gateway on a real port, and axe-core's accessibility checks.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { NOW, testDb } from "../helpers.js";
import { createTeikyo } from "../../src/yoga.js";

export const CHROMIUM = process.env.TEIKYO_CHROMIUM ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

/** Flags measured to work headless in containers on the project's machines (its stack notes, "Browsers"). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Date inputs follow the browser's language, as they would for a staff member in Japan.
  "--lang=ja",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Builds dist/console if a source is newer than the build (npm start does the same). */
export function buildConsoleIfStale(): void {
  execFileSync("npx", ["tsx", "scripts/console-build.ts", "--if-stale"], { stdio: "inherit" });
}

/** The gateway over the shared test database, listening on a free local port. */
export async function startGateway(): Promise<{ url: string; server: Server }> {
  const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}
