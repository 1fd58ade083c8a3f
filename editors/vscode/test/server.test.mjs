// End-to-end test of `factcheck lsp`, spoken to through the same protocol
// library the extension uses (vscode-languageserver-protocol / vscode-jsonrpc).
//
//   FACTCHECK_SERVER=/path/to/factcheck npm test
//
// Without FACTCHECK_SERVER the binary is looked for at ../../target/debug/factcheck
// (relative to editors/vscode, i.e. the cargo target dir of the repository).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import lsp from "vscode-languageserver-protocol/node.js";

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  ExecuteCommandRequest,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  WorkDoneProgressCreateRequest,
  RegistrationRequest,
  UnregistrationRequest,
  ShowMessageRequest,
} = lsp;

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const fixtures = path.join(here, "fixtures");
const serverPath = process.env.FACTCHECK_SERVER
  ? path.resolve(process.cwd(), process.env.FACTCHECK_SERVER)
  : path.resolve(packageDir, "../../target/debug/factcheck");

const DIAGNOSTICS_TIMEOUT_MS = 30_000;
const HOVER_TIMEOUT_MS = 20_000;

const draftPath = path.join(fixtures, "draft-de.md");
const draftUri = pathToFileURL(draftPath).href;
const draftText = fs.readFileSync(draftPath, "utf8");
const draftLines = draftText.split("\n");

/** LSP position (UTF-16 columns, which is what JS string indices are) of `needle`. */
function positionOf(needle, offsetInNeedle = 0) {
  for (let line = 0; line < draftLines.length; line++) {
    const character = draftLines[line].indexOf(needle);
    if (character >= 0) {
      return { line, character: character + offsetInNeedle };
    }
  }
  throw new Error(`fixture draft does not contain ${JSON.stringify(needle)}`);
}

const settings = {
  corpus: [path.join(fixtures, "corpus")],
  severity: "info",
  debounceMs: 50,
  language: "auto",
};

function hoverText(hover) {
  if (!hover || !hover.contents) {
    return "";
  }
  const c = hover.contents;
  const one = (x) => (typeof x === "string" ? x : (x?.value ?? ""));
  return Array.isArray(c) ? c.map(one).join("\n") : one(c);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const serverMissing = !fs.existsSync(serverPath);

// Without the binary there is nothing to test: fail once, with a clear message.
test("factcheck server binary exists", () => {
  if (serverMissing) {
    assert.fail(
      `factcheck server binary not found at ${serverPath}. ` +
        "Build it first (cargo build) or set FACTCHECK_SERVER to the path of the factcheck binary.",
    );
  }
});

describe("factcheck lsp", { timeout: 90_000, skip: serverMissing && "the server binary is missing" }, () => {
  let child;
  let connection;
  let stderr = "";
  const statusUpdates = [];
  /** Latest diagnostics per URI. */
  const diagnostics = new Map();
  const diagnosticsWaiters = [];

  before(async () => {
    child = spawn(serverPath, ["lsp"], {
      cwd: fixtures,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info" },
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (process.env.FACTCHECK_TEST_VERBOSE) {
        process.stderr.write(chunk);
      }
    });
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    // A server that dies early makes writes fail with EPIPE: report the exit instead.
    child.stdin.on("error", () => {});
    child.once("error", (err) => {
      stderr += `\nspawn error: ${err.message}`;
    });

    connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === "factcheck" ? settings : null)),
    );
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.onRequest(UnregistrationRequest.type, () => null);
    connection.onRequest(ShowMessageRequest.type, () => null);
    connection.onNotification("factcheck/status", (params) => statusUpdates.push(params));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      diagnostics.set(params.uri, params.diagnostics);
      for (const waiter of diagnosticsWaiters.splice(0)) {
        waiter();
      }
    });
    connection.onError(([err]) => {
      stderr += `\nconnection error: ${err?.message ?? err}`;
    });
    connection.listen();

    const init = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: "factcheck-vscode-tests" },
      rootUri: pathToFileURL(fixtures).href,
      workspaceFolders: [{ uri: pathToFileURL(fixtures).href, name: "fixtures" }],
      initializationOptions: settings,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
          codeAction: {
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ["", "quickfix", "refactor", "source"] },
            },
            isPreferredSupport: true,
          },
        },
      },
    });
    const result = await Promise.race([
      withTimeout(init, 15_000, "the initialize response"),
      exited.then(({ code, signal }) => {
        throw new Error(`server exited (code ${code}, signal ${signal}) before answering initialize`);
      }),
    ]).catch(async (err) => {
      const exit = await Promise.race([exited, sleep(1_000)]);
      const how = exit ? ` (the server exited with code ${exit.code}, signal ${exit.signal})` : "";
      throw new Error(
        `${serverPath} lsp did not answer initialize: ${err.message}${how}\n--- server stderr ---\n${stderr}`,
      );
    });
    assert.ok(result.capabilities, "initialize result has capabilities");
    connection.sendNotification(InitializedNotification.type, {});
    connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: draftUri, languageId: "markdown", version: 1, text: draftText },
    });
  });

  after(async () => {
    if (!child) {
      return;
    }
    try {
      if (connection && child.exitCode === null && child.signalCode === null) {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), 5_000, "the shutdown response");
        connection.sendNotification(ExitNotification.type);
      }
    } catch {
      // fall through to kill
    }
    const gone = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
      } else {
        child.once("exit", resolve);
      }
    });
    let timer;
    await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, 3_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
    }
    connection?.dispose();
  });

  /** Waits until the draft has diagnostics satisfying `predicate`. */
  async function waitForDiagnostics(predicate, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = diagnostics.get(draftUri) ?? [];
      if (predicate(current)) {
        return current;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching diagnostics within ${timeoutMs} ms; last published for the draft: ` +
            `${JSON.stringify(current, null, 2)}\nfactcheck/status: ${JSON.stringify(statusUpdates)}` +
            `\n--- server stderr (tail) ---\n${stderr.slice(-4000)}`,
        );
      }
      await Promise.race([new Promise((r) => diagnosticsWaiters.push(r)), sleep(Math.min(left, 500))]);
    }
  }

  test("publishes a figure-mismatch or role-mismatch for the German draft", async () => {
    const wanted = new Set(["figure-mismatch", "role-mismatch"]);
    const found = await waitForDiagnostics(
      (ds) => ds.some((d) => d.source === "factcheck" && wanted.has(String(d.code))),
      DIAGNOSTICS_TIMEOUT_MS,
    );
    const hits = found.filter((d) => d.source === "factcheck" && wanted.has(String(d.code)));
    for (const d of found) {
      console.log(`  [${d.code}] line ${d.range.start.line + 1}: ${d.message}`);
    }
    const figureLine = positionOf("50.000").line;
    const roleLine = positionOf("Antony Blinken").line;
    for (const d of hits) {
      const expectedLine = d.code === "figure-mismatch" ? figureLine : roleLine;
      assert.equal(
        d.range.start.line,
        expectedLine,
        `${d.code} should be on line ${expectedLine + 1} of the draft, got ${JSON.stringify(d.range)}`,
      );
      // The message is in the draft's language: "conflicts with the archive" / "widerspricht dem Archiv".
      assert.match(d.message, /conflicts with the archive|widerspricht dem Archiv/i, `message of ${d.code}`);
    }
  });

  test("hover on a person's name shows a card with the canonical name in bold", async () => {
    const position = positionOf("Mark Rutte", 2);
    const deadline = Date.now() + HOVER_TIMEOUT_MS;
    let text = "";
    for (;;) {
      const hover = await withTimeout(
        connection.sendRequest(HoverRequest.type, { textDocument: { uri: draftUri }, position }),
        10_000,
        "the hover response",
      );
      text = hoverText(hover);
      // While the corpus is loading the card says so: ask again.
      if (!/still loading|loading|indexing/i.test(text) || Date.now() > deadline) {
        break;
      }
      await sleep(300);
    }
    console.log(`  hover: ${JSON.stringify(text)}`);
    assert.ok(text.length > 0, "hover on 'Mark Rutte' returned nothing");
    assert.doesNotMatch(text, /not in the corpus/i, "Mark Rutte is in the corpus fixture");
    assert.match(text.trimStart(), /^(#+\s*)?\*\*Mark Rutte\*\*/, "card starts with the canonical name in bold");
  });

  test("factcheck.describe returns the same card as Markdown", async () => {
    const position = positionOf("Mark Rutte", 2);
    const result = await withTimeout(
      connection.sendRequest(ExecuteCommandRequest.type, {
        command: "factcheck.describe",
        arguments: [{ uri: draftUri, position }],
      }),
      10_000,
      "the factcheck.describe response",
    );
    assert.ok(result && typeof result.markdown === "string", `expected { markdown }, got ${JSON.stringify(result)}`);
    assert.match(result.markdown, /\*\*Mark Rutte\*\*/);
  });
});
