// End-to-end test of the packaged factcheck extension in a real VS Code
// (code-server), driven through headless Chromium with puppeteer-core.
// run.sh installs the .vsix, starts code-server on a copy of examples/ and
// calls this script with:
//
//   FACTCHECK_E2E_URL        the workbench URL (with ?folder=<workspace copy>)
//   FACTCHECK_E2E_WORKSPACE  the workspace copy on disk
//   FACTCHECK_E2E_OUT        folder for screenshots
//   CHROMIUM                 the Chromium binary (default /usr/bin/chromium)
//
// Asserts, in order: the status bar shows the indexed corpus; draft.md gets
// squiggles; the Problems panel lists factcheck's figure-mismatch and
// outdated-role findings; hovering "Mark Rutte" shows the server's card (his
// name alone in bold, his archive role NATO-Generalsekretär); the quick fix "Replace with the archive's
// value" on the figure puts the archive's figure into the saved file; the
// command "factcheck: Re-index Corpus" ends with the notification
// "re-indexed N articles". Prints PASS or FAIL: reason (exit 1).

import { readFile } from "node:fs/promises";
import path from "node:path";
import puppeteer from "puppeteer-core";

const url = requireEnv("FACTCHECK_E2E_URL");
const workspace = requireEnv("FACTCHECK_E2E_WORKSPACE");
const outDir = requireEnv("FACTCHECK_E2E_OUT");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";

const draftFile = path.join(workspace, "draft.md");
const started = Date.now();

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.log(`FAIL: ${name} is not set (run.sh sets it)`);
    process.exit(1);
  }
  return value;
}

function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
}

class Failure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Failure(message);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` (run in the page) until it returns a truthy value. */
async function waitInPage(page, what, timeoutMs, probe, ...args) {
  try {
    const handle = await page.waitForFunction(probe, { timeout: timeoutMs, polling: 250 }, ...args);
    return await handle.jsonValue();
  } catch (err) {
    throw new Failure(`${what}: not seen within ${timeoutMs / 1000} s (${err.message.split("\n")[0]})`);
  }
}

async function keys(page, ...combo) {
  for (const key of combo) {
    await page.keyboard.down(key);
  }
  for (const key of [...combo].reverse()) {
    await page.keyboard.up(key);
  }
}

async function shot(page, name) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
}

/** Runs a command from the command palette by its title. */
async function runCommand(page, title) {
  await keys(page, "F1");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: 10000 });
  await page.keyboard.type(title, { delay: 10 });
  await waitInPage(
    page,
    `command palette entry "${title}"`,
    10000,
    (t) =>
      [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) =>
        r.textContent.includes(t),
      ),
    title,
  );
  await page.keyboard.press("Enter");
}

/** Moves the cursor to a 1-based line and column (Go to Line). */
async function goTo(page, line, column) {
  await keys(page, "Control", "KeyG");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: 10000 });
  await page.keyboard.type(`${line}:${column}`);
  await sleep(200);
  await page.keyboard.press("Enter");
  await sleep(300);
}

/** The centre of `needle` in the editor's rendered lines, or null. */
async function textPosition(page, needle) {
  return page.evaluate((n) => {
    const walker = document.createTreeWalker(
      document.querySelector(".editor-instance .view-lines") ?? document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Monaco renders spaces as no-break spaces.
      const at = node.textContent.replace(/\u00a0/g, " ").indexOf(n);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + n.length);
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, needle);
}

async function main() {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1600,1000"],
    defaultViewport: { width: 1600, height: 1000 },
  });
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => log(`page error: ${err.message.split("\n")[0]}`));
    try {
      await test(page);
    } catch (err) {
      await shot(page, "failure.png").catch(() => {});
      throw err;
    }
  } finally {
    await browser.close().catch(() => {});
  }
}

async function test(page) {
  log(`opening ${url}`);
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  log("workbench loaded");

  // Open the draft (Quick Open); the extension activates on Markdown.
  await keys(page, "Control", "KeyP");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: 20000 });
  await page.keyboard.type("draft.md", { delay: 20 });
  await waitInPage(
    page,
    "draft.md in Quick Open",
    20000,
    () => [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) => r.textContent.includes("draft.md")),
  );
  await page.keyboard.press("Enter");
  await page.waitForSelector(".editor-instance .view-lines", { visible: true, timeout: 20000 });
  log("draft.md open");

  // The extension's status-bar item once the server has indexed the corpus.
  const status = await waitInPage(page, "the factcheck status bar item with the corpus size", 90000, () => {
    const item = [...document.querySelectorAll(".statusbar-item")].find((e) => /factcheck: \d+ articles?/.test(e.textContent));
    return item ? item.textContent.trim() : null;
  });
  log(`status bar: ${status}`);

  // Squiggles in the editor.
  const squiggles = await waitInPage(page, "factcheck squiggles in draft.md", 60000, () => {
    const n = document.querySelectorAll(".editor-instance .squiggly-warning, .editor-instance .squiggly-info, .editor-instance .squiggly-error").length;
    return n >= 3 ? n : null;
  });
  log(`${squiggles} squiggles`);

  // The Problems panel.
  await keys(page, "Control", "Shift", "KeyM");
  const problems = await waitInPage(page, "figure-mismatch and outdated-role in the Problems panel", 30000, () => {
    const panel = document.querySelector(".markers-panel");
    const text = panel ? panel.innerText : "";
    return text.includes("figure-mismatch") && text.includes("outdated-role") ? text : null;
  });
  const codes = problems.match(/factcheck\s*\(?[a-z-]+-mismatch\)?|factcheck\s*\(?outdated-role\)?/g) ?? [];
  log(`  problems panel: ${codes.map((c) => c.replace(/\s+/g, "")).join(", ")}`);
  check(problems.includes("zwischen 10.000 und 12.000"), "the figure-mismatch finding does not quote the archive's figure");
  check(problems.includes("Mark Rutte"), "the outdated-role finding does not name the newer holder Mark Rutte");
  await shot(page, "01-problems.png");

  // Hover "Mark Rutte" with the mouse: the server's card, his name in bold.
  await page.click(".editor-instance .view-lines");
  const name = await textPosition(page, "Mark Rutte");
  check(name, 'the text "Mark Rutte" is not on screen');
  await page.mouse.move(name.x - 200, name.y + 200);
  await sleep(200);
  await page.mouse.move(name.x, name.y, { steps: 5 });
  const hover = await waitInPage(page, "the hover card for Mark Rutte", 20000, () => {
    const hovers = [...document.querySelectorAll(".monaco-hover")].filter((h) => h.offsetParent !== null);
    // The card's heading is the canonical name alone in bold (the diagnostic's
    // text, which VS Code also shows in the hover, is longer).
    const strong = hovers.some((h) => [...h.querySelectorAll("strong, b")].some((s) => s.textContent.trim() === "Mark Rutte"));
    const text = hovers.map((h) => h.innerText).join("\n");
    return strong && text.includes("NATO-Generalsekretär") ? text : null;
  });
  log(`  hover: ${hover.replace(/\n+/g, " | ").slice(0, 400)}`);
  await shot(page, "02-hover.png");
  await page.keyboard.press("Escape");

  // Quick fix on the figure (line 12, "rund 25.000 Soldaten" from column 48).
  await page.mouse.move(5, 5);
  await goTo(page, 12, 54);
  await keys(page, "Control", "Period");
  await waitInPage(page, "the quick fix menu", 20000, () =>
    [...document.querySelectorAll(".action-widget .monaco-list-row")].some((r) => r.textContent.includes("Replace with the archive")),
  );
  await shot(page, "03-quick-fix-menu.png");
  await page.evaluate(() => {
    const row = [...document.querySelectorAll(".action-widget .monaco-list-row")].find((r) => r.textContent.includes("Replace with the archive"));
    row.scrollIntoView();
  });
  const rowHandle = await page.evaluateHandle(() =>
    [...document.querySelectorAll(".action-widget .monaco-list-row")].find((r) => r.textContent.includes("Replace with the archive")),
  );
  await rowHandle.asElement().click();
  await waitInPage(page, "the archive's figure in the editor", 10000, () =>
    (document.querySelector(".editor-instance .view-lines")?.textContent ?? "")
      .replace(/\u00a0/g, " ")
      .includes("inzwischen zwischen 10.000 und 12.000 Soldaten"),
  );
  await keys(page, "Control", "KeyS");
  let saved = "";
  for (let i = 0; i < 40 && !saved.includes("zwischen 10.000 und 12.000 Soldaten"); i++) {
    await sleep(250);
    saved = await readFile(draftFile, "utf8");
  }
  const line12 = saved.split("\n")[11] ?? "";
  log(`  line 12 on disk: ${line12}`);
  check(line12.includes("zwischen 10.000 und 12.000 Soldaten"), "the saved draft does not have the archive's figure on line 12");
  check(!line12.includes("25.000"), "the saved draft still has the draft's figure on line 12");
  await waitInPage(page, "the figure-mismatch finding to go away after the fix", 30000, () => {
    const panel = document.querySelector(".markers-panel");
    const text = panel ? panel.innerText : "";
    return text.includes("outdated-role") && !text.includes("figure-mismatch");
  });
  log("figure-mismatch gone after the fix");
  await shot(page, "04-after-fix.png");

  // Re-index from the command palette: a notification says what was read.
  await runCommand(page, "factcheck: Re-index Corpus");
  const toast = await waitInPage(page, 'the "re-indexed" notification', 60000, () => {
    const messages = [...document.querySelectorAll(".notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message")];
    const m = messages.map((e) => e.textContent).find((t) => /re-indexed \d+ articles?/.test(t));
    return m ?? null;
  });
  log(`  notification: ${toast}`);
  await shot(page, "05-reindexed.png");
}

main()
  .then(() => {
    log("PASS");
    console.log("PASS");
  })
  .catch((err) => {
    console.log(`FAIL: ${err instanceof Failure ? err.message : err.stack}`);
    process.exitCode = 1;
  });
