import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  DocumentSelector,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  NotificationType,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { INSTALL_DOCS_URL, resolveServer } from "./serverPath";
import { serverSettings } from "./settings";
import { STATUS_MENU_COMMAND, StatusItem, StatusParams } from "./status";

const CLIENT_ID = "factcheck";
const ENTITY_SCHEME = "factcheck-entity";

const statusNotification = new NotificationType<StatusParams>("factcheck/status");

const documentSelector: DocumentSelector = [
  { scheme: "file", language: "markdown" },
  { scheme: "untitled", language: "markdown" },
  { scheme: "file", language: "plaintext" },
  { scheme: "untitled", language: "plaintext" },
];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: StatusItem;
let extensionContext: vscode.ExtensionContext;

/** Markdown shown by `factcheck.showEntity`, served as virtual documents. */
class EntityDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  add(title: string, markdown: string): vscode.Uri {
    this.counter += 1;
    const safe = title.replace(/[^\p{L}\p{N} ._-]+/gu, "").trim().slice(0, 60) || "entity";
    const uri = vscode.Uri.from({ scheme: ENTITY_SCHEME, path: `/${safe}.md`, query: String(this.counter) });
    this.contents.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel("factcheck");
  status = new StatusItem();
  const entities = new EntityDocuments();
  context.subscriptions.push(
    output,
    status,
    entities,
    vscode.workspace.registerTextDocumentContentProvider(ENTITY_SCHEME, entities),
    vscode.commands.registerCommand("factcheck.restartServer", restartServer),
    vscode.commands.registerCommand("factcheck.reindexCorpus", reindexCorpus),
    vscode.commands.registerCommand("factcheck.showEntity", () => showEntity(entities)),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, statusMenu),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await startServer();
}

export async function deactivate(): Promise<void> {
  await stopServer();
}

async function startServer(): Promise<void> {
  const config = vscode.workspace.getConfiguration("factcheck");
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
  const resolution = resolveServer(config.get<string>("server.path"), extensionContext.extensionPath, folder);
  if (!resolution.ok) {
    output.appendLine(resolution.reason);
    status.stopped(resolution.reason);
    void showServerMissing(resolution.reason);
    return;
  }
  const { command, origin } = resolution.location;
  output.appendLine(`Starting ${command} lsp (found via ${origin})`);

  // No `transport`: with TransportKind.stdio the client would append `--stdio`
  // to the arguments, which `factcheck lsp` rejects. Without it, stdio is used as is.
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: {
      command,
      args: ["lsp"],
      options: { env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "debug" } },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: () => serverSettings(),
    middleware: {
      workspace: {
        // Answer `workspace/configuration` for section `factcheck` with the
        // cleaned-up settings (absolute corpus paths, validated values).
        configuration: (params, token, next) => {
          const generic = next(params, token);
          const patch = (values: unknown[]): unknown[] =>
            params.items.map((item, i) =>
              item.section === "factcheck"
                ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : values[i],
            );
          if (Array.isArray(generic)) {
            return patch(generic);
          }
          if (generic && typeof (generic as Thenable<unknown>).then === "function") {
            return (generic as Thenable<unknown>).then((values) =>
              Array.isArray(values) ? patch(values) : values,
            ) as ReturnType<typeof next>;
          }
          return generic;
        },
      },
    },
  };

  const newClient = new LanguageClient(CLIENT_ID, "factcheck", serverOptions, clientOptions);
  client = newClient;
  newClient.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      status.stopped();
    } else if (e.newState === State.Starting) {
      status.starting();
    }
  });
  try {
    await newClient.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`The factcheck server failed to start: ${message}`);
    status.stopped(`factcheck: the server failed to start (${message})`);
    void vscode.window
      .showErrorMessage(`factcheck: the language server (${command}) failed to start: ${message}`, "Show Log")
      .then((choice) => {
        if (choice === "Show Log") {
          output.show(true);
        }
      });
    return;
  }
  newClient.onNotification(statusNotification, (params) => status.update(params));
}

async function stopServer(): Promise<void> {
  const old = client;
  client = undefined;
  if (!old) {
    return;
  }
  try {
    if (old.isRunning()) {
      await old.stop(2000);
    }
  } catch (err) {
    output.appendLine(`Stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await old.dispose(2000);
  } catch {
    // already stopped
  }
}

async function restartServer(): Promise<void> {
  output.appendLine("Restarting the factcheck server");
  await stopServer();
  status.starting();
  await startServer();
}

async function showServerMissing(reason: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `factcheck: ${reason} Install factcheck or set "factcheck.server.path".`,
    "Open Installation Guide",
    "Open Settings",
  );
  if (choice === "Open Installation Guide") {
    await vscode.env.openExternal(vscode.Uri.parse(INSTALL_DOCS_URL));
  } else if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "factcheck.server.path");
  }
}

function runningClient(): LanguageClient | undefined {
  if (client && client.isRunning()) {
    return client;
  }
  void vscode.window.showWarningMessage("factcheck: the language server is not running.", "Restart").then((c) => {
    if (c === "Restart") {
      void restartServer();
    }
  });
  return undefined;
}

async function reindexCorpus(): Promise<void> {
  const c = runningClient();
  if (!c) {
    return;
  }
  try {
    await c.sendRequest(ExecuteCommandRequest.type, { command: "factcheck.reindex", arguments: [] });
  } catch (err) {
    void vscode.window.showErrorMessage(
      `factcheck: re-indexing failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

interface DescribeResult {
  markdown: string;
}

async function showEntity(entities: EntityDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("factcheck: put the cursor on a name in a draft first.");
    return;
  }
  const c = runningClient();
  if (!c) {
    return;
  }
  const position = editor.selection.active;
  let result: DescribeResult | null;
  try {
    result = (await c.sendRequest(ExecuteCommandRequest.type, {
      command: "factcheck.describe",
      arguments: [
        {
          uri: c.code2ProtocolConverter.asUri(editor.document.uri),
          position: { line: position.line, character: position.character },
        },
      ],
    })) as DescribeResult | null;
  } catch (err) {
    void vscode.window.showErrorMessage(
      `factcheck: describing the name failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    return;
  }
  if (!result || typeof result.markdown !== "string" || result.markdown.trim().length === 0) {
    void vscode.window.showInformationMessage("factcheck: the archive has nothing on the word at the cursor.");
    return;
  }
  const wordRange = editor.document.getWordRangeAtPosition(position);
  const title = /\*\*(.+?)\*\*/.exec(result.markdown)?.[1] ?? (wordRange ? editor.document.getText(wordRange) : "entity");
  const uri = entities.add(title, result.markdown);
  try {
    await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
  } catch {
    // The built-in Markdown extension is disabled: show the Markdown source instead.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

async function statusMenu(): Promise<void> {
  const items: (vscode.QuickPickItem & { run: () => unknown })[] = [
    { label: "$(sync) Re-index Corpus", run: reindexCorpus },
    { label: "$(debug-restart) Restart Server", run: restartServer },
    { label: "$(output) Show Log", run: () => output.show(true) },
    {
      label: "$(gear) Open Settings",
      run: () => vscode.commands.executeCommand("workbench.action.openSettings", "@ext:factcheck.factcheck"),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: "factcheck" });
  if (picked) {
    await picked.run();
  }
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!e.affectsConfiguration("factcheck")) {
    return;
  }
  if (e.affectsConfiguration("factcheck.server.path")) {
    const choice = await vscode.window.showInformationMessage(
      "factcheck: the server path changed. Restart the server to use it?",
      "Restart",
    );
    if (choice === "Restart") {
      await restartServer();
    }
    return;
  }
  const c = client;
  if (c && c.isRunning()) {
    // Push the new settings; servers that pull `workspace/configuration`
    // get the same values through the middleware above.
    await c.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { factcheck: serverSettings() },
    });
  }
}
